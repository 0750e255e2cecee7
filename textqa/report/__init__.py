"""Reporters, one module per output format; each has ``render(run, *, color, quiet) -> str``."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textqa.engine import RunResult


def render(fmt: str, run: RunResult, *, color: bool = False, quiet: bool = False) -> str:
    """The whole report for ``run`` in format ``fmt`` (a module name in this package)."""
    module = import_module(f"{__name__}.{fmt}_format" if fmt == "json" else f"{__name__}.{fmt}")
    return module.render(run, color=color, quiet=quiet)
