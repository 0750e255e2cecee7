"""The statistical detector: thesaurus swaps that no pack lists (source ``stats``).

PASS: Macron's office said on Sunday that the talks would resume.
FAIL: Biden was internet hosting a uncommon weekend assembly.
      (stats.substitution "internet hosting" → "hosting"; stats.a-an "uncommon" → "rare")

A spinner replaces words by thesaurus synonyms. For each word (or phrase) that some
common word's synonym list contains, the candidate originals come from a reverse
thesaurus (Moby II and WordNet 3.0, carried over every inflection; see
:mod:`textqa.data.build`). Each reading of the sentence is scored as a noisy channel:

    P(original wording) · P(spinner turns it into the observed one)
    against P(observed wording as written),

with wordfreq unigram frequencies and Web 1T bigram associations between neighbours.
Neighbouring suspects are scored jointly (forward–backward over each run of adjacent
suspects), so in "workplace stated" the reading "office said" can win even though
"stated" spoils the context of "workplace". The document's quotations (which spinners
leave alone), its siblings and its own vocabulary adjust the odds.

Two logistic classifiers, fitted on DEV data only (``python -m bench.stats_eval --fit``),
turn each suspect's features (the joint model's evidence, frequencies, context fit,
thesaurus source, the document's own vocabulary and quotations) into numbers: how
likely the word is a swap in a spun text (``WEIGHTS``), and how much likelier it is
in spun text than in clean text (``CLEAN_WEIGHTS``). Precision on clean text is what
matters, so a finding is a ``warning`` only when the second ratio reaches
``warning-ratio`` (the word's own evidence is strong); a finding whose first ratio
reaches ``min-ratio`` is ``info``, which the engine promotes when the document as a
whole reads as spun (:mod:`textqa.spin`, to which this detector hands its document
cues).

Rules: ``stats.substitution`` (a word that fits its context much worse than a word it is
a thesaurus synonym of), ``stats.reporting-verbs`` ("stated" where news says "said",
per occurrence outside quotations, when the document's reporting verbs have the
spinner's profile), ``stats.a-an`` (the word after a mismatched article, whose original
had the article's sound), ``stats.proper-adjective`` (a lowercase demonym before a name),
and two document-level cues reported once per document when they read as spun:
``stats.quote-contrast`` (suspicious words outside quotations against inside) and
``stats.density`` (suspects per 100 words).

Other modules use :func:`synonyms_of` (is this a thesaurus pair?) and :func:`shortlist`
(the ranked candidates for language-model rescoring in ``--deep`` mode).
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left as _bisect_left
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from functools import reduce
from itertools import compress, islice
from operator import add, attrgetter, mul
from typing import TYPE_CHECKING, NamedTuple
from weakref import WeakKeyDictionary

from textqa.data.lexicon import (
    FLAG_CURATED,
    FLAG_MOBY,
    FLAG_WORDNET,
    PRIOR_SCALE,
    Lexicon,
    lexicon,
)
from textqa.detectors.base import CheckContext
from textqa.spin import SPUN_REPORTING as _SPUN_REPORTING
from textqa.spin import record_cues, reporting_profile, reporting_uses

if TYPE_CHECKING:
    from textqa.document import Document
    from textqa.findings import Finding
    from textqa.tokens import Token

SOURCE = "stats"
RULES = {
    "stats.substitution": "A word that fits its context far worse than a common word it is a "
    "thesaurus synonym of",
    "stats.reporting-verbs": "'stated', 'instructed' and the like where news copy says "
    "'said' or 'told', in a document whose reporting verbs have a spinner's profile",
    "stats.a-an": "The word after a mismatched 'a'/'an', swapped in for a word that fitted "
    "the article",
    "stats.proper-adjective": "A lowercase nationality adjective before a name, a "
    "spinner's sense-blind synonym",
    "stats.quote-contrast": "Many more suspicious words outside quotations than inside "
    "them (spinners leave quotes alone)",
    "stats.density": "Many suspected synonym swaps per 100 words",
}

LN10 = math.log(10)

# Grammar words: a thesaurus lists "in" and "at", "on" and "in relation to" as synonyms,
# but no spinner swaps them. They are candidates or suspects only through the curated
# table in textqa/data/build.py.
_CLOSED_WORDS = """a an the and or but nor so yet for of to in on at by with from into onto
    upon about above below over under between among through during before after since until while as
    than then that this these those there here where when why how what which who whom whose
    it its he him his she her hers they them their theirs we us our ours you your yours i me
    my mine be am is are was were been being have has had having do does did done doing will
    would shall should can could may might must not no yes all any some each every both
    either neither one other another such own same also just only very too more most less
    least much many few if else because although though whether per via up down out off
    again still even ever already now then once"""
CLOSED_CLASS = frozenset(_CLOSED_WORDS.split())
# Reporting verbs: news copy says "said" and "told"; spinners write these instead.
REPORTING_SPUN = {"stated": "said", "instructed": "told", "mentioned": "said"}
PASSIVE_REPORTING_CONFIDENCE = 0.6  # below the default fix threshold (0.8)
assert set(REPORTING_SPUN) == _SPUN_REPORTING

# Model constants, tuned on the DEV data only (bench/stats_eval.py --tune): the Lee
# corpus's lee.cor articles (clean and spun) and the seeds.
UNIGRAM_WEIGHT = 0.5  # the unigram LM is weak on meaning: halve its say
CONTEXT_WEIGHT = 1.0
MAX_PMI = 3.0  # log10 cap on one association
ABSENT_PENALTY = 0.3  # log10, for a pair that should have been in the list but is not
SCANNED_ORIGINALS = 14  # originals read from the data per suspect
MAX_CANDIDATES = 6  # per suspect, after a cheap first ranking
SPIN_RATE = 0.15  # prior share of swapped words in a spun document
QUOTE_BONUS = 1.0  # log10: the candidate is said inside a quotation of this document
QUOTE_MALUS = 1.0  # log10: the observed word is itself used inside a quotation
SIBLING_MALUS = 1.0  # log10: a sibling article has the observed word
SWAP_SHARE = 0.35  # share of suspects that are swaps in a spun document (DEV data)
QUOTE_MIN_WORDS = 30  # words inside (and outside) quotations before quotes are compared
QUOTE_CONTRAST_FREE = 4.0  # likely swaps per 100 words outside quotes above inside: free
QUOTE_CONTRAST_WEIGHT = 0.25  # log10 evidence per further swap per 100 words
QUOTE_CONTRAST_CAP = 2.0
DENSITY_EVIDENCE = 1.5  # the stats evidence at which stats.density is reported
SOURCE_BONUS = {FLAG_CURATED: 1.0, FLAG_WORDNET: 0.0, FLAG_MOBY: 0.0}

# The word-level classifier: a logistic regression over these features of a suspect and
# its best candidate, fitted on DEV data only (bench/stats_eval.py --fit).
FEATURES = (
    "joint_log_bayes",  # log10 evidence ratio of the joint (forward-backward) model
    "zipf_gain",  # Zipf frequency of the candidate minus that of the observed word
    "log_prior",  # log10 P(observed | candidate spun)
    "observed_context",  # log10 association of the observed word with its neighbours
    "context_gain",  # how much better the candidate associates with them
    "observed_zipf",
    "observed_phrase",  # the observed wording is several words ("boundary line")
    "candidate_phrase",
    "curated",  # the swap is in the curated table
    "wordnet",  # WordNet links the two
    "observed_repeats",  # log(1 + other uses of the observed lemma outside quotes)
    "candidate_used",  # log(1 + uses of the candidate's lemma outside quotes)
    "candidate_quoted",  # a quotation has the candidate but not the observed word
    "observed_quoted",  # a quotation has the observed word
    "neighbours",  # how many neighbours give context (0, 1, 2)
    "observed_unlisted",  # minus the neighbour pairs of the observed word missing from the list
    "listed_gain",  # how many more neighbour pairs the candidate has in the list
    "best_side_gain",  # the larger one-sided association gain
    "worst_observed_side",  # the weaker association of the observed word with a neighbour
    "log_options",  # log of the number of candidate originals
)
# Log odds of a suspect being a swap in the fitting data (spun documents), and of a
# swapped suspect against a clean document's suspect; then intercept + one weight per
# feature for each classifier.
BASE_LOGIT = -0.6322
CLEAN_BASE_LOGIT = 1.0364
WEIGHTS = (
    -0.1184,
    0.8378,
    0.3077,
    -1.019,
    -0.4486,
    -0.3715,
    -0.345,
    0.9774,
    0.0877,
    -0.1307,
    1.416,
    0.0765,
    0.294,
    0.4381,
    -2.0614,
    0.5744,
    0.218,
    0.0744,
    0.1299,
    0.2063,
    -0.0544,
)
CLEAN_WEIGHTS = (
    1.4928,
    0.727,
    0.3482,
    -0.7468,
    -0.5224,
    -0.2405,
    -0.2466,
    0.9688,
    0.0531,
    -0.0407,
    1.112,
    -0.222,
    0.2863,
    0.3302,
    -1.7329,
    0.5688,
    0.1419,
    0.1062,
    -0.0157,
    0.173,
    -0.0933,
)


class Option(NamedTuple):
    """One candidate original of a suspect, with its fast score."""

    text: str
    probability: float  # posterior that this was the original wording
    fit: float  # log10 of how much better it fits the context than the observed word
    prior: float  # P(observed | this original was spun)


class Candidate(NamedTuple):
    """A suspected substitution: ``doc.text[start:end] == text``; ``options`` best first.

    This is the contract with ``--deep`` rescoring (textqa/deep.py): keep the names.
    """

    start: int
    end: int
    text: str
    options: tuple[Option, ...]
    spun_probability: float  # posterior that the span was swapped at all
    log_bayes: float  # log10 evidence ratio for "swapped", independent of the spin prior
    in_quote: bool
    rule: str = "stats.substitution"
    evidence: tuple[str, ...] = ()
    # log10 likelihood ratio: a swapped word against a word of a clean document
    swap_evidence: float = 0.0
    features: tuple[float, ...] = ()  # the classifiers' inputs, in FEATURES order


class _Suspect(NamedTuple):
    """A candidate before its options and evidence are spelt out: what the document
    cues and the finding thresholds need. Most suspects never become findings, so
    :class:`Candidate` objects are built only for those asked for."""

    start: int
    in_quote: bool
    node: _Node
    template: _Template
    vocabulary: _Vocabulary  # what the document's own words say (see _Analyser._suspects)
    # The scores, all determined by the template and the vocabulary (see _scored):
    spun_probability: float
    swap_evidence: float
    word_evidence: float  # log10 odds of a swap over the base rate
    cue_evidence: float  # the suspect's term in the document's mixture evidence
    cue_swaps: float  # its expected number of swaps in that mixture

    @property
    def features(self) -> tuple[float, ...]:
        """The classifiers' inputs, in FEATURES order."""
        return _features(self.template, self.vocabulary)


