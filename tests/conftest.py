"""Shared fixtures: paths to the seeds, a tiny pack, and a CLI runner."""

from __future__ import annotations

import io
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SPUN_SEED = SEEDS / "002_3639516a7f37bea3.txt"
CLEAN_SEEDS = sorted(p for p in SEEDS.glob("*.txt") if p != SPUN_SEED)

TINY_PACK = """\
[pack]
id = "tiny"
description = "A pack for tests"
source = "tests"
level = "warning"

[[rule]]
id = "workplace"
spun = ["workplace"]
original = ["office"]
fix = "safe"
unless-near = ["safety", "harassment"]
examples-bad = ["Macron's workplace said."]
examples-good = ["Workplace safety rules changed."]

[[rule]]
id = "in-keeping-with"
spun = ["in keeping with"]
original = ["according to"]
fix = "safe"
examples-bad = ["Prices rose, in keeping with his top diplomat."]
examples-good = ["Prices rose, according to his top diplomat."]

[[rule]]
id = "navy"
spun = ["navy"]
original = ["military"]
level = "info"
unless-before = ["us", "royal", "the"]
unless-after = ["seal", "seals", "blue"]
examples-bad = ["Russian navy drills continued."]
examples-good = ["The US Navy sent a ship."]
"""


@pytest.fixture
def tiny_pack(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.toml"
    path.write_text(TINY_PACK, encoding="utf-8")
    return path


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run ``textqa`` in-process; ``stdin`` text is piped when given."""
    from textqa.cli import main

    def run(*args: str, stdin: str | bytes | None = None) -> CliResult:
        if stdin is not None:
            data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
            fake = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
            fake.isatty = lambda: False  # type: ignore[method-assign]
            monkeypatch.setattr(sys, "stdin", fake)
        code = main(list(args))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def run_textqa(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> CliResult:
    """Run ``python -m textqa`` as a real process (for tty, env and exit-code checks)."""
    done = subprocess.run(
        [sys.executable, "-m", "textqa", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        check=False,
    )
    return CliResult(done.returncode, done.stdout.decode(), done.stderr.decode())
