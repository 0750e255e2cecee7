"""Pairing each sentence of a text with its counterpart in a sibling article: the same
sentence, two merged ones, a longer one it was split from, or one between two pairs."""

from __future__ import annotations

import itertools
from functools import lru_cache
from pathlib import Path
from weakref import WeakKeyDictionary

from textqa.alignment.model import (
    BETWEEN,
    BETWEEN_CUTOFF,
    MERGE_MARGIN,
    MERGED,
    MIN_SENTENCE_WORDS,
    PAIR_CUTOFF,
    SAME,
    SPLIT,
    SPLIT_COVERAGE,
    SPLIT_LENGTH,
    SPLIT_WEIGHT,
    Sentence,
    SentencePair,
)
from textqa.document import Document

_UNITS: WeakKeyDictionary[Document, list[Sentence]] = WeakKeyDictionary()


def sentences(doc: Document) -> list[Sentence]:
    """The sentences of ``doc`` with their word tokens (cached per document)."""
    cached = _UNITS.get(doc)
    if cached is not None:
        return cached
    units = [
        Sentence(start, end, tuple(doc.words_between(start, end))) for start, end in doc.sentences
    ]
    _UNITS[doc] = units
    return units


def same_document(doc: Document, sibling: Document) -> bool:
    """Whether ``sibling`` is ``doc`` itself: the same file, or the very same text."""
    if doc.text == sibling.text:
        return True
    if doc.path.startswith("<") or sibling.path.startswith("<"):
        return False
    first, second = _resolved(doc.path), _resolved(sibling.path)
    return first is not None and first == second


@lru_cache(maxsize=4096)
def _resolved(path: str) -> str | None:
    """The absolute, symlink-free form of ``path`` (None where it cannot be had): asked
    once per file, not once per pair of files in a crawl checked against itself."""
    try:
        return str(Path(path).resolve())
    except OSError:
        return None


def _scores(queries: list, choices: list, scorer) -> list[list[float]]:
    """A score matrix (rapidfuzz's ``process.cdist`` without its numpy dependency)."""
    return [[scorer(query, choice) for choice in choices] for query in queries]


def _argmax(row: list[float]) -> int:
    """Index of the first largest score, as numpy's argmax."""
    return max(range(len(row)), key=row.__getitem__)


def pair_sentences(doc: Document, sibling: Document) -> list[SentencePair]:
    """Each sentence of ``doc`` with its best counterpart in ``sibling``, if any.

    A sentence too short or too changed to pair on its own is paired by position when
    the sentences on both sides of it pair with the sibling sentences on both sides of
    one sibling sentence (kind ``between``): a copy keeps the order of what it copied.
    """
    from rapidfuzz.distance import Indel, LCSseq

    units = [s for s in sentences(doc) if s.words]
    mine = [s for s in units if len(s.words) >= MIN_SENTENCE_WORDS]
    theirs = [s for s in sentences(sibling) if s.words]
    if not mine or not theirs:
        return []
    singles = [s.norms for s in theirs]
    doubles = [a.norms + b.norms for a, b in itertools.pairwise(theirs)]
    queries = [s.norms for s in mine]
    single_scores = _scores(queries, singles, Indel.normalized_similarity)
    double_scores = _scores(queries, doubles, Indel.normalized_similarity) if doubles else None
    common = _scores(queries, singles, LCSseq.similarity)
    lengths = [len(s.words) for s in theirs]
    found: dict[int, tuple[str, int, int, float]] = {}  # sentence start → kind, first, last
    for row, sentence in enumerate(mine):
        best = _argmax(single_scores[row])
        score = float(single_scores[row][best])
        kind, first, last = SAME, best, best
        if double_scores is not None:
            best_double = _argmax(double_scores[row])
            double = float(double_scores[row][best_double])
            if double >= PAIR_CUTOFF and double >= score + MERGE_MARGIN:
                kind, first, last, score = MERGED, best_double, best_double + 1, double
        # Part of a longer sibling sentence: scored by how much of this one it covers.
        size = len(sentence.words)
        for index, length in enumerate(lengths):
            shared = int(common[row][index])
            if length < SPLIT_LENGTH * size or shared < MIN_SENTENCE_WORDS:
                continue
            coverage = shared / size
            if coverage >= SPLIT_COVERAGE and SPLIT_WEIGHT * coverage > score:
                kind, first, last, score = SPLIT, index, index, coverage
        if score >= PAIR_CUTOFF:
            found[sentence.start] = (kind, first, last, score)
    _one_each(found)
    _pair_between(units, theirs, found)
    pairs = []
    for sentence in units:
        if sentence.start not in found:
            continue
        kind, first, last, score = found[sentence.start]
        start, end = theirs[first].start, theirs[last].end
        pairs.append(
            SentencePair(
                start=sentence.start,
                end=sentence.end,
                text=doc.text[sentence.start : sentence.end],
                sibling=sibling.path,
                sibling_start=start,
                sibling_end=end,
                sibling_text=sibling.text[start:end],
                kind=kind,
                score=round(score, 4),
                sibling_line=sibling.position(start)[0],
            )
        )
    return pairs


def _one_each(found: dict[int, tuple[str, int, int, float]]) -> None:
    """A sibling sentence that one sentence pairs with as a whole (``same``) is that
    sentence's alone (updates ``found``): another sentence pairing with it, as a whole
    or as part of it, less well, is a sentence the sibling does not have ("Park algae
    are examples of algae that have primary …" / "Diatoms and brown algae are examples
    of algae with secondary …", where the sibling dropped the first and the text has
    the second too). Parts of one long sibling sentence (``split``) may share it."""
    best: dict[int, tuple[float, int]] = {}
    for start, (kind, first, _last, score) in found.items():
        if kind == SAME and score > best.get(first, (-1.0, 0))[0]:
            best[first] = (score, start)
    for start, (kind, first, _last, _score) in list(found.items()):
        owner = best.get(first)
        if kind in (SAME, SPLIT) and owner is not None and owner[1] != start:
            del found[start]


def _pair_between(
    units: list[Sentence],
    theirs: list[Sentence],
    found: dict[int, tuple[str, int, int, float]],
) -> None:
    """Pair each unpaired sentence by position (updates ``found``): with the sibling
    sentence between the ones its neighbours pair with, or, when only one neighbour
    pairs (the other was dropped or moved), with the sibling sentence next to that
    one's counterpart. Either way the two must share a word and some similarity."""
    from rapidfuzz.distance import Indel

    taken = {index for kind, first, last, _ in found.values() for index in range(first, last + 1)}
    for position, sentence in enumerate(units):
        if sentence.start in found:
            continue
        before = found.get(units[position - 1].start) if position > 0 else None
        after = found.get(units[position + 1].start) if position + 1 < len(units) else None
        options = []
        if before is not None and before[0] != SPLIT:
            options.append(before[2] + 1)
        if after is not None and after[0] != SPLIT:
            options.append(after[1] - 1)
        if len(options) == 2 and options[0] != options[1]:
            continue  # the neighbours disagree: no one position
        for index in dict.fromkeys(options):
            if not 0 <= index < len(theirs) or index in taken:
                continue
            score = Indel.normalized_similarity(sentence.norms, theirs[index].norms)
            if score >= BETWEEN_CUTOFF and set(sentence.norms) & set(theirs[index].norms):
                found[sentence.start] = (BETWEEN, index, index, score)
                taken.add(index)
                break
