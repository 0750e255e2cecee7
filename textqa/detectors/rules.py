"""The pack detector: known spun phrases from ``rules/*.toml`` (source ``rules``).

PASS: Macron's office said on Sunday.
FAIL: Macron's workplace stated on Sunday.   (news-spin.workplace, news-spin.stated)

A match inside a quotation is demoted to ``info``: spinners leave quoted speech
alone, so a "spun" phrase there is most likely the speaker's own word. A match that
starts on a name (:attr:`Document.names`: "IBM's Workplace software") is no swap at all,
unless the rule itself spells the word with its capital ("Kalman channel"). Nor is a
match joined by a dot to a lower-case word or number: a domain or file name
("blinkx.tv", "www.workplace.com").

PASS: IBM's Workplace software runs on Linux.
PASS: A smaller service, blinkx.tv, was launched last month.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from textqa.casing import match_case, same_form_first, without_other_inflections
from textqa.detectors.base import CheckContext
from textqa.findings import quoted_hint
from textqa.packs import PackMatcher, Rule, matcher_for

if TYPE_CHECKING:
    from textqa.document import Document
    from textqa.findings import Finding

_CONFIDENCE = {"error": 0.95, "warning": 0.9, "info": 0.55}


def rule_confidence(rule: Rule) -> float:
    """Prior confidence of a pack hit: strong rules high, weak (info) rules middling."""
    bonus = 0.04 if rule.fix == "safe" else 0.0
    return min(0.99, _CONFIDENCE[rule.level] + bonus)


class PackDetector:
    source = "rules"

    def __init__(self, matcher: PackMatcher | None = None) -> None:
        self._matcher = matcher

    def matcher(self, context: CheckContext) -> PackMatcher:
        if self._matcher is not None:
            return self._matcher
        return matcher_for(context.config.packs)

    def prepare(self, context: CheckContext) -> None:
        """Compile every pack regex now, once, rather than in each worker process."""
        matcher = self.matcher(context)
        for rule in matcher.rules.values():
            if rule.regex:
                matcher.pattern(rule)

    def rules(self, context: CheckContext) -> dict[str, str]:
        return {
            rule.id: f"{', '.join(rule.spun) or rule.regex} → {', '.join(rule.original)}"
            for rule in self.matcher(context).rules.values()
        }

    def check(self, doc: Document, context: CheckContext) -> Iterator[Finding]:
        for hit in self.matcher(context).match(doc):
            rule = hit.rule
            text = doc.text[hit.start : hit.end]
            if text[:1].isupper() and _starts_on_a_name(doc, hit.start, rule):
                continue
            if _holds_a_name(doc, hit.start, hit.end, rule):
                continue
            if _in_a_domain(doc.text, hit.start, hit.end):
                continue
            # "red platelet" → 'red blood cell', not 'white blood cell'; "fulfills" →
            # "meets" first; "an irregular woodland" → 'random forest' only.
            originals = without_other_inflections(
                text, same_form_first(text, closest_originals(text, rule.original))
            )
            finding = doc.finding(
                hit.start,
                hit.end,
                rule=rule.id,
                source="rules",
                level=rule.level,
                message=rule.message.format(text=text, original=originals[0]),
                # In the hit's case, as the other detectors give theirs: a JSON or SARIF
                # consumer applies a suggestion as it stands ("Stated" → "Said").
                suggestions=list(dict.fromkeys(match_case(text, o) for o in originals)),
                confidence=rule_confidence(rule),
                evidence=[f"pack {rule.pack}"],
            )
            yield quoted_hint(finding) if doc.in_quote(hit.start, hit.end) else finding


_WORD_RE = re.compile(r"\w+")


def closest_originals(text: str, originals: Sequence[str]) -> list[str]:
    """The originals that share the most content words with the hit, when some share
    any: one rule may list several terms mangled alike ("white platelet", "red
    platelet" → 'white blood cell', 'red blood cell'), and the first was offered for
    every hit. A rule whose originals share no word with the hit keeps its order."""
    from textqa.swaps.candidates import CLOSED_CLASS

    if len(originals) < 2:
        return list(originals)
    words = set(_WORD_RE.findall(text.lower())) - CLOSED_CLASS
    shared = [len(words.intersection(_WORD_RE.findall(o.lower()))) for o in originals]
    most = max(shared)
    if not most:
        return list(originals)
    return [o for o, count in zip(originals, shared, strict=True) if count == most]


# A dot between a lower-case letter or digit and the match, or after it: "blinkx.tv".
# (A capital after the dot is a glued sentence, "stated.The", which is still checked.)
_DOMAIN_BEFORE_RE = re.compile(r"[a-z0-9]\.\Z")
_DOMAIN_AFTER_RE = re.compile(r"\.[a-z0-9]")


def _in_a_domain(text: str, start: int, end: int) -> bool:
    return bool(
        _DOMAIN_BEFORE_RE.search(text, max(0, start - 2), start)
        or _DOMAIN_AFTER_RE.match(text, end)
    )


def _holds_a_name(doc: Document, start: int, end: int, rule: Rule) -> bool:
    """A word after the hit's first, which is in lower case, is a name ("in and Round
    Rock"), and the rule does not spell it so: the phrase is a swap only in lower case.
    (A phrase in title case, "In Keeping With", is no name.)"""
    if doc.text[start].isupper() or not any(c.isupper() for c in doc.text[start + 1 : end]):
        return False
    first = bisect.bisect_left(doc.token_starts, start) + 1
    last = bisect.bisect_left(doc.token_starts, end)
    spelled = rule.regex or " ".join(rule.spun)
    return any(
        index in doc.names
        and re.search(rf"\b{re.escape(doc.tokens[index].text)}\b", spelled) is None
        for index in range(first, last)
    )


def _starts_on_a_name(doc: Document, start: int, rule: Rule) -> bool:
    """The hit's first word is a name in ``doc``, and the rule does not spell it so."""
    index = bisect.bisect_left(doc.token_starts, start)
    if index not in doc.names:
        return False
    word = doc.tokens[index].text
    spelled = rule.regex or " ".join(rule.spun)
    return re.search(rf"\b{re.escape(word)}\b", spelled) is None
