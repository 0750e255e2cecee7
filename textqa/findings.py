"""The Finding record every detector emits, and how findings are merged and ranked.

Findings are plain frozen data with exactly the fields of the JSON contract, so the
reporters, ``fix`` and API users all see one shape.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

LEVELS = ("info", "warning", "error")
LEVEL_RANK = {name: rank for rank, name in enumerate(LEVELS)}
SOURCES = ("rules", "stats", "siblings", "quality")

# Sources that say "this span replaced another wording"; overlapping ones are merged.
SUBSTITUTION_SOURCES = frozenset({"rules", "stats", "siblings"})
# Quality checks that also name a swapped word and its original: they merge like the above
# ("japanese Ukraine" is one finding, whether the sibling or the demonym check saw it).
SUBSTITUTION_RULES = frozenset({"quality.proper-adjective"})
_SOURCE_PRIORITY = {"rules": 0, "siblings": 1, "stats": 2, "quality": 3}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one span of one file (fields as in the JSON contract)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int
    rule: str
    source: str
    level: str
    message: str
    text: str
    suggestions: tuple[str, ...] = ()
    confidence: float = 0.5
    evidence: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        """The JSON object for this finding, with lists instead of tuples (the fields in
        declaration order, as ``asdict`` gives them, without its deep copies)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "start": self.start,
            "end": self.end,
            "rule": self.rule,
            "source": self.source,
            "level": self.level,
            "message": self.message,
            "text": self.text,
            "suggestions": list(self.suggestions),
            "confidence": round(self.confidence, 3),
            "evidence": list(self.evidence),
        }

    @property
    def fails(self) -> bool:
        """Whether this finding counts towards quality figures (warning and above)."""
        return LEVEL_RANK[self.level] >= LEVEL_RANK["warning"]


def at_least(level: str, threshold: str) -> bool:
    """``level`` is at or above ``threshold`` in info < warning < error."""
    return LEVEL_RANK[level] >= LEVEL_RANK[threshold]


