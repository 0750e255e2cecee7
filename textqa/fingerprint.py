"""What makes two articles report the same event: the words a spinner leaves alone.

A spinner swaps common words for synonyms but keeps names, numbers, dates, rare words
and quotations, since it has no synonyms for them (and quotes must stay verbatim). Two
articles sharing several of these, weighted by how rare they are, cover the same event;
two articles sharing only "Sunday" and "Russia" do not.

:func:`kinship` scores a pair and says what they share, so the report can tell the user
why a sibling was chosen.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from textqa.document import Document
from textqa.synonymy import DATE_WORDS, zipf
from textqa.tokens import without_possessive

# A pool candidate is chosen at this score; an explicitly named sibling is only dropped
# below EXPLICIT_MIN_SCORE (and when no sentence aligns with it either).
POOL_MIN_SCORE = 8.0
EXPLICIT_MIN_SCORE = 1.5
QUOTE_SHINGLE = 4  # words: a shared run this long inside quotes is the same quotation
RARE_ZIPF = 3.0  # a lower-case word rarer than this is distinctive
# Kinship weights besides names' and numbers' (which depend on the item).
DATE_WEIGHT = 0.3
RARE_WEIGHT = 1.0
QUOTE_WEIGHT = 3.0  # per shared quotation; at most this per shared shingle, then

_NUMBER_RE = re.compile(r"(?<![\w.,])\d[\d,.]*\d(?![\w])|(?<![\w.,])\d(?![\w,.]\d)")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class Fingerprint:
    """The distinctive features of one document."""

    names: frozenset[str]
    numbers: frozenset[str]
    dates: frozenset[str]
    rare: frozenset[str]
    quote_shingles: dict[tuple[str, ...], str] = field(hash=False, compare=False)
    # Lower-cased words capitalised in mid-sentence: names for certain ("names" also
    # holds rare sentence-initial words, which help match events but may be ordinary).
    capitalised: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Kinship:
    """How strongly two documents look like reports of one event, and why."""

    score: float
    names: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    rare: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()

    def describe(self, limit: int = 5) -> str:
        """``shares names Macron, Putin; numbers 105; quotes “in the coming days”``."""
        parts = []
        for label, items in (
            ("names", self.names),
            ("numbers", self.numbers),
            ("dates", self.dates),
            ("rare words", self.rare),
        ):
            if items:
                more = f" and {len(items) - limit} more" if len(items) > limit else ""
                parts.append(f"{label} {', '.join(items[:limit])}{more}")
        if self.quotes:
            shown = ", ".join(f"“{quote}”" for quote in self.quotes[:2])
            parts.append(f"quotes {shown}")
        if not parts:
            return "shares no names, numbers, dates, rare words or quotations"
        return "shares " + "; ".join(parts)


_CACHE: WeakKeyDictionary[Document, Fingerprint] = WeakKeyDictionary()


def fingerprint(doc: Document) -> Fingerprint:
    """The names, numbers, dates, rare words and quotation shingles of ``doc`` (cached)."""
    cached = _CACHE.get(doc)
    if cached is None:
        cached = _CACHE[doc] = _fingerprint(doc)
    return cached


def _sentence_initial_starts(doc: Document) -> set[int]:
    """Start offsets of the first word at or after each sentence start."""
    import bisect

    word_starts = doc.word_starts
    firsts = (bisect.bisect_left(word_starts, start) for start, _ in doc.sentences)
    return {word_starts[i] for i in firsts if i < len(word_starts)}


def _fingerprint(doc: Document) -> Fingerprint:
    initial = _sentence_initial_starts(doc)
    names: set[str] = set()
    capitalised: set[str] = set()
    dates: set[str] = set()
    rare: set[str] = set()
    for token in doc.words:
        word = without_possessive(token.text)
        lower = word.lower()
        if not word or word[0].isdigit():
            continue
        if lower in DATE_WORDS and word[0].isupper():
            dates.add(word)
        elif word[0].isupper():
            if token.start not in initial:
                names.add(word)
                capitalised.add(lower)
            elif zipf(lower) < 3.5:
                names.add(word)
        elif word.isalpha() and len(word) >= 5 and zipf(lower) < RARE_ZIPF:
            rare.add(lower)
    numbers = {
        match.group().replace(",", "").rstrip(".")
        for match in _NUMBER_RE.finditer(doc.text)
        if not doc.is_skipped(match.start(), match.end())
    }
    return Fingerprint(
        names=frozenset(names),
        numbers=frozenset(numbers),
        dates=frozenset(dates),
        rare=frozenset(rare),
        quote_shingles=_quote_shingles(doc),
        capitalised=frozenset(capitalised),
    )


def _quote_shingles(doc: Document) -> dict[tuple[str, ...], str]:
    """Every run of QUOTE_SHINGLE words inside quotation marks, with its quotation."""
    import bisect

    shingles: dict[tuple[str, ...], str] = {}
    starts = [t.start for t in doc.words]
    for start, end in doc.quoted:
        words = doc.words[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
        if len(words) < QUOTE_SHINGLE:
            continue
        quote = doc.text[words[0].start : words[-1].end]
        for i in range(len(words) - QUOTE_SHINGLE + 1):
            shingles.setdefault(tuple(t.norm for t in words[i : i + QUOTE_SHINGLE]), quote)
    return shingles


def _name_weight(name: str) -> float:
    return min(3.0, max(0.3, 5.5 - zipf(name)))


def _number_weight(number: str) -> float:
    digits = number.replace(".", "")
    if _YEAR_RE.fullmatch(digits):
        return 0.5
    if len(digits) >= 3:
        return 2.0
    return 1.0 if len(digits) == 2 else 0.2


def kinship(doc: Document, other: Document) -> Kinship:
    """What ``doc`` and ``other`` share of the features spinners leave alone."""
    a, b = fingerprint(doc), fingerprint(other)
    names = sorted(a.names & b.names, key=lambda n: (-_name_weight(n), n))
    numbers = sorted(a.numbers & b.numbers, key=lambda n: (-_number_weight(n), n))
    dates = sorted(a.dates & b.dates)
    rare = sorted(a.rare & b.rare)
    quotes = list(
        dict.fromkeys(a.quote_shingles[s] for s in a.quote_shingles if s in b.quote_shingles)
    )
    score = (
        sum(_name_weight(n) for n in names)
        + sum(_number_weight(n) for n in numbers)
        + DATE_WEIGHT * len(dates)
        + RARE_WEIGHT * len(rare)
        + QUOTE_WEIGHT * len(quotes)
    )
    return Kinship(
        score=round(score, 2),
        names=tuple(names),
        numbers=tuple(numbers),
        dates=tuple(dates),
        rare=tuple(rare),
        quotes=tuple(_short(q) for q in quotes),
    )


def _short(quote: str, limit: int = 60) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------------- many documents
_ROUNDING = 0.005


def _weighted_features(print_: Fingerprint) -> list[tuple[str, float]]:
    """Each feature of a fingerprint as a key, with the most it adds to a kinship score."""
    features = [("n" + name, _name_weight(name)) for name in print_.names]
    features += [("#" + number, _number_weight(number)) for number in print_.numbers]
    features += [("d" + date, DATE_WEIGHT) for date in print_.dates]
    features += [("r" + word, RARE_WEIGHT) for word in print_.rare]
    features += [("q" + "\x1f".join(shingle), QUOTE_WEIGHT) for shingle in print_.quote_shingles]
    return features


class KinshipIndex:
    """The documents of a sibling folder by what they share, so that finding the likely
    siblings of one text costs what it shares with them, not one :func:`kinship` per
    document of the folder (a crawl checked against itself would cost n² of those).
    """

    def __init__(self, documents: Sequence[Document]) -> None:
        self.documents = tuple(documents)
        postings: defaultdict[str, list[int]] = defaultdict(list)
        for index, document in enumerate(self.documents):
            for key, _weight in _weighted_features(fingerprint(document)):
                postings[key].append(index)
        self._postings = dict(postings)

    def bounds(self, doc: Document) -> dict[int, float]:
        """For each document sharing a feature with ``doc``, an upper bound of its
        kinship score (exact but for quotations, counted per shared shingle)."""
        found: defaultdict[int, float] = defaultdict(float)
        for key, weight in _weighted_features(fingerprint(doc)):
            for index in self._postings.get(key, ()):
                found[index] += weight
        return found

    def ranked(
        self,
        doc: Document,
        min_score: float,
        limit: int,
        keep: Callable[[Document], bool] = lambda other: True,
    ) -> tuple[list[tuple[Kinship, Document]], tuple[Kinship, Document] | None]:
        """The documents kept by ``keep`` whose kinship with ``doc`` reaches ``min_score``,
        best first (at most ``limit``, ties in folder order); and, when there is none,
        the closest one (None for an empty folder). The same as scoring every document,
        but only those whose bound can reach the score that matters are scored."""
        bounds = self.bounds(doc)
        scored: list[tuple[float, int, Kinship]] = []
        best = -1.0
        for index in sorted(bounds, key=lambda i: (-bounds[i], i)):
            # Kinship scores are rounded to 0.01: a bound just under a score may still
            # round up to it.
            reach = bounds[index] + _ROUNDING
            if reach < min_score and reach < best:
                break
            other = self.documents[index]
            if not keep(other):
                continue
            relation = kinship(doc, other)
            scored.append((relation.score, index, relation))
            best = max(best, relation.score)
        scored.sort(key=lambda item: (-item[0], item[1]))
        picked = [(r, self.documents[i]) for s, i, r in scored if s >= min_score][:limit]
        if picked:
            return picked, None
        if best > 0:
            _score, index, relation = scored[0]
            return [], (relation, self.documents[index])
        # Nothing shared with any document: the first one kept, as a full scan finds it.
        first = next((other for other in self.documents if keep(other)), None)
        return [], None if first is None else (kinship(doc, first), first)
