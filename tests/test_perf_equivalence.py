"""The fast paths give what the straightforward code gives.

Speed work replaced per-token searches by sweeps, added caches and memoised the
statistical detector's chains. Each test here checks one of those against a plain
reference implementation (written out below) or against a run with cold caches, on
small hand-made inputs that reach the edge cases: quotes that never close, code spans,
apostrophes, the same phrase next to punctuation and next to a word.
"""

from __future__ import annotations

import bisect
import contextlib
import math
import re
from dataclasses import asdict
from operator import mul

import pytest

from textqa.data.lexicon import lexicon
from textqa.detectors.base import CheckContext
from textqa.document import _SKIP_RE, Document
from textqa.findings import Finding
from textqa.packs import builtin_matcher
from textqa.swaps import association, candidates, inference
from textqa.tokens import Token, joins_phrase, tokenize

TEXTS = [
    "",
    "Macron’s office said on Sunday that the talks would resume.",
    'He said "we are ready" and left. The 12" pipe.\n\nA "quote that never closes\n\nNext.',
    "“First paragraph of a long quote.\n\n“Second,” he said. It’s *emphasised* and_snake.",
    "See `code span` and <b>tags</b> at https://example.org/x or mail a@b.co today.",
    "```\nfenced code block\n```\nAfter the fence, ‘single’ and ʼmodifierʼ apostrophes.",
    "Ukraine's 2022 war:  two  spaces,\ttabs\nand a line break; rapid-fire! Done?",
]


# ---------------------------------------------------------------------- tokens
_REFERENCE_TOKEN_RE = re.compile(r"([^\W_]+(?:['’][^\W_]+)*)|([^\s\w*])")


def reference_tokenize(text: str, offset: int = 0) -> list[Token]:
    tokens = []
    for match in _REFERENCE_TOKEN_RE.finditer(text):
        word, punct = match.group(1), match.group(2)
        surface = word if word is not None else punct
        norm = surface.replace("’", "'").replace("‘", "'").replace("ʼ", "'")
        if word is not None:
            norm = norm.lower()
        start, end = match.span()
        tokens.append(Token(surface, norm, start + offset, end + offset, word is not None))
    return tokens


@pytest.mark.parametrize("text", TEXTS)
def test_tokenize_matches_reference(text: str):
    assert tokenize(text) == reference_tokenize(text)
    assert tokenize(text, 5) == reference_tokenize(text, 5)  # the norm cache is warm now


# ---------------------------------------------------------------------- document
def reference_quoted(text: str) -> list[tuple[int, int]]:
    """The character-by-character scan that Document.quoted replaced."""
    spans = []
    cursor = 0
    paragraphs = []
    for match in re.finditer(r"\n[ \t]*\n", text):
        paragraphs.append((cursor, match.start()))
        cursor = match.end()
    paragraphs.append((cursor, len(text)))
    for start, end in paragraphs:
        open_at, opener = None, ""
        for index in range(start, end):
            char = text[index]
            follows_word = index > 0 and (text[index - 1].isalnum() or text[index - 1] in ".,!?;:")
            if open_at is None:
                if char == "“" or (char == '"' and not follows_word):
                    open_at, opener = index, char
            elif (opener == "“" and char == "”") or (opener == '"' and char == '"'):
                spans.append((open_at, index + 1))
                open_at = None
        if open_at is not None:
            spans.append((open_at, end))
    return spans


@pytest.mark.parametrize("text", TEXTS)
def test_document_sweeps_match_per_token_queries(text: str):
    from textqa.document import _merged, _single_quoted

    doc = Document(text)
    # Double quotes as the old scan found them, with closed single-quoted pairs joined in
    # (see test_single_quotes_are_quotations_only_in_closed_pairs).
    singles = _single_quoted(text)
    assert doc.quoted == _merged(reference_quoted(text) + singles, join_touching=True)
    assert doc.skipped == [m.span() for m in _SKIP_RE.finditer(text)]
    assert doc.tokens_in_quote == [doc.in_quote(t.start, t.end) for t in doc.tokens]
    pairs = zip(doc.tokens, doc.tokens[1:], strict=False)
    assert doc.joins == [joins_phrase(text, a, b) for a, b in pairs]


