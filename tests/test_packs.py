"""Pack loading, validation, matching semantics, and every shipped rule's examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textqa.config import Config
from textqa.document import Document
from textqa.packs import (
    _GAP,
    PackError,
    PackMatcher,
    _flexible_spaces,
    builtin_pack_paths,
    load_pack,
    load_packs,
)

from conftest import SPUN_SEED, TINY_PACK

HEADER = '[pack]\nid = "p"\ndescription = "d"\nsource = "s"\n\n'


def _rule(body: str) -> str:
    return HEADER + "[[rule]]\n" + body + '\nexamples-bad = ["x"]\nexamples-good = ["y"]\n'


def _load(tmp_path: Path, text: str, name: str = "p.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_pack(path)


def _hits(pack_text: str, text: str, tmp_path: Path) -> list[tuple[str, str]]:
    matcher = PackMatcher([_load(tmp_path, pack_text)])
    doc = Document(text)
    return [(m.rule.id, text[m.start : m.end]) for m in matcher.match(doc)]


# ---------------------------------------------------------------- validation
@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('id = "a"\nspun = ["office"]\noriginal = ["office"]', "equals its original"),
        ('id = "a"\noriginal = ["office"]', "exactly one of `spun` or `regex`"),
        ('id = "a"\nspun = ["x"]\nregex = "x"\noriginal = ["y"]', "exactly one of"),
        ('id = "a"\nregex = "(unclosed"\noriginal = ["y"]', "regex does not compile"),
        ('id = "a"\nspun = ["x"]\noriginal = []', "`original` must not be empty"),
        ('id = "a"\nspun = ["x"]\noriginal = ["y"]\nlevel = "loud"', "`level` must be one of"),
        ('id = "a"\nspun = ["x"]\noriginal = ["y"]\nfix = "always"', "`fix` must be"),
        (
            'id = "a"\nspun = ["x"]\noriginal = ["y"]\nunles-near = ["z"]',
            "unknown key 'unles-near' (did you mean 'unless-near'?)",
        ),
        ('id = "a"\nspun = ["x"]\noriginal = ["y"]\nwhy = "z"', "unknown key 'why'"),
        ('id = "Bad Id"\nspun = ["x"]\noriginal = ["y"]', "`id` must be a lowercase name"),
    ],
)
def test_invalid_rule_is_refused_with_file_rule_and_problem(
    tmp_path: Path, body: str, problem: str
):
    with pytest.raises(PackError) as error:
        _load(tmp_path, _rule(body))
    message = str(error.value)
    assert "p.toml" in message
    assert problem in message
    if "rule #" not in message:
        assert "rule p.a" in message or "rule #1" in message


def test_every_broken_rule_of_a_user_pack_is_reported(tmp_path: Path, cli):
    """Two broken rules and a duplicate id: three lines, in file order, exit 2."""
    pack = tmp_path / "p.toml"
    examples = 'examples-bad = ["x"]\nexamples-good = ["y"]\n'
    pack.write_text(
        '[pack]\nid = "mine"\ndescription = "d"\nsource = "s"\n'
        f'[[rule]]\nid = "a"\nspun = ["foo"]\noriginal = ["bar"]\nlvl = "warning"\n{examples}'
        f'[[rule]]\nid = "b"\nspun = ["baz"]\noriginal = ["qux"]\nlevel = "loud"\n{examples}'
        f'[[rule]]\nid = "c"\nspun = ["one"]\noriginal = ["two"]\n{examples}'
        f'[[rule]]\nid = "c"\nspun = ["three"]\noriginal = ["four"]\n{examples}',
        encoding="utf-8",
    )
    (tmp_path / "textqa.toml").write_text('packs = ["p.toml"]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("Plain words.\n", encoding="utf-8")
    result = cli("check", str(tmp_path / "a.txt"))
    assert result.code == 2
    assert result.err.splitlines() == [
        f"textqa: error: {pack}: rule mine.a: unknown key 'lvl' (did you mean 'level'?)",
        f"textqa: error: {pack}: rule mine.b: `level` must be one of info, warning, error, "
        "not 'loud'",
        f"textqa: error: {pack}: rule mine.c: duplicate rule id",
    ]


def test_rule_without_examples_is_refused(tmp_path: Path):
    text = HEADER + '[[rule]]\nid = "a"\nspun = ["x"]\noriginal = ["y"]\nexamples-good = ["y"]\n'
    with pytest.raises(PackError, match="`examples-bad` must not be empty"):
        _load(tmp_path, text)


def test_duplicate_rule_ids_are_refused(tmp_path: Path):
    rule = (
        '[[rule]]\nid = "a"\nspun = ["x"]\noriginal = ["y"]\n'
        'examples-bad = ["x"]\nexamples-good = ["y"]\n'
    )
    with pytest.raises(PackError, match=r"rule p\.a: duplicate rule id"):
        _load(tmp_path, HEADER + rule + rule.replace('"x"', '"z"'))


def test_replacement_loops_across_packs_are_refused(tmp_path: Path):
    first = tmp_path / "one.toml"
    first.write_text(_rule('id = "a"\nspun = ["home"]\noriginal = ["house"]'), encoding="utf-8")
    second = tmp_path / "two.toml"
    second.write_text(
        _rule('id = "b"\nspun = ["house"]\noriginal = ["home"]').replace('id = "p"', 'id = "q"'),
        encoding="utf-8",
    )
    with pytest.raises(PackError, match="loops with rule"):
        load_packs([first, second])


OFFICE_TO_WORKPLACE = _rule(
    'id = "office"\nspun = ["office"]\noriginal = ["workplace"]\nfix = "safe"'
).replace('id = "p"', 'id = "user"')


def test_a_user_pack_undoing_a_shipped_regex_rule_is_refused(tmp_path: Path, cli):
    """news-spin.workplace is a regex ("Macron's workplace said" → office): the loop
    check compared only spun phrases, so office → workplace beside it loaded, and fix
    --write turned "Macron's office said" into "Macron's workplace said" and back."""
    user = tmp_path / "user.toml"
    user.write_text(OFFICE_TO_WORKPLACE, encoding="utf-8")
    (tmp_path / "textqa.toml").write_text('packs = ["user.toml"]\n', encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("Macron's workplace said on Sunday. The office is open.\n", encoding="utf-8")
    result = cli("fix", "--write", str(doc))
    assert result.code == 2
    news = next(path for path in SHIPPED if path.name == "news-spin.toml")
    assert result.err == (
        f"textqa: error: {user}: rule user.office ('office' → 'workplace') loops with rule "
        f"news-spin.workplace ('workplace' → 'office') of {news}: each fix would undo the other\n"
    )
    assert doc.read_text(encoding="utf-8").startswith("Macron's workplace said")


def _regex_rule(rule_id: str, regex: str, original: str, bad: str, good: str) -> str:
    return (
        f'[[rule]]\nid = "{rule_id}"\nregex = \'{regex}\'\noriginal = ["{original}"]\n'
        f'examples-bad = ["{bad}"]\nexamples-good = ["{good}"]\n'
    )


def test_regex_rules_loop_only_where_their_contexts_meet(tmp_path: Path):
    """A regex's context can keep two opposite rules apart; its examples tell."""
    home = _regex_rule(
        "home-run", r"\bhome\b(?= run)", "house", "A home run won it.", "A home game."
    )
    party = _regex_rule(
        "house-party", r"\bhouse\b(?= party)", "home", "A house party ran late.", "A house."
    )
    assert len(_load(tmp_path, HEADER + home + party).rules) == 2  # apart: allowed
    run = _regex_rule("house-run", r"\bhouse\b(?= run)", "home", "A house run.", "A house.")
    loop = (
        r"rule p\.home-run \('home' → 'house'\) loops with rule p\.house-run \('house' → 'home'\)"
    )
    with pytest.raises(PackError, match=loop):
        load_packs([_write_pack(tmp_path, HEADER + run + home)])