class Analysis:
    """Everything the detector measured on one document."""

    def __init__(
        self,
        suspects: list[_Suspect] | None = None,
        cues: dict[str, float] | None = None,
        build: Callable[[_Suspect], Candidate] | None = None,
    ) -> None:
        self.suspects = suspects or []  # in document order
        self.cues = cues or {}
        self._build = build
        self._candidates: list[Candidate] | None = None

    @property
    def candidates(self) -> list[Candidate]:
        """Every suspect as a :class:`Candidate` (built on first use)."""
        if self._candidates is None:
            self._candidates = self.candidates_of(self.suspects)
        return self._candidates

    def candidates_of(self, suspects: list[_Suspect]) -> list[Candidate]:
        """The candidates of ``suspects`` (some of :attr:`suspects`), in their order."""
        build = self._build
        assert build is not None or not suspects
        return [build(suspect) for suspect in suspects]  # type: ignore[misc]


# ---------------------------------------------------------------------- public helpers
def synonyms_of(word: str) -> list[str]:
    """Words a spinner may have replaced by ``word`` (lowercase, likeliest first).

    Two wordings are thesaurus-linked when either is in the other's list:
    ``b in synonyms_of(a) or a in synonyms_of(b)``. (Only this direction is stored;
    answering the other would mean building the whole transposed index.)
    """
    return [original for original, _, _ in lexicon().originals(word.lower())]


def shortlist(doc: Document, context: CheckContext | None = None) -> list[Candidate]:
    """Every suspect span of ``doc`` with its ranked candidate originals (fast scores)."""
    return analyse(doc, context).candidates


_CACHE: WeakKeyDictionary[Document, Analysis] = WeakKeyDictionary()


def analyse(doc: Document, context: CheckContext | None = None) -> Analysis:
    """The detector's analysis of ``doc`` (cached per document object)."""
    cached = _CACHE.get(doc)
    if cached is None:
        siblings = context.siblings if context is not None else ()
        cached = _Analyser(doc, lexicon(), siblings).run()
        _CACHE[doc] = cached
        record_cues(doc, cached.cues)
    return cached


# ---------------------------------------------------------------------- the model
class _Static(NamedTuple):
    """What a suspect wording's candidates are, whatever the document (cached)."""

    observed: int  # id of the observed wording
    observed_lemma: int
    observed_emission: float
    first: int  # id of its first word (left context)
    last: int  # id of its last word (right context)
    options: tuple[tuple[float, int, int, float, int, str, int, int], ...]
    # per option: (base emission, id, lemma id, ln prior, flags, text, first id, last id)
    # Derived from the above once per wording, so that a document pays only arithmetic.
    # Per state (the observed wording, then each option):
    firsts: tuple[int, ...]  # id of the first word
    lasts: tuple[int, ...]  # id of the last word
    scores: tuple[float, ...]  # emission (no document adjustment) plus the state's log prior
    weights: tuple[float, ...]  # exp(score - max score)
    # Per option, for its Option: the log10 fit against the observed wording (with no
    # document adjustment), and P(observed | option spun).
    fits: tuple[float, ...]
    prior_probs: tuple[float, ...]
    observed_zipf: float
    log_options: float
    lemmas: tuple[int, ...]  # lemma id of each option
    all_lemmas: tuple[int, ...]  # the observed wording's lemma id, then the options'


class _Node(NamedTuple):
    """A suspect: one word, or a phrase that a candidate replaces as a whole. (Words
    without candidates get no node: they are context, read straight from the tokens.)"""

    first: int  # index into doc.tokens
    last: int
    static: _Static
    # Per state (states[0] is the observed wording), when quotations or siblings adjust
    # them; None when the static's cached scores apply.
    emissions: tuple[float, ...] | None
    scores: tuple[float, ...]  # per state: emission plus log prior
    weights: tuple[float, ...]  # exp(score - max score)
    key: int  # the wording's id and the document's adjustment code (see _adjust_code)


class _Template(NamedTuple):
    """A suspect's candidate in its context, before the document's own vocabulary is
    known: what the same wording between the same words always gives."""

    head: tuple[float, ...]  # FEATURES[:10]
    tail: tuple[float, ...]  # FEATURES[14:]; the four between depend on the document
    best: int  # the likeliest state (1 = the first option)
    # The options, built per candidate (Option objects for every cached chain would
    # double its memory): their posteriors in the static's order, their fits when
    # the document adjusted them (else the static's), and their ranking.
    probabilities: tuple[float, ...]
    fits: tuple[float, ...] | None
    order: bytes
    gain: float  # log10 fit of the best option over the observed wording (explain)
    original_lemma: int  # lemma id of the best option
    serial: int  # tells templates apart in _SCORED (never reused, unlike id())


_new = tuple.__new__  # a NamedTuple from a tuple, without its Python-level __new__

_SOURCE_NAMES = (
    (FLAG_WORDNET, "WordNet"),
    (FLAG_MOBY, "Moby"),
    (FLAG_CURATED, "the curated spinner table"),
)
EXPLAIN_FROM = 0.3  # candidates this likely get human-readable evidence
LOG_RATE, LOG_KEEP = math.log(SPIN_RATE), math.log(1 - SPIN_RATE)
_FLOATS = (0.0, 1.0)  # float(False), float(True), shared rather than one object each
# SOURCE_BONUS summed over the flags of a link, for every combination of flags.
_BONUS = tuple(sum(v for f, v in SOURCE_BONUS.items() if flags & f) for flags in range(8))

