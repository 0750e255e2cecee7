"""reStructuredText section titles: a fix that changes a title's length carries the
title's underline (and overline) with it.

docutils rejects a title longer than its underline ("Title underline too short"), and a
fix can lengthen a title ("navy motion" → "military action"). An underline as long as the
old title follows the new one; one that was longer is kept unless the new title
outgrows it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence

from textqa.tokens import LINE_BREAK_RE

RST_SUFFIXES = frozenset({".rst"})
# An adornment: one non-alphanumeric printable ASCII character, repeated (docutils).
ADORNMENT_CHAR = r"[!-/:-@\[-`{-~]"
_ADORNMENT_RE = re.compile(rf"({ADORNMENT_CHAR})\1*")


def adornment_edits(
    text: str, replacements: Sequence[tuple[int, int, str]]
) -> list[tuple[int, int, str, int]]:
    """The edits of the adornments of the section titles that ``replacements`` change.

    ``replacements`` are ``(start, end, new)``, sorted and disjoint. Each edit returned is
    ``(start, end, new adornment, index)``, ``index`` naming the first replacement in
    the title. A title is a line whose next line is an adornment at least as long as it,
    with a blank line, the start of the text, or the same adornment (an overline) before.
    """
    starts = [0] + [m.end() for m in LINE_BREAK_RE.finditer(text)]
    lines = [(start, _content_end(text, start)) for start in starts]
    by_line: dict[int, list[int]] = {}
    broken: set[int] = set()  # lines a replacement joins to the next: no title lines
    for index, (start, end, _) in enumerate(replacements):
        line = bisect.bisect_right(starts, start) - 1
        by_line.setdefault(line, []).append(index)
        if end > lines[line][1]:
            broken.update(range(line, bisect.bisect_right(starts, end)))
    out: list[tuple[int, int, str, int]] = []
    for line, indices in by_line.items():
        if line in broken or line + 1 >= len(lines):
            continue
        title_start, title_end = lines[line]
        title = text[title_start:title_end]
        under = _adornment(text, *lines[line + 1])
        if under is None or _ADORNMENT_RE.fullmatch(title.strip()) is not None:
            continue
        over = _adornment(text, *lines[line - 1]) if line > 0 else None
        if over is not None and text[slice(*over)] != text[slice(*under)]:
            continue  # not this title's overline (or a mismatch docutils rejects anyway)
        if over is None and line > 0 and text[slice(*lines[line - 1])].strip():
            continue  # a paragraph's last line, not a title
        length = under[1] - under[0]
        old_width = _width(title.rstrip())
        if length < old_width or (over is None and title[:1] in " \t"):
            continue
        pieces, cursor = [], title_start
        for index in indices:
            start, end, new = replacements[index]
            pieces += [text[cursor:start], new]
            cursor = end
        pieces.append(text[cursor:title_end])
        new_width = _width("".join(pieces).rstrip())
        wanted = new_width if length == old_width else max(length, new_width)
        if wanted == length or wanted == 0:
            continue
        adornment = text[under[0]] * wanted
        for start, end in (over, under) if over is not None else (under,):
            out.append((start, end, adornment, indices[0]))
    return sorted(out)


def _content_end(text: str, start: int) -> int:
    """Where the line starting at ``start`` ends, its line break left out."""
    match = LINE_BREAK_RE.search(text, start)
    return len(text) if match is None else match.start()


def _adornment(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the adornment that the line ``text[start:end]`` is (trailing white
    space left out), or None."""
    stripped = text[start:end].rstrip(" \t")
    if _ADORNMENT_RE.fullmatch(stripped) is None:
        return None
    return start, start + len(stripped)


def _width(title: str) -> int:
    """Columns ``title`` takes, as docutils counts them: wide characters two, combining
    marks none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in title
    )
