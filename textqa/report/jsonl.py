"""``jsonl``: one finding object per line, for streaming into other tools."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textqa.report import json_text

if TYPE_CHECKING:
    from textqa.engine import RunResult


def render(run: RunResult, *, color: bool = False, quiet: bool = False) -> str:
    return "".join(json_text(f.to_dict()) + "\n" for f in run.findings)
