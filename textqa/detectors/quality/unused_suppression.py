"""quality.unused-suppression: a suppression comment that suppressed nothing.

Like ruff's unused ``noqa``: once the text is fixed, the comment is dead weight and
would hide the next real problem on that line.

PASS: <!-- textqa: ignore-next-line news-spin.workplace -->
      Macron's workplace stated.
FAIL: <!-- textqa: ignore-next-line news-spin.workplace -->
      Macron's office said.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from textqa.document import Document
    from textqa.findings import Finding
    from textqa.suppression import Directive

RULE = "quality.unused-suppression"
LEVEL = "warning"
DESCRIPTION = "A textqa suppression comment that suppresses nothing"
EXAMPLES_BAD = [
    "<!-- textqa: ignore-next-line news-spin.workplace -->\nMacron's office said.",
    "<!-- textqa: disable-file -->\nA clean sentence.",
    "<!-- textqa: disabel -->\nMacron's workplace said.",
    "A clean sentence.\n<!-- textqa: enable -->",
]
EXAMPLES_GOOD = [
    "<!-- textqa: ignore-next-line news-spin.workplace -->\nMacron's workplace said.",
    "A clean sentence with no directive.",
]


def check(doc: Document) -> list[Finding]:
    """Nothing to scan: the engine calls :func:`finding` for each unused directive."""
    return []


def finding(
    doc: Document, directive: Directive, unknown: Sequence[str] = (), off: Sequence[str] = ()
) -> Finding:
    """The finding for an unused ``directive``; ``unknown`` are the rule ids it names
    that no detector or pack defines (a typo is why it suppressed nothing), ``off``
    those the configuration does not run here (ruff's "non-enabled")."""
    rules = " ".join(directive.rules) or "all rules"
    why = "nothing here was reported"
    if unknown:
        why = "unknown rule id " + ", ".join(repr(rule) for rule in unknown)
    elif off:
        why = "not enabled here: " + ", ".join(repr(rule) for rule in off)
    if directive.problem:  # malformed: what is wrong with it, not what it names
        message = f"unused suppression: {directive.problem}"
    else:
        message = f"unused suppression ({directive.kind} {rules}): {why}"
    return doc.finding(
        directive.start,
        directive.end,
        rule=RULE,
        source="quality",
        level=LEVEL,
        message=message,
        confidence=1.0,
        evidence=("no finding in its scope",),
    )