# Process-wide caches: lexicon look-ups do not depend on the document. Pair keys are
# ``left << 24 | right``; a pair with an unknown word (id -1) always scores 0.
_ASSOC: dict[int, float] = {}  # natural-log association of a pair of word ids
_LISTED: set[int] = set()  # pairs in the bigram list (among those in _ASSOC)
_STATIC: dict[str, _Static] = {}  # wordings with candidates
_NO_CANDIDATES: set[str] = set()  # wordings without (most multi-word look-ups)
_ORIGINALS: dict[int, tuple[str, int, float, int, int, bool]] = {}  # see _original
# Chain key (see _Analyser.run) -> the _Template of each suspect in the chain. Shared
# between documents, read-only, and made of tuples, which the garbage collector stops
# tracking. A chain is stored the second time it is seen (_SEEN_ONCE holds the hashes
# of the others): in fresh text few chains come back, in repeated text nearly all.
_CHAINS: dict[tuple, tuple[_Template, ...]] = {}
_SEEN_ONCE: set[int] = set()
# Bounds on memory (about 2 kB per _Static or chain, 0.1-0.2 kB per other entry): a
# worker peaks at 120 MB on bench.speed's million words of news, and near 155 MB on a
# million words of fresh Wikipedia text. When one is reached a quarter of that cache
# goes; text repeats its words, so the entries in use come straight back. (Lower
# chain bounds cost more than they save: below the working set the hit rate drops
# fast — 20,000 took a third longer than 25,000 on 100,000 repeated words. 200,000
# word pairs instead of 60,000 saved only 2.5% of bench.speed's corpus run for 14 MB more
# per worker, now that a miss costs a short bisect.)
_STATIC_LIMIT = 10_000
_NO_CANDIDATES_LIMIT = 60_000
_ORIGINALS_LIMIT = 20_000
_ASSOC_LIMIT = 60_000
_CHAINS_LIMIT = 25_000
_SEEN_ONCE_LIMIT = 40_000


def _trim(cache: dict | set, limit: int) -> list:
    """Drop every fourth entry of ``cache`` once it outgrows ``limit``; return the
    dropped keys. (Dropping the oldest instead would empty it of exactly the entries
    the next copy of a repeated batch of articles needs.)"""
    if len(cache) <= limit:
        return []
    dropped = list(islice(cache, 0, None, 4))
    remove = cache.__delitem__ if isinstance(cache, dict) else cache.discard
    for key in dropped:
        remove(key)
    return dropped


def _static(lex: Lexicon, phrase: str) -> _Static | None:
    """The candidate originals of ``phrase`` with their document-free scores.

    Fresh text misses this cache for most of its wordings, so the loop below is spelt
    out for speed. Which originals a wording keeps, in which order, is read from the
    data's table (see :func:`candidate_table`) when it was built with this module's
    settings, else worked out by :func:`_selection`."""
    found = _STATIC.get(phrase)
    if found is not None or phrase in _NO_CANDIDATES:
        return found
    single = " " not in phrase
    observed = lex.id(phrase) if single else lex.find(phrase)
    result = None
    if lex.has_originals(observed):
        table = _TABLES.get(lex, _UNCHECKED)
        if table is _UNCHECKED:
            table = _checked_table(lex)
        if table is not None:
            slot = table[observed * MAX_CANDIDATES : (observed + 1) * MAX_CANDIDATES].tobytes()
            end = slot.find(_NO_POSITION)
            positions = slot if end < 0 else slot[:end]
        else:
            positions = _selection(lex, observed, phrase in CLOSED_CLASS)
        if positions:
            start = lex.rev_offsets[observed]
            targets, priors, sources = lex.rev_targets, lex.rev_prior, lex.rev_flags
            get = _ORIGINALS.get
            bonuses = _BONUS
            options = []
            for position in positions:
                index = start + position
                original, flags = targets[index], sources[index]
                log_prior = -priors[index] / PRIOR_SCALE  # as Lexicon.originals_columns
                known = get(original)
                if known is None:
                    known = _original(lex, original)
                text, original_lemma, unigram, first, last, _ = known
                options.append(
                    (
                        unigram + (log_prior + bonuses[flags]) * LN10,
                        original,
                        original_lemma,
                        log_prior * LN10,
                        flags,
                        text,
                        first,
                        last,
                    )
                )
            if single:  # the observed word is its own first and last word
                first_id = last_id = observed
            else:
                parts = phrase.split()
                first_id, last_id = lex.id(parts[0]), lex.id(parts[-1])
            result = _derive(
                lex,
                observed,
                lex.lemma_of(observed),
                _unigram(lex, observed),
                first_id,
                last_id,
                tuple(options),
            )
    if result is None:
        _trim(_NO_CANDIDATES, _NO_CANDIDATES_LIMIT)
        _NO_CANDIDATES.add(phrase)
    else:
        _trim(_STATIC, _STATIC_LIMIT)
        _STATIC[phrase] = result
    return result


def _selection(lex: Lexicon, observed: int, closed: bool) -> bytes:
    """Which of the wording ``observed``'s originals are its candidates, best first:
    their positions in its list of originals (``closed``: the wording is a grammar word).

    The data lists originals best first by P(original) P(observed | original); the first
    SCANNED_ORIGINALS hold nearly all the probability. Grammar words count only through
    the curated table, an original of the wording's own lemma not at all, and the rest
    are ranked by unigram score plus log prior and source bonus (the emission
    :func:`_static` gives them), ties by id, as a sort of its option tuples would."""
    closed_ids = _closed_ids(lex)
    observed_lemma = lex.lemma_of(observed)
    ranked = []
    targets, log_priors, sources = lex.originals_columns(observed, SCANNED_ORIGINALS)
    for position, (original, log_prior, flags) in enumerate(
        zip(targets, log_priors, sources, strict=True)
    ):
        if (closed or original in closed_ids) and not flags & FLAG_CURATED:
            continue
        if lex.lemma_of(original) == observed_lemma:
            continue
        emission = _unigram(lex, original) + (log_prior + _BONUS[flags]) * LN10
        ranked.append((emission, original, position))
    # An original is listed once per wording, so (emission, id) never ties.
    ranked.sort(reverse=True)
    return bytes([position for _, _, position in ranked[:MAX_CANDIDATES]])


# What the candidate table depends on besides the data: the build stores it with the
# table, and a table built under other settings (after tuning, say) is not used.
CANDIDATES_KEY = repr(
    (
        "candidates-1",
        SCANNED_ORIGINALS,
        MAX_CANDIDATES,
        UNIGRAM_WEIGHT,
        sorted(SOURCE_BONUS.items()),
        sorted(CLOSED_CLASS),
    )
)
_NO_POSITION = 255  # pads a wording's slot in the table
assert SCANNED_ORIGINALS < _NO_POSITION


def candidate_table(lex: Lexicon) -> bytes:
    """Per word id, MAX_CANDIDATES bytes: the positions :func:`_selection` gives, padded
    with 255. :mod:`textqa.data.build` stores it in lexicon.bin, so that a first look at
    a wording reads its candidates instead of ranking SCANNED_ORIGINALS originals."""
    table = bytearray()
    for word_id in range(lex.size):
        positions = b""
        if lex.has_originals(word_id):
            positions = _selection(lex, word_id, lex.word(word_id) in CLOSED_CLASS)
        table += positions.ljust(MAX_CANDIDATES, bytes([_NO_POSITION]))
    return bytes(table)


_UNCHECKED = b"unchecked"
_TABLES: WeakKeyDictionary[Lexicon, memoryview | None] = WeakKeyDictionary()


