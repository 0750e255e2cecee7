"""Merging overlapping findings: which id wins, how suggestions rank, how confidence adds."""

from __future__ import annotations

from dataclasses import replace

from textqa.document import Document
from textqa.findings import merge

TEXT = "Iraq stated the Guardian that the group had 150 members."
DOC = Document(TEXT, "t.txt")
AT = TEXT.index("stated")


def hit(source: str, rule: str, suggestions: tuple[str, ...], level: str, confidence: float):
    return DOC.finding(
        AT,
        AT + len("stated"),
        rule=rule,
        source=source,
        level=level,
        message="m",
        suggestions=suggestions,
        confidence=confidence,
        evidence=(f"{source} evidence",),
    )


def test_a_pack_finding_wins_and_keeps_the_others_evidence():
    pack = hit("rules", "news-spin.told-media", ("told",), "warning", 0.9)
    stats = hit("stats", "stats.substitution", ("said",), "info", 0.5)
    (merged,) = merge([stats, pack])
    assert merged.rule == "news-spin.told-media"
    assert merged.suggestions == ("told", "said")
    assert merged.evidence == ("rules evidence", "stats evidence")
    assert merged.confidence == 1 - (1 - 0.9) * (1 - 0.5)
    assert merged.level == "warning"


def test_evidence_about_a_part_of_the_span_says_which_part():
    # "stated the Guardian" (pack) holds "the" flagged on its own: that finding's
    # evidence is about another wording, so it comes under a line that says so.
    start = TEXT.index("stated the Guardian")
    pack = replace(hit("rules", "p.a", ("told the Guardian",), "warning", 0.9), end=start + 19)
    part = replace(
        hit("stats", "stats.substitution", ("a",), "info", 0.5),
        start=TEXT.index("the Guardian"),
        end=TEXT.index("the Guardian") + 3,
        text="the",
    )
    (merged,) = merge([pack, part])
    assert merged.suggestions == ("told the Guardian",)
    assert merged.evidence == (
        "rules evidence",
        "also stats.substitution on 'the' → 'a':",
        "stats evidence",
    )


def test_sibling_wording_goes_first_unless_the_sibling_finding_is_only_a_hint():
    pack = hit("rules", "news-spin.told-media", ("told",), "warning", 0.9)
    direct = hit("siblings", "siblings.substitution", ("said",), "warning", 0.9)
    assert merge([pack, direct])[0].suggestions == ("said", "told")
    # An echo of a swap on another line (info) does not outrank the pack's wording.
    echo = hit("siblings", "siblings.substitution", ("said",), "info", 0.54)
    (merged,) = merge([pack, echo])
    assert (merged.rule, merged.suggestions) == ("news-spin.told-media", ("told", "said"))


def test_a_sibling_hint_chooses_among_a_packs_wordings():
    pack = hit("rules", "news-spin.dialog", ("dialogue", "conversation"), "warning", 0.9)
    echo = hit("siblings", "siblings.substitution", ("conversation",), "info", 0.54)
    (merged,) = merge([pack, echo])
    assert (merged.rule, merged.suggestions) == ("news-spin.dialog", ("conversation", "dialogue"))


def test_a_demonym_finding_merges_with_the_sibling_finding_on_its_word():
    # Seed 002 with 003 as sibling reported "japanese" twice: as a lowercase demonym and as
    # the sibling's "eastern". One span, one finding, the sibling's wording first.
    doc = Document("A ceasefire in japanese Ukraine was agreed.")
    start = doc.text.index("japanese")
    demonym = doc.finding(
        start, start + 8, rule="quality.proper-adjective", source="quality", level="warning",
        message="m", suggestions=["eastern", "Japanese"], confidence=0.9,
        evidence=["'japanese' is a proper adjective and takes a capital"],
    )  # fmt: skip
    sibling = doc.finding(
        start, start + 8, rule="siblings.substitution", source="siblings", level="warning",
        message="m", suggestions=["eastern"], confidence=0.9,
        evidence=['sibling 003.txt line 3: "a ceasefire in eastern Ukraine"'],
    )  # fmt: skip
    (merged,) = merge([demonym, sibling])
    assert merged.rule == "siblings.substitution"
    assert merged.suggestions == ("eastern", "Japanese")
    assert merged.evidence[-1] == "'japanese' is a proper adjective and takes a capital"
    # Other quality findings stay apart ("a" of "a uncommon" is not the word swapped).
    article = replace(demonym, rule="quality.a-an", suggestions=("an",))
    assert len(merge([article, sibling])) == 2


def test_a_sibling_warning_wider_than_a_pack_hit_wins():
    # DEV (BBC, source as sibling): the spinner's "adult males" for "men". The sibling
    # aligned the phrase; the pack saw 'males' only, and its wording in its own span left
    # "Both adult men".
    doc = Document("Both adult males were giving evidence.")
    start = doc.text.index("adult males")
    sibling = doc.finding(
        start, start + 11, rule="siblings.substitution", source="siblings", level="warning",
        message="m", suggestions=["men"], confidence=0.9,
        evidence=['sibling s.txt line 1: "Both men were giving evidence."'],
    )  # fmt: skip
    pack = doc.finding(
        start + 6, start + 11, rule="news-spin.men-males", source="rules", level="info",
        message="m", suggestions=["men"], confidence=0.6, evidence=["pack news-spin"],
    )  # fmt: skip
    for order in ([sibling, pack], [pack, sibling]):
        (merged,) = merge(order)
        assert (merged.rule, merged.text, merged.suggestions) == (
            "siblings.substitution",
            "adult males",
            ("men",),
        )
        assert merged.evidence[-2:] == (
            "also news-spin.men-males on 'males' → 'men':",
            "pack news-spin",
        )
    # A sibling warning inside the pack's span wins too: the pack's other words are ones
    # the sibling sentence has. A sibling hint does not take the span from the pack.
    inside = replace(sibling, start=start + 6, text="males")
    wide_pack = replace(pack, start=start, text="adult males")
    assert merge([inside, wide_pack])[0].rule == "siblings.substitution"
    hint = replace(sibling, level="info", confidence=0.3)
    assert merge([hint, pack])[0].rule == "news-spin.men-males"