def _write_pack(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "loop.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_broken_toml_names_the_file(tmp_path: Path):
    with pytest.raises(PackError, match=r"p\.toml: invalid TOML"):
        _load(tmp_path, "[pack\nid=")


def test_missing_pack_file(tmp_path: Path):
    with pytest.raises(PackError, match="pack file not found"):
        load_pack(tmp_path / "absent.toml")


def test_reserved_pack_id(tmp_path: Path):
    with pytest.raises(PackError, match="reserved"):
        _load(
            tmp_path,
            _rule('id = "a"\nspun = ["x"]\noriginal = ["y"]').replace('id = "p"', 'id = "stats"'),
        )


# ---------------------------------------------------------------- matching
def test_phrase_found_at_sentence_start_after_line_break_and_in_emphasis(tmp_path: Path):
    text = "In keeping with rules.\nThe rise was\nin keeping with plans, *in keeping with* law."
    hits = _hits(TINY_PACK, text, tmp_path)
    spans = [span for rule, span in hits if rule == "tiny.in-keeping-with"]
    assert spans == ["In keeping with", "in keeping with", "in keeping with"]


def test_phrase_does_not_cross_punctuation_or_paragraphs(tmp_path: Path):
    text = "He was in. Keeping with it.\n\nWe stay in\n\nkeeping with them."
    assert not [r for r, _ in _hits(TINY_PACK, text, tmp_path) if r == "tiny.in-keeping-with"]


def test_curly_apostrophe_and_case_insensitivity(tmp_path: Path):
    pack = _rule('id = "a"\nspun = ["macron\'s workplace"]\noriginal = ["Macron\'s office"]')
    assert _hits(pack, "MACRON’S WORKPLACE said.", tmp_path) == [("p.a", "MACRON’S WORKPLACE")]


def test_word_boundaries(tmp_path: Path):
    assert _hits(TINY_PACK, "The workplaces and aworkplace.", tmp_path) == []


def test_unless_near_before_after(tmp_path: Path):
    assert _hits(TINY_PACK, "Workplace safety rules changed.", tmp_path) == []
    assert _hits(TINY_PACK, "The US navy sailed. A navy seal swam.", tmp_path) == []
    assert _hits(TINY_PACK, "Russian navy drills.", tmp_path) == [("tiny.navy", "navy")]
    # The condition word must be in the same sentence to count.
    hits = _hits(TINY_PACK, "Safety first. Macron's workplace said.", tmp_path)
    assert hits == [("tiny.workplace", "workplace")]


def test_unless_near_phrases_and_many_hits(tmp_path: Path):
    pack = _rule(
        'id = "a"\nspun = ["workplace"]\noriginal = ["office"]\n'
        'unless-near = ["health and safety", "workplace rules"]'
    )
    # A multi-word condition counts anywhere in the sentence, before or after the hit.
    assert _hits(pack, "Health and safety at the workplace.", tmp_path) == []
    assert _hits(pack, "The workplace kept health and safety.", tmp_path) == []
    # Only whole: "health and" alone is not the condition.
    assert _hits(pack, "The workplace kept health and calm.", tmp_path) == [("p.a", "workplace")]
    # The hit's own words are not context: "workplace rules" needs another "workplace".
    assert _hits(pack, "The workplace rules changed.", tmp_path) == [("p.a", "workplace")]
    # Two hits: the second has the first's "workplace rules" as context, not the first.
    assert _hits(pack, "The workplace rules and the workplace.", tmp_path) == [("p.a", "workplace")]
    # One long sentence, many hits: each is judged against the same sentence's words.
    many = "the workplace " * 300
    assert len(_hits(pack, many + "end.", tmp_path)) == 300
    assert _hits(pack, many + "under health and safety law.", tmp_path) == []


def test_case_exact(tmp_path: Path):
    pack = _rule('id = "a"\nspun = ["US"]\noriginal = ["us"]\ncase = "exact"')
    assert _hits(pack, "Tell us. The US said.", tmp_path) == [("p.a", "US")]


def test_regex_rule(tmp_path: Path):
    pack = _rule(
        'id = "a"\nregex = "\\\\bspeak (?:reveals|exhibits)\\\\b"\noriginal = ["talk shows"]'
    )
    assert _hits(pack, "A round of speak reveals on Sunday.", tmp_path) == [
        ("p.a", "speak reveals")
    ]


def test_a_space_in_a_regex_matches_the_gaps_text_has(tmp_path: Path):
    # Hard-wrapped text, tabs, runs of spaces and no-break spaces: the phrase rules match
    # across them, and so do regex rules. A blank line (a new paragraph) still stops it.
    pack = _rule(
        'id = "a"\nregex = "\\\\bspeak (?:reveals|exhibits)\\\\b"\noriginal = ["talk shows"]'
    )
    for gap in ("\n", "\r\n", "\t", "  ", "\u00a0", " \n  "):
        text = f"A round of speak{gap}reveals on Sunday."
        assert _hits(pack, text, tmp_path) == [("p.a", f"speak{gap}reveals")], repr(gap)
    assert _hits(pack, "A round of speak\n\nreveals on Sunday.", tmp_path) == []
    # An escaped space and a space in a character class stay literal.
    assert _flexible_spaces(r"a\ b[ -]c d") == r"a\ b[ -]c" + _GAP + "d"


def test_matches_inside_code_are_skipped(tmp_path: Path):
    assert _hits(TINY_PACK, "Use `workplace` here.", tmp_path) == []


# ---------------------------------------------------------------- shipped packs
SHIPPED = builtin_pack_paths()


def test_shipped_packs_exist_and_load():
    assert any(p.name == "news-spin.toml" for p in SHIPPED)
    packs = load_packs(SHIPPED)  # all loop checks: the built-in matcher skips them
    news = next(p for p in packs if p.id == "news-spin")
    assert len(news.rules) >= 300


def _shipped_rules():
    if not SHIPPED:
        return []
    return [rule for pack in load_packs(SHIPPED) for rule in pack.rules]


@pytest.fixture(scope="module")
def shipped_matcher() -> PackMatcher:
    return PackMatcher(load_packs(SHIPPED))


@pytest.mark.parametrize("rule", _shipped_rules(), ids=lambda r: r.id)
def test_every_shipped_rule_has_working_examples(rule, shipped_matcher: PackMatcher):
    matcher = shipped_matcher
    assert rule.examples_bad and rule.examples_good, f"{rule.id} has no examples"
    for example in rule.examples_bad:
        fired = {m.rule.id for m in matcher.match(Document(example))}
        assert rule.id in fired, f"{rule.id}: bad example not flagged: {example!r}"
    for example in rule.examples_good:
        fired = {m.rule.id for m in matcher.match(Document(example))}
        assert rule.id not in fired, f"{rule.id}: good example flagged: {example!r}"


def test_shipped_pack_files_are_tidy():
    """codespell-style data checks: unique spun phrases per pack, originals differ."""
    from textqa.tokens import normalise

    for pack in load_packs(SHIPPED):
        seen: dict[tuple[str, tuple[str, ...], tuple[str, ...]], str] = {}
        for rule in pack.rules:
            for phrase in rule.spun:
                key = (normalise(phrase), rule.unless_before, rule.unless_after)
                assert key not in seen or rule.unless_near, (
                    f"{pack.id}: '{phrase}' in both {seen.get(key)} and {rule.id}"
                )
                seen[key] = rule.id
            assert all(normalise(o) not in {normalise(s) for s in rule.spun} for o in rule.original)


def _regular_plural(phrase: str) -> str:
    *head, last = phrase.split()
    if last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    elif last.endswith("y") and last[-2:-1] not in tuple("aeiou"):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return " ".join([*head, last])


# Singular spun phrases whose plural would be another word class or plain English:
# "the activation works as ..." is a verb, "excretion of CO2" has no plural.
PLURAL_EXEMPT = frozenset(
    {"initiation work", "actuation work", "activation work", "excretion of co2"}
)


def test_shipped_noun_phrases_are_matched_in_the_plural_too():
    """A rule whose originals come in the singular and the plural ("decision support
    system(s)") lists each singular spun phrase's plural as well: "choice emotionally
    supportive networks" went unflagged while the singular was a warning."""
    missing = []
    for pack in load_packs(SHIPPED):
        for rule in pack.rules:
            originals = {o.lower() for o in rule.original if " " in o}
            if not rule.spun or not any(_regular_plural(o) in originals for o in originals):
                continue
            spun = {s.lower() for s in rule.spun}
            missing += [
                f"{rule.id}: {_regular_plural(s)!r}"
                for s in sorted(spun - PLURAL_EXEMPT)
                if not s.endswith("s") and _regular_plural(s) not in spun
            ]
    assert missing == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Several terms mangled alike in one rule: the one sharing the hit's words.
        ("The red platelets were counted.", ["red blood cells"]),
        ("A misleading negative was reported.", ["false negative"]),
        ("It fell to a Sybil assault.", ["Sybil attack"]),
        # Both numbers listed: only the hit's number ("a random forests" was offered).
        ("It used an irregular woodland.", ["a random forest"]),
        ("It used irregular woodlands.", ["random forests"]),
        ("It used convolutional neural organizations.", ["convolutional neural networks"]),
        # The seed's spinner: "to permit" was offered 'allow' and 'allows'.
        ("Officials will work intensely to permit the group to meet.", ["allow"]),
        # Alternatives that share no word with the hit keep the rule's order.
        ("The image is in the HSV shading space.", ["color space", "colour space"]),
    ],
)
def test_a_hit_is_offered_the_originals_of_its_own_term_and_number(text: str, expected):
    from textqa import check_text

    found = [f for f in check_text(text, config=Config(fail_on="info")) if f.source == "rules"]
    assert len(found) == 1 and list(found[0].suggestions) == expected