def _overlaps(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end


def _absorb(primary: Finding, other: Finding) -> Finding:
    """Fold ``other``'s evidence into ``primary`` (both name one substituted span).

    Sibling wording goes first among the suggestions when it covers the same span:
    another outlet's sentence is the most direct evidence of the original. A sibling
    hint (``info``: a swap seen on another line, a weak link) only chooses among the
    others' wordings ("conversation" of a pack's "dialogue" / "conversation"); it does
    not outrank them ("said" against a pack's "told").
    """
    hint_agrees = other.level != "info" or (
        other.suggestions and other.suggestions[0] in primary.suggestions
    )
    if (
        other.source == "siblings"
        and hint_agrees
        and (other.start, other.end) == (primary.start, primary.end)
    ):
        suggestions = other.suggestions + primary.suggestions
    elif (other.start, other.end) == (primary.start, primary.end):
        suggestions = primary.suggestions + other.suggestions
    else:
        suggestions = primary.suggestions
    unique_suggestions = tuple(dict.fromkeys(suggestions))
    other_evidence = other.evidence
    if (other.start, other.end) != (primary.start, primary.end) and other.evidence:
        # Evidence about a part of the span ("sanctions" → "authorities" inside "large
        # sanctions" → "massive sanctions") says which part and what it proposes, so it
        # does not read as evidence for the finding's own wording.
        proposed = f" → '{other.suggestions[0]}'" if other.suggestions else ""
        other_evidence = (f"also {other.rule} on '{other.text}'{proposed}:", *other.evidence)
    evidence = tuple(dict.fromkeys(primary.evidence + other_evidence))
    # Independent sources agreeing is stronger than either alone.
    confidence = 1 - (1 - primary.confidence) * (1 - other.confidence)
    level = primary.level if at_least(primary.level, other.level) else other.level
    return replace(
        primary,
        suggestions=unique_suggestions,
        evidence=evidence,
        confidence=min(confidence, 0.999),
        level=level,
    )


def _overlapping_substitution(merged: list[Finding], finding: Finding) -> int | None:
    """Index of a recent merged substitution finding that overlaps ``finding``, if any."""
    if not names_a_swap(finding):
        return None
    # Sorted by start, so only the last few entries can reach past finding.start.
    for index in range(len(merged) - 1, max(-1, len(merged) - 9), -1):
        previous = merged[index]
        if names_a_swap(previous) and _overlaps(previous, finding):
            return index
    return None


QUOTED_EVIDENCE = "inside a quotation, which spinners usually leave alone"


def quoted_hint(finding: Finding) -> Finding:
    """``finding`` inside a quotation: a hint, far less sure. Spinners leave quoted
    speech alone, so a "spun" phrase there is most likely the speaker's own word."""
    return replace(
        finding,
        level="info",
        confidence=finding.confidence * 0.4,
        evidence=(*finding.evidence, QUOTED_EVIDENCE),
    )


def names_a_swap(finding: Finding) -> bool:
    """Whether ``finding`` names a substituted span (a pack, sibling or statistical finding,
    or a quality check that names a swapped word)."""
    return finding.source in SUBSTITUTION_SOURCES or finding.rule in SUBSTITUTION_RULES


def _outranks(finding: Finding, other: Finding) -> bool:
    """Whether ``finding`` is the primary of the two when merged: by source, except that
    a sibling warning beats a pack hit on another span. The sibling's span is the slot
    where its close sentence differs; the words of the pack's span outside it are ones
    the sibling has too. The spinner's "adult males" for "men" was aligned as one swap,
    but the pack's hit on 'males' took the span and fix left "Both adult men"; a pack's
    "large sanctions" → "massive sanctions" over the sibling's 'sanctions' → 'penalties'
    was no fix at all (the sibling lacks "massive"), where the sibling's was one."""
    if _sibling_slot(finding, other):
        return True
    if _sibling_slot(other, finding):
        return False
    if _sure_profile(finding, other):
        return True
    if _sure_profile(other, finding):
        return False
    return _SOURCE_PRIORITY[finding.source] < _SOURCE_PRIORITY[other.source]


# The confidence of a stats.reporting-verbs finding with a clear profile
# (SURE_REPORTING_USES spinner-style uses, no plain one): a fix on its own.
SURE_PROFILE = 0.85


def _sure_profile(stats: Finding, pack: Finding) -> bool:
    """A reporting-verb finding with a sure profile is the primary over a pack hit on the
    same word proposing the same verb. The pack's "stated" → "said" is a suggestion (the
    word alone may be the writer's), the document's profile (14 "stated", no "said") is
    what makes it a fix: as the pack's, `fix --write` left all 14 of the seed in place,
    where `--select stats` fixed them."""
    return (
        stats.rule == "stats.reporting-verbs"
        and stats.confidence >= SURE_PROFILE
        and pack.source == "rules"
        and (stats.start, stats.end) == (pack.start, pack.end)
        and bool(stats.suggestions)
        and bool(pack.suggestions)
        and stats.suggestions[0].lower() == pack.suggestions[0].lower()
    )


def _sibling_slot(sibling: Finding, pack: Finding) -> bool:
    return (
        sibling.source == "siblings"
        and sibling.level != "info"
        and pack.source == "rules"
        and (sibling.start, sibling.end) != (pack.start, pack.end)
    )


def merge(findings: Iterable[Finding]) -> list[Finding]:
    """Merge overlapping substitution findings; drop exact duplicates; sort by position.

    Pack findings win over sibling findings (unless a sibling warning has another span:
    :func:`_outranks`), which win over statistical ones; the loser's evidence and
    suggestions are kept on the winner. Between two rules of one
    source on one span, the higher level wins: it is the one with a context ("told-media"
    for "stated France's LCI Television" over the general "stated").
    """
    ordered = sorted(
        findings,
        key=lambda f: (f.start, _SOURCE_PRIORITY[f.source], -f.end, -LEVEL_RANK[f.level]),
    )
    merged: list[Finding] = []
    seen: set[tuple[int, int, str]] = set()
    for finding in ordered:
        key = (finding.start, finding.end, finding.rule)
        if key in seen:
            continue
        seen.add(key)
        target = _overlapping_substitution(merged, finding)
        if target is None:
            merged.append(finding)
        elif _outranks(finding, merged[target]):
            merged[target] = _absorb(finding, merged[target])
        else:
            merged[target] = _absorb(merged[target], finding)
    merged.sort(key=lambda f: (f.start, f.end, f.rule))
    return merged
