"""``concise``: one line per finding, ``path:line:col: rule [level] message``, like ruff.

The default when output is piped, so pre-commit and editors parse it; a suggestion,
when there is one, follows as `` → office``. Colour is plain ANSI (no rich import on
this hot path).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textqa.tokens import unquoted

if TYPE_CHECKING:
    from textqa.engine import RunResult

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_RULE = "\x1b[35m"
_LEVEL = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "info": "\x1b[1;34m"}
_SUGGESTION = "\x1b[32m"


def one_line(message: str) -> str:
    """A message (or suggestion) quoting a span that crosses a line break, kept on one
    line, without the block-quote prefix of the line it wraps to ("in and > round")."""
    if "\n" not in message and "\r" not in message:
        return message
    return flattened(message)


def flattened(text: str) -> str:
    """``text`` read as one line: block-quote prefixes dropped, each run of white space
    one space (a suggestion as the terminal reports show it)."""
    return " ".join(unquoted(text).split())


_LINE_BREAKS = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


def shown_path(path: str) -> str:
    """A file name on one line: a line break in it (a legal file name) split the line
    in two, and no parser could read it back."""
    return path.translate(_LINE_BREAKS) if "\n" in path or "\r" in path or "\t" in path else path


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def render(run: RunResult, *, color: bool = False, quiet: bool = False) -> str:
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    lines = []
    for document in run.documents:
        for f in document.findings:
            hint = f" → {paint(one_line(f.suggestions[0]), _SUGGESTION)}" if f.suggestions else ""
            lines.append(
                f"{paint(f'{shown_path(f.path)}:{f.line}:{f.column}:', _BOLD)} "
                f"{paint(f.rule, _RULE)}"
                f" [{paint(f.level, _LEVEL.get(f.level, _BOLD))}] {one_line(f.message)}{hint}"
            )
    if not quiet:
        count = len(run.findings)
        files = _plural(len(run.documents), "file")
        if count:
            summary = f"Found {_plural(count, 'finding')} in {files}."
        elif run.errors:
            summary = f"No findings in {files}."
        else:
            summary = f"All checks passed ({files})."
        if run.errors:
            summary += f" {_plural(len(run.errors), 'file')} could not be checked."
        lines.append(summary)
    return "\n".join(lines) + "\n" if lines else ""