def test_quotes_and_code_are_really_exercised():
    """The cases above are not trivial: some tokens are quoted, some spans skipped."""
    quoted = Document(TEXTS[2])
    assert any(quoted.tokens_in_quote) and not all(quoted.tokens_in_quote)
    assert len(Document(TEXTS[4]).skipped) >= 4


# ---------------------------------------------------------------------- lexicon
def reference_find(lex, word: str) -> int:
    """The Python binary search over the word blob that Lexicon.find replaced."""
    key = word.encode("utf-8")
    blob, offsets = lex._blob, lex._offsets
    low, high = 0, lex.size
    while low < high:
        middle = (low + high) // 2
        if blob[offsets[middle] : offsets[middle + 1]] < key:
            low = middle + 1
        else:
            high = middle
    hit = low < lex.size and blob[offsets[low] : offsets[low + 1]] == key
    return low if hit else -1


def test_lexicon_find_and_pair_counts_match_reference():
    lex = lexicon()
    words = [lex.word(i) for i in range(0, lex.size, 997)]
    probes = words + [w + "x" for w in words] + ["", "zzzz", "office", "in keeping with"]
    for word in probes:
        assert lex.find(word) == reference_find(lex, word) == lex.id(word)
    ids = [-1] + [lex.id(w) for w in ("the", "office", "said", "workplace", "stated", "on")]
    for left in ids:
        for right in ids:
            log_left, log_right = lex.log_web_of(left), lex.log_web_of(right)
            expected = None
            if log_left is not None and log_right is not None:
                expected = (log_left + log_right - lex.log_total, lex.log_bigram_of(left, right))
            assert lex.pair_counts(left, right) == expected
    assert lex.pair_counts(lex.id("the"), lex.id("office"))[1] is not None  # a listed pair


def test_a_vocabulary_word_is_its_own_first_word():
    """candidates._original and candidates._static take a one-word wording's id for the id of its
    first and last word (the vocabulary is sorted and has no duplicates)."""
    lex = lexicon()
    for index in range(0, lex.size, 53):
        word = lex.word(index)
        if word.split() == [word]:
            assert lex.id(word) == index == lex.find(word)


def test_originals_columns_match_originals_of():
    lex = lexicon()
    for index in [-1, *range(0, lex.size, 97)]:
        for limit in (1, candidates.SCANNED_ORIGINALS):
            ids, priors, flags = lex.originals_columns(index, limit)
            assert list(zip(ids, priors, flags, strict=True)) == lex.originals_of(index, limit)


def reference_options(lex, phrase: str) -> tuple:
    """The options candidates._static built before the candidate table: every scanned
    original's full tuple through candidates._original, filtered, sorted, the first kept."""
    observed = lex.find(phrase)
    closed = phrase in candidates.CLOSED_CLASS
    options = []
    for original, log_prior, flags in zip(
        *lex.originals_columns(observed, candidates.SCANNED_ORIGINALS), strict=True
    ):
        text, lemma, unigram, first, last, closed_original = candidates._original(lex, original)
        if (closed or closed_original) and not flags & candidates.FLAG_CURATED:
            continue
        if lemma == lex.lemma_of(observed):
            continue
        emission = unigram + (log_prior + candidates._BONUS[flags]) * candidates.LN10
        options.append(
            (emission, original, lemma, log_prior * candidates.LN10, flags, text, first, last)
        )
    options.sort(reverse=True)
    return tuple(options[: candidates.MAX_CANDIDATES])


