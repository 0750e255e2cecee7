"""A wording's candidate originals and the scores that do not depend on the document.

Which originals a wording keeps, in which order, is read from the table the data build
stores in the lexicon (:func:`candidate_table`, built with this module's settings); a
wording's emissions and prior scores are worked out once per process and cached.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import islice
from typing import NamedTuple
from weakref import WeakKeyDictionary

from textqa.data.lexicon import FLAG_CURATED, FLAG_MOBY, FLAG_WORDNET, PRIOR_SCALE, Lexicon

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

# Model constants, tuned on the DEV data only (bench/stats_eval.py --tune): the Lee
# corpus's lee.cor articles (clean and spun) and the seeds.
UNIGRAM_WEIGHT = 0.5  # the unigram LM is weak on meaning: halve its say
SCANNED_ORIGINALS = 14  # originals read from the data per suspect
MAX_CANDIDATES = 6  # per suspect, after a cheap first ranking
SPIN_RATE = 0.15  # prior share of swapped words in a spun document
LOG_RATE, LOG_KEEP = math.log(SPIN_RATE), math.log(1 - SPIN_RATE)
SOURCE_BONUS = {FLAG_CURATED: 1.0, FLAG_WORDNET: 0.0, FLAG_MOBY: 0.0}


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


_new = tuple.__new__  # a NamedTuple from a tuple, without its Python-level __new__
# SOURCE_BONUS summed over the flags of a link, for every combination of flags.
_BONUS = tuple(sum(v for f, v in SOURCE_BONUS.items() if flags & f) for flags in range(8))
# Process-wide caches (lexicon look-ups do not depend on the document):
_STATIC: dict[str, _Static] = {}  # wordings with candidates
_NO_CANDIDATES: set[str] = set()  # wordings without (most multi-word look-ups)
_ORIGINALS: dict[int, tuple[str, int, float, int, int, bool]] = {}  # see _original
# Bounds on memory, here and for the word pairs (association.py) and the chain memo
# (inference.py) (about 2 kB per _Static or chain, 0.1-0.2 kB per other entry): a
# worker peaks at 120 MB on bench.speed's million words of news, and near 155 MB on a
# million words of fresh Wikipedia text. When one is reached a quarter of that cache
# goes (the word pairs' is emptied: see association._forget); text repeats its words,
# so the entries in use come straight back. (Lower
# chain bounds cost more than they save: below the working set the hit rate drops
# fast — 20,000 took a third longer than 25,000 on 100,000 repeated words. 200,000
# word pairs instead of 60,000 saved only 2.5% of bench.speed's corpus run for 14 MB more
# per worker, now that a miss costs a short bisect.)
_STATIC_LIMIT = 10_000
_NO_CANDIDATES_LIMIT = 60_000
_ORIGINALS_LIMIT = 20_000


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