def _checked_table(lex: Lexicon) -> memoryview | None:
    """The lexicon's candidate table when it was built for these settings, else None."""
    table = lex.candidates
    if lex.candidates_key != CANDIDATES_KEY or len(table) != lex.size * MAX_CANDIDATES:
        table = None
    _TABLES[lex] = table
    return table


_CLOSED_IDS: WeakKeyDictionary[Lexicon, frozenset[int]] = WeakKeyDictionary()


def _closed_ids(lex: Lexicon) -> frozenset[int]:
    """The ids of the grammar words (:data:`CLOSED_CLASS`) in ``lex``: an original is
    tested by id, without its text."""
    found = _CLOSED_IDS.get(lex)
    if found is None:
        found = _CLOSED_IDS[lex] = frozenset(
            word_id for word_id in map(lex.find, CLOSED_CLASS) if word_id >= 0
        )
    return found


def _original(lex: Lexicon, original: int) -> tuple[str, int, float, int, int, bool]:
    """(text, lemma id, unigram score, first word id, last word id, closed class) of a
    candidate original: the same few thousand words come up for many wordings."""
    found = _ORIGINALS.get(original)
    if found is None:
        text = lex.word(original)
        parts = text.split()
        if len(parts) == 1 and parts[0] == text:
            first = last = original  # a vocabulary word's id is its own first word's
        else:
            first, last = lex.id(parts[0]), lex.id(parts[-1])
        found = (
            text,
            lex.lemma_of(original),
            _unigram(lex, original),
            first,
            last,
            text in CLOSED_CLASS,
        )
        _trim(_ORIGINALS, _ORIGINALS_LIMIT)
        _ORIGINALS[original] = found
    return found


def _derive(
    lex: Lexicon,
    observed: int,
    observed_lemma: int,
    observed_emission: float,
    first: int,
    last: int,
    options: tuple[tuple[float, int, int, float, int, str, int, int], ...],
) -> _Static:
    """A _Static with its per-state tuples worked out (the same arithmetic, done once)."""
    # An emission with no document adjustment is ``base + 0.0`` (see _Analyser._node).
    emissions = (observed_emission, *[option[0] + 0.0 for option in options])
    scores = _scores(emissions, options)
    top = max(scores)
    exp = math.exp
    observed_zipf = lex.zipf_of(observed)
    lemmas = tuple([option[2] for option in options])
    return _new(
        _Static,
        (
            observed,
            observed_lemma,
            observed_emission,
            first,
            last,
            options,
            (first, *[option[6] for option in options]),
            (last, *[option[7] for option in options]),
            scores,
            tuple([exp(v - top) for v in scores]),
            tuple([(emission - observed_emission) / LN10 for emission in emissions[1:]]),
            tuple([exp(option[3]) for option in options]),
            observed_zipf,
            math.log(len(options)),
            lemmas,
            (observed_lemma, *lemmas),
        ),
    )


def _scores(emissions: Sequence[float], options: Sequence[tuple]) -> tuple[float, ...]:
    """Per state: its emission plus the log prior of keeping the word or spinning it."""
    return (
        emissions[0] + LOG_KEEP,
        *[
            emission + option[3] + LOG_RATE
            for emission, option in zip(emissions[1:], options, strict=False)
        ],
    )


def _unigram(lex: Lexicon, word_id: int) -> float:
    """Natural-log unigram score (weighted); unknown words count as rare."""
    zipf = lex.zipf_of(word_id) or 1.0
    return UNIGRAM_WEIGHT * (zipf - 9.0) * LN10


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
        _LISTED.difference_update(_trim(_ASSOC, _ASSOC_LIMIT))
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


# What a token's text alone decides, per distinct text (see _type_of): its word id, its
# vocabulary key (lemma id, or the norm of an unknown word; None for punctuation),
# whether it may be a suspect by its shape, and for the first word of wordings with
# originals the longest one's length and their second words (else None).
_NEVER, _LOWER, _CAPITALISED = 0, 1, 2
_TypeInfo = tuple[int, "int | str | None", int, "tuple[int, frozenset[str]] | None"]
_PUNCTUATION: _TypeInfo = (-1, None, _NEVER, None)
_TYPES: dict[str, _TypeInfo] = {}
_TYPES_LIMIT = 60_000
# (wording id, adjustment code) -> (emissions, scores, weights) of its states when a
# document's quotations or siblings adjust them (see _Analyser._states).
_ADJUSTED: dict[int, tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]] = {}
_ADJUSTED_LIMIT = 10_000
# An adjustment code is 2 bits (observed word quoted, observed word in a sibling) and
# one bit per option (its lemma quoted), packed under the wording id in _Node.key.
_CODE_BITS = 2 + MAX_CANDIDATES
assert _CODE_BITS <= 8


_token_text = attrgetter("text")


def _shape(text: str) -> int:
    """_LOWER for an alphabetic word not capitalised, _CAPITALISED for one capitalised
    (a suspect only at the start of a sentence), _NEVER otherwise (acronyms, digits)."""
    if not text.isalpha():
        return _NEVER
    if text[0].isupper():
        return _NEVER if len(text) > 1 and text.isupper() else _CAPITALISED
    return _LOWER


def _type_of(lex: Lexicon, token: Token) -> _TypeInfo:
    """The :data:`_TYPES` entry of a token's text (worked out and cached on a miss)."""
    if not token.is_word:
        info = _PUNCTUATION
    else:
        norm = token.norm
        word = lex.id(norm)
        longest = lex.phrase_starts.get(norm)
        phrases = (longest, lex.phrase_seconds(norm)) if longest else None
        if word < 0:
            info = (word, norm, _NEVER, phrases)
        else:
            info = (word, lex.lemma_of(word), _shape(token.text), phrases)
    if len(_TYPES) > _TYPES_LIMIT:
        _TYPES.clear()
    _TYPES[token.text] = info
    return info


def _adjustment(bonus: bool, quoted: bool, sibling: bool) -> float:
    """Log-odds from the document's quotations and its siblings' words: ``bonus`` when a
    quotation has the candidate but not the observed word, ``quoted`` when it has the
    observed word, ``sibling`` when a sibling article has the observed word.

    A same-event article using the observed word speaks for it; one merely using the
    candidate is no evidence of a swap (another outlet may word it its own way), so
    siblings only ever lower suspicion: sibling evidence of a swap comes from
    alignment, where the sentences match."""
    value = 0.0
    if bonus:
        value += QUOTE_BONUS
    if quoted:
        value -= QUOTE_MALUS
    if sibling:
        value -= SIBLING_MALUS
    return value * LN10


def _adjusted_states(
    static: _Static, code: int
) -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]:
    """(emissions, scores, weights) of a wording's states under adjustment ``code``
    (see _Analyser._adjust_code; cached per process)."""
    key = static.observed << _CODE_BITS | code
    found = _ADJUSTED.get(key)
    if found is None:
        quoted, sibling = bool(code & 1), bool(code & 2)
        emissions = (
            static.observed_emission,
            *(
                option[0] + _adjustment(bool(code >> (2 + i) & 1), quoted, sibling)
                for i, option in enumerate(static.options)
            ),
        )
        scores = _scores(emissions, static.options)
        top = max(scores)
        found = (emissions, scores, tuple([math.exp(v - top) for v in scores]))
        _trim(_ADJUSTED, _ADJUSTED_LIMIT)
        _ADJUSTED[key] = found
    return found