def test_shipped_candidate_table_is_current():
    """lexicon.bin's table is what candidates.candidate_table gives now, under the current
    settings; else rebuild it: python -m textqa.data.build."""
    lex = lexicon()
    assert lex.candidates_key == candidates.CANDIDATES_KEY
    assert lex.candidates == candidates.candidate_table(lex)
    assert candidates._checked_table(lex) is lex.candidates


def test_candidate_table_and_selection_match_the_sorted_options(cold_caches, monkeypatch):
    lex = lexicon()
    phrases = ["stated", "workplace", "in keeping with", "uncommon", "in", "the", "assembly"]
    phrases += [lex.word(i) for i in range(0, lex.size, 211) if lex.has_originals(i)]
    with_table = [candidates._static(lex, phrase) for phrase in phrases]
    assert sum(static is not None for static in with_table) > 100
    monkeypatch.setitem(candidates._TABLES, lex, None)  # as if built under other settings
    for cache in _CACHES.values():
        cache.clear()
    without = [candidates._static(lex, phrase) for phrase in phrases]
    assert with_table == without
    for phrase, static in zip(phrases, with_table, strict=True):
        expected = reference_options(lex, phrase)
        assert (static.options if static else ()) == expected


def test_a_table_built_under_other_settings_is_not_used(monkeypatch):
    lex = lexicon()
    monkeypatch.setattr(candidates, "_TABLES", type(candidates._TABLES)())
    monkeypatch.setattr(candidates, "CANDIDATES_KEY", candidates.CANDIDATES_KEY + " tuned")
    assert candidates._checked_table(lex) is None


def reference_assoc(lex, left: int, right: int) -> tuple[float, bool]:
    """association._assoc_miss as it read before it inlined Lexicon.pair_counts."""
    counts = lex.pair_counts(left, right)
    if counts is None:
        return 0.0, False
    expected, count = counts
    if count is not None:
        return min(association.MAX_PMI, count - expected) * association._ASSOC_SCALE, True
    bound = lex.log_floor - expected
    return (
        (bound - association.ABSENT_PENALTY) * association._ASSOC_SCALE if bound < 0 else 0.0
    ), False


def test_assoc_miss_matches_pair_counts(cold_caches):
    lex = lexicon()
    unlisted = next(i for i in range(lex.size) if lex.log_web_of(i) is None)
    ids = [-1, unlisted] + [lex.id(w) for w in ("the", "office", "said", "workplace", "on")]
    ids += list(range(3, lex.size, 4999))
    for left in ids:
        for right in ids:
            value, listed = reference_assoc(lex, left, right)
            assert association._assoc_miss(lex, left, right) == value
            assert ((left << 24 | right) in association._LISTED) == listed
    assert association._LISTED  # listed pairs were reached


def test_assoc_rows_match_single_pairs(cold_caches):
    """The row look-ups give each pair's _assoc_miss float, listed or not, whether the
    row's pairs were cached before or not (and with a word twice in the row)."""
    lex = lexicon()
    unlisted = next(i for i in range(lex.size) if lex.log_web_of(i) is None)
    ids = [-1, unlisted] + [lex.id(w) for w in ("the", "office", "said", "workplace", "on")]
    ids += [*range(3, lex.size, 4999), lex.id("the")]
    for cached_first in (False, True):
        for left in ids:
            for row in (ids, ids[::3]):
                expected = [reference_assoc(lex, left, right) for right in row]
                assert association._assoc_after(lex, left, row) == [v for v, _ in expected]
                for right, (_, listed) in zip(row, expected, strict=True):
                    assert ((left << 24 | right) in association._LISTED) == listed
                expected = [reference_assoc(lex, right, left) for right in row]
                assert association._assoc_before(lex, row, left) == [v for v, _ in expected]
                for right, (_, listed) in zip(row, expected, strict=True):
                    assert ((right << 24 | left) in association._LISTED) == listed
            if not cached_first:
                association._ASSOC.clear()
                association._LISTED.clear()
        lefts, rights = ids[::2], ids[1::3] + ids[:2]
        expected_matrix = [[reference_assoc(lex, a, b)[0] for b in rights] for a in lefts]
        assert association._assoc_matrix(lex, lefts, rights) == expected_matrix
    assert association._LISTED