def test_a_tortured_phrase_is_called_one():
    """Research-integrity readers know these as tortured phrases; "a spinner synonym of
    'artificial intelligence'" named the wrong trade."""
    from textqa import check_text

    [found] = check_text("We built a counterfeit consciousness model.")
    assert found.message == "'counterfeit consciousness' is a tortured phrase for " + (
        "'artificial intelligence'"
    )


# Rules whose originals are other names for one term ("color space", "colour space"):
# a hit may be offered each of them.
ALTERNATIVE_ORIGINALS = frozenset({
    "tortured-phrases.artificial-neural", "tortured-phrases.training-data",
    "tortured-phrases.face-recognition", "tortured-phrases.speech-recognition",
    "tortured-phrases.fog-computing-haze-figuring", "tortured-phrases.color-space",
    "tortured-phrases.energy-consumption", "tortured-phrases.residual-energy",
    "tortured-phrases.energy-efficiency", "tortured-phrases.thermal-conductivity",
    "tortured-phrases.solar-energy",
})  # fmt: skip


def test_each_tortured_phrase_names_one_term():
    """A rule listing several terms ("graphics processing unit", "central processing
    unit") offered its first for every phrase: "focal preparing unit" read as 'graphics
    processing unit'. Each spun phrase must lead to one term (in its number), by the
    words it shares with it, unless the originals are names of one term."""
    from textqa.casing import same_form_first, without_other_inflections
    from textqa.detectors.rules import closest_originals

    mixed = []
    for pack in load_packs(SHIPPED):
        if pack.id != "tortured-phrases":
            continue
        for rule in pack.rules:
            if rule.id in ALTERNATIVE_ORIGINALS:
                continue
            for spun in rule.spun:
                offered = closest_originals(spun, rule.original)
                offered = without_other_inflections(spun, same_form_first(spun, offered))
                if len(offered) > 1:
                    mixed.append(f"{rule.id}: {spun!r} -> {offered}")
    assert mixed == []