class _Analyser:
    def __init__(self, doc: Document, lex: Lexicon, siblings: Sequence[Document]) -> None:
        # Not the Document itself: the Analysis keeps this analyser to build its
        # candidates later, and is cached under the document by a weak reference.
        self.text = doc.text
        self.lex = lex
        self.tokens = tokens = doc.tokens
        infos: list[_TypeInfo | None] = list(map(_TYPES.get, map(_token_text, tokens)))
        index = -1
        with suppress(ValueError):  # list.index: no text left that is not cached yet
            while True:
                index = infos.index(None, index + 1)
                infos[index] = _type_of(lex, tokens[index])
        self.infos: list[_TypeInfo] = infos  # type: ignore[assignment]
        self.ids = [info[0] for info in infos]
        self.in_quote = in_quote = doc.tokens_in_quote
        self.starts = doc.token_starts
        keys = [info[1] for info in infos]
        if True in in_quote:
            quoted_words = [k for k, q in zip(keys, in_quote, strict=True) if q and k is not None]
            open_words = [k for k, q in zip(keys, in_quote, strict=True) if not q and k is not None]
        else:
            quoted_words, open_words = [], [k for k in keys if k is not None]
        self.quoted_vocab: Counter[int] = Counter(quoted_words)  # type: ignore[arg-type]
        self.open_vocab: Counter[int] = Counter(open_words)  # type: ignore[arg-type]
        self.sibling_vocab: set[int] = set()
        for sibling in siblings:
            self.sibling_vocab.update(lex.lemma_of(lex.id(t.norm)) for t in sibling.words)
        self.joins = doc.joins
        # Without quotations or siblings no emission is adjusted: use the cached ones.
        self.adjusted = bool(self.quoted_vocab or self.sibling_vocab)

    # ------------------------------------------------------------------ nodes
    def _eligibility(self) -> list[bool]:
        """Whether each token may be a suspect: a known, alphabetic, lowercase word (or
        capitalised only at the start of a sentence; not a name or an acronym)."""
        shapes = [info[2] for info in self.infos]
        eligible = [shape == _LOWER for shape in shapes]
        index = -1
        initial = self._sentence_initial
        with suppress(ValueError):  # list.index: no capitalised word left
            while True:
                index = shapes.index(_CAPITALISED, index + 1)
                eligible[index] = initial(index)  # else a name
        return eligible

    def _sentence_initial(self, index: int) -> bool:
        if index == 0:
            return True
        previous = self.tokens[index - 1]
        gap = self.text[previous.end : self.tokens[index].start]
        return "\n" in gap or previous.text in ".!?:;\"“‘'([—–-"

    def nodes(self) -> list[_Node]:
        """The suspects of the document, in order: at each eligible word the longest
        wording with originals that starts there (a phrase, else the word itself)."""
        tokens, infos, joins = self.tokens, self.infos, self.joins
        eligible = self._eligibility()
        make = self._node
        statics, no_candidates = _STATIC, _NO_CANDIDATES
        # Most wordings are neither in a quotation nor in a sibling, nor are their
        # options: their nodes take the static's states without working out a code.
        adjusted, sibling = self.adjusted, self.sibling_vocab
        unquoted = self.quoted_vocab.keys().isdisjoint
        nodes: list[_Node] = []
        append = nodes.append
        count = len(tokens)
        after = 0  # the first token not inside a node already made
        for index in compress(range(count), eligible):
            if index < after:
                continue
            norm = tokens[index].norm
            phrases = infos[index][3]
            # A phrase is a run of eligible words with only spaces between them, and
            # some wording with originals starts with its first two words: try the
            # longest such run first, then shorter ones.
            if (
                phrases is not None
                and index + 1 < count
                and joins[index]
                and eligible[index + 1]
                and tokens[index + 1].norm in phrases[1]
            ):
                last, limit = index + 1, min(index + phrases[0], count) - 1
                while last < limit and joins[last] and eligible[last + 1]:
                    last += 1
                node = None
                for end in range(last, index, -1):
                    phrase = " ".join([t.norm for t in tokens[index : end + 1]])
                    node = make(index, end, phrase)
                    if node is not None:
                        break
                if node is not None:
                    append(node)
                    after = node.last + 1
                    continue
            static = statics.get(norm)
            if static is None:
                if norm in no_candidates:
                    continue
                static = _static(self.lex, norm)
                if static is None:
                    continue
            if adjusted and not (
                unquoted(static.all_lemmas) and static.observed_lemma not in sibling
            ):
                append(self._adjusted_node(index, index, static))
            else:
                append(
                    _new(
                        _Node,
                        (
                            index,
                            index,
                            static,
                            None,
                            static.scores,
                            static.weights,
                            static.observed << _CODE_BITS,
                        ),
                    )
                )
        return nodes

    def _node(self, first: int, last: int, phrase: str) -> _Node | None:
        static = _STATIC.get(phrase)
        if static is None:
            if phrase in _NO_CANDIDATES:
                return None
            static = _static(self.lex, phrase)
            if static is None:
                return None
        return self._adjusted_node(first, last, static)

    def _adjusted_node(self, first: int, last: int, static: _Static) -> _Node:
        """A suspect's node, with its states as this document adjusts them."""
        key = static.observed << _CODE_BITS
        code = self._adjust_code(static) if self.adjusted else 0
        if not code:
            return _new(_Node, (first, last, static, None, static.scores, static.weights, key))
        emissions, scores, weights = _adjusted_states(static, code)
        return _new(_Node, (first, last, static, emissions, scores, weights, key | code))

    def _adjust_code(self, static: _Static) -> int:
        """What this document's quotations and siblings say about a wording and its
        options, as the bits of :func:`_adjusted_states`'s code (0: nothing, and the
        static's cached scores hold)."""
        quoted = self.quoted_vocab  # counts of words seen: presence is enough
        observed = static.observed_lemma
        code = 2 if observed in self.sibling_vocab else 0
        if observed in quoted:
            return code | 1  # no option gets the quotation's bonus
        for i, lemma in enumerate(static.lemmas):
            if lemma in quoted:
                code |= 1 << (2 + i)
        return code

    # ------------------------------------------------------------------ inference
    def run(self) -> Analysis:
        nodes = self.nodes()
        ids, joins, infos = self.ids, self.joins, self.infos
        count = len(ids)
        memo = _CHAINS
        total = len(nodes)
        # Per node, its template and whether that came from the memo.
        templates_of: list[_Template] = []
        memoised_of: list[bool] = []
        k = 0
        while k < total:
            # A chain: a run of suspects joined by plain spaces (or by punctuation
            # right after a word: "workplace, stated" is one chain; the neighbours'
            # ids in the key tell it from "workplace stated"), with the fixed word on
            # each side when joined to it. A fixed word cuts the dependence between its
            # two sides, so each chain is scored on its own.
            start = k
            node = nodes[k]
            while k + 1 < total and joins[node.last]:
                following = node.last + 1
                while following < count and infos[following][1] is None:
                    following += 1  # punctuation
                if nodes[k + 1].first != following:
                    break
                k += 1
                node = nodes[k]
            chain = nodes[start : k + 1]
            k += 1
            first, last = chain[0].first, node.last
            previous = first - 1
            while previous >= 0 and infos[previous][1] is None:
                previous -= 1
            left = ids[previous] if previous >= 0 and joins[previous] else None
            following = last + 1
            while following < count and infos[following][1] is None:
                following += 1
            right = ids[following] if following < count and joins[last] else None
            # The candidates of a chain depend only on its wordings (and on how the
            # document adjusts them), on the fixed words around it and on the words next
            # to each suspect (which punctuation may hide from the chain): news repeats
            # its phrases, so look them up.
            if len(chain) == 1:  # the common case, spelt out
                contexts = [
                    ids[first - 1] if first and joins[first - 1] else -1,
                    ids[last + 1] if last + 1 < count and joins[last] else -1,
                ]
                key = (left, right, node.key, *contexts)
            else:
                contexts = self._contexts(chain)
                key = (left, right, *[node.key for node in chain], *contexts)
            templates = memo.get(key)
            memoised = templates is not None
            if templates is None:
                posteriors = self._posteriors(left, chain, right)
                templates = tuple(
                    self._template(node, marginal, contexts[2 * j], contexts[2 * j + 1])
                    for j, (node, marginal) in enumerate(zip(chain, posteriors, strict=True))
                )
                digest = hash(key)
                if digest in _SEEN_ONCE:
                    _trim(memo, _CHAINS_LIMIT)
                    memo[key] = templates
                else:
                    _trim(_SEEN_ONCE, _SEEN_ONCE_LIMIT)
                    _SEEN_ONCE.add(digest)
            templates_of.extend(templates)
            memoised_of.extend([memoised] * len(chain))
        suspects = self._suspects(nodes, templates_of, memoised_of)
        return Analysis(suspects, self.cues(suspects), self._candidate)

    def cues(self, suspects: list[_Suspect]) -> dict[str, float]:
        """Document-level cues: the mixture evidence that the text is spun (each suspect
        a swap with share SWAP_SHARE, or an ordinary word), inside and outside quotes."""
        sums = {}  # in quote → [evidence, swaps], each summed in document order
        for quoted in (True, False):
            part = [s for s in suspects if s.in_quote is quoted]
            sums[quoted] = [
                reduce(add, [s.cue_evidence for s in part], 0.0),
                reduce(add, [s.cue_swaps for s in part], 0.0),
            ]
        words_in = sum(self.quoted_vocab.values())
        words_out = sum(self.open_vocab.values())
        rate_out = 100 * sums[False][1] / max(words_out, 1)
        rate_in = 100 * sums[True][1] / max(words_in, 1)
        contrast = 0.0
        if words_in >= QUOTE_MIN_WORDS and words_out >= QUOTE_MIN_WORDS:
            contrast = max(
                0.0,
                min(
                    QUOTE_CONTRAST_CAP,
                    (rate_out - rate_in - QUOTE_CONTRAST_FREE) * QUOTE_CONTRAST_WEIGHT,
                ),
            )
        return {
            "evidence": sums[False][0],
            "evidence_quoted": sums[True][0],
            "likely_swaps": sums[False][1],
            "words_out": float(words_out),
            "words_in": float(words_in),
            "rate_out": rate_out,
            "rate_in": rate_in,
            "quote_contrast_evidence": contrast,
        }

    def _posteriors(
        self, left: int | None, chain: list[_Node], right: int | None
    ) -> list[list[float]]:
        """Posterior over each suspect's states (normalised probabilities), given the
        fixed words joined to the chain on the left and right (None: none)."""
        if len(chain) == 1:
            return [self._single(chain[0], left, right)]
        # Scaled forward-backward in probability space: one exp per score, then only
        # products and sums. (Each suspect's weights are exp(score - max score).) A fixed
        # word at either end is one state of weight 1: its forward (or backward) value is
        # 1.0, so the edge's transitions enter the first forward (last backward) vector
        # as they are (0.0 + 1.0 * w is w, and so is 0 + w * 1.0), and the fixed words'
        # own vectors, never read, are not worked out.
        emissions: list[Sequence[float]] = [node.weights for node in chain]
        statics = [node.static for node in chain]
        cache = _ASSOC
        miss = _assoc_miss
        lex = self.lex
        exp = math.exp
        transitions = []
        for k in range(len(chain) - 1):
            following = statics[k + 1].firsts
            matrix = []
            for last in statics[k].lasts:
                base = last << 24
                matrix.append(
                    [
                        exp(
                            found
                            if (found := cache.get(base | first)) is not None
                            else miss(lex, last, first)
                        )
                        for first in following
                    ]
                )
            transitions.append(matrix)
        if left is None:
            opening = list(emissions[0])
        else:
            base = left << 24
            opening = [
                exp(
                    found
                    if (found := cache.get(base | first)) is not None
                    else miss(lex, left, first)
                )
                * weight
                for first, weight in zip(statics[0].firsts, emissions[0], strict=False)
            ]
        forward: list[list[float]] = [_normalised(opening)]
        for k in range(1, len(chain)):
            previous, matrix = forward[-1], transitions[k - 1]
            row = [0.0] * len(emissions[k])
            for a_value, weights in zip(previous, matrix, strict=False):
                if a_value:
                    row = [r + a_value * w for r, w in zip(row, weights, strict=False)]
            forward.append(_normalised([r * e for r, e in zip(row, emissions[k], strict=False)]))
        if right is None:
            closing = [1.0] * len(emissions[-1])
        else:
            closing = _normalised(
                [
                    exp(
                        found
                        if (found := cache.get(last << 24 | right)) is not None
                        else miss(lex, last, right)
                    )
                    for last in statics[-1].lasts
                ]
            )
        backward: list[list[float]] = [closing]
        for k in range(len(chain) - 2, -1, -1):
            after = [b * e for b, e in zip(backward[0], emissions[k + 1], strict=False)]
            backward.insert(
                0, _normalised([sum(map(mul, weights, after)) for weights in transitions[k]])
            )
        return [
            _normalised([f * b for f, b in zip(f_row, b_row, strict=False)])
            for f_row, b_row in zip(forward, backward, strict=True)
        ]

    def _single(self, node: _Node, left: int | None, right: int | None) -> list[float]:
        """The common case: one suspect between fixed words (or none)."""
        cache = _ASSOC
        miss = _assoc_miss
        lex = self.lex
        static = node.static
        scores: Sequence[float] = node.scores
        if left is not None:
            base = left << 24
            scores = [
                v
                + (
                    found
                    if (found := cache.get(base | first)) is not None
                    else miss(lex, left, first)
                )
                for v, first in zip(scores, static.firsts, strict=False)
            ]
        if right is not None:
            scores = [
                v
                + (
                    found
                    if (found := cache.get(last << 24 | right)) is not None
                    else miss(lex, last, right)
                )
                for v, last in zip(scores, static.lasts, strict=False)
            ]
        top = max(scores)
        weights = [math.exp(v - top) for v in scores]
        total = sum(weights)
        return [w / total for w in weights]

    def _contexts(self, chain: list[_Node]) -> list[int]:
        """:meth:`_neighbour` before and after each suspect of ``chain``, in turn."""
        ids, joins = self.ids, self.joins
        count = len(ids)
        return [
            side
            for node in chain
            for side in (
                ids[node.first - 1] if node.first and joins[node.first - 1] else -1,
                ids[node.last + 1] if node.last + 1 < count and joins[node.last] else -1,
            )
        ]

    def _neighbour(self, index: int, step: int) -> int:
        """Id of the word next to token ``index`` (step -1 or 1) in the same phrase
        context, or -1 when punctuation or a line break comes between."""
        other = index + step
        if not 0 <= other < len(self.tokens) or not self.tokens[other].is_word:
            return -1
        if not self.joins[min(index, other)]:
            return -1
        return self.ids[other]

    def _template(self, node: _Node, marginal: Sequence[float], left: int, right: int) -> _Template:
        """The document-free part of a suspect's candidate (see _Template)."""
        static = node.static
        assert static is not None
        spun = 1.0 - marginal[0]
        odds = spun / max(marginal[0], 1e-300)
        log_bayes = (math.log(max(odds, 1e-300)) - LOG_RATE + LOG_KEEP) / LN10
        best = max(range(1, len(marginal)), key=marginal.__getitem__)
        option = static.options[best - 1]
        lex = self.lex

        # The associations of the observed wording and of the option with the neighbours,
        # in log10, and how many of those pairs the bigram list has (in that order:
        # a miss may trim the caches).
        cache, listed_pairs, miss = _ASSOC, _LISTED, _assoc_miss
        obs_left = obs_right = cand_left = cand_right = 0.0
        obs_listed = cand_listed = 0
        if left >= 0:
            key = left << 24 | static.first
            value = cache.get(key)
            if value is None:
                value = miss(lex, left, static.first)
            obs_left, obs_listed = value / LN10, obs_listed + (key in listed_pairs)
        if right >= 0:
            key = static.last << 24 | right
            value = cache.get(key)
            if value is None:
                value = miss(lex, static.last, right)
            obs_right, obs_listed = value / LN10, obs_listed + (key in listed_pairs)
        if left >= 0:
            key = left << 24 | option[6]
            value = cache.get(key)
            if value is None:
                value = miss(lex, left, option[6])
            cand_left, cand_listed = value / LN10, cand_listed + (key in listed_pairs)
        if right >= 0:
            key = option[7] << 24 | right
            value = cache.get(key)
            if value is None:
                value = miss(lex, option[7], right)
            cand_right, cand_listed = value / LN10, cand_listed + (key in listed_pairs)
        neighbours = float(left >= 0) + float(right >= 0)
        original_zipf = lex.zipf_of(option[1])
        head = (
            log_bayes,
            original_zipf - static.observed_zipf,
            option[3] / LN10,
            obs_left + obs_right,
            cand_left + cand_right - obs_left - obs_right,
            static.observed_zipf,
            _FLOATS[node.first != node.last],
            _FLOATS[" " in option[5]],
            _FLOATS[option[4] & FLAG_CURATED > 0],
            _FLOATS[option[4] & FLAG_WORDNET > 0],
        )
        tail = (
            neighbours,
            obs_listed - neighbours,
            cand_listed - obs_listed,
            max(cand_left - obs_left, cand_right - obs_right),
            min(obs_left, obs_right),
            static.log_options,
        )
        probabilities = tuple(marginal[1 : len(static.options) + 1])
        fits = None
        if node.emissions is not None:  # adjusted by quotations or siblings
            emissions = node.emissions
            observed = emissions[0]
            fits = tuple([(emission - observed) / LN10 for emission in emissions[1:]])
        # Best first; a stable sort (reverse keeps it stable), so ties keep the static's
        # order.
        order = bytes(
            sorted(range(len(probabilities)), key=probabilities.__getitem__, reverse=True)
        )
        # How much better the best candidate fits between the neighbours (for explain):
        # the same sums as there, with absent sides adding 0.0.
        gain = (original_zipf + cand_left + cand_right) - (
            static.observed_zipf + obs_left + obs_right
        )
        return _new(
            _Template,
            (
                head,
                tail,
                best,
                probabilities,
                fits,
                order,
                gain,
                static.lemmas[best - 1],
                next(_SERIALS),
            ),
        )

    def _suspects(
        self, nodes: list[_Node], templates: list[_Template], from_memo: list[bool]
    ) -> list[_Suspect]:
        """The suspects in this document: each node's template with what the document's
        own words say about the wording and its best option. The scores of a memoised
        chain's templates are looked up too (the same words come back with the same
        counts, mostly once or not at all)."""
        counts, quoted = self.open_vocab, self.quoted_vocab
        starts, in_quote = self.starts, self.in_quote
        scored, scored_get = _SCORED, _SCORED.get
        found = []
        append = found.append
        for node, template, memoised in zip(nodes, templates, from_memo, strict=True):
            observed, original = node.static.observed_lemma, template.original_lemma
            # (template, other uses of the observed word, uses of the option, option
            # quoted, observed word quoted): counts are never 0, so presence suffices.
            vocabulary = (
                template.serial,
                counts.get(observed, 0),
                counts.get(original, 0),
                original in quoted,
                observed in quoted,
            )
            scores = scored_get(vocabulary) if memoised else None
            if scores is None:
                scores = _scored(template, vocabulary)
                if memoised:
                    _trim(scored, _SCORED_LIMIT)
                    scored[vocabulary] = scores
            first = node.first
            append(
                _new(
                    _Suspect, (starts[first], in_quote[first], node, template, vocabulary, *scores)
                )
            )
        return found

    def _candidate(self, suspect: _Suspect) -> Candidate:
        node, template = suspect.node, suspect.template
        static = node.static
        assert static is not None
        start, end = suspect.start, self.tokens[node.last].end
        probability = suspect.spun_probability
        evidence: tuple[str, ...] = ()
        if probability >= EXPLAIN_FROM:
            evidence = self.explain(node, template.best, template.gain)
        options, priors = static.options, static.prior_probs
        probabilities, fits = template.probabilities, template.fits or static.fits
        # Candidate(start, end, text, options, probability, log_bayes, in_quote,
        # swap_evidence=..., evidence=..., features=...), built positionally.
        return _new(
            Candidate,
            (
                start,
                end,
                self.text[start:end],
                tuple(
                    [
                        _new(Option, (options[i][5], probabilities[i], fits[i], priors[i]))
                        for i in template.order
                    ]
                ),
                probability,
                template.head[0],
                suspect.in_quote,
                "stats.substitution",
                evidence,
                suspect.swap_evidence,
                suspect.features,
            ),
        )

    def explain(self, node: _Node, best: int, gain: float) -> tuple[str, ...]:
        """Evidence a person can check: the fit in context (``gain``: log10 of how much
        better the candidate fits between the neighbours), the thesaurus link, and what
        the rest of the document says."""
        static = node.static
        assert static is not None
        option = static.options[best - 1]
        observed_text = " ".join(t.text for t in self.tokens[node.first : node.last + 1])
        candidate_text = option[5]
        left = self._neighbour(node.first, -1)
        right = self._neighbour(node.last, 1)
        left_text = self.tokens[node.first - 1].text + " " if left >= 0 else ""
        right_text = " " + self.tokens[node.last + 1].text if right >= 0 else ""
        lines = []
        if gain >= 0.5:
            lines.append(
                f"'{left_text}{candidate_text}{right_text}' fits 10^{gain:.1f} times better "
                f"than '{left_text}{observed_text}{right_text}' (Web 1T bigrams, wordfreq)"
            )
        sources = [name for flag, name in _SOURCE_NAMES if option[4] & flag]
        verb = "lists" if len(sources) == 1 else "list"
        lines.append(
            f"{' and '.join(sources)} {verb} '{observed_text.lower()}' for '{candidate_text}'"
        )
        uses = self.open_vocab.get(option[2], 0)
        if uses:
            times = "once" if uses == 1 else f"{uses} times"
            lines.append(f"'{candidate_text}' is used {times} elsewhere in this text")
        if self.quoted_vocab.get(option[2]) and not self.quoted_vocab.get(static.observed_lemma):
            lines.append(f"a quotation in this text says '{candidate_text}'")
        return tuple(lines)


