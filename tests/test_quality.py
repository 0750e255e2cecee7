"""The built-in quality checks: every module's examples, hand-checked cases, the seeds."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from textqa import packs
from textqa.config import Config
from textqa.detectors.quality import (
    a_an,
    check_modules,
    doubled_word,
    glued_sentence,
    lowercase_sentence,
    mojibake,
    proper_adjective,
    unbalanced_quotes,
    unused_suppression,
)
from textqa.document import Document
from textqa.engine import check_text
from textqa.findings import Finding

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ANNOTATION = Path(__file__).resolve().parent / "data" / "seed_002_annotation.jsonl"
MODULES = check_modules(include_unused=True)

TEST_PACK = """\
[pack]
id = "news-spin"
description = "A one-rule stand-in for the built-in pack"
level = "warning"

[[rule]]
id = "workplace"
spun = ["workplace"]
original = ["office"]
examples-bad = ["Macron's workplace said."]
examples-good = ["Macron's office said."]
"""


def run(module: ModuleType, text: str) -> list[Finding]:
    doc = Document(text, "example.txt")
    findings = list(module.check(doc))
    for finding in findings:  # the contract's invariants, for every finding
        assert finding.rule == module.RULE
        assert finding.source == "quality"
        assert finding.level == module.LEVEL
        assert finding.text == text[finding.start : finding.end]
        assert 0 <= finding.confidence <= 1
        assert finding.message and finding.evidence
    return findings


@pytest.fixture
def suppression_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    """A config whose only pack is a tiny one written here, not the shipped packs."""
    pack = tmp_path / "news-spin.toml"
    pack.write_text(TEST_PACK, encoding="utf-8")
    monkeypatch.setattr(packs, "builtin_pack_paths", lambda: [])
    return Config(select=("news-spin", unused_suppression.RULE), packs=(pack,))


# ---------------------------------------------------------------------- the table
def test_every_listed_check_exists() -> None:
    names = {module.__name__.rsplit(".", 1)[1] for module in MODULES}
    assert names == {
        "a_an",
        "proper_adjective",
        "doubled_word",
        "mojibake",
        "glued_sentence",
        "lowercase_sentence",
        "unbalanced_quotes",
        "unused_suppression",
    }


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.RULE)
def test_module_declares_examples(module: ModuleType) -> None:
    assert module.RULE.startswith("quality.")
    assert module.LEVEL in ("error", "warning", "info")
    assert module.DESCRIPTION
    assert module.EXAMPLES_BAD and module.EXAMPLES_GOOD
    assert "PASS:" in module.__doc__ and "FAIL:" in module.__doc__


@pytest.mark.parametrize(
    ("module", "example"),
    [(m, e) for m in MODULES if m is not unused_suppression for e in m.EXAMPLES_BAD],
    ids=lambda value: value.RULE if isinstance(value, ModuleType) else value[:40],
)
def test_bad_example_is_found(module: ModuleType, example: str) -> None:
    assert run(module, example), f"{module.RULE} missed {example!r}"


@pytest.mark.parametrize(
    ("module", "example"),
    [(m, e) for m in MODULES if m is not unused_suppression for e in m.EXAMPLES_GOOD],
    ids=lambda value: value.RULE if isinstance(value, ModuleType) else value[:40],
)
def test_good_example_is_clean(module: ModuleType, example: str) -> None:
    assert run(module, example) == []


@pytest.mark.parametrize("example", unused_suppression.EXAMPLES_BAD)
def test_unused_suppression_bad_examples(example: str, suppression_config: Config) -> None:
    rules = [f.rule for f in check_text(example, config=suppression_config)]
    assert unused_suppression.RULE in rules


@pytest.mark.parametrize("example", unused_suppression.EXAMPLES_GOOD)
def test_unused_suppression_good_examples(example: str, suppression_config: Config) -> None:
    rules = [f.rule for f in check_text(example, config=suppression_config)]
    assert unused_suppression.RULE not in rules


def test_used_suppression_really_hid_a_finding(suppression_config: Config) -> None:
    """The good example is clean because the pack hit was suppressed, not missed."""
    text = "Macron's workplace said."
    assert [f.rule for f in check_text(text, config=suppression_config)] == ["news-spin.workplace"]


# ---------------------------------------------------------------------- a-an
def test_a_an_span_and_suggestion() -> None:
    (finding,) = run(a_an, "It was a uncommon event.")
    assert (finding.start, finding.end, finding.text) == (7, 8, "a")
    assert (finding.line, finding.column, finding.end_column) == (1, 8, 9)
    assert finding.suggestions == ("an",)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("It was an huge crowd.", "a"),
        ("He is an university lecturer.", "a"),
        ("He is a honest man.", "an"),
        ("It took a hour.", "an"),
        ("She became a MP.", "an"),
        ("He was a FBI agent.", "an"),
        ("He is an US official.", "a"),
        ("The boy is a 11-year-old.", "an"),
        ("It was a 8-hour shift.", "an"),
        ("It was an one-time deal.", "a"),
        ("A hour later it ended.", "An"),
        ("An European envoy came.", "A"),
        ("It was a\nuncommon event.", "an"),
        ("Fix a f-string bug.", "an"),
        ("He took a X-ray.", "an"),
    ],
)
def test_a_an_wrong_article(text: str, wanted: str) -> None:
    (finding,) = run(a_an, text)
    assert finding.suggestions == (wanted,)


def _rules_of(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in check_text(text) if f.level != "info"]


def test_a_wrong_article_is_folded_into_a_pack_swap_of_its_word() -> None:
    # The pack restores "a rare"; "use 'an'" beside it would point at the wrong repair.
    assert _rules_of("It was a uncommon event.") == [("news-spin.a-rare-uncommon", "a uncommon")]


def test_a_slip_of_the_article_stays_beside_a_weak_statistical_reading() -> None:
    # 'apple' for 'tree' is a weak guess (below the fix threshold): the article's own
    # repair is the likelier one, so it stays a finding of its own.
    found = _rules_of("We ate a apple after lunch.")
    assert ("quality.a-an", "a") in found


def test_a_suppressed_swap_leaves_its_wrong_article_shown() -> None:
    text = "<!-- textqa: ignore-next-line news-spin.a-rare-uncommon -->\nIt was a uncommon event.\n"
    assert _rules_of(text) == [("quality.a-an", "a")]


@pytest.mark.parametrize(
    "text",
    [
        "a university, a European, a one-time deal, a unique union, a usual user",
        "an hour, an honest man, an heir, an honour, an hourly rate",
        "an MP, an FBI agent, an NHS trust, an SUV, an LGBT group, an RAF jet",
        "a US official, a UN envoy, a U.S. official, a UK minister, a USSR veteran",
        "an 11-year-old, an 8, an 18-month delay, an 80s hit, an 11,000-strong army",
        "a 110-year-old, a 1,500-strong force, a 100 days",
        "an uncommon event, an unidentified man, an unusual day, an urban area",
        "a Ukrainian soldier, a Ugandan runner, a Uruguayan, a ubiquitous app",
        "a NATO summit, an OPEC deal, an iPhone, an mRNA vaccine, an eBay sale",
        "a historic day and an historic day, a hotel and an hotel",
        "Plan A is fine. Vitamin A and grade A eggs. Mr An arrived.",
        "a Mr Smith, a G7 summit, a URL, a one",
        "in a.m. hours, the words a and an, a (rare) case",
        "an 1848 revolution and a 1848 revolution: both readings exist",
    ],
)
def test_a_an_correct_usage(text: str) -> None:
    assert run(a_an, text) == []


@pytest.mark.parametrize(
    ("word", "sound"),
    [
        ("university", "consonant"),
        ("European", "consonant"),
        ("one", "consonant"),
        ("hour", "vowel"),
        ("honest", "vowel"),
        ("MP", "vowel"),
        ("MPs", "vowel"),
        ("FBI", "vowel"),
        ("US", "consonant"),
        ("NATO", "consonant"),
        ("11", "vowel"),
        ("18000", "vowel"),
        ("110", "consonant"),
        ("8", "vowel"),
        ("1800", None),
        ("historic", None),
        ("élite", None),
        ("SWAP", None),  # spelled "ess" (vowel) or read "swap" (consonant)
    ],
)
def test_a_an_sound(word: str, sound: str | None) -> None:
    assert a_an.sound(word) == sound


# ---------------------------------------------------------------------- proper adjective
def test_proper_adjective_spinner_swap() -> None:
    text = "They agreed on a ceasefire in japanese Ukraine."
    (finding,) = run(proper_adjective, text)
    assert (finding.start, finding.end) == (30, 38)
    assert finding.suggestions == ("eastern", "Japanese")
    assert any("eastern" in line for line in finding.evidence)


@pytest.mark.parametrize(
    ("text", "suggestions"),
    [
        ("He called russian President Vladimir Putin.", ("Russian",)),
        ("The french Foreign Minister spoke.", ("French",)),
        ("The japanese Prime Minister spoke.", ("Japanese",)),
        ("Troops left the\nukrainian Parliament.", ("Ukrainian",)),
    ],
)
def test_proper_adjective_capital(text: str, suggestions: tuple[str, ...]) -> None:
    (finding,) = run(proper_adjective, text)
    assert finding.suggestions == suggestions


@pytest.mark.parametrize(
    "text",
    [
        "a ceasefire in japanese\nUkraine on Sunday.",
        "a ceasefire in japanese\r\nUkraine on Sunday.",
        "a ceasefire in japanese\rUkraine on Sunday.",
        "> a ceasefire in japanese\n> Ukraine on Sunday.",
        "> > a ceasefire in japanese\n> > Ukraine on Sunday.",
        "a ceasefire in <b>japanese</b>\nUkraine on Sunday.",
    ],
)
def test_proper_adjective_across_one_line_break(text: str) -> None:
    """A wrapped line, whatever its line end or quote prefix, still joins the pair."""
    (finding,) = run(proper_adjective, text)
    assert finding.text == "japanese"
    assert finding.suggestions == ("eastern", "Japanese")


@pytest.mark.parametrize(
    "text",
    [
        "a ceasefire in japanese\n\nUkraine on Sunday.",
        "a ceasefire in japanese\r\n\r\nUkraine on Sunday.",
        "> a ceasefire in japanese\n>\n> Ukraine on Sunday.",
        "a ceasefire in japanese.\nUkraine on Sunday.",
        "a ceasefire in eastern Ukraine and western Ukraine",
        "southern Europe, northern Ireland style, central Asia",
        "Japanese Ukraine policy and Russian President Putin",
        "chefs polish Silverware; french fries; russian troops",
    ],
)
def test_proper_adjective_negatives(text: str) -> None:
    assert run(proper_adjective, text) == []


# ---------------------------------------------------------------------- doubled word
def test_doubled_word_span_and_suggestion() -> None:
    (finding,) = run(doubled_word, "He said the the talks would resume.")
    assert (finding.start, finding.end, finding.text) == (8, 15, "the the")
    assert finding.suggestions == ("the",)


def test_doubled_word_across_line_break() -> None:
    (finding,) = run(doubled_word, "They met in the\nthe capital.")
    assert (finding.start, finding.end) == (12, 19)
    assert (finding.line, finding.end_line) == (1, 2)


@pytest.mark.parametrize(
    "text",
    [
        "She had had enough.",
        "He said that that was final.",
        "What it is is a very very long day.",
        "Duran Duran played; Sirhan Sirhan was tried.",
        "Add it to to-do lists.",
        "They met in the\n\nthe end.",  # a paragraph break
        "x * x is a square",
        "In code:\n    init\n    init()",
    ],
)
def test_doubled_word_negatives(text: str) -> None:
    assert run(doubled_word, text) == []


# ---------------------------------------------------------------------- mojibake
def test_mojibake_span_and_repair() -> None:
    (finding,) = run(mojibake, "Macronâ€™s office said.")
    assert (finding.start, finding.end, finding.text) == (6, 9, "â€™")
    assert finding.suggestions == ("’",)
    assert finding.level == "error"


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [("â€œ", "“"), ("Ã©", "é"), ("Ã¨", "è"), ("â€“", "–"), ("Â£", "£"), ("Ã¢â‚¬â„¢", "’")],
)
def test_mojibake_repair(broken: str, fixed: str) -> None:
    assert mojibake.repair(broken) == fixed
    (finding,) = run(mojibake, f"x {broken} y")
    assert finding.suggestions == (fixed,)


def test_mojibake_lost_byte_and_no_break_space() -> None:
    quote, space = run(mojibake, "He said â€ and leftÂ then.")
    assert (quote.text, quote.suggestions) == ("â€", ("”",))
    assert (space.text, space.suggestions) == ("Â ", (" ",))
    assert quote.confidence < 0.8  # a guess: never applied by fix --write


@pytest.mark.parametrize(
    "text",
    [
        "Macron’s office said the café in São Paulo was closed.",
        "IL Y MARQUÉ… « CAFÉ» and “ÖZIL”, Ærø, Zürich.",
        "A café—“quoted” word.",
        "`Ã©` in code is left alone.",
    ],
)
def test_mojibake_negatives(text: str) -> None:
    assert run(mojibake, text) == []


# ---------------------------------------------------------------------- glued sentence
def test_glued_sentence_span_and_suggestion() -> None:
    (finding,) = run(glued_sentence, "Macron's office said.The talks went on.")
    assert (finding.start, finding.end, finding.text) == (16, 24, "said.The")
    assert finding.suggestions == ("said. The",)


def test_glued_sentence_after_closing_quote() -> None:
    (finding,) = run(glued_sentence, 'He read the documents."He left.')
    assert finding.text == 'documents."He'
    assert finding.suggestions == ('documents." He',)


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. envoy met him.",
        "Fruit, e.g. Apples, and i.e. Pears.",
        "Growth was 3.5 per cent.",
        "See example.com and Node.js today.",
        "J.R.R. Tolkien wrote it.",
        "Go to https://example.com/Foo.Bar now.",
        "Call requests.Session() first.",
        "Mr.Smith and St.Louis.",
    ],
)
def test_glued_sentence_negatives(text: str) -> None:
    assert run(glued_sentence, text) == []


# ---------------------------------------------------------------------- lowercase sentence
def test_lowercase_sentence_span_and_suggestion() -> None:
    (finding,) = run(lowercase_sentence, "He left. the next day he returned.")
    assert (finding.start, finding.end, finding.text) == (9, 12, "the")
    assert finding.suggestions == ("The",)


@pytest.mark.parametrize(
    "text",
    [
        "Fruit, e.g. apples, i.e. the red ones, etc. and more.",
        "Lions vs. tigers, approx. ten, No. one, cf. above.",
        "He has an iPhone. eBay sold it.",
        "Wait... then it rained.",
        "It ended at 5 p.m. on Sunday.",
        "Item 3. the rest follows.",
        "“Really?” he asked. “Yes!” she said.",
        "He met Charles. de Gaulle was absent.",
    ],
)
def test_lowercase_sentence_negatives(text: str) -> None:
    assert run(lowercase_sentence, text) == []


# ---------------------------------------------------------------------- unbalanced quotes
def test_unbalanced_quotes_span() -> None:
    (finding,) = run(unbalanced_quotes, "He said “we are ready.\n\nThen he left.")
    assert (finding.start, finding.end, finding.text) == (8, 9, "“")
    assert "opening" in finding.message


def test_unbalanced_quotes_stray_closer() -> None:
    (finding,) = run(unbalanced_quotes, "We are ready,” she said.")
    assert (finding.start, finding.text) == (13, "”")
    assert "closing" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "“First paragraph of a long quote.\n\n“Second paragraph.\n\n“Last one,” he said.",
        '"First paragraph.\n\n"Second and last," he said.',
        "“Ready,” she said.\n“Set,” he said.",
        'A 12" pipe and a 5\'10" man; "quoted" words.',
    ],
)
def test_unbalanced_quotes_negatives(text: str) -> None:
    assert run(unbalanced_quotes, text) == []


def test_unbalanced_quotes_a_quoted_blank_line_ends_the_paragraph() -> None:
    """A line of only ">" is a quoted e-mail's blank line: as in plain text, the opener of
    the first paragraph and the closer of the second are each unmatched."""
    plain = "He said “we are ready.\n\nThen he left,” she said."
    quoted = "> He said “we are ready.\n>\n> Then he left,” she said."
    assert [(f.start, f.text) for f in run(unbalanced_quotes, plain)] == [(8, "“"), (37, "”")]
    assert [(f.start, f.text) for f in run(unbalanced_quotes, quoted)] == [(10, "“"), (42, "”")]


def test_unbalanced_quotes_html_block_tags_end_paragraphs() -> None:
    """HTML has its paragraphs in <p> tags, seldom between blank lines: the news idiom
    of a quote over several paragraphs was reported there, and the two halves of a cut
    quote were taken for one pair."""
    idiom = "<p>“First paragraph of a long quote.</p>\n<p>“Last one,” he said.</p>"
    assert run(unbalanced_quotes, idiom) == []
    cut = "<p>He said “we are ready.</p><p>Then he left,” she said.</p>"
    assert [(f.start, f.text) for f in run(unbalanced_quotes, cut)] == [(11, "“"), (45, "”")]


def test_unbalanced_quotes_continuation_needs_an_opener() -> None:
    text = "“First paragraph of a long quote.\n\nThe next paragraph is narration."
    assert [f.start for f in run(unbalanced_quotes, text)] == [0]


# ---------------------------------------------------------------------- the seeds
def _seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_clean_seeds_raise_no_warning(prefix: str) -> None:
    text = _seed(prefix).read_text(encoding="utf-8")
    doc = Document(text, prefix)
    failing = [f for m in check_modules() for f in m.check(doc) if f.fails]
    assert failing == []


def test_spun_seed_findings_match_the_hand_annotation() -> None:
    text = _seed("002").read_text(encoding="utf-8")
    doc = Document(text, "002")
    annotated = [json.loads(line) for line in ANNOTATION.read_text(encoding="utf-8").splitlines()]
    japanese = [(a["start"], a["end"], a["original"]) for a in annotated if a["text"] == "japanese"]
    assert len(japanese) == 3
    found = [(f.start, f.end, f.suggestions[0]) for f in proper_adjective.check(doc)]
    assert found == japanese  # every "japanese Ukraine", suggesting the original "eastern"

    (uncommon,) = [a for a in annotated if a["text"] == "uncommon"]
    (article,) = a_an.check(doc)
    assert article.end == uncommon["start"] - 1
    assert text[article.start : uncommon["end"]] == "a uncommon"
    assert article.suggestions == ("an",)


def test_swap_traces_inside_a_quotation_are_hints():
    """Spinners leave quoted speech alone, so "japanese Ukraine" or "a uncommon" there is
    the speaker's (or a mention of the phrase), as a pack hit in a quotation is: a hint."""
    from textqa import check_text
    from textqa.config import Config

    config = Config(select=("quality",))
    for text in ("Talks in japanese Ukraine went on.", "Biden was hosting a uncommon meeting."):
        assert [f.level for f in check_text(text, config=config)] == ["warning"], text
        quoted = check_text(f'He said: "{text}"', config=config)
        assert [f.level for f in quoted] in ([], ["info"]), text
        assert all("inside a quotation" in f.evidence[-1] for f in quoted)