def test_phrase_seconds_match_a_scan_of_the_vocabulary():
    """The build's list of second words, for every first word it lists and some it
    does not, against a scan of the whole vocabulary."""
    lex = lexicon()
    firsts = (*lex.phrase_starts, "the", "in", "office", "take", "said", "zzzz", "a")
    expected: dict[str, set[str]] = {first: set() for first in firsts}
    for index in range(lex.size):
        parts = lex.word(index).split(" ")
        if len(parts) > 1 and parts[0] in expected and lex.has_originals(index):
            expected[parts[0]].add(parts[1])
    for first in firsts:
        assert lex.phrase_seconds(first) == expected[first]
    assert lex.phrase_seconds("in")  # the probes do reach phrases


def test_bigram_starts_match_a_search_of_the_keys():
    lex = lexicon()
    keys = lex._bigram_keys
    for word_id in (0, *range(0, lex.size, 101), lex.size - 1):
        expected = (
            bisect.bisect_left(keys, word_id << 24),
            bisect.bisect_left(keys, (word_id + 1) << 24),
        )
        assert lex.bigram_range(word_id) == expected
    assert lex.bigram_range(lex.id("the"))[1] > lex.bigram_range(lex.id("the"))[0]


# ---------------------------------------------------------------------- packs
def test_regex_rules_per_word_match_the_scan_they_replace():
    matcher = builtin_matcher()
    for norm in ("stated", "go", "going", "maintain", "authorities", "develops", "the", "zzz"):
        expected = list(matcher._anchored.get(norm, ()))
        for size in matcher._prefix_lengths:
            expected.extend(matcher._prefixed.get(norm[:size], ()))
        assert matcher._regex_rules(norm) == tuple(dict.fromkeys(expected))
    assert matcher._regex_rules("stated")  # the probe words do reach regex rules


# ---------------------------------------------------------------------- findings
def test_finding_to_dict_matches_asdict():
    finding = Finding(
        "a.txt", 1, 2, 1, 5, 1, 4, "x.y", "rules", "warning", "m", "abc", ("s",), 0.12345, ("e",)
    )
    expected = asdict(finding)
    expected.update(suggestions=["s"], evidence=["e"], confidence=0.123)
    assert finding.to_dict() == expected
    assert list(finding.to_dict()) == list(expected)  # same key order in the JSON


# ---------------------------------------------------------------------- stats caches
_CACHES = inference.PROCESS_CACHES


SPUN = (
    "Macron's workplace stated on Sunday that talks might permit a uncommon assembly. "
    "The workplace stated, workplace stated: in keeping with plans the authorities "
    "elevated pressure.\n\n“We will not permit a uncommon assembly,” the workplace stated."
)
# The same phrases as SPUN in other company: a comma before "stated", other words around.
OTHER = (
    "Officials stated that a uncommon assembly might permit talks, workplace stated. "
    "Nobody stated anything in keeping with the workplace or the authorities."
)


def analysis_of(text: str, siblings: tuple[Document, ...] = ()) -> tuple:
    result = inference._Analyser(Document(text), lexicon(), siblings).run()
    return [tuple(c) for c in result.candidates], sorted(result.cues.items())


@pytest.fixture
def cold_caches():
    """Empty process-wide caches for the test, refilled afterwards. (Emptied in place:
    the model's modules share them by name.)"""
    saved = {name: cache.copy() for name, cache in _CACHES.items()}
    for cache in _CACHES.values():
        cache.clear()
    yield
    for name, cache in _CACHES.items():
        cache.clear()
        cache.update(saved[name])  # type: ignore[arg-type]


