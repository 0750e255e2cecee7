"""``json``: the contract's document: ``{"version": 1, "findings": [...], "summary": {...}}``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textqa.engine import RunResult


def summary(run: RunResult) -> dict[str, object]:
    return {
        "files": len(run.documents),
        "words": sum(d.words for d in run.documents),
        "findings": len(run.findings),
        "seconds": round(run.seconds, 3),
        "documents": [
            {"path": d.path, "words": d.words, "spin_score": round(d.spin_score, 3)}
            for d in run.documents
        ],
    }


def render(run: RunResult, *, color: bool = False, quiet: bool = False) -> str:
    data = {
        "version": 1,
        "findings": [f.to_dict() for f in run.findings],
        "summary": summary(run),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
