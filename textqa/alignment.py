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
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from weakref import WeakKeyDictionary

from textqa.document import Document
from textqa.synonymy import (
    COMMON_WORDS,
    FUNCTION_WORDS,
    PACK,
    THESAURUS,
    VARIANT,
    different_facts,
    fact_word,
    link,
    phrase,
)
from textqa.tokens import Token

# Sentence pairs: Indel similarity (2·common words / total words) at or above PAIR_CUTOFF,
# or for a sentence that is part of a longer sibling sentence, that share of its words.
PAIR_CUTOFF = 0.5
SPLIT_COVERAGE = 0.7
SPLIT_LENGTH = 1.3  # a sibling sentence this many times longer may hold this one and more
SPLIT_WEIGHT = 0.9  # coverage counts this much against a whole-sentence similarity
MERGE_MARGIN = 0.05  # a pair of sibling sentences must beat the best single one by this
MIN_SENTENCE_WORDS = 4
MIN_EQUAL_WORDS = 3
MAX_SLOT_WORDS = 4  # a wider differing slot is a rewrite, not a swap...
MAX_LINKED_WORDS = 8  # ...unless it cuts into linked pairs, up to this wide
CLOSE_PAIR = 0.6  # sentences this similar are copies: even an extra word is evidence
VERY_CLOSE_PAIR = 0.8  # ...and here even an extra grammar word ("responsible for")
# A word a sibling sentence this close has in the same place is confirmed as original,
# unless the sibling is a copy of the text itself (a second copy of one spun article).
CONFIRM_PAIR = CLOSE_PAIR
COPY_SIMILARITY = 0.97
# Adverb particles a spinner adds to a verb ("check over", "hiding out", "paid up").
PARTICLES = frozenset({"up", "out", "off", "over", "down", "away", "back", "in", "on"})

# Text allowed between the words of one substituted span.
_JOIN_RE = re.compile(r"[\s\-'’*_]*")

SAME, MERGED, SPLIT, BETWEEN = "same", "merged", "split", "between"
# A sentence paired by position (between two paired sentences) needs only this much.
BETWEEN_CUTOFF = 0.25


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int
    words: tuple[Token, ...]

    @property
    def norms(self) -> list[str]:
        return [w.norm for w in self.words]


@dataclass(frozen=True)
class SentencePair:
    """A sentence of the text and the sibling sentence(s) that report the same thing.

    ``kind`` is ``same`` (one sentence each), ``merged`` (two adjacent sibling sentences
    say what this one sentence says) or ``split`` (this sentence is part of a longer
    sibling sentence). ``score`` is the Indel similarity of their word lists (for
    ``split``, the share of this sentence's words the sibling has).
    """

    start: int
    end: int
    text: str
    sibling: str
    sibling_start: int
    sibling_end: int
    sibling_text: str
    kind: str
    score: float
    sibling_line: int = 0  # 1-based line of the sibling where its sentence starts


@dataclass(frozen=True)
class Substitution:
    """``text`` (at ``start:end``) where the sibling has ``replacement`` in the same slot.

    ``link`` says why it is evidence of a swap (``pack``, ``thesaurus``,
    ``common-words``); when it is None, ``reason`` says why it is not.
    """

    start: int
    end: int
    text: str
    replacement: str
    sibling: str
    sibling_start: int
    sibling_end: int
    sibling_line: int
    sibling_sentence: str
    pair: SentencePair
    link: str | None
    reason: str = ""
    insertion: bool = False  # the text has a word the sibling lacks (anchor word included)
    deletion: bool = False  # the sibling has a word the text lacks (anchor word included)
    replacement_initial: bool = False  # the sibling's wording starts its sentence
    # How much rarer (Zipf) the text's wording is than the sibling's; spinners trade
    # common words for rarer synonyms, so a positive gap supports a swap.
    rarity_gap: float = 0.0
    # Share of the sentence's words that are equal to the sibling's or part of a swap.
    explained: float = 0.0

    @property
    def is_evidence(self) -> bool:
        return self.link is not None


@dataclass(frozen=True)
class Confirmation:
    """Words of the text (``start:end``) that a closely matching sibling sentence has
    too, in the same place: evidence that the spinner left them as they were."""

    start: int
    end: int
    sibling: str
    sibling_line: int


