"""``full``: the report for people at a terminal.

Each finding shows where it is, what fired and the line it is on, trimmed around the
span and underlined with carets, so it reads the same in colour and piped into a file
or a pager. A summary table closes the report: files, words, findings per rule and
level, spin scores, errors and time.

On a terminal every line fits the console width: long titles, notes and hints wrap with
a hanging indent that keeps the ``│`` gutter. Piped, titles and notes stay whole on one
line (for grep); the source line is trimmed and a hint wraps under its carets either way.
"""

from __future__ import annotations

import re
import shutil
import sys
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textqa.document import lines_of
from textqa.findings import LEVEL_RANK
from textqa.report.concise import flattened, one_line

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from textqa.engine import DocumentResult, RunResult
    from textqa.findings import Finding

LEVEL_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}
ELLIPSIS = "…"
MIN_WIDTH = 60
MAX_ALTERNATIVES = 3
TITLE_INDENT = "    "  # continuation lines of a wrapped title


def render(
    run: RunResult, *, color: bool = False, quiet: bool = False, wrap: bool | None = None
) -> str:
    """The report; ``wrap`` (default: stdout is a terminal) fits every line to the width."""
    console = report_console(color)
    wrap = sys.stdout.isatty() if wrap is None else wrap
    for document in run.documents:
        _document(console, document, quiet, wrap)
    if not quiet:
        _summary(console, run, wrap)
    return rendered(console)


def report_console(color: bool, width: int | None = None) -> Console:
    """A console writing to a buffer, as wide as the terminal (``COLUMNS``, else 100)."""
    import io

    from rich.console import Console

    if width is None:
        width = max(MIN_WIDTH, shutil.get_terminal_size((100, 24)).columns)
    return Console(
        file=io.StringIO(),
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=width,
        highlight=False,
        markup=False,
        emoji=False,
        force_jupyter=False,
        legacy_windows=False,
    )


def separate(console: Console) -> None:
    """A blank line between two blocks, none before the first: the report's first line
    is its first finding (or verdict), as in ruff's, not a stray blank."""
    if console.file.getvalue():  # type: ignore[attr-defined]
        console.print()


def rendered(console: Console) -> str:
    """What ``console`` printed, trailing blanks dropped from every line."""
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return "".join(strip_end(line) + "\n" for line in text.split("\n")[:-1])


_TRAILING = re.compile(r"(?:[ \t]|\x1b\[[0-9;]*m)+$")


def strip_end(line: str) -> str:
    """Drop trailing blanks (tables pad their cells), keeping any colour codes there."""
    return _TRAILING.sub(lambda match: match.group().replace(" ", "").replace("\t", ""), line)


# ---------------------------------------------------------------------- wrapping
_CHUNK = re.compile(r"\s*\S+")


def wrap_offsets(
    line: str, first: int, rest: int, lead: int = 0, breaks: Sequence[int] | None = None
) -> list[tuple[int, int]]:
    """Where to cut ``line`` so that its first piece fits ``first`` cells and the others
    ``rest``: (start, end) of each piece, breaking at spaces (only at the offsets in
    ``breaks`` when given, so a phrase stays whole), folding a word too long for a line.
    The first ``lead`` characters (a gutter, a label) are never broken."""
    from rich.cells import cell_len

    if breaks is None:
        chunks = [(m.start(), m.end()) for m in _CHUNK.finditer(line, lead)]
    else:
        points = sorted({b for b in breaks if lead < b < len(line)})
        chunks = list(zip([lead, *points], [*points, len(line)], strict=True))
    rest = max(1, rest)
    pieces: list[tuple[int, int]] = []
    begin, limit, has_word = 0, max(first, cell_len(line[:lead]) + 1), False
    for start, end in chunks:
        if cell_len(line[begin:end]) <= limit:
            has_word = True
            continue
        word = start + len(line[start:end]) - len(line[start:end].lstrip())
        if has_word:  # the word starts the next line
            pieces.append((begin, start))
            begin, limit = word, rest
        while cell_len(line[begin:end]) > limit:  # longer than a line: fold it
            cut = max(begin, word)
            used = cell_len(line[begin:cut])
            while cut < end and used + cell_len(line[cut]) <= limit:
                used += cell_len(line[cut])
                cut += 1
            cut = max(cut, max(begin, word) + 1)
            pieces.append((begin, cut))
            begin, limit = cut, rest
        has_word = True
    pieces.append((begin, len(line)))
    return pieces


def print_wrapped(
    console: Console,
    text: Text,
    hang: Text | str = "",
    *,
    lead: int = 0,
    wrap: bool = True,
    breaks: Sequence[int] | None = None,
) -> None:
    """Print ``text`` fitted to the console width, its continuation lines behind ``hang``
    (a hanging indent that keeps the gutter), so nothing spills past the ``│`` column.
    ``lead`` characters at the start are never broken; ``breaks`` as in `wrap_offsets`.
    Without ``wrap`` (piped output) it stays on one line, whole, as grep wants it."""
    from rich.text import Text

    if not wrap:
        console.print(text, soft_wrap=True)
        return
    indent = hang if isinstance(hang, Text) else Text(hang)
    room = console.width - indent.cell_len
    pieces = wrap_offsets(text.plain, console.width, room, lead, breaks)
    for index, (start, end) in enumerate(pieces):
        piece = text[start:end]
        piece.rstrip()
        console.print(piece if index == 0 else Text.assemble(indent, piece), soft_wrap=True)