def test_memoised_chains_equal_a_cold_analysis(cold_caches):
    sibling = (Document("Macron's office said the meeting was rare."),)
    cold = {
        (text, bool(sibs)): analysis_of(text, sibs)
        for text in (SPUN, OTHER)
        for sibs in ((), sibling)
    }
    for _ in range(3):  # chains are stored the second time and reused from the third
        for text in (OTHER, SPUN):
            for sibs in ((), sibling):
                assert analysis_of(text, sibs) == cold[text, bool(sibs)]
    assert inference._CHAINS, "the memo was never used"
    assert cold[SPUN, False][0], "no candidates: the test checks nothing"


def test_memo_tells_apart_neighbours_that_punctuation_hides(cold_caches):
    """A chain of suspects runs on across a comma, but a candidate's features see
    the comma: the same words with and without it must not share a memo entry."""
    plain = "The talks workplace stated nothing."
    comma = "The talks, workplace stated nothing."
    cold = {text: analysis_of(text) for text in (plain, comma)}
    assert cold[plain] != cold[comma]
    for _ in range(3):
        for text in (plain, comma):
            assert analysis_of(text) == cold[text]


def test_tiny_cache_limits_do_not_change_the_analysis(cold_caches, monkeypatch):
    expected = [analysis_of(text) for text in (SPUN, OTHER)]
    for cache in _CACHES.values():
        cache.clear()
    for limit in ("_STATIC_LIMIT", "_NO_CANDIDATES_LIMIT", "_ORIGINALS_LIMIT"):
        monkeypatch.setattr(candidates, limit, 2)
    monkeypatch.setattr(association, "_ASSOC_LIMIT", 2)
    for limit in ("_TYPES_LIMIT", "_ADJUSTED_LIMIT", "_SCORED_LIMIT"):
        monkeypatch.setattr(inference, limit, 2)
    monkeypatch.setattr(inference, "_CHAINS_LIMIT", 2)
    monkeypatch.setattr(inference, "_SEEN_ONCE_LIMIT", 2)
    for _ in range(2):
        assert [analysis_of(text) for text in (SPUN, OTHER)] == expected
    # Trimmed all along (the word pairs' cache passes its limit by one matrix at most).
    assert len(candidates._STATIC) <= 3
    assert len(association._ASSOC) <= 3 + (candidates.MAX_CANDIDATES + 1) ** 2


def test_trim_drops_every_fourth_entry():
    cache = {key: key for key in range(10)}
    assert candidates._trim(cache, 10) == [] and len(cache) == 10
    assert candidates._trim(cache, 9) == [0, 4, 8]
    assert sorted(cache) == [1, 2, 3, 5, 6, 7, 9]
    seen = set(range(8))
    assert len(candidates._trim(seen, 4)) == 2 and len(seen) == 6


def test_prepare_loads_shared_data(monkeypatch):
    from textqa.config import Config
    from textqa.detectors import prepare
    from textqa.packs import _compile_regex

    _compile_regex.cache_clear()
    prepare(CheckContext(Config()))
    regex_rules = [rule for rule in builtin_matcher().rules.values() if rule.regex]
    assert _compile_regex.cache_info().currsize == len(regex_rules) > 0
    assert lexicon()._words is not None
    # The stats lexicon index is a plain sorted list, as the C bisect needs.
    words = lexicon()._words
    assert words[bisect.bisect_left(words, b"office")] == b"office"


