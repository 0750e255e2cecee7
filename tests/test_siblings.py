"""The sibling detector: choosing siblings, findings, merging with other detectors, CLI."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from textqa import check_text
from textqa.config import Config
from textqa.detectors import CheckContext
from textqa.detectors.siblings import SiblingDetector
from textqa.document import Document
from textqa.engine import check_document

from conftest import CLEAN_SEEDS, SPUN_SEED

SPUN = (
    "French President Emmanuel Macron and Russian leader Vladimir Putin on Sunday agreed to "
    "work for a ceasefire in japanese Ukraine, Macron's workplace stated.\n\n"
    "Biden was hosting a uncommon weekend meeting of his National Security Council.\n\n"
    "Blinken stated that Moscow was ready to invade.\n"
)
SIBLING = (
    "French President Emmanuel Macron and Russian leader Vladimir Putin on Sunday agreed to "
    "work for a ceasefire in eastern Ukraine, Macron's office said.\n"
    "Biden was hosting a rare weekend meeting of his National Security Council.\n"
)
UNRELATED = (
    "Australia has beaten South Africa by 246 runs in the first Test at the Adelaide Oval. "
    "Glenn McGrath and Shane Warne each took three wickets, and Warne was named man of the match.\n"
)
SIBLINGS_ONLY = Config(select=("siblings",))


def sibling_doc(text: str = SIBLING, name: str = "003_sibling.txt") -> Document:
    return Document(text, name)


def by_text(findings):
    return {f.text: f for f in findings}


def test_substitutions_become_findings_with_the_sibling_wording():
    findings = check_text(SPUN, siblings=[sibling_doc()], config=SIBLINGS_ONLY)
    found = by_text(f for f in findings if f.level == "warning")
    assert {t: f.suggestions[0] for t, f in found.items()} == {
        "japanese": "eastern",
        "workplace": "office",
        "stated": "said",
        "uncommon": "rare",
    }
    workplace = found["workplace"]
    assert (workplace.rule, workplace.source) == ("siblings.substitution", "siblings")
    assert SPUN[workplace.start : workplace.end] == "workplace"
    assert workplace.evidence[0].startswith('sibling 003_sibling.txt line 1: "')
    assert "Macron's office said." in workplace.evidence[0]
    assert workplace.confidence >= 0.8


def test_a_confirmed_swap_elsewhere_is_an_info_hint():
    findings = check_text(SPUN, siblings=[sibling_doc()], config=SIBLINGS_ONLY)
    echo = [f for f in findings if f.line == 5]
    assert [(f.text, f.level, f.suggestions) for f in echo] == [("stated", "info", ("said",))]
    assert echo[0].evidence[0] == "same swap as line 1"


def test_no_hint_where_a_close_sibling_sentence_has_the_same_word():
    # The sibling has line 5's sentence word for word: its "stated" is the original's.
    sibling = SIBLING + "Blinken stated that Moscow was ready to invade.\n"
    findings = check_text(SPUN, siblings=[sibling_doc(sibling)], config=SIBLINGS_ONLY)
    assert [f for f in findings if f.line == 5] == []
    assert "stated" in {f.text for f in findings if f.line == 1}
    # A close sentence with "said" in another place bears the echo out.
    sibling = SIBLING + "Moscow was ready to invade, Blinken said.\n"
    findings = check_text(SPUN, siblings=[sibling_doc(sibling)], config=SIBLINGS_ONLY)
    assert [(f.text, f.suggestions) for f in findings if f.line == 5] == [("stated", ("said",))]


def test_sibling_evidence_raises_a_pack_finding_and_goes_first(tiny_pack: Path):
    # The tiny pack says workplace → office; this sibling has "bureau" there.
    sibling = sibling_doc(SIBLING.replace("Macron's office said", "Macron's bureau said"))
    config = Config(select=("tiny", "siblings"), packs=(tiny_pack,))
    alone = by_text(check_text(SPUN, config=config))["workplace"]
    together = by_text(check_text(SPUN, siblings=[sibling], config=config))["workplace"]
    assert alone.suggestions == ("office",)
    assert together.rule == "tiny.workplace"  # the pack finding, merged
    assert together.suggestions == ("bureau", "office")
    assert together.confidence > alone.confidence
    assert any(e.startswith("sibling 003_sibling.txt") for e in together.evidence)


def test_pack_pairs_count_as_links(tiny_pack: Path):
    text = "Prices rose sharply, in keeping with his top diplomat who spoke on Sunday in Paris."
    sibling = "Prices rose sharply, according to his top diplomat who spoke on Sunday in Paris."
    config = Config(select=("siblings",), packs=(tiny_pack,))
    (finding,) = check_text(text, siblings=[sibling_doc(sibling)], config=config)
    assert (finding.text, finding.suggestions) == ("in keeping with", ("according to",))
    assert "is a pack rule" in finding.evidence[1]


def detector_run(doc: Document, **context) -> tuple[list, list[str]]:
    detector = SiblingDetector()
    findings = detector.check(doc, CheckContext(config=SIBLINGS_ONLY, **context))
    return findings, detector.notes(doc)


def test_the_checked_file_itself_as_sibling_is_ignored(tmp_path: Path):
    path = tmp_path / "spun.txt"
    path.write_text(SPUN, encoding="utf-8")
    doc = Document(SPUN, str(path))
    findings, notes = detector_run(doc, siblings=(Document(SPUN, str(path)),))
    assert findings == []
    assert notes == ["ignored sibling spun.txt: it is the checked file itself"]


def test_an_unrelated_sibling_is_ignored_with_a_note():
    findings, notes = detector_run(Document(SPUN, "spun.txt"), siblings=(sibling_doc(UNRELATED),))
    assert findings == []
    assert notes[0].startswith("ignored sibling 003_sibling.txt: it does not report the same event")


def test_the_pool_gives_only_related_articles():
    pool = (
        sibling_doc(UNRELATED, "cricket.txt"),
        sibling_doc(SIBLING, "related.txt"),
        Document(SPUN, "spun.txt"),  # the checked file itself
    )
    findings, notes = detector_run(Document(SPUN, "spun.txt"), extra={"sibling_pool": pool})
    assert {f.text for f in findings if f.level == "warning"} == {
        "japanese",
        "workplace",
        "stated",
        "uncommon",
    }
    assert len(notes) == 1
    assert notes[0].startswith("chose related.txt: shares names ")
    assert "Macron" in notes[0] and "Putin" in notes[0]


def test_only_siblings_that_pair_with_a_sentence_are_checked_on_their_own(monkeypatch):
    # Whether a sibling reads as spun costs a whole check of it; a sibling that pairs
    # with no sentence of the text gives no evidence either way, so it is not asked.
    # (The text is asked too, once: how spun it reads gives the swaps their direction.)
    import textqa.spin

    asked: list[str] = []

    def score_alone(doc: Document) -> float:
        asked.append(doc.path)
        return 0.9 if doc.path == "spun.txt" else 0.0

    monkeypatch.setattr(textqa.spin, "score_alone", score_alone)
    same_names = (
        "Emmanuel Macron and Vladimir Putin met Olaf Scholz in Paris, where the National "
        "Security Council of France gathered with Sergei Lavrov and Antony Blinken.\n"
    )
    pool = (sibling_doc(same_names, "names.txt"), sibling_doc(SIBLING, "related.txt"))
    findings, notes = detector_run(Document(SPUN, "spun.txt"), extra={"sibling_pool": pool})
    assert sorted(n.split(":")[0] for n in notes) == ["chose names.txt", "chose related.txt"]
    assert sorted(asked) == ["related.txt", "spun.txt"]
    assert {f.text for f in findings if f.level == "warning"} >= {"workplace", "japanese"}


def test_a_pool_without_the_event_says_so():
    pool = (sibling_doc(UNRELATED, "cricket.txt"),)
    findings, notes = detector_run(Document(SPUN, "spun.txt"), extra={"sibling_pool": pool})
    assert findings == []
    assert notes[0].startswith("no article in the sibling folder reports the same event")


def _full_scan(doc: Document, pool, min_score: float, limit: int):
    """What the index must give: every document scored, best first, ties in folder order."""
    from textqa.fingerprint import kinship

    scored = sorted(((kinship(doc, other), other) for other in pool), key=lambda k: -k[0].score)
    picked = [(k, o) for k, o in scored if k.score >= min_score][:limit]
    return picked, (None if picked or not scored else scored[0])


def test_the_folder_index_ranks_as_a_full_scan_does():
    from textqa.fingerprint import KinshipIndex

    seeds = [Document(p.read_text(encoding="utf-8"), p.name) for p in (*CLEAN_SEEDS, SPUN_SEED)]
    pool = [*seeds, sibling_doc(UNRELATED, "cricket.txt"), sibling_doc(SIBLING, "related.txt")]
    index = KinshipIndex(pool)
    for doc in [*seeds, Document(SPUN, "spun.txt"), Document(UNRELATED, "c.txt")]:
        for min_score, limit in ((8.0, 8), (8.0, 2), (500.0, 8)):
            others = [o for o in pool if o is not doc]
            got = index.ranked(doc, min_score, limit, lambda o, doc=doc: o is not doc)
            want = _full_scan(doc, others, min_score, limit)
            assert [(k.score, o.path) for k, o in got[0]] == [(k.score, o.path) for k, o in want[0]]
            assert (got[1] and (got[1][0].score, got[1][1].path)) == (
                want[1] and (want[1][0].score, want[1][1].path)
            )
    # The seeds report one event: each has the others as siblings.
    picked, _ = index.ranked(seeds[0], 8.0, 8, lambda o: o is not seeds[0])
    assert {o.path for _, o in picked} >= {d.path for d in seeds[1:3]}


def test_the_closest_of_a_folder_that_shares_nothing_is_its_first_document():
    from textqa.fingerprint import KinshipIndex

    pool = [Document("the cat sat on the mat.", "a.txt"), Document("a dog ran off.", "b.txt")]
    picked, closest = KinshipIndex(pool).ranked(Document("it rained all day.", "x.txt"), 8.0, 8)
    assert picked == [] and closest is not None
    assert (closest[0].score, closest[1].path) == (0.0, "a.txt")


def test_notes_reach_the_document_result():
    context = CheckContext(config=SIBLINGS_ONLY, siblings=(sibling_doc(),))
    result = check_document(Document(SPUN, "spun.txt"), context)
    assert result.notes and result.notes[0].startswith("sibling 003_sibling.txt: shares names")
    assert "aligned sentence" in result.notes[0]


def test_the_spun_seed_with_the_clean_seeds():
    text = SPUN_SEED.read_text(encoding="utf-8")
    findings = check_text(text, siblings=CLEAN_SEEDS, config=SIBLINGS_ONLY)
    warnings = {(f.line, f.text): f.suggestions[0] for f in findings if f.level == "warning"}
    assert warnings == {
        (3, "japanese"): "eastern",
        (3, "workplace"): "office",
        (3, "stated"): "said",
    }
    # "Russian chief Vladimir Putin" / "Russian President Vladimir Putin": a title, not a swap.
    assert not [f for f in findings if f.text == "chief"]
    evidence = next(f for f in findings if f.text == "workplace").evidence[0]
    assert evidence.startswith("sibling 003_d0ee5e6dc7a5c66b.txt line 3: ")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "spun.txt").write_text(SPUN, encoding="utf-8")
    siblings = tmp_path / "others"
    siblings.mkdir()
    (siblings / "related.txt").write_text(SIBLING, encoding="utf-8")
    (siblings / "cricket.txt").write_text(UNRELATED, encoding="utf-8")
    return tmp_path


def test_cli_sibling_option_json(folder: Path, cli):
    result = cli(
        "check", "--isolated", "--select", "siblings", "--format", "json",
        "--sibling", str(folder / "others" / "related.txt"), str(folder / "spun.txt"),
    )  # fmt: skip
    assert result.code == 1
    findings = json.loads(result.out)["findings"]
    assert {f["text"] for f in findings if f["level"] == "warning"} == {
        "japanese", "workplace", "stated", "uncommon",
    }  # fmt: skip
    assert all(f["rule"] == "siblings.substitution" for f in findings)


def test_cli_sibling_dir_reports_the_choice(folder: Path, cli):
    result = cli(
        "check", "--isolated", "--select", "siblings", "--format", "full", "--color", "never",
        "--sibling-dir", str(folder / "others"), str(folder / "spun.txt"),
    )  # fmt: skip
    assert result.code == 1
    assert "note: chose related.txt: shares names" in result.out
    assert "cricket.txt" not in result.out


def test_config_sibling_globs(folder: Path, cli):
    (folder / "textqa.toml").write_text(
        'siblings = ["others/*.txt"]\nselect = ["siblings"]\n', encoding="utf-8"
    )
    result = cli("check", "--format", "json", str(folder / "spun.txt"))
    texts = {f["text"] for f in json.loads(result.out)["findings"] if f["level"] == "warning"}
    assert texts == {"japanese", "workplace", "stated", "uncommon"}


def test_no_siblings_means_no_work():
    detector = SiblingDetector()
    assert detector.check(Document(SPUN), CheckContext(config=SIBLINGS_ONLY)) == []
    assert detector.notes(Document(SPUN)) == []
    assert detector.rules() == {"siblings.substitution": detector.rules()["siblings.substitution"]}


# ---------------------------------------------------------------------- confirmation
CONFIRMING = (
    "French President Emmanuel Macron and Russian leader Vladimir Putin on Sunday agreed to "
    "work for a ceasefire in eastern Ukraine, Macron's workplace said.\n"
)


def test_a_word_the_sibling_has_in_the_same_place_withdraws_a_pack_finding(tiny_pack: Path):
    # The sibling copies this sentence and says "workplace" too: the spinner did not
    # put it there, so the pack's guess is withdrawn, and the report says so.
    config = Config(select=("tiny", "siblings"), packs=(tiny_pack,))
    doc = Document(SPUN, "spun.txt")
    alone = check_document(doc, CheckContext(config=config))
    assert "workplace" in by_text(alone.findings)
    context = CheckContext(config=config, siblings=(sibling_doc(CONFIRMING),))
    result = check_document(Document(SPUN, "spun.txt"), context)
    found = by_text(result.findings)
    assert "workplace" not in found
    assert found["japanese"].suggestions[0] == "eastern"  # real swaps still found
    assert any(
        "withdrew 1 finding on wording that 003_sibling.txt has in the same place" in note
        for note in result.notes
    )


def test_a_copy_of_the_text_confirms_nothing(tiny_pack: Path):
    # Another copy of the same spun text (one word apart) agrees with every spun word:
    # that agreement is no evidence, so the pack finding stays.
    copy = SPUN.replace("Blinken stated", "Blinken then stated")
    config = Config(select=("tiny", "siblings"), packs=(tiny_pack,))
    context = CheckContext(config=config, siblings=(sibling_doc(copy),))
    found = by_text(check_document(Document(SPUN, "spun.txt"), context).findings)
    assert found["workplace"].rule == "tiny.workplace"


def test_confirmations_cover_only_equal_words_of_close_pairs():
    from textqa.alignment import align

    result = align(SPUN, [sibling_doc(CONFIRMING)])
    covered = {SPUN[c.start : c.end] for c in result.confirmed}
    assert "Ukraine, Macron's workplace" in covered  # the equal run before "stated"/"said"
    assert not any("japanese" in text or "stated" in text for text in covered)
    assert all(c.sibling == "003_sibling.txt" and c.sibling_line == 1 for c in result.confirmed)


def test_a_statistical_guess_a_close_sibling_sentence_lacks_is_not_fixed():
    from textqa.alignment import align
    from textqa.corroboration import Corroboration
    from textqa.fix import safe_suggestion

    text = "The minister stated on Monday that the talks would resume in Paris next week."
    sibling = (
        "The minister told reporters on Monday that the talks would resume in Paris next week."
    )
    alignment = align(text, [sibling_doc(sibling)])
    doc = Document(text, "spun.txt")
    start = text.index("stated")
    guess = doc.finding(
        start, start + 6, rule="stats.reporting-verbs", source="stats", level="warning",
        message="m", suggestions=["said"], confidence=0.85,
    )  # fmt: skip
    backed = replace(guess, suggestions=("told",))
    assert safe_suggestion(guess, 0.8) == "said"  # alone, a clear best
    corroboration = Corroboration(list(alignment.confirmed), list(alignment.witnesses))
    contested, kept = corroboration.contest([guess, backed])
    assert contested.evidence[-2].startswith('sibling 003_sibling.txt line 1: "The minister')
    assert contested.evidence[-1] == "003_sibling.txt has this sentence without 'said'"
    assert safe_suggestion(contested, 0.8) is None
    assert kept == backed  # the sibling sentence has "told": nothing to contest
    # A second close sibling whose sentence has the guessed wording bears it out.
    other = "The minister said on Monday that the talks would resume in Paris next week."
    more = align(text, [sibling_doc(other, "004_other.txt")])
    both = Corroboration([], [*alignment.witnesses, *more.witnesses])
    assert both.contest([guess]) == [guess]


def test_an_article_the_sibling_keeps_is_no_longer_the_likely_fix():
    text = "Violence rose in eastern Ukraine, amid a ear of shelling on Sunday, officials said."
    sibling = "Violence rose in eastern Ukraine, amid a year of shelling on Sunday, officials said."
    alone = by_text(check_text(text))["a"]
    assert (alone.rule, alone.suggestions, alone.confidence) == ("quality.a-an", ("an",), 0.95)
    # (The swap itself left unreported, which would take the article in: see below.)
    unreported = Config(ignore=("siblings.substitution", "stats"))
    found = by_text(check_text(text, siblings=[sibling_doc(sibling)], config=unreported))
    assert found["a"].confidence == 0.5  # below fix --write's threshold: "an ear" is wrong
    assert "has 'a' here too" in found["a"].evidence[-1]
    # With the sibling's swap reported, the article is part of it: "a ear" is "a year".
    found = by_text(check_text(text, siblings=[sibling_doc(sibling)]))
    assert "a" not in found
    assert found["ear"].suggestions[0] == "year"
    assert any(line.startswith("'a ear': the article") for line in found["ear"].evidence)


def test_no_hint_for_a_word_the_sibling_itself_uses_elsewhere():
    # Line 3 shows the original using "workplace": it is a word of the story, so line 5's
    # "workplace" is no echo of line 1's swap.
    spun = (
        "Macron's workplace stated the talks will resume on Monday in the French capital.\n\n"
        "The workplace of the minister is in Paris and it opened on Tuesday morning.\n\n"
        "Officials at the workplace will report back next week, aides added.\n"
    )
    sibling = (
        "Macron's office said the talks will resume on Monday in the French capital.\n"
        "The workplace of the minister is in Paris and it opened on Tuesday morning.\n"
    )
    findings = check_text(spun, siblings=[sibling_doc(sibling)], config=SIBLINGS_ONLY)
    assert [(f.line, f.text) for f in findings] == [(1, "workplace"), (1, "stated")]


def test_no_hint_for_a_wording_swapped_in_for_different_originals():
    # "stated" stands for "said" on line 1 and for "expressed" on line 3: line 5 is unsure.
    spun = (
        "Macron's workplace stated the talks will resume on Monday in the French capital.\n\n"
        "The two leaders stated their readiness to continue the dialogue on Sunday evening.\n\n"
        "Officials stated the meeting would take place soon, aides added.\n"
    )
    sibling = (
        "Macron's office said the talks will resume on Monday in the French capital.\n"
        "The two leaders expressed their readiness to continue the dialogue on Sunday evening.\n"
    )
    findings = check_text(spun, siblings=[sibling_doc(sibling)], config=SIBLINGS_ONLY)
    assert [(f.line, f.text, f.suggestions[0]) for f in findings] == [
        (1, "workplace", "office"),
        (1, "stated", "said"),
        (3, "stated", "expressed"),
    ]


def test_a_sibling_that_reads_as_spun_is_ignored_with_a_note():
    spun_copy = Document(SPUN_SEED.read_text(encoding="utf-8"), "copy.txt")
    detector = SiblingDetector()
    context = CheckContext(config=SIBLINGS_ONLY, siblings=(spun_copy, sibling_doc()))
    doc = Document(SPUN, "spun.txt")
    findings = detector.check(doc, context)
    (note,) = [n for n in detector.notes(doc) if n.startswith("ignored sibling copy.txt")]
    assert note.startswith("ignored sibling copy.txt: it reads as spun itself (spin score 1.00")
    assert {f.suggestions[0] for f in findings if f.text == "stated"} == {"said"}


def test_spun_copies_in_a_folder_do_not_crowd_out_the_clean_sibling():
    # A crawl holds many lightly edited copies of one spun story; they rank above the
    # clean article but are passed over, not counted among the siblings used.
    seed = SPUN_SEED.read_text(encoding="utf-8")
    copies = [
        Document(seed.replace("Sunday", "Saturday", 1) + f"\nCopy {i}.\n", f"copy{i:02d}.txt")
        for i in range(12)
    ]
    pool = (*copies, sibling_doc(SIBLING, "clean.txt"))
    findings, notes = detector_run(Document(SPUN, "spun.txt"), extra={"sibling_pool": pool})
    assert {f.suggestions[0] for f in findings if f.text == "workplace"} == {"office"}
    assert next(n for n in notes if n.startswith("chose")).startswith("chose clean.txt")
    assert "ignored 12 siblings that read as spun themselves: copy00.txt" in " ".join(notes)


def test_a_sibling_is_left_out_only_when_it_reads_at_least_as_spun_as_the_text(monkeypatch):
    # A long clean article can score over the threshold on its own (DEV: three Lee
    # articles joined score 0.51); the spun text scores higher, so it still counts.
    import textqa.spin

    scores = {"sibling.txt": 0.55, "spun.txt": 0.9}
    monkeypatch.setattr(textqa.spin, "score_alone", lambda doc: scores[doc.path])
    detector = SiblingDetector()
    sibling = Document(SIBLING, "sibling.txt")
    context = CheckContext(config=SIBLINGS_ONLY, siblings=(sibling,))
    doc = Document(SPUN, "spun.txt")
    assert {f.text for f in detector.check(doc, context)} >= {"japanese", "workplace"}
    assert not [n for n in detector.notes(doc) if n.startswith("ignored")]
    # The same sibling reading more spun than the text is left out.
    scores.update({"sibling.txt": 0.95, "spun2.txt": 0.4})
    doc = Document(SPUN, "spun2.txt")
    assert list(SiblingDetector().check(doc, context)) == []


def test_a_text_whose_swaps_siblings_show_is_a_spun_copy_for_its_articles():
    # DEV, encyclopedic text: 30 swaps shown by the sibling, yet rare words held the spin
    # score at 0.45, and "nuclear figure of a element" ("atomic number of a chemical
    # element") had its article "fixed". Five shown swaps make the text a spun copy.
    from textqa.articles import SPUN_COPY_SWAPS
    from textqa.articles import doubt_articles as _doubt_articles

    text = "The nuclear figure of a element is the figure of protons in its core. " * 3
    doc = Document(text)
    article = doc.finding(
        text.index("a element"), text.index("a element") + 1, rule="quality.a-an",
        source="quality", level="warning", message="m", suggestions=["an"], confidence=0.95,
    )  # fmt: skip
    starts = [i for i in range(len(text)) if text.startswith("figure", i)]
    shown = [
        doc.finding(
            start,
            start + len("figure"),
            rule="siblings.substitution",
            source="siblings",
            level="warning",
            message="m",
            suggestions=["number"],
            confidence=0.9,
            evidence=['sibling s.txt line 1: "The atomic number of a chemical element"'],
        )
        for start in starts[:SPUN_COPY_SWAPS]
    ]
    assert len(shown) == SPUN_COPY_SWAPS
    config = Config()
    # (0.45 now reads as nearly spun, which doubts the article on its own: below.)
    doubted = _doubt_articles(doc, [article, *shown], 0.3, config)[0]
    assert doubted.confidence == 0.5
    assert doubted.evidence[-1].startswith(f"sibling articles show {SPUN_COPY_SWAPS} swaps")
    # One shown swap fewer, or echoes of another line's swap, and the article stands.
    assert _doubt_articles(doc, [article, *shown[1:]], 0.3, config)[0] == article
    echoes = [replace(f, evidence=("same swap as line 1", *f.evidence)) for f in shown]
    assert _doubt_articles(doc, [article, *echoes], 0.3, config)[0] == article
    # Nor do statistical guesses the sibling sentence contests (it lacks their wording).
    contested = [replace(f, suggestions=("figures",)) for f in shown]
    assert _doubt_articles(doc, [article, *contested], 0.3, config)[0] == article
    nearly = _doubt_articles(doc, [article], 0.45, config)[0]
    assert nearly.confidence == 0.5
    assert nearly.evidence[-1].startswith("the text nearly reads as spun (score 0.45)")


def test_ordinary_word_differences_alone_are_weak_evidence(monkeypatch):
    # DEV, the spun sentence's own dropped from the sibling: a sentence of the same
    # pattern differs from it by ordinary words only. Those explain nothing, so the
    # hints stay below fix --write's threshold (they were warnings at 0.85 to 0.94).
    # (The text is taken to read as spun, as its whole article did: one sentence alone
    # gives the swaps no direction.)
    import textqa.spin

    monkeypatch.setattr(textqa.spin, "score_alone", lambda doc: 0.9 * (doc.path == "<text>"))
    text = (
        "Park algae are examples of algae that have primary feather chloroplasts derived "
        "from endosymbiotic cyanobacteria."
    )
    sibling = (
        "Diatoms and brown algae are examples of algae with secondary chloroplasts derived "
        "from an endosymbiotic red alga."
    )
    findings = check_text(text, siblings=[sibling_doc(sibling)], config=SIBLINGS_ONLY)
    assert {f.text for f in findings} == {"Park", "that have primary feather", "cyanobacteria"}
    assert all(f.level == "info" and f.confidence < 0.8 for f in findings)
    # One thesaurus swap in the pair ("copies" for "examples") vouches for the rest.
    strong = check_text(
        text.replace("examples", "copies"), siblings=[sibling_doc(sibling)], config=SIBLINGS_ONLY
    )
    assert (
        by_text(strong)["cyanobacteria"].confidence > by_text(findings)["cyanobacteria"].confidence
    )


def test_two_clean_versions_do_not_rewrite_each_other(tmp_path: Path):
    """Two outlets' clean versions differing by a synonym give no direction: each used
    to be a safe fix toward the other, and ``fix --write`` over the folder swapped the
    words back and forth on every run."""
    from conftest import run_textqa

    lead = (
        "French President Emmanuel Macron and Russian President Vladimir Putin agreed on "
        "Sunday to work towards a ceasefire in eastern Ukraine, Macron's office said, "
        "describing the call as {}.\n"
    )
    (tmp_path / "a.txt").write_text(lead.format("constructive"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(lead.format("productive"), encoding="utf-8")
    checked = run_textqa("check", "--format", "json", ".", "--sibling-dir", ".", cwd=tmp_path)
    assert checked.code == 0, checked.out
    found = json.loads(checked.out)["findings"]
    assert {(f["path"], f["text"], f["level"]) for f in found} == {
        ("a.txt", "constructive", "info"),
        ("b.txt", "productive", "info"),
    }
    assert all("which wording came first is not clear" in f["evidence"][-1] for f in found)
    fixed = run_textqa("fix", "--write", ".", "--sibling-dir", ".", cwd=tmp_path)
    assert fixed.code == 0, fixed.err
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == lead.format("constructive")
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == lead.format("productive")


def test_a_clean_text_never_takes_a_lightly_spun_copys_words(tmp_path: Path):
    """A trial: a clean article beside a copy spun in six places (a copy that does not
    read as spun overall) got 'japanese', 'navy', 'stated', 'troopers'... written into it
    by fix --write. Where the copy's own check reads its wording as a swap for the text's,
    the copy is the spun one: the clean text gets hints at most, the copy its fixes."""
    from conftest import CLEAN_SEEDS, run_textqa

    clean = CLEAN_SEEDS[0].read_text(encoding="utf-8")
    assert CLEAN_SEEDS[0].name.startswith("000_")
    spun = clean
    for original, swap in [
        ("eastern Ukraine", "japanese Ukraine"),
        ("end joint military", "finish joint navy"),
        ("has said the", "has stated the"),
        ("drills began", "drills commenced"),
        ("150,000 troops", "150,000 troopers"),
        ("president’s office", "president’s workplace"),
    ]:
        assert original in spun
        spun = spun.replace(original, swap)
    (tmp_path / "clean.txt").write_text(clean, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(spun, encoding="utf-8")
    fixed = run_textqa("fix", "--write", "clean.txt", "--sibling", "copy.txt", cwd=tmp_path)
    assert fixed.code == 0, fixed.err
    assert (tmp_path / "clean.txt").read_text(encoding="utf-8") == clean
    checked = run_textqa("check", "clean.txt", "--sibling", "copy.txt", cwd=tmp_path)
    assert checked.code == 0, checked.out
    back = run_textqa("fix", "--write", "copy.txt", "--sibling", "clean.txt", cwd=tmp_path)
    assert back.code == 1, back.err
    restored = (tmp_path / "copy.txt").read_text(encoding="utf-8")
    assert "japanese" not in restored and "troopers" not in restored and "navy" not in restored


def test_the_checked_file_as_its_own_sibling_changes_nothing(tmp_path: Path):
    """A trial: --sibling naming the checked file said "ignored" yet took 7 statistical
    findings away (its words vouched for themselves); a byte-identical copy did too."""
    from conftest import SPUN_SEED, run_textqa

    text = tmp_path / "t.txt"
    text.write_bytes(SPUN_SEED.read_bytes())
    (tmp_path / "copy.txt").write_bytes(SPUN_SEED.read_bytes())
    alone = run_textqa("check", "--format", "json", "t.txt", cwd=tmp_path)
    found = json.loads(alone.out)["findings"]
    assert len(found) > 50
    for sibling in ("t.txt", "copy.txt"):
        again = run_textqa("check", "--format", "json", "t.txt", "--sibling", sibling, cwd=tmp_path)
        assert json.loads(again.out)["findings"] == found, sibling


SLOT_CASES = [
    (
        "Both adult males were giving evidence to a Commons committee on the computer problems "
        "at the agency. The minister stated the system had been a failure. Officials declined "
        "to remark on the report.",
        "Both men were giving evidence to a Commons committee on the computer problems at the "
        "agency. The minister said the system had been a failure. Officials declined to comment "
        "on the report.",
    ),
    # The pack's wider "large sanctions" → "massive sanctions" is vetoed (the sibling
    # lacks "massive"); it used to take the sibling's 'sanctions' → 'penalties' with it.
    (
        "Western allies are ready to hammer Russia with large sanctions if it invades, "
        "officials stated on Monday. The minister stated the system had been a failure. "
        "Officials declined to remark on the report.",
        "Western allies are ready to hammer Russia with large penalties if it invades, "
        "officials said on Monday. The minister said the system had been a failure. "
        "Officials declined to comment on the report.",
    ),
]


@pytest.mark.parametrize(("text", "source"), SLOT_CASES)
def test_fix_takes_the_siblings_slot_over_a_pack_hit_on_another_span(text: str, source: str):
    # DEV (BBC, source as sibling): "adult males" for "men" became "adult men" when the
    # pack's one-word hit ('males') took the span from the sibling's phrase.
    from textqa.fix import apply_edits, plan_edits

    findings = check_text(text, siblings=[source])
    assert apply_edits(text, plan_edits(text, findings, 0.8)) == source


def test_a_copy_of_the_text_or_a_spun_sibling_vouches_for_no_word():
    """A trial: the spun seed checked against itself plus a byline lost findings (the
    statistics counted the copy's words as used elsewhere), under a note saying the
    sibling was ignored; the other way round it lost them with no note at all."""
    spun = SPUN_SEED.read_text(encoding="utf-8")
    copy = spun + "\n(Reporting by AFP)\n"
    alone = [(f.rule, f.start) for f in check_text(spun)]
    assert len(alone) > 40
    with_copy = [(f.rule, f.start) for f in check_text(spun, siblings=[Document(copy, "c.txt")])]
    assert with_copy == alone
    copy_alone = [(f.rule, f.start) for f in check_text(copy)]
    with_spun = [(f.rule, f.start) for f in check_text(copy, siblings=[Document(spun, "s.txt")])]
    assert with_spun == copy_alone


def test_two_clean_outlets_a_few_extra_words_apart_rewrite_nothing(tmp_path: Path, cli):
    """A trial: with a named sibling, fix --write deleted "to" and "search and" from a
    clean article ("the search and rescue effort" → "the rescue effort", at 0.96: the
    statistics' unrelated 'search' → 'research' had raised it). Extra words are outlets'
    edits, not swaps: they neither make the sibling the earlier text nor add up."""
    a = tmp_path / "a.txt"
    a.write_text(
        "Turkish President Recep Tayyip Erdogan said 45 countries had offered to help with "
        "the search and rescue effort after the magnitude 7.8 earthquake near Gaziantep.\n",
        encoding="utf-8",
    )
    b = tmp_path / "b.txt"
    b.write_text(
        "President Recep Tayyip Erdogan said 45 countries had offered help with the rescue "
        "effort after the magnitude 7.8 quake near Gaziantep.\n",
        encoding="utf-8",
    )
    for text, sibling in ((a, b), (b, a)):
        result = cli("fix", "--diff", str(text), "--sibling", str(sibling))
        assert (result.code, result.out) == (0, ""), text.name
        assert cli("check", str(text), "--sibling", str(sibling)).code == 0


def test_a_closer_sibling_sentence_with_the_same_word_outweighs_another_outlet(cli):
    """A trial's crawl: the spun copy kept 'largest'; another outlet's looser sentence
    has 'biggest' there, the source's closer one 'largest'. fix --write put in
    'biggest'. (tests/data/strike: the trial's three articles.)"""
    folder = Path(__file__).parent / "data" / "strike"
    spun = folder / "spun_strike_1.txt"
    result = cli("check", str(spun), "--sibling-dir", str(folder), "--format", "json")
    texts = {f["text"]: f["suggestions"] for f in json.loads(result.out)["findings"]}
    assert "largest" not in texts
    assert texts["background"][0] == "history"  # the source still shows the real swap
    diff = cli("fix", "--diff", str(spun), "--sibling-dir", str(folder)).out
    assert "biggest" not in diff and "in the largest strike in the history" in diff


def test_selecting_only_the_sibling_rules_without_a_sibling_warns(tmp_path: Path, cli):
    """A trial: ``--select siblings`` with no sibling said "All checks passed"."""
    path = tmp_path / "a.txt"
    path.write_text("Macron's workplace stated on Sunday.\n", encoding="utf-8")
    result = cli("check", str(path), "--select", "siblings")
    assert result.code == 0
    assert "warning: only siblings rules are selected, and no sibling is given" in result.err
    other = tmp_path / "b.txt"
    other.write_text("Macron's office said on Sunday.\n", encoding="utf-8")
    assert cli("check", str(path), "--select", "siblings", "--sibling", str(other)).err == ""
    assert cli("check", str(path)).err == ""
