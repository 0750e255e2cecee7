"""The shipped packs' compiled regexes, kept in the user's cache between runs.

Compiling pack regexes was a quarter of a one-article check: the ``regex`` module
parses a pattern in Python, some 1.3 ms for a pack regex, and the spun seed needs 73
of the 286. A compiled pattern is its ``regex`` VM code, which is what ``regex``
itself pickles, and a pattern is built back from it in about 50 µs. So the first time
a process needs a shipped pack's regex, the codes of that pack's regexes are read from
the cache (:mod:`textqa.cache`), or, on a miss, all of them are compiled once and
stored, stamped with the ``regex`` version (the code is that version's own).

Only data is read back (``marshal``: tuples, bytes, strings, numbers), and only handed
to ``regex``'s own constructor, as unpickling a pattern would. That constructor trusts
the code it is given (a damaged one can crash the process), so an entry is used only
with its stamp (textqa, Python and ``regex`` versions), its pack's bytes and its
CRC-32 intact; one of the wrong shape falls back to compiling.
"""

from __future__ import annotations

import copyreg
import marshal
from collections.abc import Callable, Iterable
from typing import Any

from textqa.cache import cached

Key = tuple[str, int]  # (pattern as compiled, regex flags)

# Packs not yet looked up: their cache name, their file's bytes, and how to list their
# regexes (asked only on a cache miss, to compile them).
_PENDING: list[tuple[str, bytes, Callable[[], Iterable[Key]]]] = []
_REGISTERED: set[tuple[str, bytes]] = set()  # a pack loaded again is looked up once
_CODES: dict[Key, tuple] = {}


def register_pack(name: str, source: bytes, keys: Callable[[], Iterable[Key]]) -> None:
    """Note a shipped pack: its codes are looked up when a regex is first needed, not at
    start-up, and its regexes listed only if the cache has no codes for it."""
    if (name, source) not in _REGISTERED:
        _REGISTERED.add((name, source))
        _PENDING.append((name, source, keys))


def compiled(pattern: str, flags: int) -> Any | None:
    """The pattern built from its cached code, or None when there is none."""
    if _PENDING:
        _load_pending()
    key = (pattern, int(flags))
    code = _CODES.get(key)
    if code is None:
        return None
    from regex import _regex

    try:
        return _regex.compile(*code)
    except Exception:  # a code of the wrong shape: compile it instead
        _CODES.pop(key, None)
        return None


def _load_pending() -> None:
    import regex

    while _PENDING:
        name, source, keys = _PENDING.pop()
        codes = cached(
            "regex", name, source, lambda keys=keys: _compile_all(keys()), (regex.__version__,)
        )
        if isinstance(codes, dict):
            _CODES.update(
                (key, code)
                for key, code in codes.items()
                if isinstance(key, tuple) and isinstance(code, tuple)
            )


def _compile_all(keys: Iterable[Key]) -> dict[Key, tuple]:
    """Each regex's code, as ``regex`` pickles it; a pattern that does not compile is
    left out (the pack's own checks report it)."""
    import regex
    from regex import _regex

    codes: dict[Key, tuple] = {}
    for pattern, flags in keys:
        flags = int(flags)  # not a regex.RegexFlag, which marshal cannot hold
        try:
            compiled_pattern = regex.compile(pattern, flags)
        except regex.error:
            continue
        reducer = copyreg.dispatch_table.get(type(compiled_pattern))
        if reducer is None:
            continue
        constructor, code = reducer(compiled_pattern)
        if constructor is not _regex.compile:
            continue
        try:
            marshal.dumps(code)
        except ValueError:  # a part marshal cannot hold: leave this one out
            continue
        codes[(pattern, flags)] = code
    return codes
