"""``concise``: one line per finding, ``path:line:col: rule [level] message``, like ruff."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textqa.engine import RunResult


def render(run: RunResult, *, color: bool = False, quiet: bool = False) -> str:
    lines = []
    for document in run.documents:
        for f in document.findings:
            hint = f" → {f.suggestions[0]}" if f.suggestions else ""
            lines.append(f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.level}] {f.message}{hint}")
    if not quiet:
        count = len(run.findings)
        files = len(run.documents)
        lines.append(
            f"Found {count} finding{'s' * (count != 1)} in {files} file{'s' * (files != 1)}."
            if count
            else f"All checks passed ({files} file{'s' * (files != 1)})."
        )
    return "\n".join(lines) + "\n" if lines else ""
