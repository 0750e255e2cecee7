"""Terminal output fits the terminal: ``check --format full``, ``fix --suggest``, ``rules``,
the progress bar and the coloured ``fix --diff``.

A terminal is faked in-process as the rules tests do it (``sys.stdout.isatty`` true,
``COLUMNS`` set); widths are measured in terminal cells with the colour codes removed.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from textqa.engine import DocumentResult, RunResult
from textqa.findings import Finding
from textqa.fix import color_diff, unified_diff
from textqa.report import full
from textqa.report.full import wrap_offsets

from conftest import SEEDS, SPUN_SEED

ANSI = re.compile(r"\x1b\[[0-9;]*m")
SIBLING = SEEDS / "003_d0ee5e6dc7a5c66b.txt"
NEEDS_PACKS = pytest.mark.skipif(
    not (Path(__file__).resolve().parent.parent / "rules" / "news-spin.toml").is_file(),
    reason="rules/news-spin.toml not written yet",
)


def as_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on stdout is an 80-column terminal (called in the test itself: pytest
    swaps the captured ``sys.stdout`` between a fixture's setup and the test)."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)


def too_wide(output: str, width: int = 80) -> list[str]:
    return [line for line in ANSI.sub("", output).splitlines() if cell_len(line) > width]


# ---------------------------------------------------------------------- wrapping
@pytest.mark.parametrize("width", [20, 33, 80])
def test_wrap_offsets_fit_and_keep_every_word(width: int):
    line = "  │ evidence: " + "a sibling says 'Macron’s office said' " * 5 + "x" * 70
    pieces = wrap_offsets(line, width, width - 14, lead=14)
    for index, (start, end) in enumerate(pieces):
        assert cell_len(line[start:end].rstrip()) <= (width if index == 0 else width - 14)
    assert line[pieces[0][0] : pieces[0][1]].startswith("  │ evidence: ")  # lead kept whole
    # Only the spaces at the breaks are dropped; the folded run of x's is all there.
    assert "".join(line[s:e] for s, e in pieces).replace(" ", "") == line.replace(" ", "")
    assert len(pieces) > 1


def test_wrap_offsets_break_only_where_allowed():
    line = "→ massive sanctions (or sweeping sanctions, huge sanctions)"
    breaks = [line.index(" (or"), line.index(", huge") + 1]
    pieces = [line[s:e].strip() for s, e in wrap_offsets(line, 45, 45, breaks=breaks)]
    assert pieces == ["→ massive sanctions (or sweeping sanctions,", "huge sanctions)"]


# ---------------------------------------------------------------------- fix --suggest, full
@NEEDS_PACKS
@pytest.mark.parametrize("color", ["never", "always"])
def test_suggest_fits_an_80_column_terminal(cli, monkeypatch, color: str):
    as_terminal(monkeypatch)
    result = cli("fix", "--suggest", "--isolated", "--color", color, str(SPUN_SEED),
                 "--sibling", str(SIBLING))  # fmt: skip
    assert result.code == 1
    assert (ANSI.search(result.out) is not None) == (color == "always")
    assert too_wide(result.out) == []
    lines = ANSI.sub("", result.out).splitlines()
    # Wrapped evidence keeps the gutter and hangs under the text after "evidence: ".
    at = next(i for i, line in enumerate(lines) if line.startswith("  │ evidence: sibling 003"))
    assert lines[at + 1].startswith("  │           ") and lines[at + 1][14] != " "
    text = " ".join(line[14:] for line in lines[at : at + 2])
    assert "Macron’s office said." in text
    # A wrapped title goes on indented, and nothing before the gutter is lost.
    titles = [i for i, line in enumerate(lines) if line.startswith(f"{SPUN_SEED}:")]
    assert any(lines[i + 1].startswith("    ") for i in titles)
    assert all(line.startswith(("  │ ", "    ", str(SPUN_SEED))) or not line.strip()
               for line in lines[: -2])  # fmt: skip


@NEEDS_PACKS
def test_suggest_piped_keeps_each_line_whole(cli, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("fix", "--suggest", "--isolated", "--color", "never", str(SPUN_SEED),
                 "--sibling", str(SIBLING))  # fmt: skip
    assert too_wide(result.out)  # titles and evidence as they are, for grep
    assert any(line.startswith("  │ evidence: sibling 003") and line.endswith('office said."')
               for line in result.out.splitlines())  # fmt: skip


@NEEDS_PACKS
def test_full_report_fits_an_80_column_terminal(cli, monkeypatch):
    as_terminal(monkeypatch)
    monkeypatch.chdir(SEEDS.parent)
    result = cli("check", "--isolated", "--format", "full", "seeds")
    assert result.code == 1
    assert ANSI.search(result.out)  # a terminal: colour
    assert too_wide(result.out) == []
    assert "Found " in result.out and "spin score" in result.out
    plain = cli("check", "--isolated", "--format", "full", "--color", "never", "seeds").out
    assert too_wide(plain) == []
    assert_hints_under_carets(plain)


def assert_hints_under_carets(output: str) -> int:
    """Every hint printed on its own line starts in the carets' column, and wraps
    behind the arrow; returns how many there were."""
    lines = output.splitlines()
    seen = 0
    for index, line in enumerate(lines[:-1]):
        after = lines[index + 1]
        if not line.rstrip().endswith("^") or "→" not in after:
            continue
        caret = cell_len(line[: line.index("^")])
        assert cell_len(after[: after.index("→")]) == caret, (line, after)
        for more in lines[index + 2 :]:
            if "│" not in more or more.strip(" │") == "" or "^" in more:
                break
            if cell_len(more) - cell_len(more.lstrip(" │")) <= caret:
                break  # the next source line
            assert cell_len(more) - cell_len(more.lstrip(" │")) == caret + 2, more
        seen += 1
    return seen


def test_alternatives_start_in_the_caret_column(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COLUMNS", "80")
    text = "They said the town faced heavy shelling from the north on Sunday night again.\n"
    start = text.index("shelling")
    finding = Finding("a.txt", 1, start + 1, 1, start + 9, start, start + 8, "stats.substitution",
                      "stats", "info", "swapped", "shelling",
                      ("bombardment", "mailing", "blasting", "bowling"), 0.5, ())  # fmt: skip
    run = RunResult([DocumentResult("a.txt", [finding], 14, 0.0, [], text)])
    for wrap in (True, False):  # the hint line fits the width piped too
        out = full.render(run, wrap=wrap)
        assert too_wide(out) == []
        assert assert_hints_under_carets(out) == 1
        lines = out.splitlines()
        marks = next(i for i, line in enumerate(lines) if line.rstrip().endswith("^"))
        hint = " ".join(line.strip(" │") for line in lines[marks + 1 : marks + 3])
        assert hint == "→ bombardment (or mailing, blasting, bowling)"


# ---------------------------------------------------------------------- rules
@NEEDS_PACKS
def test_rules_list_fits_the_terminal_and_cuts_long_regexes(cli, monkeypatch):
    as_terminal(monkeypatch)
    result = cli("rules", "list", "--isolated")
    assert result.code == 0
    assert too_wide(result.out) == []
    plain = ANSI.sub("", result.out)
    told = next(line for line in plain.splitlines() if "news-spin.told-media" in line)
    assert "…" in told and told.rstrip().endswith("→ told")
    assert re.search(r"news-spin\.dialog\s+info\s+dialog, dialogs", plain)


@NEEDS_PACKS
def test_rules_list_piped_cuts_long_regexes_only(cli):
    out = cli("rules", "list", "--isolated").out
    told = next(line for line in out.splitlines() if "news-spin.told-media" in line)
    assert "…" in told and told.endswith("→ told") and len(told) < 160
    description = "A word that fits its context far worse than a common word it is a thesaurus"
    assert any(line.rstrip().endswith(description + " synonym of") for line in out.splitlines())


@pytest.mark.parametrize("on_terminal", [False, True])
def test_rules_show_stats_density_is_about_that_rule_in_plain_text(
    cli, monkeypatch: pytest.MonkeyPatch, on_terminal: bool
):
    if on_terminal:
        as_terminal(monkeypatch)
    result = cli("rules", "show", "stats.density", "--isolated")
    assert result.code == 0
    out = ANSI.sub("", result.out)
    assert ":mod:" not in out and "``" not in out
    assert "Many suspected synonym swaps per 100 words" in out
    assert "warning-ratio" not in out and "stats.substitution" not in out  # others' business
    assert too_wide(out) == []


@NEEDS_PACKS
def test_rules_show_wraps_a_long_regex_whole(cli, monkeypatch):
    as_terminal(monkeypatch)
    import json

    rule = json.loads(
        cli("rules", "show", "news-spin.told-media", "--isolated", "--format", "json").out
    )
    out = ANSI.sub("", cli("rules", "show", "news-spin.told-media", "--isolated").out)
    assert too_wide(out) == []
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("regex "))
    indent = len(lines[at]) - len(lines[at].split("  ", 1)[1].lstrip())
    shown = lines[at][indent:]
    for line in lines[at + 1 :]:
        if not line.startswith(" " * indent):
            break
        shown += line[indent:]
    assert shown.replace(" ", "") == rule["regex"].replace(" ", "")


# ---------------------------------------------------------------------- progress
def test_progress_shows_files_done_of_all_and_files_per_second():
    from rich.console import Console

    from textqa.scheduler import FileOutcome, Plan, _progress, _tick

    names = [f"f{i}.txt" for i in range(60)]
    plan = Plan(names, lambda name: None, sizes={name: 1000 for name in names})  # type: ignore[arg-type]
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120, color_system=None)
    bar = _progress(plan, console)
    try:
        outcomes = list(_tick((FileOutcome(name) for name in names[:3]), bar, plan))
        assert len(outcomes) == 3
        [task] = bar.tasks
        assert (task.fields["files"], task.fields["all_files"]) == (3, 60)
        console.print(bar.make_tasks_table(bar.tasks))
    finally:
        bar.stop()
    shown = ANSI.sub("", screen.getvalue())
    assert "3/60 files" in shown
    assert re.search(r"[\d.]+ files/s", shown)
    assert "5%" in shown  # by bytes: 3 of 60 equal files


# ---------------------------------------------------------------------- fix --diff
def test_color_diff_colours_lines_by_kind_and_changes_nothing_else():
    diff = unified_diff("x.txt", "a\n-- b\nc\n", "a\n--- b\nd\n")
    coloured = color_diff(diff)
    assert ANSI.sub("", coloured) == diff
    lines = coloured.splitlines()
    assert lines[0] == "\x1b[1m--- a/x.txt\x1b[0m" and lines[1] == "\x1b[1m+++ b/x.txt\x1b[0m"
    assert lines[2].startswith("\x1b[36m@@ ")
    assert "\x1b[31m--- b\x1b[0m" in lines  # a removed line, not a header
    assert "\x1b[32m+--- b\x1b[0m" in lines and " a" in lines


@NEEDS_PACKS
def test_fix_diff_in_colour_only_when_asked_or_on_a_terminal(cli, monkeypatch):
    seed = str(SPUN_SEED)
    always = cli("fix", "--diff", "--isolated", "--color", "always", seed)
    assert always.code == 1
    assert "\x1b[31m-" in always.out and "\x1b[32m+" in always.out
    never = cli("fix", "--diff", "--isolated", "--color", "never", seed)
    assert ANSI.search(never.out) is None and never.out == ANSI.sub("", always.out)
    assert ANSI.search(cli("fix", "--diff", "--isolated", seed).out) is None  # piped
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert ANSI.search(cli("fix", "--diff", "--isolated", seed).out)
    monkeypatch.setenv("NO_COLOR", "1")
    assert ANSI.search(cli("fix", "--diff", "--isolated", seed).out) is None


def test_fix_write_lists_its_changes_in_colour_when_asked(cli, tmp_path: Path):
    spun = tmp_path / "spun.txt"
    text = SPUN_SEED.read_text(encoding="utf-8")
    spun.write_text(text, encoding="utf-8")
    always = cli("fix", "--write", "--isolated", "--color", "always", str(spun))
    assert always.code == 1 and "\x1b[31m'" in always.out and "\x1b[32m'" in always.out
    spun.write_text(text, encoding="utf-8")
    piped = cli("fix", "--write", "--isolated", str(spun))
    assert ANSI.search(piped.out) is None and piped.out == ANSI.sub("", always.out)
