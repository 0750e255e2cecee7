"""The document-level verdict: how strongly does this text read as spun?

A spun article carries many independent traces: strong pack hits outside
quotations, "stated" where news says "said", lowercase demonyms before names,
a/an errors. Each cue is a count per 100 words; together they give a score in
[0, 1]. The score lets weak findings (``info``) become warnings in a document that
is clearly spun, and keeps them quiet in clean text.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textqa.document import Document
    from textqa.findings import Finding

_STRONG_QUALITY = {"quality.proper-adjective", "quality.a-an"}


def strong_traces(doc: Document, findings: Iterable[Finding]) -> int:
    """Warning-level substitution evidence outside quotations."""
    count = 0
    for finding in findings:
        if finding.level == "info" or doc.in_quote(finding.start, finding.end):
            continue
        if finding.source in ("rules", "stats", "siblings") or finding.rule in _STRONG_QUALITY:
            count += 1
    return count


def reporting_verb_cue(doc: Document) -> float:
    """News says "said"; spinners write "stated". Count stated-not-said outside quotes."""
    stated = said = 0
    for token in doc.words:
        if token.norm in ("stated", "states") and not doc.in_quote(token.start, token.end):
            stated += 1
        elif token.norm in ("said", "says") and not doc.in_quote(token.start, token.end):
            said += 1
    if stated < 2:
        return 0.0
    return stated / (stated + said)


def spin_score(doc: Document, findings: Iterable[Finding]) -> float:
    """A score in [0, 1]; 0.5 and above reads as spun."""
    words = max(doc.word_count, 1)
    density = 100.0 * strong_traces(doc, findings) / words  # traces per 100 words
    evidence = density / 0.6 + 1.5 * reporting_verb_cue(doc)
    return round(1.0 - math.exp(-evidence), 3)
