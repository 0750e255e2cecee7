"""--jobs: results in input order and equal to a single-process run; progress only on a tty."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textqa import scheduler

from conftest import run_textqa

SPUN = "Macron's workplace said. The workplace said it again, in keeping with plans.\n"


@pytest.fixture
def corpus(tmp_path: Path, tiny_pack: Path) -> Path:
    (tmp_path / "textqa.toml").write_text(
        f'packs = ["{tiny_pack.name}"]\nselect = ["tiny", "quality"]\n', encoding="utf-8"
    )
    for index in range(40):
        body = (SPUN if index % 3 else "A clean line.\n") * 200 + f"File {index}.\n"
        (tmp_path / f"doc{index:02d}.txt").write_text(body, encoding="utf-8")
    return tmp_path


def test_parallel_run_equals_single_process_in_stable_order(corpus: Path, monkeypatch):
    single = run_textqa("check", "--format", "json", "--jobs", "1", str(corpus), cwd=corpus)
    parallel = run_textqa("check", "--format", "json", "--jobs", "2", str(corpus), cwd=corpus)
    assert single.code == parallel.code == 1
    first, second = json.loads(single.out), json.loads(parallel.out)
    assert first["findings"] == second["findings"]
    paths = [d["path"] for d in second["summary"]["documents"]]
    assert paths == sorted(paths) and len(paths) == 40


def test_worker_count_keeps_small_batches_in_process(corpus: Path, monkeypatch):
    monkeypatch.setattr(scheduler, "default_jobs", lambda: 2)
    names = [str(p) for p in sorted(corpus.glob("*.txt"))]
    sizes = {name: Path(name).stat().st_size for name in names}
    big = scheduler.Plan(names, lambda name: None, sizes=sizes)  # type: ignore[arg-type]
    assert scheduler.worker_count(big, 2) == 2
    assert scheduler.worker_count(big, 1) == 1
    small = scheduler.Plan(names[:2], lambda name: None, sizes=sizes)  # type: ignore[arg-type]
    assert scheduler.worker_count(small, 2) == 1


def test_worker_count_never_exceeds_the_cores(corpus: Path, monkeypatch):
    """Asking for more workers than cores gets the cores: CPU-bound work gains nothing."""
    names = [str(p) for p in sorted(corpus.glob("*.txt"))]
    sizes = {name: Path(name).stat().st_size for name in names}
    big = scheduler.Plan(names, lambda name: None, sizes=sizes)  # type: ignore[arg-type]
    monkeypatch.setattr(scheduler, "default_jobs", lambda: 2)
    assert scheduler.worker_count(big, 1_000_000) == 2
    assert scheduler.worker_count(big, 0) == 2  # 0: the default, the cores


def test_parallel_map_really_forks(corpus: Path, monkeypatch):
    """The parallel path runs (not silently the serial one) and keeps order."""
    from textqa.config import load_config
    from textqa.detectors import CheckContext

    config = load_config(corpus / "textqa.toml")
    names = [str(p) for p in sorted(corpus.glob("*.txt"))]
    sizes = {name: Path(name).stat().st_size for name in names}
    plan = scheduler.Plan(names, lambda name: CheckContext(config), sizes=sizes)
    monkeypatch.setattr(scheduler, "default_jobs", lambda: 2)
    calls: list[int] = []
    monkeypatch.setattr(scheduler, "_work_local", lambda *a: calls.append(1))
    outcomes = list(scheduler.run_plan(plan, 2, progress=False))
    assert calls == []
    assert [o.name for o in outcomes] == names
    assert all(o.result is not None for o in outcomes)


def test_no_progress_bar_when_stderr_is_not_a_terminal(corpus: Path, monkeypatch):
    monkeypatch.setattr(scheduler, "PROGRESS_FILES", 1)
    result = run_textqa("check", "--jobs", "2", str(corpus), cwd=corpus)
    assert result.err == ""
    assert "\x1b[" not in result.out


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_bar_is_wanted_only_on_a_tty_for_big_runs(monkeypatch):
    names = [f"f{i}.txt" for i in range(60)]
    plan = scheduler.Plan(names, lambda name: None, sizes={n: 10 for n in names})  # type: ignore[arg-type]
    few = scheduler.Plan(names[:3], lambda name: None, sizes={n: 10 for n in names})  # type: ignore[arg-type]
    monkeypatch.setattr(scheduler.sys, "stderr", _Stream(False))
    assert not scheduler._wants_progress(plan)
    monkeypatch.setattr(scheduler.sys, "stderr", _Stream(True))
    assert scheduler._wants_progress(plan)
    assert not scheduler._wants_progress(few)


def test_a_file_of_the_sibling_folder_is_checked_as_the_folder_document():
    # A crawl checked against itself works out each file's words and fingerprint once.
    from textqa.config import Config
    from textqa.detectors import CheckContext
    from textqa.document import Document
    from textqa.scheduler import _document

    kept = Document("Macron's office said.", "crawl/a.txt")
    context = CheckContext(Config(), extra={"sibling_pool": (kept,)})
    assert _document("Macron's office said.", "crawl/a.txt", context) is kept
    # Changed on disk since the folder was read, another file, or no folder: a new one.
    for text, path, ctx in (
        ("Macron's workplace stated.", "crawl/a.txt", context),
        ("Macron's office said.", "crawl/b.txt", context),
        ("Macron's office said.", "crawl/a.txt", CheckContext(Config())),
    ):
        document = _document(text, path, ctx)
        assert document is not kept and (document.text, document.path) == (text, path)
