"""What close sibling sentences say about the other detectors' findings.

The sibling detector finds swaps, but the same alignment also vouches for words. Where a
sibling sentence closely matches the checked one (the source article, or a wire copy
another outlet kept):

* a word the sibling has in the same place was left alone by the spinner, so a pack or
  statistical finding on it is withdrawn (and the report says how many were);
* a statistical guess the sibling does not bear out (its wording is nowhere in the
  sibling's sentence) stays a finding, but its evidence quotes the sibling sentence, so
  ``fix --write`` does not put the guess in: the article shows another original;
* a wrong article the sibling has in the same place ("a ear" where it has "a year") is
  the original's article before a swapped word, so changing it is no longer a fix.

A sibling that is all but word for word the checked text (a second copy of the same
spun article) vouches for nothing; :mod:`textqa.alignment` leaves such siblings out.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from textqa.files import display_name

if TYPE_CHECKING:
    from textqa.alignment import Confirmation, SentencePair
    from textqa.findings import Finding

WITHDRAWN_SOURCES = ("rules", "stats")


@dataclass
class Corroboration:
    """The confirmed words and the close sentence pairs of one checked document."""

    confirmed: list[Confirmation] = field(default_factory=list)
    witnesses: list[SentencePair] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.confirmed or self.witnesses)

    # ------------------------------------------------------------------ withdrawing
    def withdraw(
        self, findings: Iterable[Finding]
    ) -> tuple[list[Finding], list[tuple[Finding, Confirmation]]]:
        """The findings to keep, and the withdrawn ones with what confirmed their words."""
        ordered = sorted(self.confirmed, key=lambda c: (c.start, -c.end))
        starts = [c.start for c in ordered]
        # reach[i]: the confirmation among ordered[: i + 1] that reaches furthest right.
        reach: list[Confirmation] = []
        for confirmation in ordered:
            best = reach[-1] if reach and reach[-1].end >= confirmation.end else confirmation
            reach.append(best)

        def covering(finding: Finding) -> Confirmation | None:
            if finding.source not in WITHDRAWN_SOURCES or finding.start >= finding.end:
                return None  # document-level findings are zero-width
            index = bisect.bisect_right(starts, finding.start) - 1
            if index < 0 or reach[index].end < finding.end:
                return None
            return reach[index]

        kept: list[Finding] = []
        withdrawn: list[tuple[Finding, Confirmation]] = []
        for finding in findings:
            confirmation = covering(finding)
            if confirmation is None:
                kept.append(finding)
            else:
                withdrawn.append((finding, confirmation))
        return kept, withdrawn

    # ------------------------------------------------------------------ contesting
    def contest(self, findings: list[Finding]) -> list[Finding]:
        """Statistical findings in a witnessed sentence whose first suggestion the
        sibling sentence lacks get that sentence as evidence (which ``fix`` heeds); an
        article the sibling has in the same place is no longer the likely fix."""
        findings = self._keep_confirmed_articles(findings)
        if not self.witnesses:
            return findings
        from textqa.detectors.siblings import excerpt, quote_line

        witnesses = sorted(self.witnesses, key=lambda p: p.start)
        starts = [p.start for p in witnesses]
        out: list[Finding] = []
        for finding in findings:
            if finding.source != "stats" or not finding.suggestions:
                out.append(finding)
                continue
            covering = [
                p
                for p in witnesses[: bisect.bisect_right(starts, finding.start)]
                if p.start <= finding.start and finding.end <= p.end
            ]
            first = finding.suggestions[0]
            if not covering or any(
                shows_wording(" ".join(p.sibling_text.split()), first) for p in covering
            ):
                out.append(finding)  # no witness, or one that bears the guess out
                continue
            pair = covering[0]
            share = (finding.start - pair.start) / max(1, pair.end - pair.start)
            offset = round(share * len(pair.sibling_text))  # about where the slot lies
            shown = excerpt(pair.sibling_text, offset, offset)
            name = display_name(pair.sibling)
            out.append(
                replace(
                    finding,
                    evidence=(
                        *finding.evidence,
                        quote_line(pair.sibling, pair.sibling_line, shown),
                        f"{name} has this sentence without '{first}'",
                    ),
                )
            )
        return out

    def _keep_confirmed_articles(self, findings: list[Finding]) -> list[Finding]:
        """ "a ear" where the sibling also has "a" here: the article is the original's,
        so the word after it is the swap ("a year"), and changing the article to "an"
        would only fit the spun word. The finding stays, as a hint that word was swapped,
        but below any fix threshold."""
        from textqa.detectors.quality.a_an import RULE, doubted

        out = []
        for finding in findings:
            sibling = None
            if finding.rule == RULE:  # the confirmed words around this article, if any
                covering = (
                    c for c in self.confirmed if c.start <= finding.start <= finding.end <= c.end
                )
                sibling = next((c.sibling for c in covering), None)
            if sibling is None:
                out.append(finding)
                continue
            name = display_name(sibling)
            out.append(
                doubted(
                    finding,
                    f"{name} has '{finding.text}' here too: the word after it was likelier "
                    "swapped than the article",
                )
            )
        return out


def shows_wording(passage: str, wording: str) -> bool:
    """Whether ``passage`` has ``wording`` as whole words (case aside). ``fix`` asks it
    of the sibling excerpts quoted in a finding's evidence."""
    pattern = r"(?<!\w)" + re.escape(wording.lower()) + r"(?!\w)"
    return re.search(pattern, passage.lower()) is not None


def withdrawal_notes(withdrawn: Iterable[tuple[Finding, Confirmation]]) -> list[str]:
    """One report note per sibling that confirmed wording a finding had flagged."""
    counts: dict[str, int] = {}
    for _finding, confirmation in withdrawn:
        counts[confirmation.sibling] = counts.get(confirmation.sibling, 0) + 1
    return [
        f"withdrew {count} finding{'s' * (count != 1)} on wording that "
        f"{display_name(sibling)} has in the same place"
        for sibling, count in counts.items()
    ]
