"""Reporters, one module per output format; each has ``render(run, *, color, quiet) -> str``."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textqa.engine import RunResult


def render(fmt: str, run: RunResult, *, color: bool = False, quiet: bool = False) -> str:
    """The whole report for ``run`` in format ``fmt`` (a module name in this package)."""
    module = import_module(f"{__name__}.{fmt}_format" if fmt == "json" else f"{__name__}.{fmt}")
    return module.render(run, color=color, quiet=quiet)


def json_text(data: Any, indent: int | None = None) -> str:
    """``data`` as JSON text that any strict parser reads (UTF-8, no lone surrogates).

    A file name that is not UTF-8 reaches Python as lone surrogates ("bad\\udcff.txt"),
    which strict JSON parsers refuse: they become U+FFFD, as ruff shows such names."""
    import json
    import re

    return re.sub("[\ud800-\udfff]", "\ufffd", json.dumps(data, ensure_ascii=False, indent=indent))