def test_user_pack_from_config_is_used(tmp_path: Path, tiny_pack: Path):
    from textqa import check_text

    config = Config(packs=(tiny_pack,), select=("tiny",))
    findings = check_text("Macron's workplace said.", config=config)
    assert [(f.rule, f.text, f.suggestions[0]) for f in findings if f.source == "rules"][:1] == [
        ("tiny.workplace", "workplace", "office")
    ]


def test_every_shipped_regex_compiles():
    matcher = PackMatcher(load_packs(SHIPPED))
    for rule in matcher.rules.values():
        if rule.regex:
            assert matcher.pattern(rule) is not None


@pytest.mark.parametrize(
    ("pattern", "anchors"),
    [
        (r"\b(?:high|prime)(?= diplomat)", {("high", True), ("prime", True)}),
        (r"\bfulfil(?:l|ls)?(?= with)", {("fulfil", False)}),
        (r"\brounds?\b", {("round", False)}),
        (r"(?<=[\w,] )in addition(?= he)", {("in", True)}),
        (r"(?:(?<=^)|(?<=[.!?]\s))considered one(?= of)", {("considered", True)}),
        (r"(?-i:\bgovt)(?= producer)|\bmotion(?= picture)", {("govt", True), ("motion", True)}),
        (r"(?:a|b)?c", None),  # the group is optional: no safe anchor
        (r"(?<=\w)[-‐]based\b", None),  # starts with punctuation
        (r"(?i)stated", None),  # global flags: scanned
    ],
)
def test_regex_anchors(pattern: str, anchors):
    from textqa.regex_anchors import regex_anchors

    found = regex_anchors(pattern)
    assert (set(found) if found is not None else None) == anchors