# ---------------------------------------------------------------------- findings
def _document(console: Console, document: DocumentResult, quiet: bool, wrap: bool) -> None:
    from rich.text import Text

    if not quiet and (document.findings or document.notes):
        count = len(document.findings)
        header = Text()
        header.append(document.path, style="bold underline")
        details = f"{count} finding{'s' * (count != 1)}"
        if document.spin_score > 0:
            details += f", spin score {document.spin_score:.2f}"
        header.append(f"  ({details})", style="dim")
        separate(console)
        print_wrapped(console, header, "  ", wrap=wrap)
    lines = lines_of(document.text)
    for finding in document.findings:
        # A result built without its text (API use) still reports, without the source line.
        known = document.text[finding.start : finding.end] == finding.text
        _finding(console, finding, lines if known else None, wrap)
    if not quiet:
        for note in document.notes:
            note_line = Text.assemble(("  note: ", "bold cyan"), note)
            print_wrapped(console, note_line, " " * 8, lead=8, wrap=wrap)


def finding_title(finding: Finding, message: str) -> Text:
    """``path:line:column: rule [level] message``, styled (``fix --suggest`` uses it too)."""
    from rich.text import Text

    title = Text()
    title.append(f"{finding.path}:{finding.line}:{finding.column}:", style="bold")
    title.append(" ")
    title.append(finding.rule, style="magenta")
    title.append(" [")
    title.append(finding.level, style=LEVEL_STYLE.get(finding.level, "bold"))
    title.append("] ")
    title.append(message)
    return title


def _finding(console: Console, finding: Finding, lines: list[str] | None, wrap: bool) -> None:
    from rich.text import Text

    level_style = LEVEL_STYLE.get(finding.level, "bold")
    separate(console)
    print_wrapped(console, finding_title(finding, one_line(finding.message)), TITLE_INDENT,
                  wrap=wrap)  # fmt: skip
    if lines is None:
        hint, breaks = _hint(finding)
        if hint.cell_len:
            line = Text.assemble("  ", hint)
            print_wrapped(console, line, "    ", lead=2, wrap=wrap, breaks=[2 + b for b in breaks])
        return

    source = lines[finding.line - 1].rstrip("\r")
    span_start = finding.column - 1
    span_end = finding.end_column - 1 if finding.end_line == finding.line else len(source)
    gutter = f" {finding.line} │ "
    blank = " " * (len(gutter) - 2) + "│ "
    room = max(20, console.width - len(gutter) - 1)
    shown, start, end = trim_around(printable(source), span_start, span_end, room)

    code = Text()
    code.append(gutter, style="dim")
    code.append(shown[:start])
    code.append(shown[start:end], style=f"{level_style} underline")
    code.append(shown[end:])
    console.print(code, soft_wrap=True)

    from rich.cells import cell_len

    indent = cell_len(shown[:start])
    marks = Text()
    marks.append(blank, style="dim")
    marks.append(" " * indent)
    marks.append("^" * max(1, cell_len(shown[start:end])), style=level_style)
    hint, breaks = _hint(finding)
    if hint.cell_len and marks.cell_len + 1 + hint.cell_len <= console.width:
        marks.append(" ")
        marks.append_text(hint)
        hint = Text()
    console.print(marks, soft_wrap=True)
    if hint.cell_len:
        # No room after the carets: on its own line, starting under them, wrapped (even
        # piped, as this line always fitted the width) behind the arrow: "→ " is 2 cells.
        at = Text.assemble((blank, "dim"), " " * indent)
        hang = Text.assemble((blank, "dim"), " " * (indent + 2))
        line = Text.assemble(at, hint)
        print_wrapped(console, line, hang, lead=len(at), breaks=[len(at) + b for b in breaks])


def _hint(finding: Finding) -> tuple[Text, list[int]]:
    """``→ office (or bureau)``: the first suggestion, then a few alternatives; and where
    it may wrap (before "(or" and after each comma), so no suggestion is split."""
    from rich.text import Text

    hint = Text()
    breaks: list[int] = []
    if finding.suggestions:
        hint.append("→ ", style="dim")
        hint.append(flattened(finding.suggestions[0]), style="bold green")
        others = finding.suggestions[1 : 1 + MAX_ALTERNATIVES]
        if others:
            breaks.append(len(hint))
            hint.append(" (or ", style="green")
            for index, other in enumerate(others):
                if index:
                    hint.append(",", style="green")
                    breaks.append(len(hint))
                    hint.append(" ", style="green")
                hint.append(other, style="green")
            hint.append(")", style="green")
    return hint, breaks


