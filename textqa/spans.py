"""Which of many spans overlap or cover one: a question asked once per finding or
token, so it must not ask every span (that made long texts quadratic in several steps
of the pipeline)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """``items`` by the start of their span (``span`` gives ``(start, end)``), with the
    longest span kept: a question looks back no further than any item reaches, so no
    guess at how long a span can be is needed."""

    def __init__(self, items: Iterable[T], span: Callable[[T], tuple[int, int]]) -> None:
        self._span = span
        self._items = sorted(items, key=lambda item: span(item)[0])  # stable: ties keep order
        self._starts = [span(item)[0] for item in self._items]
        self._longest = max((end - start for start, end in map(span, self._items)), default=0)

    def __bool__(self) -> bool:
        return bool(self._items)

    def overlapping(self, start: int, end: int) -> list[T]:
        """The items starting before ``end`` and ending after ``start``, by start (for
        ``end = start + 1``: those that cover ``start``)."""
        first = bisect.bisect_left(self._starts, start - self._longest)
        last = bisect.bisect_left(self._starts, end)
        span = self._span
        return [item for item in self._items[first:last] if span(item)[1] > start]


def covered(spans: Sequence[tuple[int, int]], start: int, end: int | None = None) -> bool:
    """Whether one of ``spans`` (sorted, disjoint) holds ``start:end`` whole (``end``
    left out: the character at ``start``)."""
    end = start + 1 if end is None else end
    index = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= start and end <= spans[index][1]