def reference_posteriors(analyser, left, chain, right) -> list[list[float]]:
    """inference._Analyser._posteriors as it read before it folded the fixed words at the
    ends of a chain into its first forward and last backward vectors: each fixed word
    one more state of weight 1, with its own transitions and vectors."""
    lex = analyser.lex
    emissions = [node.weights for node in chain]
    firsts = [node.static.firsts for node in chain]
    lasts = [node.static.lasts for node in chain]
    if left is not None:
        emissions.insert(0, (1.0,))
        firsts.insert(0, (left,))
        lasts.insert(0, (left,))
    if right is not None:
        emissions.append((1.0,))
        firsts.append((right,))
        lasts.append((right,))
    transitions = [
        [
            [math.exp(association._assoc(lex, last, first)) for first in firsts[k + 1]]
            for last in lasts[k]
        ]
        for k in range(len(emissions) - 1)
    ]
    forward = [inference._normalised(list(emissions[0]))]
    for k in range(1, len(emissions)):
        row = [0.0] * len(emissions[k])
        for a_value, weights in zip(forward[-1], transitions[k - 1], strict=False):
            if a_value:
                row = [r + a_value * w for r, w in zip(row, weights, strict=False)]
        forward.append(
            inference._normalised([r * e for r, e in zip(row, emissions[k], strict=False)])
        )
    backward = [[1.0] * len(emissions[-1])]
    for k in range(len(emissions) - 2, -1, -1):
        after = [b * e for b, e in zip(backward[0], emissions[k + 1], strict=False)]
        backward.insert(
            0, inference._normalised([sum(map(mul, weights, after)) for weights in transitions[k]])
        )
    marginals = [
        inference._normalised([f * b for f, b in zip(f_row, b_row, strict=False)])
        for f_row, b_row in zip(forward, backward, strict=True)
    ]
    skip = left is not None
    return marginals[skip : skip + len(chain)]


@pytest.mark.parametrize(
    "probabilities",
    [(0.5, 0.2, 0.2, 0.1), (0.0, 0.0, 1.0), (0.25, 0.25, 0.25, 0.25), (0.1,), (0.3, 0.0, 0.3, 0.4)],
)
def test_option_order_matches_a_sort_of_the_negated_posteriors(probabilities):
    """_template ranks options with a reversed stable sort; it read a sort of the
    negated values: the same order, ties included."""
    negated = [-p for p in probabilities]
    expected = sorted(range(len(negated)), key=negated.__getitem__)
    order = sorted(range(len(probabilities)), key=probabilities.__getitem__, reverse=True)
    assert order == expected


def test_posteriors_fold_fixed_words_exactly(cold_caches):
    """Every run of two or more neighbouring suspects, with and without a fixed word on
    either side: the folded forward-backward gives the same floats, bit for bit."""
    lex = lexicon()
    words = [lex.id(w) for w in ("the", "office", "said", "on", "zzzz")]
    chains = 0
    for text in (SPUN, OTHER, "He is a uncommon workplace assembly elevated pressure."):
        analyser = inference._Analyser(Document(text), lex, ())
        nodes = analyser.nodes()
        for start in range(len(nodes)):
            for end in range(start + 2, min(start + 5, len(nodes)) + 1):
                chain = nodes[start:end]
                chains += 1
                for left in (None, *words):
                    for right in (None, *words):
                        expected = reference_posteriors(analyser, left, chain, right)
                        assert analyser._posteriors(left, chain, right) == expected
    assert chains > 10


@pytest.mark.parametrize("text", [*TEXTS, SPUN, OTHER])
def test_chain_contexts_match_per_token_queries(text: str):
    analyser = inference._Analyser(Document(text), lexicon(), ())
    nodes = analyser.nodes()
    expected = [
        side
        for n in nodes
        for side in (analyser._neighbour(n.first, -1), analyser._neighbour(n.last, 1))
    ]
    assert analyser._contexts(nodes) == expected


# ---------------------------------------------------------------------- files
def reference_is_excluded(path, patterns, root=None) -> bool:
    """The per-pattern fnmatch loop that files.is_excluded's single regex replaced."""
    from fnmatch import fnmatch

    posix = relative = path.as_posix()
    if root is not None:
        with contextlib.suppress(ValueError):
            relative = path.resolve().relative_to(root.resolve()).as_posix()
    for pattern in (p.rstrip("/") for p in patterns):
        if any(fnmatch(part, pattern) for part in path.parts):
            return True
        if fnmatch(posix, pattern) or fnmatch(relative, pattern):
            return True
    return False


