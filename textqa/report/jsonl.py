"""``jsonl``: one finding object per line, for streaming into other tools."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textqa.engine import RunResult


def render(run: RunResult, *, color: bool = False, quiet: bool = False) -> str:
    return "".join(json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in run.findings)
