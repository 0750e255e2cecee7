"""What alignment finds: sentence pairs, substituted slots, confirmed words, and the
thresholds that decide them."""

from __future__ import annotations

import re
from dataclasses import dataclass

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

# Punctuation that anchors the word after it: among equally good word matchings, the
# one that matches words after the same marks wins (slots._opcodes).
PUNCTUATION_MARKS = frozenset(",;:()")
# Text allowed between the words of one substituted span.
# Between two words of one run of prose: spaces (and emphasis marks), or a hyphen or
# apostrophe inside a compound ("film-maker"). A spaced dash ("whisky - as well as")
# or a possessive's apostrophe before a space ("producers' group") ends the run: a
# swap across it would drop the punctuation.
JOIN_RE = re.compile(r"[\s*_]*|[*_]*[\-'’][*_]*")

SAME, MERGED, SPLIT, BETWEEN = "same", "merged", "split", "between"
# A sentence paired by position (between two paired sentences) needs only this much.
BETWEEN_CUTOFF = 0.25


@dataclass(frozen=True, slots=True)
class Sentence:
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
    score: float = 0.0  # how closely the two sentences match (the pair's similarity)


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