def test_anchored_regex_matching_equals_a_full_scan_on_the_seeds():
    """Trying regexes only at anchor tokens finds exactly what scanning the text finds."""
    from conftest import SEEDS

    matcher = PackMatcher(load_packs(SHIPPED))
    regex_rules = [rule for rule in matcher.rules.values() if rule.regex]
    for path in sorted(SEEDS.glob("*.txt")):
        doc = Document(path.read_text(encoding="utf-8"))
        anchored = {(m.rule.id, m.start, m.end) for m in matcher.match(doc) if m.rule.regex}
        scanned = {
            (hit.rule.id, hit.start, hit.end)
            for rule in regex_rules
            for found in matcher.pattern(rule).finditer(doc.text)
            for hit in matcher._regex_hit(doc, rule, found.start(), found.end())
        }
        assert anchored == scanned, path.name


def test_stated_to_an_addressee_is_told_not_said():
    from textqa import check_text

    text = "Intelligence officers in Iraq stated the Guardian that the group had 150 members."
    (stated,) = [f for f in check_text(text) if f.text == "stated"]
    assert (stated.rule, stated.suggestions[0]) == ("news-spin.told-media", "told")


def test_a_spun_word_used_as_a_name_is_no_swap():
    from textqa import check_text
    from textqa.config import Config

    def pack_hits(text: str) -> list[str]:
        # Hints too: a bare "workplace" is one where the text does not read as spun.
        hits = check_text(text, config=Config(fail_on="info"))
        return [f.text for f in hits if f.source == "rules"]

    # A product name, inside a sentence and (once the text has shown it is a name) at
    # the start of one: spinners leave names alone.
    assert pack_hits("It runs IBM's Workplace software. Workplace is a suite of tools.") == []
    assert pack_hits("It runs the workplace software. Workplace is a suite of tools.") == [
        "workplace",
        "Workplace",
    ]
    # A rule that spells the capital itself still matches it.
    assert pack_hits("We smoothed the track with a Kalman channel first.") == ["Kalman channel"]