@dataclass(frozen=True)
class Alignment:
    """Every sentence pair found, every differing slot inside them, and the runs of
    words that close sibling sentences confirm."""

    pairs: tuple[SentencePair, ...]
    substitutions: tuple[Substitution, ...]
    skipped: tuple[tuple[str, str], ...] = ()  # (sibling, why it was not aligned)
    confirmed: tuple[Confirmation, ...] = ()
    # Close pairs (score ≥ CONFIRM_PAIR) with siblings that are not copies of the text:
    # sentences whose original wording a sibling shows.
    witnesses: tuple[SentencePair, ...] = ()

    @property
    def evidence(self) -> list[Substitution]:
        """The substitutions that are evidence of a spinner swap."""
        return [s for s in self.substitutions if s.is_evidence]


# ---------------------------------------------------------------------- sentences
_UNITS: WeakKeyDictionary[Document, list[_Sentence]] = WeakKeyDictionary()


def _sentences(doc: Document) -> list[_Sentence]:
    """The sentences of ``doc`` with their word tokens (cached per document)."""
    cached = _UNITS.get(doc)
    if cached is not None:
        return cached
    words = doc.words
    starts = [w.start for w in words]
    units = []
    for start, end in doc.sentences:
        first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        units.append(_Sentence(start, end, tuple(words[first:last])))
    _UNITS[doc] = units
    return units


def same_document(doc: Document, sibling: Document) -> bool:
    """Whether ``sibling`` is ``doc`` itself: the same file, or the very same text."""
    if doc.text == sibling.text:
        return True
    if doc.path.startswith("<") or sibling.path.startswith("<"):
        return False
    try:
        return Path(doc.path).resolve() == Path(sibling.path).resolve()
    except OSError:
        return False


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

    units = [s for s in _sentences(doc) if s.words]
    mine = [s for s in units if len(s.words) >= MIN_SENTENCE_WORDS]
    theirs = [s for s in _sentences(sibling) if s.words]
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


