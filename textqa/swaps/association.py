"""How well two neighbouring words go together: pointwise mutual information from the
Web 1T bigram list carried in the lexicon, cached per word pair for the process."""

from __future__ import annotations

from bisect import bisect_left as _bisect_left
from collections.abc import Sequence

from textqa.data.lexicon import Lexicon
from textqa.swaps.candidates import LN10

CONTEXT_WEIGHT = 1.0
MAX_PMI = 3.0  # log10 cap on one association
ABSENT_PENALTY = 0.3  # log10, for a pair that should have been in the list but is not

# Process-wide caches: lexicon look-ups do not depend on the document. Pair keys are
# ``left << 24 | right``; a pair with an unknown word (id -1) always scores 0.
_ASSOC: dict[int, float] = {}  # natural-log association of a pair of word ids
_LISTED: set[int] = set()  # pairs in the bigram list (among those in _ASSOC)
_ASSOC_LIMIT = 60_000


def _forget() -> None:
    """Empty the pair caches once they outgrow ``_ASSOC_LIMIT``. Not the quarter-at-a-time
    trim of the other caches (candidates._trim): fresh text brings some six new pairs
    per word, few of which come back outside their own document, so this cache turns
    over every few thousand words, and deleting its entries one by one cost a tenth of
    the detector's time (clearing costs nothing; it looks up 3% more pairs)."""
    _ASSOC.clear()
    _LISTED.clear()


def _assoc(lex: Lexicon, left: int, right: int) -> float:
    """Natural-log association of two neighbouring words (PMI from Web 1T bigrams).

    A missing pair is below the list's floor, not unseen: it counts against the pair
    only when the two words are so common that the pair would have made the list.
    """
    cached = _ASSOC.get(left << 24 | right)
    return cached if cached is not None else _assoc_miss(lex, left, right)


_ASSOC_SCALE = CONTEXT_WEIGHT * LN10
_NO_ASSOC = 0.0  # one shared object for the many pairs that score nothing


def _assoc_miss(lex: Lexicon, left: int, right: int) -> float:
    """:func:`_assoc` of a pair that is not in ``_ASSOC``: work it out and cache it.
    Hot loops read ``_ASSOC`` themselves and call this only on a miss."""
    if len(_ASSOC) > _ASSOC_LIMIT:
        _forget()
    key = left << 24 | right
    value = _NO_ASSOC
    # Lexicon.pair_counts, inlined (the same arithmetic in the same order): a first look
    # at an article makes some ten of these calls per word.
    if left >= 0 and right >= 0:
        web, keys, counts, starts = lex.pair_tables
        left_web, right_web = web[left], web[right]
        if left_web and right_web:
            expected = left_web / 1000 + right_web / 1000 - lex.log_total
            high = starts[left + 1]
            index = _bisect_left(keys, key, starts[left], high)
            if index < high and keys[index] == key:
                _LISTED.add(key)
                value = min(MAX_PMI, counts[index] / 1000 - expected) * _ASSOC_SCALE
            else:
                bound = lex.log_floor - expected
                if bound < 0:
                    value = (bound - ABSENT_PENALTY) * _ASSOC_SCALE
    _ASSOC[key] = value
    return value


# The hot loops need a pair's association for one word against a few others (a row of
# a transition matrix: one suspect state's last word against each first word of the
# next suspect's states), or for a whole matrix. These functions answer a matrix (or a
# row, or a column) per call, with each word's look-ups done once: a first look at an
# article misses the cache for most of its pairs (some six new pairs per word), and a
# call per pair cost more than the pair's arithmetic. The arithmetic is _assoc_miss's,
# in the same order, so the floats are the same to the last bit
# (tests/test_perf_equivalence.py). The cache is checked against its limit once per
# call, so it may pass it by one matrix.


def _assoc_matrix(lex: Lexicon, lefts: Sequence[int], rights: Sequence[int]) -> list[list[float]]:
    """:func:`_assoc` of each of ``lefts`` followed by each of ``rights``: one row per
    left word, in order."""
    get = _ASSOC.get
    rows = [[get(base | right) for right in rights] for base in [left << 24 for left in lefts]]
    if not any([None in row for row in rows]):
        return rows  # type: ignore[return-value]
    if len(_ASSOC) > _ASSOC_LIMIT:
        _forget()
    web, keys, counts, starts = lex.pair_tables
    log_total, log_floor = lex.log_total, lex.log_floor
    # Per right word: its Web 1T count (0 for an unknown word), and that count's log10.
    right_webs = [web[right] if right >= 0 else 0 for right in rights]
    right_logs = [right_web / 1000 for right_web in right_webs]
    for left, values in zip(lefts, rows, strict=True):
        if None not in values:
            continue
        left_web = web[left] if left >= 0 else 0
        low, high = (starts[left], starts[left + 1]) if left_web else (0, 0)
        left_log = left_web / 1000
        base = left << 24
        for position, right in enumerate(rights):
            if values[position] is not None:
                continue
            key = base | right
            value = _NO_ASSOC
            if left_web and right_webs[position]:
                expected = left_log + right_logs[position] - log_total
                index = _bisect_left(keys, key, low, high)
                if index < high and keys[index] == key:
                    _LISTED.add(key)
                    value = min(MAX_PMI, counts[index] / 1000 - expected) * _ASSOC_SCALE
                else:
                    bound = log_floor - expected
                    if bound < 0:
                        value = (bound - ABSENT_PENALTY) * _ASSOC_SCALE
            _ASSOC[key] = values[position] = value
    return rows  # type: ignore[return-value]


def _assoc_after(lex: Lexicon, left: int, rights: Sequence[int]) -> list[float]:
    """:func:`_assoc` of ``left`` followed by each of ``rights``, in order."""
    return _assoc_matrix(lex, (left,), rights)[0]


def _assoc_before(lex: Lexicon, lefts: Sequence[int], right: int) -> list[float]:
    """:func:`_assoc` of each of ``lefts`` followed by ``right``, in order."""
    get = _ASSOC.get
    values = [get(left << 24 | right) for left in lefts]
    if None not in values:
        return values  # type: ignore[return-value]
    return [row[0] for row in _assoc_matrix(lex, lefts, (right,))]