_Vocabulary = tuple[int, int, int, bool, bool]  # see _Analyser._suspects
# Scores of a memoised template under a document's vocabulary (the _Vocabulary itself
# is the key): (spun probability, swap evidence, word evidence, cue evidence, cue swaps).
_SCORED: dict[_Vocabulary, tuple[float, float, float, float, float]] = {}
_SCORED_LIMIT = 40_000
_SERIALS = itertools.count()


# The process-wide caches above, by name: :func:`clear_caches` empties them.
PROCESS_CACHES = (
    "_ASSOC",
    "_LISTED",
    "_STATIC",
    "_NO_CANDIDATES",
    "_ORIGINALS",
    "_CHAINS",
    "_SEEN_ONCE",
    "_TYPES",
    "_ADJUSTED",
    "_SCORED",
)


def clear_caches() -> None:
    """Forget everything learnt from earlier documents, so that the next one costs what
    a first look at new text costs (benchmarks time that, not a warm repeat)."""
    for name in PROCESS_CACHES:
        globals()[name].clear()


def _features(template: _Template, vocabulary: _Vocabulary) -> tuple[float, ...]:
    """The classifiers' inputs: the template's, and the four from the document's words."""
    _, observed_uses, original_uses, original_quoted, observed_quoted = vocabulary
    return (
        *template.head,
        math.log1p(max(0, observed_uses - 1)),
        math.log1p(original_uses),
        float(original_quoted and not observed_quoted),
        float(observed_quoted),
        *template.tail,
    )


