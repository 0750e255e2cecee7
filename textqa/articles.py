"""A wrong "a"/"an" in a checked text: a slip of the article, or the trace of a swap.

Spinners swap a word and keep its article ("a rare" → "a uncommon"), so in a text that
reads as spun the article is the original's and the word after it the swap: changing the
article would only dress the swap up. These steps of the pipeline (:mod:`textqa.engine`)
weigh the article findings against the rest of the document's evidence.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from typing import TYPE_CHECKING

from textqa.findings import Finding, names_a_swap
from textqa.spans import SpanIndex

if TYPE_CHECKING:
    from textqa.config import Config
    from textqa.document import Document

# Swaps that sibling sentences show before a text counts as a spun copy, whatever its
# spin score (set by judgment, well above the odd reworded word of an edited copy).
SPUN_COPY_SWAPS = 5
STATS_ARTICLE = "stats.a-an"  # a wrong article read as the trace of a swap after it


def doubt_articles(
    doc: Document, findings: list[Finding], score: float, config: Config
) -> list[Finding]:
    """In a text that reads as spun, or nearly (from ``near-threshold``), "a ear" is a
    spinner's swap after the original's article ("a year"), not a slip of the article:
    "an ear" would only dress the swap up. The finding stays, as a sign of the swap, but
    below any fix threshold.

    A text whose swaps sibling sentences show (``SPUN_COPY_SWAPS`` or more) is a spun
    copy whatever its score: an encyclopedic text's rare words can hold the score down.
    Elsewhere, an article whose next word the statistical detector is sure was swapped
    ("an terminal": "'an end to' fits 10^3 times better") has two readings, and neither
    repair is safe (``fix`` needs a sibling to apply the ``stats.a-an`` guess).
    """
    from textqa.detectors.quality.a_an import doubted
    from textqa.detectors.siblings import confirms_swap

    if score >= config.stat("near-threshold"):
        # From near-threshold a text is likelier spun than not (config.py): enough to
        # doubt the article, whose repair would be written unattended.
        nearly = "" if score >= config.stat("spin-threshold") else "nearly "
        why = f"the text {nearly}reads as spun (score {score:.2f})"
    else:
        shown = sum(map(confirms_swap, findings))
        if shown < SPUN_COPY_SWAPS:
            return _doubt_swapped_next(doc, findings, config.fix_threshold)
        why = f"sibling articles show {shown} swaps in the text"
    why += ": the word after the article was likelier swapped than the article"
    return [doubted(f, why) if _undoubted(f) else f for f in findings]


def _undoubted(finding: Finding) -> bool:
    """A wrong-article finding still read as a slip of the article (fixable)."""
    from textqa.detectors.quality.a_an import DOUBTED_CONFIDENCE, RULE

    return finding.rule == RULE and finding.confidence > DOUBTED_CONFIDENCE


def _next_word(doc: Document, article: Finding) -> int | None:
    """Index (in ``doc.words``) of the word after an article finding, if any."""
    index = bisect.bisect_left(doc.word_starts, article.end)
    return index if index < len(doc.word_starts) else None


def _doubt_swapped_next(doc: Document, findings: list[Finding], sure: float) -> list[Finding]:
    """Articles whose next word a ``stats.a-an`` warning reads as a swap with at least
    the confidence of a fix (``sure``); a weak reading ("a apple": "a tree"?, "a old
    man": "a boyfriend"?) leaves the article's own repair alone, and is itself only a
    hint beside it (two warnings for one slip, one of them absurd, helped nobody)."""
    from textqa.detectors.quality.a_an import doubted

    readings = {f.start: f for f in findings if f.rule == STATS_ARTICLE and f.level != "info"}
    if not readings:
        return findings
    out = []
    hinted: set[int] = set()
    for finding in findings:
        if _undoubted(finding):
            index = _next_word(doc, finding)
            after = None if index is None else readings.get(doc.words[index].start)
            if after is not None and after.confidence >= sure:
                finding = doubted(
                    finding,
                    f"the word after it may be a swap for '{after.suggestions[0]}' "
                    "(stats.a-an): the article may be the original's",
                )
            elif after is not None:
                hinted.add(after.start)
        out.append(finding)
    if not hinted:
        return out
    why = "the wrong article is likelier a slip (quality.a-an) than the trace of a swap"
    return [
        replace(f, level="info", evidence=(*f.evidence, why))
        if f.rule == STATS_ARTICLE and f.start in hinted and f.level != "info"
        else f
        for f in out
    ]


def fold_articles(doc: Document, findings: list[Finding], sure: float) -> list[Finding]:
    """A wrong article whose next word a substitution finding already rewrites is part of
    that finding: "a uncommon" is one swap, "a rare", and a second warning beside it
    suggesting "an" would only point at the wrong repair.

    The substitution must be one to trust over the article's own repair: a pack hit or
    a sibling's wording, a statistical reading at least as sure as a fix (``sure``), or
    any of them when the article is already doubted (the text reads as spun). A weak
    statistical reading ("a apple": "a tree"?) leaves a slip of the article standing.
    Run after suppression, so that a suppressed substitution leaves its article shown.
    """
    from textqa.detectors.quality.a_an import RULE

    if not any(f.rule == RULE for f in findings):
        return findings
    # The swaps by start, so that each article asks only those that can cover its next
    # word (asking every swap made a long text's check quadratic: 4 s for 18k words).
    swaps = SpanIndex(
        (index for index, f in enumerate(findings) if names_a_swap(f) and f.level != "info"),
        lambda index: (findings[index].start, findings[index].end),
    )
    out = list(findings)
    folded: set[int] = set()
    for index, article in enumerate(findings):
        after = _next_word(doc, article) if article.rule == RULE else None
        if after is None:
            continue
        word = doc.words[after]
        undoubted = _undoubted(article)
        covering = sorted(swaps.overlapping(word.start, word.start + 1))
        for swap_index in covering:  # in the findings' order, as before
            swap = out[swap_index]
            trusted = not undoubted or swap.source != "stats" or swap.confidence >= sure
            if trusted:
                spot = f"'{article.text} {word.text}'"
                if not any(line.startswith(spot) for line in swap.evidence):
                    line = f"{spot}: the article does not fit the word after it ({RULE})"
                    out[swap_index] = replace(swap, evidence=(*swap.evidence, line))
                folded.add(index)
                break
    return [f for index, f in enumerate(out) if index not in folded]


def take_in_articles(doc: Document, findings: list[Finding]) -> list[Finding]:
    """A suggestion that needs the other article takes the article in: "a counterfeit
    consciousness" → "an artificial intelligence", where the span alone suggested
    "artificial intelligence" and pasting it in (JSON, SARIF, ``fix --suggest``) left
    "a artificial intelligence", though ``fix --write`` wrote "an". Each suggestion gets
    the article it needs; the finding's span starts at the article. (Only where the
    first suggestion needs the other article: the span is the first suggestion's.)
    """
    from textqa.casing import repair_article

    out = []
    text = doc.text
    for finding in findings:
        if finding.suggestions and finding.start < finding.end and names_a_swap(finding):
            repaired = [
                repair_article(text, finding.start, finding.end, s) for s in finding.suggestions
            ]
            start = repaired[0][0]  # the first suggestion decides: ``fix`` applies it
            if start < finding.start:
                kept = text[start : finding.start]  # the article and the gap as they are
                suggestions = tuple(
                    wording if at == start else kept + s
                    for (at, wording), s in zip(repaired, finding.suggestions, strict=True)
                )
                line, column = doc.position(start)
                finding = replace(
                    finding,
                    start=start,
                    line=line,
                    column=column,
                    text=text[start : finding.end],
                    suggestions=tuple(dict.fromkeys(suggestions)),
                )
        out.append(finding)
    return out