def test_pack_that_is_not_utf8_is_a_one_line_error(tmp_path: Path, cli):
    """A user pack in Latin-1 was a UnicodeDecodeError traceback and exit 1."""
    pack = tmp_path / "p.toml"
    pack.write_bytes(_rule('id = "a"\nspun = ["café"]\noriginal = ["bar"]').encode("latin-1"))
    with pytest.raises(PackError, match=r"p\.toml: not UTF-8 \(byte 0xe9"):
        load_pack(pack)
    (tmp_path / "textqa.toml").write_text('packs = ["p.toml"]\n', encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("Macron's office said.\n", encoding="utf-8")
    result = cli("check", str(doc))
    assert result.code == 2
    assert result.err == f"textqa: error: {pack}: not UTF-8 (byte 0xe9 at offset 78); " + (
        "TOML files must be UTF-8\n"
    )


def test_a_match_inside_a_domain_name_is_no_swap():
    """BBC DEV: "blinkx.tv" was rewritten to "blinkx.television"."""
    from textqa import check_text

    def rules(text: str) -> list[str]:
        return [f.rule for f in check_text(text) if f.source == "rules"]

    assert rules("A smaller service, blinkx.tv, was launched last month.") == []
    assert rules("See www.workplace.com for the details.") == []
    assert rules("The tv was on.") == ["news-spin.tv-television"]
    # A capital after the dot is a glued sentence, still checked.
    assert "news-spin.workplace" in rules("It was shut.Macron's workplace said so.")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Workplace deaths rose last year.", "news-spin.workplace-general"),
        ("The storm destroyed 300 homes in a single day.", "news-spin.overnight"),
        (
            "A whole bunch of people showed up at the fair.",
            "news-spin.hundreds-of-a-whole-bunch-of",
        ),
        ("The program aims to decrease home energy use.", "news-spin.lower-house"),
        ("He signed a 5-yr contract.", "news-spin.year-yr"),
        ("Bars and eating places line the square.", "news-spin.restaurants-eating-places"),
        ("The heart, lungs and liver are indispensable organs.", "tortured-phrases.vital-organs"),
        ("The airport is a versatile hub for regional airlines.", "tortured-phrases.mobile-node"),
        ("Check the installed framework version first.", "tortured-phrases.embedded-system"),
        ("The hospital lost its records in a cyber assault.", "tortured-phrases.cyber-attack"),
        ("An unseen layer of dust covered the desk.", "tortured-phrases.hidden-layer"),
        # A later trial: fix --write made the heron's pond "a restaurant".
        ("The heron uses the pond as an eating place.", "news-spin.restaurant-eating-place"),
        ("The want for shelter drove the deer into the valley.", "news-spin.need-want"),
        (
            "Farmers praised the productiveness of the soil.",
            "news-spin.productivity-productiveness",
        ),
        ("If the dialog does not appear, close it and retry.", "news-spin.dialog"),
        (
            "The profound learning that comes from failure stays with you.",
            "tortured-phrases.deep-learning-hint",
        ),
    ],
)
def test_wording_that_is_also_plain_english_is_a_hint_in_clean_text(text: str, rule: str):
    """A black-box trial found these warnings on clean one-liners: the rule's wording is
    ordinary English too, so on its own it is a hint (info, which fails no check)."""
    from textqa import check_text
    from textqa.config import Config

    assert [f for f in check_text(text) if f.level != "info"] == []
    hints = [f for f in check_text(text, config=Config(fail_on="info")) if f.rule == rule]
    assert [f.level for f in hints] == ["info"]


def test_such_a_hint_is_a_warning_in_a_text_that_reads_as_spun():
    from textqa import check_text

    spun = SPUN_SEED.read_text(encoding="utf-8")
    text = spun + "\nA whole bunch of people showed up at the fair.\n"
    (hit,) = [f for f in check_text(text) if f.rule == "news-spin.hundreds-of-a-whole-bunch-of"]
    assert hit.level == "warning"


def test_a_paper_with_tortured_phrases_flags_them_in_the_ambiguous_contexts_too():
    # "profound learning and ..." / "... for ..." were left alone like "the profound learning
    # that comes from failure"; in a paper with other tortured phrases they are warnings.
    from textqa import check_text

    paper = (
        "We propose a novel approach based on profound learning and counterfeit consciousness "
        "to improve bosom malignant growth detection. Our irregular woodland classifier "
        "reaches a mean square blunder of 0.02 in a choice emotionally supportive network.\n"
    )
    (hit,) = [f for f in check_text(paper) if f.text == "profound learning"]
    assert (hit.level, hit.suggestions[0]) == ("warning", "deep learning")