def _scored(
    template: _Template, vocabulary: _Vocabulary
) -> tuple[float, float, float, float, float]:
    """The two classifiers on a suspect, and the figures the finding thresholds and the
    document cues read off them (see _Suspect)."""
    features = _features(template, vocabulary)
    logit = _INTERCEPT + sum(map(mul, _SLOPES, features))
    clean_logit = _CLEAN_INTERCEPT + sum(map(mul, _CLEAN_SLOPES, features))
    probability = 1 / (1 + math.exp(-max(-30.0, min(30.0, logit))))
    swap_evidence = (clean_logit - CLEAN_BASE_LOGIT) / LN10
    ratio = 10 ** min(swap_evidence, 12.0)
    mixed = 1 - SWAP_SHARE + SWAP_SHARE * ratio
    return (
        probability,
        swap_evidence,
        (_logit(probability) - BASE_LOGIT) / LN10,
        math.log10(mixed),
        SWAP_SHARE * ratio / mixed,
    )


def _normalised(values: list[float]) -> list[float]:
    total = sum(values)
    if total <= 0 or not math.isfinite(total):
        return [1.0 / len(values)] * len(values)
    return [v / total for v in values]


# Each classifier is weights[0] + sum(map(mul, weights[1:], features)).
_INTERCEPT, _SLOPES = WEIGHTS[0], WEIGHTS[1:]
_CLEAN_INTERCEPT, _CLEAN_SLOPES = CLEAN_WEIGHTS[0], CLEAN_WEIGHTS[1:]