def test_exclude_patterns_match_the_fnmatch_loop(tmp_path):
    from pathlib import Path

    from textqa.files import DEFAULT_EXCLUDE, is_excluded

    pattern_sets = [
        DEFAULT_EXCLUDE,
        ("*.md",),
        ("drafts/",),
        ("a/b/*", "[ab]*x", "??.txt"),
        (),
        ("*",),
        ("sub/**/x.txt", "notes", "/"),
    ]
    names = [
        "a/b/c.txt", "drafts/x.md", "x.txt", "node_modules/q.txt", "ab.txt", "bx",
        "sub/q/x.txt", "notes", "weird[1].txt", "build/x.txt", "ok/build.txt",
        str(tmp_path / "drafts" / "y.txt"),
    ]  # fmt: skip
    for patterns in pattern_sets:
        for name in names:
            for root in (None, tmp_path, Path(".")):
                path = Path(name)
                assert is_excluded(path, patterns, root) == reference_is_excluded(
                    path, patterns, root
                ), (name, patterns, root)


# ---------------------------------------------------------------------- regex anchors
def reference_structure(pattern: str, start: int = 0):
    """The character-by-character scan that regex_anchors._structure replaced."""
    depth, index, in_class = 0, start, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()|":
            depth += (char == "(") - (char == ")")
            yield index, char, depth
        index += 1


def test_regex_syntax_scan_matches_the_character_loop():
    import random

    from textqa.regex_anchors import _structure

    shipped = [rule.regex for rule in builtin_matcher().rules.values() if rule.regex]
    generator = random.Random(0)
    made_up = [
        "".join(generator.choice("ab()|[]\\\n^-.?") for _ in range(generator.randrange(25)))
        for _ in range(3000)
    ]
    for pattern in shipped + made_up:
        for start in (0, 1, 3):
            assert list(_structure(pattern, start)) == list(reference_structure(pattern, start))


def test_clear_caches_empties_every_process_cache_and_changes_no_result():
    warm = analysis_of(SPUN)
    assert any(_CACHES.values()), "nothing was cached"
    inference.clear_caches()
    assert not any(_CACHES.values())
    assert analysis_of(SPUN) == warm


def test_span_index_finds_what_a_scan_of_every_span_finds():
    """SpanIndex (the folds of articles, ignored rules and --suggest's edits) against
    the plain scan it replaced, on random spans of every length."""
    import random

    from textqa.spans import SpanIndex

    rng = random.Random(7)
    for _ in range(200):
        spans = [(s, s + rng.randrange(0, 60)) for s in (rng.randrange(0, 300) for _ in range(30))]
        index = SpanIndex(spans, lambda span: span)
        for _ in range(20):
            start = rng.randrange(0, 320)
            end = start + rng.randrange(1, 40)
            scan = sorted((s for s in spans if s[0] < end and start < s[1]), key=lambda s: s[0])
            assert index.overlapping(start, end) == scan


def test_a_look_up_before_the_vocabulary_list_finds_what_the_list_finds():
    """The first look-ups bisect the vocabulary where it lies, so that a run looking up a
    few words (a pack hit's originals, without the statistics) does not build the list."""
    lex = lexicon()
    count = len(lex._offsets) - 1
    vocabulary = [lex.word(index).encode("utf-8") for index in range(count)]

    def listed(word: str) -> int:  # the plain search the list makes
        key = word.encode("utf-8")
        index = bisect.bisect_left(vocabulary, key)
        return index if index < count and vocabulary[index] == key else -1

    words = [lex.word(0), lex.word(count - 1), lex.word(count // 2)]
    words += ["meets", "met", "said", "workplace", "zzzqxv", "", "naïve", "aaaaaa"]
    by_slices = [lex._find_in_blob(word.encode("utf-8")) for word in words]
    assert by_slices == [listed(word) for word in words]
    assert by_slices[:3] == [0, count - 1, count // 2] and by_slices[7] == -1
