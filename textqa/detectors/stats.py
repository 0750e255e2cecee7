"""The statistical detector: thesaurus swaps that no pack lists (source ``stats``).

PASS: Macron's office said on Sunday that the talks would resume.
FAIL: Biden was internet hosting a uncommon weekend assembly.
      (stats.substitution "internet hosting" → "hosting"; stats.a-an "uncommon" → "rare")

The model that finds and scores the suspects is :mod:`textqa.swaps`; this module turns
its analysis of a document into findings. A finding is a ``warning`` only when the
word's own evidence against clean text reaches ``warning-ratio`` (precision on clean
text is what matters); one whose evidence reaches ``min-ratio`` is ``info``, which the
engine promotes when the document as a whole reads as spun (:mod:`textqa.spin`, to which
the model hands its document cues).

Rules: ``stats.substitution`` (a word that fits its context much worse than a word it is
a thesaurus synonym of), ``stats.reporting-verbs`` ("stated" where news says "said",
per occurrence outside quotations, when the document's reporting verbs have the
spinner's profile), ``stats.a-an`` (the word after a mismatched article, whose original
had the article's sound), ``stats.proper-adjective`` (a lowercase demonym before a name),
and two document-level cues reported once per document when they read as spun:
``stats.quote-contrast`` (suspicious words outside quotations against inside) and
``stats.density`` (suspects per 100 words).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

from textqa.casing import match_case, same_form_first
from textqa.data.lexicon import lexicon
from textqa.detectors.base import CheckContext
from textqa.findings import SURE_PROFILE
from textqa.spin import (
    A_AN_GUESS_CONFIDENCE,
    POSSESSIVES,
    reporting_profile,
    reporting_starts,
    reporting_uses,
)
from textqa.spin import SPUN_REPORTING as _SPUN_REPORTING
from textqa.swaps.inference import Analysis, Candidate, analyse, word_evidence
from textqa.tokens import only_drops_words

if TYPE_CHECKING:
    from textqa.document import Document
    from textqa.findings import Finding


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
# Reporting verbs: news copy says "said" and "told"; spinners write these instead.
REPORTING_SPUN = {"stated": "said", "instructed": "told", "mentioned": "said"}
PASSIVE_REPORTING_CONFIDENCE = 0.6  # below the default fix threshold (0.8)
assert set(REPORTING_SPUN) == _SPUN_REPORTING
# stats.a-an: how much better (log10) the article's word must fit between the neighbours
# for a guess to stand beyond the article itself (one that does not gets
# spin.A_AN_GUESS_CONFIDENCE).
A_AN_MIN_FIT = 0.5
SURE_REPORTING_USES = 3  # spinner-style uses, with no plain one, for a safe fix
DENSITY_EVIDENCE = 1.5  # the stats evidence at which stats.density is reported


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
        # The cue as a stats rule where the quality check is not run: left out of the
        # selection (--select stats), but not where the user ignored it.
        proper = "quality.proper-adjective"
        if not (config.is_selected(proper, doc.path) or config.is_ignored(proper, doc.path)):
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
        confidence_cap = 0.95
        evidence = list(candidate.evidence)
        level = None
        evidence_of_word = word_evidence(candidate.spun_probability)
        article = articles.get(candidate.start)
        norm = candidate.text.lower()
        if article is not None:
            from textqa.detectors.quality.a_an import VOWEL, sound

            wanted = VOWEL if article == "an" else "consonant"
            fitting = [o for o in options if sound(o.text) == wanted]
            if fitting:
                options = fitting + [o for o in options if o not in fitting]
                rule, level = "stats.a-an", "warning"
                best_reading = candidate.options[0]
                supported = fitting[0] is best_reading and candidate.context_gain >= A_AN_MIN_FIT
                if not supported:
                    # Only the article says so ("a old man": 'boyfriend'?): below any fix,
                    # and too weak to doubt the article's own repair (articles.py).
                    confidence_cap = A_AN_GUESS_CONFIDENCE
                evidence.insert(
                    0,
                    f"'{article} {candidate.text}': the article fits '{fitting[0].text}', "
                    "the word a spinner replaced",
                )
        elif norm in REPORTING_SPUN:
            if profile:
                return None  # reported by _reporting_findings, with the document's profile
            if candidate.start not in reporting_starts(doc):
                return None  # "the stated aim", "as stated": no reporting verb to swap
        if rule == "stats.substitution":
            options = same_form_first(candidate.text, options, lambda option: option.text)
        if level is None:
            # A wording that only drops words ("government minister" → "minister") is
            # a hint on its own evidence: clean copy is full of such compounds.
            if candidate.swap_evidence >= warning_evidence and not only_drops_words(
                candidate.text, options[0].text
            ):
                level = "warning"
            elif evidence_of_word >= min_evidence:
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
            suggestions=[match_case(candidate.text, s) for s in suggestions[:4]],
            confidence=min(confidence_cap, candidate.spun_probability),
            evidence=evidence,
        )


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
        # A fix (0.8) needs a clear profile: two uses in a short text may be a writer's
        # own ("the patient stated"; a trial's legal text had "fixed" to "said").
        confidence = SURE_PROFILE if plain == 0 and spun >= SURE_REPORTING_USES else 0.7
        if token.start in passive:  # "were stated in amps" was "expressed": a hint only
            after = doc.text[token.end : token.end + 7].split()
            what = "a stance" if after and after[0].lower() in POSSESSIVES else "a passive"
            evidence.append(f"{what}: '{token.text}' may stand for another verb than '{original}'")
            confidence = PASSIVE_REPORTING_CONFIDENCE
        yield doc.finding(
            token.start,
            token.end,
            rule="stats.reporting-verbs",
            source=SOURCE,
            level="warning",
            message=f"'{token.text}' where news copy says '{original}'",
            suggestions=[match_case(token.text, original)],
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