def _pair_between(
    units: list[_Sentence],
    theirs: list[_Sentence],
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


# ---------------------------------------------------------------------- slots
def _joined(text: str, words: list[Token]) -> bool:
    """The words form one run of prose: nothing but spaces and hyphens between them."""
    return all(_JOIN_RE.fullmatch(text[a.end : b.start]) for a, b in itertools.pairwise(words))


def _surface(words: list[Token], initial: bool, names: frozenset[str]) -> list[str]:
    """Words as written, with the capital of an ordinary sentence-initial word lowered.

    "Additionally" and "Clinging" are ordinary; "Putin" is not, since either text has it
    capitalised in mid-sentence (``names``), and neither is a word English lacks.
    """
    from textqa.synonymy import zipf

    out = [w.text for w in words]
    if initial and out and out[0][:1].isupper() and not out[0][1:2].isupper():
        lower = out[0].lower()
        if lower not in names and zipf(lower) >= 3.0:
            out[0] = lower
    return out


def _names(doc: Document, sibling: Document) -> frozenset[str]:
    """Lower-cased words either document capitalises in mid-sentence."""
    from textqa.fingerprint import fingerprint

    return fingerprint(doc).capitalised | fingerprint(sibling).capitalised


@dataclass
class _Slot:
    mine: list[Token]
    theirs: list[Token]
    mine_initial: bool
    theirs_initial: bool
    insertion: bool = False
    deletion: bool = False
    extra: list[str] = field(default_factory=list)  # the extra words (insertion/deletion)
    extra_after_anchor: bool = False
    mine_sentence: list[str] = field(default_factory=list)  # all words of both sentences
    theirs_sentence: list[str] = field(default_factory=list)


def _slots(
    texts: tuple[str, str],
    mine: list[Token],
    theirs: list[Token],
    anchored_edges: bool,
    boundaries: set[int],
    pack_pairs: Mapping[str, frozenset[str]] | None = None,
) -> list[_Slot]:
    """Differing slots of two word lists that equal words anchor on both sides.

    ``anchored_edges``: the two lists are whole sentences, so their starts and ends
    anchor too. ``boundaries``: indexes in ``theirs`` where a second sentence starts.
    ``texts``: the two documents' texts, to see what lies between words.
    """
    from rapidfuzz.distance import Indel

    a, b = [w.norm for w in mine], [w.norm for w in theirs]
    ops = list(Indel.opcodes(a, b))
    # Group consecutive non-equal operations into one region.
    regions: list[tuple[int, int, int, int]] = []
    current: list[int] | None = None
    for op in ops:
        if op.tag == "equal":
            if current is not None:
                regions.append(tuple(current))  # type: ignore[arg-type]
                current = None
            continue
        if current is None:
            current = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        else:
            current[1], current[3] = op.src_end, op.dest_end
    if current is not None:
        regions.append(tuple(current))  # type: ignore[arg-type]
    regions = _wrapped(_shifted(regions, a), a)
    slots = []
    for i1, i2, j1, j2 in regions:
        left = (i1 > 0 and j1 > 0) or (anchored_edges and i1 == 0 and j1 == 0)
        right = (i2 < len(a) and j2 < len(b)) or (anchored_edges and i2 == len(a) and j2 == len(b))
        if not (left and right):
            continue  # unanchored
        if any(j1 < k < j2 for k in boundaries):
            continue
        if i2 - i1 > MAX_SLOT_WORDS or j2 - j1 > MAX_SLOT_WORDS:
            # A wider region is a rewrite, unless it cuts into neighbouring swaps that
            # are each a thesaurus pair ("thirst force plays fair sexes" / "hunger
            # forces women"), after cutting at shared punctuation ("curtain raising
            # ceremonial, sounded out" / "opening ceremony, said").
            if min(i2 - i1, j2 - j1) == 0 or max(i2 - i1, j2 - j1) > MAX_LINKED_WORDS:
                continue
            parts = _at_punctuation(texts, mine, theirs, i1, i2, j1, j2)
            pieces = [
                p for part in parts for p in _linked_pieces(mine, theirs, part, pack_pairs, True)
            ]
            if len(pieces) == 1 or any(
                p2 - p1 > MAX_SLOT_WORDS or q2 - q1 > MAX_SLOT_WORDS for p1, p2, q1, q2 in pieces
            ):
                continue
        elif i1 == i2 or j1 == j2:
            slot = _extra(texts, mine, theirs, i1, i2, j1, j2)
            if slot is not None:
                slot.mine_sentence, slot.theirs_sentence = a, b
                slots.append(slot)
            continue
        else:
            pieces = []
            for p1, p2, q1, q2 in _at_punctuation(texts, mine, theirs, i1, i2, j1, j2):
                whole = _strongly_linked(mine[p1:p2], theirs[q1:q2], pack_pairs)
                if whole:
                    pieces.append((p1, p2, q1, q2))  # a thesaurus phrase ("making love")
                elif (
                    p2 - p1 == q2 - q1 > 1
                    and _content_pairs(mine[p1:p2], theirs[q1:q2])
                    and not _ordinary_pairs_only(mine[p1:p2], theirs[q1:q2], pack_pairs)
                ):
                    # "workplace stated" / "office said": word by word (not "go on"),
                    # unless most words merely face other ordinary words ("Secret
                    # agents" / "Intelligence officers" is one swap of a phrase)
                    pieces.extend((p1 + k, p1 + k + 1, q1 + k, q1 + k + 1) for k in range(p2 - p1))
                else:
                    pieces.extend(_linked_pieces(mine, theirs, (p1, p2, q1, q2), pack_pairs))
        for p1, p2, q1, q2 in pieces:
            slots.append(
                _Slot(list(mine[p1:p2]), list(theirs[q1:q2]), p1 == 0, q1 == 0 or q1 in boundaries)
            )
    return slots


def _linked_pieces(
    mine: list[Token],
    theirs: list[Token],
    region: tuple[int, int, int, int],
    pack_pairs: Mapping[str, frozenset[str]] | None,
    allow_weak: bool = False,
) -> list[tuple[int, int, int, int]]:
    """The region cut into consecutive pieces that are each a thesaurus or pack pair
    ("group built up" / "radical armed" → group/radical, built up/armed), or the whole
    region when no such cut exists: neighbouring swaps of unequal length are separate.
    Strong links count. With ``allow_weak`` (a region too wide to be one swap), one
    piece may be a mere pair of ordinary words ("most expand state of nature jackass
    chase" / "most elaborate wild goose chase", where the thesaurus lacks "state of
    nature"), as the strong pieces around it fix its edges; a narrow region ("egg white
    grangers" / "white farmers") is better left whole. With common-word pairs alone any
    rewrite would cut somehow.

    When the region itself does not cut, the shared word before it may belong to the
    first swap: "military machine stated" / "military said" is military machine/military
    and stated/said.
    """

    i1, i2, j1, j2 = region
    if (i2 - i1) + (j2 - j1) < 3:
        return [region]

    @cache
    def strength(a1: int, a2: int, b1: int, b2: int) -> int:
        """2 for a thesaurus or pack pair, 1 for two ordinary words, else 0."""
        spun = " ".join(w.norm for w in mine[a1:a2])
        original = " ".join(w.norm for w in theirs[b1:b2])
        kind = link(spun, original, pack_pairs)
        return 2 if kind in (PACK, THESAURUS) else 1 if kind == COMMON_WORDS else 0

    Pieces = tuple[tuple[int, int, int, int], ...]

    @cache
    def best(a: int, b: int, weak_left: int) -> Pieces | None:
        """The most pieces covering mine[a:i2] and theirs[b:j2], every piece linked,
        at most ``weak_left`` of them weakly."""
        if a == i2 and b == j2:
            return ()
        found = None
        for a2 in range(a + 1, min(i2, a + 3) + 1):
            for b2 in range(b + 1, min(j2, b + 3) + 1):
                if (a2 == i2) != (b2 == j2):
                    continue
                weak = 2 - strength(a, a2, b, b2)
                if weak > min(1, weak_left):
                    continue
                rest = best(a2, b2, weak_left - weak)
                if rest is not None and (found is None or len(rest) + 1 > len(found)):
                    found = ((a, a2, b, b2), *rest)
        return found

    def cut(a: int, b: int) -> Pieces | None:
        pieces = best(a, b, 0)
        if pieces and len(pieces) > 1:
            return pieces
        if not allow_weak:
            return None
        pieces = best(a, b, 1)
        return pieces if pieces and len(pieces) > 1 else None

    pieces = cut(i1, j1)
    if pieces:
        return list(pieces)
    if i1 > 0 and j1 > 0 and mine[i1 - 1].norm == theirs[j1 - 1].norm and strength(*region) < 2:
        pieces = best(i1 - 1, j1 - 1, 0)
        if pieces and len(pieces) > 1:
            return list(pieces)
    return [region]


def _shifted(
    regions: list[tuple[int, int, int, int]], a: list[str]
) -> list[tuple[int, int, int, int]]:
    """Move a shared word to the far side of extra words that end with the same word.

    "step in direct in the" / "intervene directly in the": the opcodes match the
    spinner's "in" (of "step in") with the original's and leave "direct in" extra;
    matching the later "in" instead, which is as good a match, gives one region "step
    in direct" / "intervene directly", a swap. Likewise "looking for for alleged" /
    "seeking for alleged".
    """
    out: list[tuple[int, int, int, int]] = []
    for region in regions:
        if out:
            i1, i2, j1, j2 = out[-1]
            k1, k2, l1, l2 = region
            if (
                k1 - i2 == 1
                and l1 - j2 == 1
                and l1 == l2
                and i2 > i1
                and j2 > j1
                and a[k2 - 1] == a[i2]
            ):
                out[-1] = (i1, k2 - 1, j1, j2)  # the region, the gap word, B's other words
                continue
        out.append(region)
    return out


def _wrapped(
    regions: list[tuple[int, int, int, int]], a: list[str]
) -> list[tuple[int, int, int, int]]:
    """Join two regions around one shared word into one slot when one of them only adds
    words here (or both only drop words): a thesaurus phrase that contains the original
    word ("senior high school" for "high", "air travel defense" for "air defense") is
    one swap, not an added word and another swap. No phrase wraps a number, date or
    name ("past tense seven classes" / "past seven years" is two swaps)."""
    joined: list[tuple[int, int, int, int]] = []
    for region in regions:
        if joined:
            i1, i2, j1, j2 = joined[-1]
            k1, k2, l1, l2 = region
            one_word_apart = k1 - i2 == 1 and l1 - j2 == 1
            fits = k2 - i1 <= MAX_SLOT_WORDS and l2 - j1 <= MAX_SLOT_WORDS
            # Extra words in front of the shared word ("senior" high "school"), not a
            # swap before it and extra words after ("electrical storm" and "senior").
            added = j1 == j2 and i2 > i1 and k2 > k1
            dropped = i1 == i2 and k1 == k2
            if one_word_apart and fits and (added or dropped) and fact_word(a[i2]) is None:
                joined[-1] = (i1, k2, j1, l2)
                continue
        joined.append(region)
    return joined


def _grammar(word: Token) -> bool:
    return word.norm in FUNCTION_WORDS or word.norm in PARTICLES


def _strongly_linked(
    mine: list[Token], theirs: list[Token], pack_pairs: Mapping[str, frozenset[str]] | None
) -> bool:
    """Whether the two wordings as wholes are a thesaurus or pack pair ("making love" /
    "having sex"): then they are one swap, however their words pair up."""

    if len(mine) < 2 and len(theirs) < 2:
        return False
    spun, original = " ".join(w.norm for w in mine), " ".join(w.norm for w in theirs)
    return link(spun, original, pack_pairs) in (PACK, THESAURUS)


def _ordinary_pairs_only(
    mine: list[Token], theirs: list[Token], pack_pairs: Mapping[str, frozenset[str]] | None
) -> bool:
    """Whether the words mostly face ordinary words that are no synonym, other form or
    other fact of them (more such pairs than thesaurus pairs): then the phrases as wholes
    are the swap ("Secret agents" / "Intelligence officers"; "generated primer coat" /
    "wing gave ground", which is an extra "wing", "gave" and "ground" misaligned)."""

    kinds = [link(a.norm, b.norm, pack_pairs) for a, b in zip(mine, theirs, strict=True)]
    ordinary = kinds.count(COMMON_WORDS)
    strong = sum(kind in (PACK, THESAURUS) for kind in kinds)
    return ordinary + strong == len(kinds) and ordinary > strong


def _content_pairs(mine: list[Token], theirs: list[Token]) -> bool:
    """Every word facing a word of the same kind: content for content (a phrasal verb
    against another, "go on"/"take place", stays one phrase)."""
    return all(not _grammar(a) and not _grammar(b) for a, b in zip(mine, theirs, strict=True))


def _breaks(text: str, words: list[Token], first: int, last: int) -> list[tuple[int, str]]:
    """Indexes ``k`` in ``first+1..last-1`` with punctuation before ``words[k]``, and it."""
    found = []
    for k in range(first + 1, last):
        gap = text[words[k - 1].end : words[k].start]
        if not _JOIN_RE.fullmatch(gap):
            found.append((k, gap.strip()))
    return found


def _clause_window(
    text: str, mine: list[Token], theirs: list[Token]
) -> tuple[tuple[int, int], float] | None:
    """The part of a longer sibling sentence that this sentence was split from.

    The part runs between punctuation marks of the sibling ("... government forces. date
    2022-02-20 ..." has a full stop where the splitter saw none) and is the one most like
    this sentence: each shared word counts, each other sibling word costs a quarter (a
    clause of four words holding one shared word and a swapped pair stays in: "Macron's
    office said" against "Macron's post told"). Its edges then anchor the swaps at this
    sentence's edges, which the rest of the sibling sentence would otherwise swallow.
    Returns the part's word range and its similarity, or None when no part beats the
    whole sentence (which then stays, unanchored).
    """
    from rapidfuzz.distance import Indel, LCSseq

    a = [w.norm for w in mine]
    cuts = [0, *(k for k, _ in _breaks(text, theirs, 0, len(theirs))), len(theirs)]
    norms = [w.norm for w in theirs]

    def fit(first: int, last: int) -> float:
        shared = LCSseq.similarity(a, norms[first:last])
        return shared - 0.25 * (last - first - shared)

    best, window = fit(0, len(theirs)), None
    for n, first in enumerate(cuts):
        for last in cuts[n + 1 :]:
            if (first, last) == (0, len(theirs)) or last - first < MIN_SENTENCE_WORDS:
                continue
            if (score := fit(first, last)) > best:
                best, window = score, (first, last)
    if window is None:
        return None
    similarity = Indel.normalized_similarity(a, norms[window[0] : window[1]])
    return (window, similarity) if similarity >= PAIR_CUTOFF else None


def _at_punctuation(
    texts: tuple[str, str],
    mine: list[Token],
    theirs: list[Token],
    i1: int,
    i2: int,
    j1: int,
    j2: int,
) -> list[tuple[int, int, int, int]]:
    """Split a slot where both sides have the same punctuation ("locus, even so," /
    "venue, however,"): each part is then anchored by the punctuation."""
    ours, other = _breaks(texts[0], mine, i1, i2), _breaks(texts[1], theirs, j1, j2)
    if not ours or len(ours) != len(other) or [g for _, g in ours] != [g for _, g in other]:
        return [(i1, i2, j1, j2)]
    cuts_mine = [i1, *(k for k, _ in ours), i2]
    cuts_theirs = [j1, *(k for k, _ in other), j2]
    return [
        (cuts_mine[n], cuts_mine[n + 1], cuts_theirs[n], cuts_theirs[n + 1])
        for n in range(len(ours) + 1)
    ]


def _extra(
    texts: tuple[str, str],
    mine: list[Token],
    theirs: list[Token],
    i1: int,
    i2: int,
    j1: int,
    j2: int,
) -> _Slot | None:
    """Words only one side has: "considered one" here where the sibling has "one"
    (an insertion), or "gun" here where the sibling has "hired gun" (a deletion).

    The span takes in a neighbouring shared word, so that neither wording is empty:
    the previous word when the extra words start with a grammar word ("check over",
    "unit of measurement"), else the next one ("police squad").
    """
    here = i1 != i2
    extra = mine[i1:i2] if here else theirs[j1:j2]
    if len(extra) > 2:
        return None
    text = texts[0] if here else texts[1]
    previous_ok = i1 > 0 and j1 > 0
    next_ok = i2 < len(mine) and j2 < len(theirs)
    longer = mine if here else theirs
    first, last = (i1, i2) if here else (j1, j2)
    # "check over", "unit of measurement" lean back; "front line in" too, since a
    # grammar word ("in") rarely takes an extra word in front of it; and "past tense
    # seven", where only the words before make a thesaurus phrase.
    prefer_previous = _grammar(extra[0]) or (
        previous_ok
        and next_ok
        and not _grammar(longer[first - 1])
        and (_grammar(longer[last]) or _thesaurus_phrase_before(longer, first, last))
    )
    words = [w.text for w in extra]
    for use_previous in (prefer_previous, not prefer_previous):
        if use_previous and previous_ok and _joined(text, list(longer[first - 1 : last])):
            ours = list(mine[i1 - 1 : i2]) if here else [mine[i1 - 1]]
            other = [theirs[j1 - 1]] if here else list(theirs[j1 - 1 : j2])
            return _Slot(
                ours, other, i1 == 1, j1 == 1, here, not here, words, extra_after_anchor=True
            )
        if not use_previous and next_ok and _joined(text, list(longer[first : last + 1])):
            ours = list(mine[i1 : i2 + 1]) if here else [mine[i1]]
            other = [theirs[j1]] if here else list(theirs[j1 : j2 + 1])
            return _Slot(ours, other, i1 == 0, j1 == 0, here, not here, words)
    return None


def _thesaurus_phrase_before(words: list[Token], first: int, last: int) -> bool:
    """Whether the extra ``words[first:last]`` make a thesaurus phrase with the word
    before them ("past tense" for "past") and not with the word after them."""
    extra = " ".join(w.norm for w in words[first:last])
    before, after = words[first - 1].norm, words[last].norm
    return (
        link(f"{before} {extra}", before) == THESAURUS
        and link(f"{extra} {after}", after) != THESAURUS
    )


# ---------------------------------------------------------------------- evidence
def _classify(
    doc: Document,
    sibling: Document,
    slot: _Slot,
    pair: SentencePair,
    pack_pairs: Mapping[str, frozenset[str]] | None,
) -> Substitution | None:
    mine, theirs = slot.mine, slot.theirs
    if not (_joined(doc.text, mine) and _joined(sibling.text, theirs)):
        return None  # punctuation inside the slot: a rewrite, not a swap
    start, end = mine[0].start, mine[-1].end
    sibling_start, sibling_end = theirs[0].start, theirs[-1].end
    text = doc.text[start:end]
    replacement = sibling.text[sibling_start:sibling_end]
    names = _names(doc, sibling)
    spun_words = _surface(mine, slot.mine_initial, names)
    original_words = _surface(theirs, slot.theirs_initial, names)
    if (
        slot.mine_initial
        and slot.theirs_initial
        and spun_words[0] != mine[0].text.lower()
        and original_words[0].islower()
        and mine[0].norm not in names
    ):
        # Both start their sentences and the sibling's word is ordinary: so is this one,
        # however rare ("Bureaus" / "Authorities").
        spun_words[0] = mine[0].text.lower()
    if (
        slot.mine_initial
        and slot.theirs_initial
        and original_words[0] != theirs[0].text.lower()
        and spun_words[0].islower()
        and theirs[0].norm not in names
    ):
        original_words[0] = theirs[0].text.lower()  # and the other way round ("Organisers")
    if (
        slot.mine_initial
        and slot.theirs_initial
        and (
            spun_words[0] != spun_words[0].lower() or original_words[0] != original_words[0].lower()
        )
        and link(" ".join(spun_words).lower(), " ".join(original_words).lower(), pack_pairs)
        in (PACK, THESAURUS)
    ):
        # Both start their sentences with thesaurus synonyms: the spinner swapped a word
        # that only its capital made look like a name ("Novel York" / "New York",
        # "Republic" / "Democracy" where the text also names a "Democratic Republic").
        spun_words[0], original_words[0] = spun_words[0].lower(), original_words[0].lower()
    kind: str | None
    reason = ""
    rarity_gap = 0.0
    if doc.in_quote(start, end):
        kind, reason = None, "inside a quotation, which is quoted speech, not the spinner's"
    elif slot.insertion or slot.deletion:
        kind, reason = _extra_link(slot, spun_words, original_words, pair, pack_pairs)
    else:
        facts = different_facts(spun_words, original_words)
        if facts:
            kind, reason = None, facts
        else:
            kind = link(" ".join(spun_words), " ".join(original_words), pack_pairs)
            reason = "" if kind else "not interchangeable wordings"
            if kind == VARIANT and pair.score < CLOSE_PAIR:
                kind, reason = None, "another form of the same word, in a loosely matching sentence"
    if kind in (COMMON_WORDS, VARIANT) or (kind and (slot.insertion or slot.deletion)):
        from textqa.synonymy import zipf

        rarity_gap = round(zipf(" ".join(original_words)) - zipf(" ".join(spun_words)), 2)
    line = sibling.position(sibling_start)[0]
    return Substitution(
        start=start,
        end=end,
        text=text,
        replacement=replacement,
        sibling=sibling.path,
        sibling_start=sibling_start,
        sibling_end=sibling_end,
        sibling_line=line,
        sibling_sentence=pair.sibling_text,
        pair=pair,
        link=kind,
        reason=reason,
        insertion=slot.insertion,
        deletion=slot.deletion,
        replacement_initial=slot.theirs_initial,
        rarity_gap=rarity_gap,
    )


def _extra_link(
    slot: _Slot,
    spun_words: list[str],
    original_words: list[str],
    pair: SentencePair,
    pack_pairs: Mapping[str, frozenset[str]] | None,
) -> tuple[str | None, str]:
    """An extra word is a spinner's doing only in a close copy of the sentence."""
    from textqa.synonymy import zipf

    spun, original = " ".join(spun_words), " ".join(original_words)
    if pack_pairs is not None and phrase(original) in pack_pairs.get(phrase(spun), ()):
        return PACK, ""
    extra = list(slot.extra)
    longer = spun_words if slot.insertion else original_words
    if not slot.extra_after_anchor and longer and longer[0].lower() == extra[0].lower():
        extra[0] = longer[0]  # a sentence-initial capital lowered ("Due south" / "South")
    ours, theirs = slot.mine_sentence, slot.theirs_sentence
    if slot.deletion:
        ours, theirs = theirs, ours
    if any(fact_word(w) not in (None, "time") for w in extra):
        return None, "different facts: the extra word is a name, number or date"
    if any(fact_word(w) == "name" for w in (*spun_words, *original_words)):
        return None, "different facts: a name is involved"
    if any(theirs.count(w.lower()) >= ours.count(w.lower()) for w in extra):
        return None, "the extra word is elsewhere in the other sentence (moved, not added)"
    if pair.kind != SAME or pair.score < CLOSE_PAIR:
        return None, "an extra word is evidence only in a close copy of one sentence"
    grammar = [w.lower() in FUNCTION_WORDS or w.lower() in PARTICLES for w in extra]
    if link(spun, original, pack_pairs) == THESAURUS:
        # The longer wording is a thesaurus entry for the shorter ("responsible for" /
        # "responsible", "past tense" / "past"): the spinner's own phrase.
        return THESAURUS, ""
    if all(grammar) and pair.score < VERY_CLOSE_PAIR:
        return None, "an extra grammar word is evidence only in a very close copy"
    if grammar[-1] and not all(grammar) and slot.extra_after_anchor:
        return None, "the extra words end in a grammar word"  # "magnitudes of" + anchor
    if any(zipf(w) < 2.5 for w in extra):
        return None, "the extra word is not an ordinary word"
    return COMMON_WORDS, ""


def _pack_pairs_default() -> dict[str, frozenset[str]]:
    from textqa.packs import builtin_matcher
    from textqa.synonymy import pack_pairs

    return pack_pairs(r for r in builtin_matcher().rules.values() if not r.regex)


def align_documents(
    doc: Document,
    siblings: Iterable[Document],
    pack_pairs: Mapping[str, frozenset[str]] | None = None,
) -> Alignment:
    """Align ``doc`` with each sibling; a sibling that is ``doc`` itself is skipped."""
    pairs: list[SentencePair] = []
    substitutions: list[Substitution] = []
    skipped: list[tuple[str, str]] = []
    confirmed: list[Confirmation] = []
    witnesses: list[SentencePair] = []
    for sibling in siblings:
        if same_document(doc, sibling):
            skipped.append((sibling.path, "it is the checked text itself"))
            continue
        copy = is_copy(doc, sibling)
        units = _sentences(sibling)
        starts = [u.start for u in units]
        for pair in pair_sentences(doc, sibling):
            pairs.append(pair)
            mine = _words_between(doc, pair.start, pair.end)
            theirs = _words_between(sibling, pair.sibling_start, pair.sibling_end)
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
            if pair.kind == SPLIT and (window := _clause_window(sibling.text, mine, theirs)):
                # The clause is a close copy of this whole sentence: judge it as one.
                (first, last), score = window
                theirs, anchored = theirs[first:last], True
                judged = replace(pair, kind=SAME, score=round(score, 4))
            found = [
                sub
                for slot in _slots(texts, mine, theirs, anchored, boundaries, pack_pairs)
                if (sub := _classify(doc, sibling, slot, judged, pack_pairs)) is not None
            ]
            # How much of the sentence is accounted for: equal words plus the words of
            # the swaps found. A spun copy of the sibling is all but fully explained.
            swapped = {
                w.start
                for sub in found
                if sub.is_evidence
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
            runs.append(Confirmation(start, end, sibling.path, line))
    return runs


def _words_between(doc: Document, start: int, end: int) -> list[Token]:
    words = doc.words
    starts = _starts(doc)
    return list(words[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)])


_STARTS: WeakKeyDictionary[Document, list[int]] = WeakKeyDictionary()


def _starts(doc: Document) -> list[int]:
    cached = _STARTS.get(doc)
    if cached is None:
        cached = _STARTS[doc] = [w.start for w in doc.words]
    return cached


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
