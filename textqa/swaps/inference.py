"""One document through the swap model: its suspects, the joint scoring of neighbouring
suspects (forward–backward over each run of adjacent ones), the two classifiers, and the
document cues the spin score uses. :func:`analyse` is the entry point."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import suppress
from functools import reduce
from itertools import compress
from operator import add, attrgetter, mul
from typing import TYPE_CHECKING, NamedTuple
from weakref import WeakKeyDictionary

from textqa.data.lexicon import FLAG_CURATED, FLAG_MOBY, FLAG_WORDNET, Lexicon, lexicon
from textqa.detectors.base import CheckContext
from textqa.document import starts_sentence
from textqa.spin import record_cues
from textqa.swaps.association import (
    _ASSOC,
    _LISTED,
    _assoc_after,
    _assoc_before,
    _assoc_matrix,
    _assoc_miss,
)
from textqa.swaps.candidates import (
    _NO_CANDIDATES,
    _ORIGINALS,
    _STATIC,
    LN10,
    LOG_KEEP,
    LOG_RATE,
    MAX_CANDIDATES,
    _new,
    _scores,
    _Static,
    _static,
    _trim,
)
from textqa.swaps.weights import BASE_LOGIT, CLEAN_BASE_LOGIT, CLEAN_WEIGHTS, WEIGHTS

if TYPE_CHECKING:
    from textqa.document import Document
    from textqa.tokens import Token


QUOTE_BONUS = 1.0  # log10: the candidate is said inside a quotation of this document
QUOTE_MALUS = 1.0  # log10: the observed word is itself used inside a quotation
SIBLING_MALUS = 1.0  # log10: a sibling article has the observed word
SWAP_SHARE = 0.35  # share of suspects that are swaps in a spun document (DEV data)
QUOTE_MIN_WORDS = 30  # words inside (and outside) quotations before quotes are compared
QUOTE_CONTRAST_FREE = 4.0  # likely swaps per 100 words outside quotes above inside: free
QUOTE_CONTRAST_WEIGHT = 0.25  # log10 evidence per further swap per 100 words
QUOTE_CONTRAST_CAP = 2.0


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
    # log10 of how much better the best option fits between the neighbours than the
    # observed wording (the "fits 10^x times better" of the evidence)
    context_gain: float = 0.0


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
        if siblings:
            from textqa.detectors.siblings import COPIES_OF, vouching_siblings

            recheck = context is not None and COPIES_OF in context.extra
            siblings = vouching_siblings(doc, siblings, recheck)
        cached = _Analyser(doc, lexicon(), siblings).run()
        _CACHE[doc] = cached
        record_cues(doc, cached.cues)
    return cached


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


_SOURCE_NAMES = (
    (FLAG_WORDNET, "WordNet"),
    (FLAG_MOBY, "Moby"),
    (FLAG_CURATED, "the curated spinner table"),
)
EXPLAIN_FROM = 0.3  # candidates this likely get human-readable evidence
_FLOATS = (0.0, 1.0)  # float(False), float(True), shared rather than one object each
# Chain key (see _Analyser.run) -> the _Template of each suspect in the chain. Shared
# between documents, read-only, and made of tuples, which the garbage collector stops
# tracking. A chain is stored the second time it is seen (_SEEN_ONCE holds the hashes
# of the others): in fresh text few chains come back, in repeated text nearly all.
_CHAINS: dict[tuple, tuple[_Template, ...]] = {}
_SEEN_ONCE: set[int] = set()
_CHAINS_LIMIT = 25_000
_SEEN_ONCE_LIMIT = 40_000


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


class _PhraseVocabulary(NamedTuple):
    """What a document's words say about its phrase wordings ("identity cards").

    The vocabularies count single words, so on their own they would never see a phrase
    used elsewhere, and would count the phrase's own words as uses of an option inside
    it: a report saying "identity cards" seven times would read as using 'cards' seven
    times, which spoke for "cards" → "identity cards" (a false flag on every clean text
    with a compound). This counts the phrases and the words inside them."""

    uses: Counter[int]  # open occurrences of each phrase wording (by lemma id)
    quoted: frozenset[int]  # phrase wordings used inside a quotation
    inside_open: Counter[tuple[int, int | str]]  # (phrase, word lemma): open uses within it
    inside_quoted: Counter[tuple[int, int | str]]

    @classmethod
    def of(
        cls, nodes: Sequence[_Node], infos: Sequence[_TypeInfo], in_quote: Sequence[bool]
    ) -> _PhraseVocabulary:
        uses: Counter[int] = Counter()
        quoted: set[int] = set()
        inside_open: Counter[tuple[int, int | str]] = Counter()
        inside_quoted: Counter[tuple[int, int | str]] = Counter()
        for node in nodes:
            if node.first == node.last:
                continue
            phrase = node.static.observed_lemma
            is_quoted = in_quote[node.first]
            if is_quoted:
                quoted.add(phrase)
            else:
                uses[phrase] += 1
            inside = inside_quoted if is_quoted else inside_open
            for info in infos[node.first : node.last + 1]:
                if info[1] is not None:
                    inside[phrase, info[1]] += 1
        return cls(uses, frozenset(quoted), inside_open, inside_quoted)

    def vocabulary(
        self,
        phrase: int,
        original: int,
        open_vocab: Counter[int | str],
        quoted_vocab: Counter[int | str],
    ) -> tuple[int, int, bool, bool]:
        """(open uses of the phrase, open uses of ``original`` outside the phrase, whether
        a quotation uses ``original`` outside the phrase, whether one uses the phrase)."""
        original_uses = open_vocab.get(original, 0) - self.inside_open.get((phrase, original), 0)
        original_quoted = quoted_vocab.get(original, 0) > self.inside_quoted.get(
            (phrase, original), 0
        )
        return (
            self.uses.get(phrase, 0),
            original_uses,
            original_quoted,
            phrase in self.quoted or phrase in quoted_vocab,
        )


_NO_PHRASES = _PhraseVocabulary(Counter(), frozenset(), Counter(), Counter())


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
        self.phrases = _NO_PHRASES

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
        return starts_sentence(self.text, self.tokens, index)

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
        if any(node.first != node.last for node in nodes):
            self.phrases = _PhraseVocabulary.of(nodes, self.infos, self.in_quote)
            if adjusted:  # the quotations' say on a phrase's wording and its options
                nodes = [
                    node
                    if node.first == node.last
                    else self._adjusted_node(node.first, node.last, node.static)
                    for node in nodes
                ]
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
        phrases = self.phrases
        if observed in quoted or observed in phrases.quoted:
            return code | 1  # no option gets the quotation's bonus
        for i, lemma in enumerate(static.lemmas):
            if quoted.get(lemma, 0) > phrases.inside_quoted.get((observed, lemma), 0):
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
        lex = self.lex
        exp = math.exp
        transitions = [
            [
                list(map(exp, row))
                for row in _assoc_matrix(lex, statics[k].lasts, statics[k + 1].firsts)
            ]
            for k in range(len(chain) - 1)
        ]
        if left is None:
            opening = list(emissions[0])
        else:
            opening = [
                exp(value) * weight
                for value, weight in zip(
                    _assoc_after(lex, left, statics[0].firsts), emissions[0], strict=False
                )
            ]
        forward: list[list[float]] = [_normalised(opening)]
        for k in range(1, len(chain)):
            previous, matrix = forward[-1], transitions[k - 1]
            row = [0.0] * len(emissions[k])
            for a_value, weights in zip(previous, matrix, strict=False):
                if a_value:  # row[j] += a_value * weights[j], with map's C loops
                    row = list(map(add, row, map(a_value.__mul__, weights)))
            forward.append(_normalised(list(map(mul, row, emissions[k]))))
        if right is None:
            closing = [1.0] * len(emissions[-1])
        else:
            closing = _normalised(list(map(exp, _assoc_before(lex, statics[-1].lasts, right))))
        backward: list[list[float]] = [closing]
        for k in range(len(chain) - 2, -1, -1):
            after = list(map(mul, backward[0], emissions[k + 1]))
            backward.insert(
                0, _normalised([sum(map(mul, weights, after)) for weights in transitions[k]])
            )
        return [
            _normalised(list(map(mul, f_row, b_row)))
            for f_row, b_row in zip(forward, backward, strict=True)
        ]

    def _single(self, node: _Node, left: int | None, right: int | None) -> list[float]:
        """The common case: one suspect between fixed words (or none)."""
        lex = self.lex
        static = node.static
        scores: Sequence[float] = node.scores
        if left is not None:
            scores = list(map(add, scores, _assoc_after(lex, left, static.firsts)))
        if right is not None:
            scores = list(map(add, scores, _assoc_before(lex, static.lasts, right)))
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
        vocabulary_of = self.phrases.vocabulary
        found = []
        append = found.append
        for node, template, memoised in zip(nodes, templates, from_memo, strict=True):
            observed, original = node.static.observed_lemma, template.original_lemma
            # (template, other uses of the observed word, uses of the option, option
            # quoted, observed word quoted): counts are never 0, so presence suffices.
            if node.first == node.last:
                vocabulary = (
                    template.serial,
                    counts.get(observed, 0),
                    counts.get(original, 0),
                    original in quoted,
                    observed in quoted,
                )
            else:
                vocabulary = (template.serial, *vocabulary_of(observed, original, counts, quoted))
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
            evidence = self.explain(node, template.best, template.gain, suspect.vocabulary)
        options, priors = static.options, static.prior_probs
        probabilities, fits = template.probabilities, template.fits or static.fits
        # Candidate(start, end, text, options, probability, log_bayes, in_quote,
        # swap_evidence=..., evidence=..., features=..., context_gain=...), positionally.
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
                template.gain,
            ),
        )

    def explain(
        self, node: _Node, best: int, gain: float, vocabulary: _Vocabulary
    ) -> tuple[str, ...]:
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
        # The vocabularies count lemmas: "Face the Nation" counts for "facing", so the
        # evidence names the lemma unless it is the candidate's own wording.
        lemma_text = self.lex.word(option[2]) if option[2] >= 0 else candidate_text
        word = (
            f"'{candidate_text}'" if lemma_text == candidate_text else f"a form of '{lemma_text}'"
        )
        # What the document's words say, as the suspect was scored on them (a phrase's
        # own words already left out: see _PhraseVocabulary).
        _, _, uses, option_quoted, observed_quoted = vocabulary
        if node.first == node.last and not self.in_quote[node.first]:
            uses -= int(self.infos[node.first][1] == option[2])  # not the flagged word itself
        quoted = option_quoted and not observed_quoted
        if uses > 0:
            times = "once" if uses == 1 else f"{uses} times"
            lines.append(f"{word[:1].upper()}{word[1:]} is used {times} elsewhere in this text")
        if quoted:
            lines.append(f"a quotation in this text uses {word}")
        return tuple(lines)


_Vocabulary = tuple[int, int, int, bool, bool]  # see _Analyser._suspects
# Scores of a memoised template under a document's vocabulary (the _Vocabulary itself
# is the key): (spun probability, swap evidence, word evidence, cue evidence, cue swaps).
_SCORED: dict[_Vocabulary, tuple[float, float, float, float, float]] = {}
_SCORED_LIMIT = 40_000
_SERIALS = itertools.count()


# Every process-wide cache of the model: :func:`clear_caches` empties them (in place:
# the modules hold them by name).
PROCESS_CACHES: dict[str, dict | set] = {
    "_ASSOC": _ASSOC,
    "_LISTED": _LISTED,
    "_STATIC": _STATIC,
    "_NO_CANDIDATES": _NO_CANDIDATES,
    "_ORIGINALS": _ORIGINALS,
    "_CHAINS": _CHAINS,
    "_SEEN_ONCE": _SEEN_ONCE,
    "_TYPES": _TYPES,
    "_ADJUSTED": _ADJUSTED,
    "_SCORED": _SCORED,
}


def clear_caches() -> None:
    """Forget everything learnt from earlier documents, so that the next one costs what
    a first look at new text costs (benchmarks time that, not a warm repeat)."""
    for cache in PROCESS_CACHES.values():
        cache.clear()


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
        word_evidence(probability),
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


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def word_evidence(probability: float) -> float:
    """A swap probability as log10 odds over the base rate of swaps: the scale of the
    ``min-ratio`` threshold for a finding (and of ``--deep``'s in-play band)."""
    return (_logit(probability) - BASE_LOGIT) / LN10
