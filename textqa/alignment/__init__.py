"""Aligning a text with sibling articles, sentence by sentence and then word by word.

A spun copy keeps the structure and most words of what it copied, and other outlets
covering the same event often keep the wire copy's sentences too. So each sentence is
paired with its best sibling sentence — or a pair of adjacent sibling sentences, when
one outlet merged what the other split — scored by rapidfuzz's Indel similarity on word
lists with a cut-off. A sentence that is only part of a longer sibling sentence is
paired by how much of it the sibling covers. Inside each pair, ``Indel`` opcodes over
the word lists give the slots where the two wordings differ: those are candidate
substitutions. :mod:`textqa.synonymy` then says which of them are evidence of a swap
and which only report different facts.

    >>> result = align("Macron's workplace stated on Sunday.", ["Macron's office said on Sunday."])
    >>> [(s.text, s.replacement) for s in result.evidence]
    [('workplace', 'office'), ('stated', 'said')]
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from textqa.alignment.evidence import classify
from textqa.alignment.model import (
    BETWEEN,
    CONFIRM_PAIR,
    COPY_SIMILARITY,
    MERGED,
    MIN_EQUAL_WORDS,
    SAME,
    SPLIT,
    Alignment,
    Confirmation,
    SentencePair,
    Substitution,
)
from textqa.alignment.sentences import pair_sentences, same_document, sentences
from textqa.alignment.slots import clause_window, differing_slots
from textqa.document import Document
from textqa.synonymy import COMMON_WORDS, GRAMMAR, PACK, THESAURUS
from textqa.tokens import Token

# Links that make a sentence pair a spun copy's: ordinary-word pairs alone do not.
STRONG_LINKS = frozenset({PACK, THESAURUS, GRAMMAR})


def _pack_pairs_default() -> dict[str, frozenset[str]]:
    from textqa.packs import builtin_matcher
    from textqa.synonymy import pack_pairs

    return pack_pairs(r for r in builtin_matcher().rules.values() if not r.regex)


def align_documents(
    doc: Document,
    siblings: Iterable[Document],
    pack_pairs: Mapping[str, frozenset[str]] | None = None,
    confirms: bool | None = None,
) -> Alignment:
    """Align ``doc`` with each sibling; a sibling that is ``doc`` itself is skipped.

    ``confirms``: whether a sibling's equal words confirm the text's, when the caller
    has decided it; by default, unless the sibling is all but word for word ``doc``
    (another copy of the same spun text)."""
    pairs: list[SentencePair] = []
    substitutions: list[Substitution] = []
    skipped: list[tuple[str, str]] = []
    confirmed: list[Confirmation] = []
    witnesses: list[SentencePair] = []
    for sibling in siblings:
        if same_document(doc, sibling):
            skipped.append((sibling.path, "it is the checked text itself"))
            continue
        copy = is_copy(doc, sibling) if confirms is None else not confirms
        units = sentences(sibling)
        starts = [u.start for u in units]
        for pair in pair_sentences(doc, sibling):
            pairs.append(pair)
            mine = doc.words_between(pair.start, pair.end)
            theirs = sibling.words_between(pair.sibling_start, pair.sibling_end)
            boundaries: set[int] = set()
            if pair.kind == MERGED:
                second = units[bisect.bisect_right(starts, pair.sibling_start)].start
                boundaries = {i for i, w in enumerate(theirs) if w.start >= second}
                boundaries = {min(boundaries)} if boundaries else set()
            equal = _equal_words(mine, theirs)
            if equal < (1 if pair.kind == BETWEEN else MIN_EQUAL_WORDS):
                continue
            if pair.score >= CONFIRM_PAIR and not copy:
                confirmed.extend(_confirmations(sibling, pair, mine, theirs))
                witnesses.append(pair)
            texts = (doc.text, sibling.text)
            anchored, judged = pair.kind != SPLIT, pair
            if pair.kind == SPLIT and (window := clause_window(sibling.text, mine, theirs)):
                # The clause is a close copy of this whole sentence: judge it as one.
                (first, last), score = window
                theirs, anchored = theirs[first:last], True
                judged = replace(pair, kind=SAME, score=round(score, 4))
            found = [
                sub
                for slot in differing_slots(texts, mine, theirs, anchored, boundaries, pack_pairs)
                if (sub := classify(doc, sibling, slot, judged, pack_pairs)) is not None
            ]
            # How much of the sentence is accounted for: equal words plus the words of
            # the swaps found. A spun copy of the sibling is all but fully explained.
            # Common-word pairs alone explain nothing: any two sentences of one pattern
            # differ by ordinary words ("Park algae … that have primary" / "Diatoms and
            # brown algae … with secondary", where the spun sentence's own was dropped).
            strong = any(sub.link in STRONG_LINKS for sub in found)
            swapped = {
                w.start
                for sub in found
                if sub.is_evidence and (strong or sub.link != COMMON_WORDS)
                for w in mine
                if sub.start <= w.start < sub.end
            }
            explained = round(min(1.0, (equal + len(swapped)) / max(1, len(mine))), 4)
            substitutions.extend(replace(sub, explained=explained) for sub in found)
    pairs.sort(key=lambda p: (p.start, -p.score))
    substitutions.sort(key=lambda s: (s.start, s.end, s.sibling))
    confirmed.sort(key=lambda c: (c.start, c.end, c.sibling))
    witnesses.sort(key=lambda p: (p.start, -p.score))
    return Alignment(
        tuple(pairs), tuple(substitutions), tuple(skipped), tuple(confirmed), tuple(witnesses)
    )


def is_copy(doc: Document, sibling: Document) -> bool:
    """Whether ``sibling`` is all but word for word ``doc`` (another copy of the same
    spun text): its agreement with ``doc`` says nothing about the original wording."""
    from rapidfuzz.distance import Indel

    mine, theirs = [w.norm for w in doc.words], [w.norm for w in sibling.words]
    return Indel.normalized_similarity(mine, theirs, score_cutoff=COPY_SIMILARITY) > 0


def _confirmations(
    sibling: Document, pair: SentencePair, mine: list[Token], theirs: list[Token]
) -> list[Confirmation]:
    """Runs of words equal in both sentences of a close pair, as spans of the text."""
    from rapidfuzz.distance import Indel

    line = sibling.position(pair.sibling_start)[0]
    runs = []
    for op in Indel.opcodes([w.norm for w in mine], [w.norm for w in theirs]):
        if op.tag == "equal":
            start, end = mine[op.src_start].start, mine[op.src_end - 1].end
            runs.append(Confirmation(start, end, sibling.path, line, pair.score))
    return runs


def _equal_words(mine: list[Token], theirs: list[Token]) -> int:
    from rapidfuzz.distance import LCSseq

    return LCSseq.similarity([w.norm for w in mine], [w.norm for w in theirs])


def align(
    text: str | Document,
    siblings: Iterable[str | Path | Document],
    *,
    pack_pairs: Mapping[str, frozenset[str]] | None = None,
) -> Alignment:
    """Align ``text`` with sibling articles (texts, paths or Documents).

    Returns the sentence pairs and the substitutions found in them; ``.evidence`` keeps
    those that look like spinner swaps. Pack rules count as links unless ``pack_pairs``
    (spun phrase → original phrases, see :func:`textqa.synonymy.pack_pairs`) is given.
    """
    from textqa.engine import load_siblings

    doc = text if isinstance(text, Document) else Document(text, "<text>")
    sibling_docs = load_siblings(siblings)
    return align_documents(
        doc, sibling_docs, _pack_pairs_default() if pack_pairs is None else pack_pairs
    )


__all__ = [
    "BETWEEN",
    "MERGED",
    "SAME",
    "SPLIT",
    "Alignment",
    "Confirmation",
    "SentencePair",
    "Substitution",
    "align",
    "align_documents",
    "is_copy",
    "pair_sentences",
    "same_document",
]
