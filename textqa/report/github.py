"""``github``: GitHub Actions workflow commands, shown as annotations on the pull request.

``::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=textqa (rule)::message``.
Escaping follows the Actions toolkit: ``%``, CR and LF in the message, and also ``:``
and ``,`` in property values, which would otherwise end the value or the command.
GitHub accepts columns only when the annotation starts and ends on one line, so a
finding that spans lines gives lines only.
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from textqa.report.concise import one_line

if TYPE_CHECKING:
    from textqa.engine import RunResult
    from textqa.findings import Finding

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def workspace_path(path: str) -> str:
    """``path`` relative to the working directory (the workspace in Actions) when inside it."""
    candidate = PurePath(path)
    if candidate.is_absolute():
        try:
            candidate = Path(path).resolve().relative_to(Path.cwd().resolve())
        except (ValueError, OSError):
            return candidate.as_posix()
    return candidate.as_posix()


def command(finding: Finding) -> str:
    """The workflow command line for one finding."""
    properties = [("file", workspace_path(finding.path)), ("line", str(finding.line))]
    if finding.end_line == finding.line:
        properties.append(("col", str(finding.column)))
        properties += [("endLine", str(finding.end_line)), ("endColumn", str(finding.end_column))]
    else:
        properties.append(("endLine", str(finding.end_line)))
    properties.append(("title", f"textqa ({finding.rule})"))
    # One line, as in concise: a span wrapped over lines ("speak\n> reveals") is quoted
    # as it reads ('speak reveals'), not with its line break and quote prefix.
    message = one_line(finding.message)
    if finding.suggestions:
        message += f" → {one_line(finding.suggestions[0])}"
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMAND[finding.level]} {joined}::{escape_data(message)}"


def render(run: RunResult, *, color: bool = False, quiet: bool = False) -> str:
    return "".join(command(finding) + "\n" for finding in run.findings)
