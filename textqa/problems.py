"""Errors that carry every problem of a file at once (a config, a pack), as yamllint
reports them, so that fixing one does not just reveal the next."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
ErrorT = TypeVar("ErrorT", bound="ProblemsError")


class ProblemsError(Exception):
    """Problems, each worded for a one-line message."""

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems: tuple[str, ...] = problems


def each_checked(
    items: Iterable[Item], check: Callable[[Item], Result], error: type[ErrorT]
) -> list[Result]:
    """``check`` of every item, in order; if any raise ``error``, one ``error`` with all
    their problems."""
    results: list[Result] = []
    problems: list[str] = []
    for item in items:
        try:
            results.append(check(item))
        except error as failed:
            problems += failed.problems
    if problems:
        raise error(*problems)
    return results


def lone_string(value: str) -> str:
    """The problem with a lone string where a list of strings belongs (a config key, a
    pack rule's key), with the list to write instead: ``select = "stats"`` read as
    ``["stats"]`` hid the slip of a missing bracket, and ruff refuses it too."""
    import json

    return f"must be a list of strings: write [{json.dumps(value, ensure_ascii=False)}]"