def printable(line: str) -> str:
    """The line with tabs, control characters and line separators as single spaces.

    One character stays one character, so span offsets stay valid and carets aligned.
    """
    return "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in line)


def trim_around(line: str, start: int, end: int, room: int) -> tuple[str, int, int]:
    """``line`` cut to about ``room`` cells around ``line[start:end]``, with ellipses.

    Returns the shown text and the span's new (start, end) in it. Context is shared
    between both sides; a side with less text than its share leaves the rest to the
    other. When the span alone is too long, its beginning is shown.
    """
    from rich.cells import cell_len

    start = max(0, min(start, len(line)))
    end = max(start, min(end, len(line)))
    if cell_len(line) <= room:
        return line, start, end
    budget = room - 2  # two ellipses at most
    span_cells = cell_len(line[start:end])
    if span_cells >= budget:
        cut = start
        used = 0
        while cut < end and used + cell_len(line[cut]) < budget:
            used += cell_len(line[cut])
            cut += 1
        prefix = ELLIPSIS if start > 0 else ""
        return f"{prefix}{line[start:cut]}{ELLIPSIS}", len(prefix), len(prefix) + cut - start
    left, right = start, end
    used = span_cells
    grew = True
    while grew:
        grew = False
        # Alternate sides so the span sits near the middle of the shown text.
        for side in ("left", "right"):
            if side == "left" and left > 0:
                width = cell_len(line[left - 1])
                if used + width <= budget:
                    left -= 1
                    used += width
                    grew = True
            elif side == "right" and right < len(line):
                width = cell_len(line[right])
                if used + width <= budget:
                    right += 1
                    used += width
                    grew = True
    left, right = _snap_to_words(line, left, right, start, end)
    prefix = ELLIPSIS if left > 0 else ""
    suffix = ELLIPSIS if right < len(line) else ""
    shown = f"{prefix}{line[left:right]}{suffix}"
    offset = len(prefix) - left
    return shown, start + offset, end + offset


def _snap_to_words(line: str, left: int, right: int, start: int, end: int) -> tuple[int, int]:
    """Move cut points off mid-word positions when a space is close by."""
    if left > 0 and not line[left - 1].isspace():
        space = line.find(" ", left, start)
        if space != -1 and space - left <= 12:
            left = space + 1
    if right < len(line) and not line[right].isspace():
        space = line.rfind(" ", end, right)
        if space != -1 and right - space <= 12:
            right = space
    return left, right


# ---------------------------------------------------------------------- summary
def _summary(console: Console, run: RunResult, wrap: bool) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    findings = run.findings
    separate(console)
    by_level = Counter(f.level for f in findings)
    if findings:
        parts = ", ".join(
            f"{by_level[level]} {level}{'s' * (by_level[level] != 1 and level != 'info')}"
            for level in sorted(by_level, key=LEVEL_RANK.__getitem__, reverse=True)
        )
        verdict = Text(f"Found {len(findings)} finding{'s' * (len(findings) != 1)} ({parts}).")
        verdict.stylize("bold")
    elif run.errors:
        verdict = Text("No findings, but some files could not be checked.", style="bold red")
    else:
        verdict = Text("All checks passed.", style="bold green")
    print_wrapped(console, verdict, wrap=wrap)

    totals = Table(box=None, show_header=False, padding=(0, 2, 0, 2))
    totals.add_column("what", style="dim")
    totals.add_column("value", justify="right")
    totals.add_row("files", str(len(run.documents)))
    totals.add_row("words", f"{sum(d.words for d in run.documents):,}")
    totals.add_row("findings", str(len(findings)))
    totals.add_row("errors", Text(str(len(run.errors)), style="bold red" if run.errors else ""))
    totals.add_row("seconds", f"{run.seconds:.2f}")
    console.print(totals)

    if findings:
        rules = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 2, 0, 2))
        rules.add_column("rule")
        rules.add_column("level")
        rules.add_column("count", justify="right")
        counts = Counter((f.rule, f.level) for f in findings)
        for (rule, level), count in sorted(
            counts.items(), key=lambda item: (-LEVEL_RANK[item[0][1]], -item[1], item[0][0])
        ):
            rules.add_row(rule, Text(level, style=LEVEL_STYLE.get(level, "")), str(count))
        console.print()
        console.print(rules)

    scored = [d for d in run.documents if d.spin_score > 0]
    if scored:
        documents = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 2, 0, 2))
        documents.add_column("document", overflow="fold")
        documents.add_column("words", justify="right")
        documents.add_column("spin score", justify="right")
        for document in scored:
            documents.add_row(document.path, f"{document.words:,}", _score(document.spin_score))
        console.print()
        console.print(documents)


def _score(score: float) -> Text:
    from rich.text import Text

    style = "bold red" if score >= 0.5 else "yellow" if score >= 0.2 else ""
    return Text(f"{score:.2f}", style=style)