# ---------------------------------------------------------------------- the detector
class StatsDetector:
    source = SOURCE

    def rules(self, context: CheckContext | None = None) -> dict[str, str]:
        return dict(RULES)

    def prepare(self, context: CheckContext) -> None:
        """Load the lexicon (and its word index) before worker processes fork."""
        lexicon().find("")

    def check(self, doc: Document, context: CheckContext) -> Iterator[Finding]:
        analysis = analyse(doc, context)
        config = context.config
        min_evidence = math.log10(max(config.stat("min-ratio"), 1e-9))
        warning_evidence = math.log10(max(config.stat("warning-ratio"), 1e-9))
        spun, plain = reporting_profile(doc)
        profile = spun >= 2 and spun >= plain
        articles = _mismatched_articles(doc)
        reported: set[tuple[int, int]] = set()
        if context.deep:  # --deep: a language model rescores the shortlist (textqa/deep.py)
            from textqa.deep import rescore_candidates

            candidates = rescore_candidates(doc, analysis.candidates, context)
        else:
            # Only suspects that can pass _word_finding's thresholds become Candidates.
            candidates = analysis.candidates_of(
                [
                    suspect
                    for suspect in analysis.suspects
                    if not suspect.in_quote
                    and (
                        suspect.swap_evidence >= warning_evidence
                        or suspect.word_evidence >= min_evidence
                        or suspect.start in articles
                    )
                ]
            )
        for candidate in candidates:
            if candidate.in_quote or not candidate.options:
                continue
            finding = self._word_finding(
                doc, candidate, articles, profile, (spun, plain), min_evidence, warning_evidence
            )
            if finding is not None:
                reported.add((finding.start, finding.end))
                yield finding
        if profile:
            yield from _reporting_findings(doc, reported, spun, plain)
        if not config.is_selected("quality.proper-adjective", doc.path):
            yield from _proper_adjective_findings(doc)
        yield from _document_findings(doc, analysis)

    def _word_finding(
        self,
        doc: Document,
        candidate: Candidate,
        articles: dict[int, str],
        profile: bool,
        counts: tuple[int, int],
        min_evidence: float,
        warning_evidence: float,
    ) -> Finding | None:
        options = list(candidate.options)
        rule = "stats.substitution"
        evidence = list(candidate.evidence)
        level = None
        word_evidence = (_logit(candidate.spun_probability) - BASE_LOGIT) / LN10
        article = articles.get(candidate.start)
        norm = candidate.text.lower()
        if article is not None:
            from textqa.detectors.quality.a_an import VOWEL, sound

            wanted = VOWEL if article == "an" else "consonant"
            fitting = [o for o in options if sound(o.text) == wanted]
            if fitting:
                options = fitting + [o for o in options if o not in fitting]
                rule, level = "stats.a-an", "warning"
                evidence.insert(
                    0,
                    f"'{article} {candidate.text}': the article fits '{fitting[0].text}', "
                    "the word a spinner replaced",
                )
        elif norm in REPORTING_SPUN:
            if profile:
                return None  # reported by _reporting_findings, with the document's profile
            if all(token.start != candidate.start for token in reporting_uses(doc)[0]):
                return None  # "the stated aim", "as stated": no reporting verb to swap
        if level is None:
            if candidate.swap_evidence >= warning_evidence:
                level = "warning"
            elif word_evidence >= min_evidence:
                level = "info"
            else:
                return None
        best = options[0]
        suggestions = [o.text for o in options if o.probability >= 0.1 * best.probability]
        return doc.finding(
            candidate.start,
            candidate.end,
            rule=rule,
            source=SOURCE,
            level=level,
            message=f"'{candidate.text}' may be a spinner's synonym of '{best.text}'",
            suggestions=[_match_case(candidate.text, s) for s in suggestions[:4]],
            confidence=min(0.95, candidate.spun_probability),
            evidence=evidence,
        )


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def _match_case(original: str, replacement: str) -> str:
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _mismatched_articles(doc: Document) -> dict[int, str]:
    """Start offset of each word after a wrong "a"/"an" → the article as written."""
    from textqa.detectors.quality import a_an

    found = {}
    starts = doc.token_starts
    import bisect

    for finding in a_an.check(doc):
        index = bisect.bisect_left(starts, finding.start)
        if index + 1 < len(doc.tokens):
            found[doc.tokens[index + 1].start] = doc.tokens[index].norm
    return found


def _reporting_findings(
    doc: Document, reported: set[tuple[int, int]], spun: int, plain: int
) -> Iterator[Finding]:
    """Every spinner-style reporting verb outside quotations, in a document whose
    reporting verbs have the spinner's profile (one finding per occurrence: each is a fix)."""
    never = "never" if plain == 0 else f"only {plain} times"
    spun_uses, _plain_uses, passive = reporting_uses(doc)
    for token in spun_uses:
        if (token.start, token.end) in reported:
            continue
        original = REPORTING_SPUN[token.norm]
        evidence = [
            f"spinner-style reporting verbs appear {spun} times outside quotations, "
            f"'said'/'told' {never}"
        ]
        confidence = 0.85 if plain == 0 else 0.7
        if token.start in passive:  # "were stated in amps" was "expressed": a hint only
            evidence.append(
                f"a passive: '{token.text}' may stand for another verb than '{original}'"
            )
            confidence = PASSIVE_REPORTING_CONFIDENCE
        yield doc.finding(
            token.start,
            token.end,
            rule="stats.reporting-verbs",
            source=SOURCE,
            level="warning",
            message=f"'{token.text}' where news copy says '{original}'",
            suggestions=[_match_case(token.text, original)],
            confidence=confidence,
            evidence=evidence,
        )


def _proper_adjective_findings(doc: Document) -> Iterator[Finding]:
    """The quality check's lowercase demonyms, as substitution findings of this detector
    (used when ``quality.proper-adjective`` itself is not selected)."""
    from textqa.detectors.quality import proper_adjective

    for finding in proper_adjective.check(doc):
        yield doc.finding(
            finding.start,
            finding.end,
            rule="stats.proper-adjective",
            source=SOURCE,
            level="warning" if len(finding.suggestions) > 1 else "info",
            message=finding.message,
            suggestions=finding.suggestions,
            confidence=finding.confidence,
            evidence=finding.evidence,
        )


def _document_findings(doc: Document, analysis: Analysis) -> Iterator[Finding]:
    """One ``info`` finding per document-level cue that reads as spun, at the start of
    the first word (zero width, so it never merges with a word's finding); the engine
    makes it a warning when the document's spin score says spun."""
    if not doc.words:
        return
    at = doc.words[0].start
    cues = analysis.cues
    if cues.get("evidence", 0.0) >= DENSITY_EVIDENCE:
        yield doc.finding(
            at,
            at,
            rule="stats.density",
            source=SOURCE,
            level="info",
            message=(
                f"{cues['likely_swaps']:.0f} likely synonym swaps in "
                f"{cues['words_out']:.0f} words outside quotations"
            ),
            confidence=min(0.95, 1 - 10 ** -cues["evidence"]),
            evidence=[f"the suspects are 10^{cues['evidence']:.1f} times likelier in a spun text"],
        )
    if cues.get("quote_contrast_evidence", 0.0) > 0:
        yield doc.finding(
            at,
            at,
            rule="stats.quote-contrast",
            source=SOURCE,
            level="info",
            message=(
                f"{cues['rate_out']:.1f} suspicious words per 100 outside quotations, "
                f"{cues['rate_in']:.1f} inside: spinners leave quotes alone"
            ),
            confidence=0.7,
            evidence=[f"{cues['words_in']:.0f} words inside quotations"],
        )