def test_a_regex_match_starts_and_ends_on_its_words(tmp_path: Path):
    """`regex = "(?<=a) venue"` took in the space before the word: the fix wrote
    "ameeting", and the name check read the space, so "a Venue Place" was a hit too."""
    from textqa import check_text
    from textqa.config import Config

    pack = tmp_path / "venues.toml"
    pack.write_text(
        '[pack]\nid = "venues"\ndescription = "d"\nsource = "s"\nlevel = "warning"\n\n'
        '[[rule]]\nid = "venue"\nregex = "(?<=a) venue "\noriginal = ["meeting"]\n'
        'fix = "safe"\nexamples-bad = ["They found a venue here."]\n'
        'examples-good = ["They found a meeting here."]\n',
        encoding="utf-8",
    )
    config = Config(packs=(pack,), select=("venues",))
    text = "They found a venue here. They found a Venue Place."
    (hit,) = check_text(text, config=config)
    assert (hit.start, hit.end, hit.text) == (13, 18, "venue")


def test_a_user_packs_examples_are_checked_when_it_loads(tmp_path: Path, cli, monkeypatch):
    """A rule whose bad example it does not match (or that matches its good one) loaded
    without a word: it never fired, or fired on the very text it says is fine."""
    pack = tmp_path / "mine.toml"
    pack.write_text(
        HEADER.replace('id = "p"', 'id = "mine"')
        + '[[rule]]\nid = "venue-place"\nspun = ["venue place"]\noriginal = ["meeting place"]\n'
        'examples-bad = ["a meeting place here."]\nexamples-good = ["a venue place there."]\n\n'
        '[[rule]]\nid = "nothing"\nregex = "(?:)"\noriginal = ["x"]\n'
        'examples-bad = ["anything"]\nexamples-good = ["other"]\n\n'
        '[[rule]]\nid = "fine"\nspun = ["workplace"]\noriginal = ["office"]\n'
        'examples-bad = ["The workplace said."]\nexamples-good = ["The office said."]\n',
        encoding="utf-8",
    )
    (tmp_path / "textqa.toml").write_text('packs = ["mine.toml"]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("A venue place.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("check", "a.txt")
    assert result.code == 2
    assert result.err.splitlines() == [
        f"textqa: error: {pack}: rule 'mine.venue-place': examples-bad "
        "'a meeting place here.' is not matched",
        f"textqa: error: {pack}: rule 'mine.venue-place': examples-good "
        "'a venue place there.' is matched",
        f"textqa: error: {pack}: rule 'mine.nothing': examples-bad 'anything' is not matched",
    ]


def test_restored_wordings_are_the_originals_no_rule_calls_spun(tmp_path: Path):
    """What the engine spares from the statistics (a fix writes it back)."""
    path = tmp_path / "two.toml"
    path.write_text(
        '[pack]\nid = "two"\ndescription = "d"\nsource = "s"\n\n'
        '[[rule]]\nid = "navy"\nspun = ["navy"]\noriginal = ["military", "armed forces", "army"]\n'
        'examples-bad = ["The navy moved."]\nexamples-good = ["The army moved."]\n\n'
        '[[rule]]\nid = "forces"\nspun = ["Armed Forces"]\noriginal = ["army", "within"]\n'
        'examples-bad = ["The armed forces moved."]\nexamples-good = ["The army moved."]\n\n'
        '[[rule]]\nid = "within"\nspun = ["within the"]\noriginal = ["in the"]\n'
        'examples-bad = ["It is within the town."]\nexamples-good = ["It is in the town."]\n',
        encoding="utf-8",
    )
    restored = PackMatcher([load_pack(path)]).restored_wordings
    # "armed forces" is another rule's spun phrase, and "within" a word of one.
    assert restored == {"military", "army", "in the"}


def test_a_regex_rule_that_flags_its_own_fix_is_refused(tmp_path: Path, cli):
    """news-spin.goal-purpose listed 'goals', one of its originals, among the words it
    matches: "score goals" in clean sports copy was 'goals' → 'goals'."""
    path = tmp_path / "selfish.toml"
    path.write_text(
        '[pack]\nid = "selfish"\ndescription = "d"\nsource = "s"\n\n'
        '[[rule]]\nid = "goal"\nregex = "\\\\b(?:aims|goals)\\\\b(?<=scored (?:aims|goals))"\n'
        'original = ["goals"]\nexamples-bad = ["He scored aims."]\n'
        'examples-good = ["The aims of the plan."]\n',
        encoding="utf-8",
    )
    (tmp_path / "textqa.toml").write_text(f'packs = ["{path.name}"]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("He scored goals.\n", encoding="utf-8")
    result = cli("check", str(tmp_path / "a.txt"))
    assert result.code == 2
    assert "rule selfish.goal flags its own fix ('He scored goals.')" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_a_ring_of_three_rules_in_a_user_pack_is_refused(tmp_path: Path, cli):
    """A trial's motorcar → automobile → vehicle → motorcar: each fix --write moved the
    text one step round, for ever."""
    rules = [("a", "motorcar", "automobile"), ("b", "automobile", "vehicle"),
             ("c", "vehicle", "motorcar")]  # fmt: skip
    text = '[pack]\nid = "ring"\ndescription = "d"\nsource = "s"\n'
    for rule_id, spun, original in rules:
        text += (
            f'\n[[rule]]\nid = "{rule_id}"\nspun = ["{spun}"]\noriginal = ["{original}"]\n'
            f'fix = "safe"\nexamples-bad = ["We saw the {spun} today."]\n'
            f'examples-good = ["We saw the bus today."]\n'
        )
    (tmp_path / "ring.toml").write_text(text, encoding="utf-8")
    (tmp_path / "textqa.toml").write_text('packs = ["ring.toml"]\n', encoding="utf-8")
    (tmp_path / "cy.txt").write_text("We saw the motorcar today.\n", encoding="utf-8")
    result = cli("fix", "--write", str(tmp_path / "cy.txt"))
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "rules ring.a ('motorcar' → 'automobile'), ring.b ('automobile' → 'vehicle'), " in (
        result.err
    )
    assert "go round in a ring" in result.err
    assert (tmp_path / "cy.txt").read_text(encoding="utf-8") == "We saw the motorcar today.\n"


def test_a_phrase_before_a_possessive_is_found_and_the_possessive_kept(tiny_pack: Path):
    """The token "workplace's" is one, so the phrase look-up never saw "workplace" (a trial:
    "the motorcar's engine" gave nothing, though "(motorcar)" was found)."""
    matcher = PackMatcher([load_pack(tiny_pack)])
    text = "The workplace's statement came. Prices rose, in keeping with’s view. Workplace’s."
    hits = [(hit.rule.id, text[hit.start : hit.end]) for hit in matcher.match(Document(text))]
    assert sorted(hits) == [
        ("tiny.in-keeping-with", "in keeping with"),
        ("tiny.workplace", "Workplace"),
        ("tiny.workplace", "workplace"),
    ]


def test_exempted_spans_do_not_depend_on_a_match_run_before(tmp_path: Path):
    """The spans an unless-* context exempted were a side effect of match(), kept in a
    table shared by every matcher: asked first, or of another matcher, they were empty."""
    body = 'id = "motorcar"\nspun = ["motorcar"]\noriginal = ["car"]\nunless-near = ["museum"]'
    matcher = PackMatcher([_load(tmp_path, _rule(body))])
    text = "The motorcar museum opened. He drove the motorcar home."
    doc = Document(text)
    assert matcher.exempted(doc) == [(4, 12)]  # no match() before
    assert [(hit.start, hit.end) for hit in matcher.match(doc)] == [(41, 49)]
    assert matcher.exempted(doc) == [(4, 12)]  # the same after it, not doubled
    other = PackMatcher([_load(tmp_path, _rule(body.replace("museum", "home")), "q.toml")])
    assert other.exempted(doc) == [(41, 49)]
    assert matcher.exempted(doc) == [(4, 12)]  # each matcher its own


def test_the_statistics_spare_a_phrase_a_rule_exempts_by_its_context(tmp_path: Path, cli):
    """A trial: with ``unless-near = ["museum"]`` the pack left "the motorcar museum"
    alone, and the statistics then flagged the same 'motorcar' → 'car' as a warning."""
    (tmp_path / "motor.toml").write_text(
        '[pack]\nid = "motor"\ndescription = "d"\nsource = "s"\n\n[[rule]]\nid = "motorcar"\n'
        'spun = ["motorcar"]\noriginal = ["car"]\nunless-near = ["museum"]\n'
        'unless-before = ["vintage"]\nexamples-bad = ["He drove the motorcar home."]\n'
        'examples-good = ["The motorcar museum opened.", "A vintage motorcar."]\n',
        encoding="utf-8",
    )
    (tmp_path / "textqa.toml").write_text('packs = ["motor.toml"]\n', encoding="utf-8")
    text = (
        "Macron's workplace stated on Sunday that the motorcar museum and a vintage "
        "motorcar were closed. He drove the motorcar home.\n"
    )
    (tmp_path / "m.txt").write_text(text, encoding="utf-8")
    result = cli("check", str(tmp_path / "m.txt"), "--format", "json", "--fail-on", "info")
    flagged = {f["start"]: f["rule"] for f in json.loads(result.out)["findings"]}
    museum, vintage = text.index("motorcar museum"), text.index("motorcar were")
    assert museum not in flagged and vintage not in flagged
    assert flagged[text.index("motorcar home")] == "motor.motorcar"
    # Without the packs the statistics say what they see (as hints: without the packs'
    # traces the text no longer reads as spun).
    result = cli(
        "check", str(tmp_path / "m.txt"), "--format", "json", "--select", "stats",
        "--fail-on", "info",
    )  # fmt: skip
    flagged = {f["start"] for f in json.loads(result.out)["findings"]}
    assert {museum, vintage} <= flagged
