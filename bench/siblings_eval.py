"""How well sibling alignment restores spun wording, measured on news nobody tuned on.

Three experiments, each on the DEV set (``lee.cor`` and the seeds, where the thresholds in
:mod:`textqa.alignment`, :mod:`textqa.fingerprint` and :mod:`textqa.detectors.siblings`
were tuned) and on the HELD-OUT set (``lee_background.cor``, never looked at while tuning):

1. **Source as sibling.** Each article is spun with the WordNet spinner of
   :mod:`bench.spinner` (15 % of words, a fixed seed per article) and checked with, as its
   sibling, (a) the article it was spun from, and (b) that article with a tenth of its
   sentences dropped and two pairs of neighbouring sentences swapped. Reported: the share
   of spun spans whose finding has the original wording as first suggestion, and what
   ``textqa fix --write`` makes of the text (spans restored, edits that broke something).
2. **Independent coverage.** Article A is spun; its sibling is a *different* real article
   B about the same event. The Lee corpus is ABC news bulletins, so "another outlet" is
   approximated by another bulletin: pairs were found by :func:`textqa.fingerprint.kinship`
   (score ≥ 15) and kept only after reading both (``HELDOUT_PAIRS`` lists each with its
   event). They fall in two kinds: *updated copies* (a later bulletin reusing most of the
   story's sentences) and *independent reports* (another story on the same event, sharing
   facts but hardly a sentence). Reported: precision of warning-level findings with and
   without the sibling, how many spun spans sibling evidence covers, and how often its
   first suggestion is right there.
3. **The seed.** Seed 002 (a real spun AFP story) with the four clean seeds as siblings,
   scored against the hand annotation in ``tests/data/``.

Run: ``python -m bench.siblings_eval [--set dev|heldout|both] [--limit N] [--json FILE]``.
The numbers go to ``bench/siblings_results.md`` (by hand, from this script's output).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from bench.corpora import lee_dev, lee_heldout, seed_annotation, seeds
from bench.spinner import Span, spin
from textqa.config import Config
from textqa.detectors import CheckContext
from textqa.document import Document
from textqa.engine import DocumentResult, check_document
from textqa.findings import Finding

SPIN_RATE = 0.15
MIN_WORDS = 60

# Same-event pairs in the held-out set, found by kinship score and checked by reading.
HELDOUT_COPIES = (
    (232, 241, "skins swimming meet in Sydney (updated bulletin)"),
    (104, 112, "Waugh backs Brett Lee over bouncers (updated bulletin)"),
    (98, 107, "Tora Bora cave search continues (updated bulletin)"),
    (150, 156, "bank strikes at Westpac, NAB, ANZ (updated bulletin)"),
    (263, 271, "Swiss canyoning trial (updated bulletin)"),
    (115, 119, "David Hicks interview talks (updated bulletin)"),
    (230, 236, "updated bulletin, same lead story"),
    (117, 120, "updated bulletin, same lead story"),
    (281, 288, "updated bulletin, same lead story"),
    (182, 191, "Australian team arrives in Adelaide for the first Test"),
)
HELDOUT_INDEPENDENT = (
    (118, 132, "first Test in Adelaide: day four and the result"),
    (250, 259, "Israeli strikes on the Palestinian Authority, December 2001"),
    (145, 250, "Israeli air raids after the bus ambush"),
    (153, 183, "Tora Bora offensive"),
    (107, 133, "the hunt for bin Laden around Tora Bora"),
    (220, 227, "Hamas leader Yassin under house arrest in Gaza"),
    (12, 26, "Musharraf on the India-Pakistan crisis"),
    (64, 83, "Governor-General Hollingworth and the abuse scandal"),
    (185, 199, "building industry royal commission opens"),
    (8, 33, "New South Wales bushfires"),
)
# DEV pairs (lee.cor), used for tuning.
DEV_INDEPENDENT = (
    (0, 13, "Democrats leadership crisis"),
    (13, 32, "Democrats leadership crisis"),
    (0, 32, "Democrats leadership crisis"),
    (7, 20, "death of Abu Nidal in Baghdad"),
)


# ---------------------------------------------------------------------- checking
def _config(select: tuple[str, ...] = ("ALL",)) -> Config:
    return Config(select=select)


def check(
    text: str, siblings: Sequence[Document], config: Config
) -> tuple[list[Finding], Callable[[str], list[Finding]], DocumentResult]:
    """Findings for ``text``, a re-check function for ``fix`` (same context), the result."""
    from textqa.fix import _without_copies

    context = CheckContext(config=config, siblings=tuple(siblings))
    result = check_document(Document(text, "<spun>"), context)
    # As ``textqa fix`` re-checks: without copies of the text as read, which it names.
    again = _without_copies(context, text)

    def recheck(new_text: str) -> list[Finding]:
        return check_document(Document(new_text, "<spun>"), again).findings

    return result.findings, recheck, result


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


def restore(text: str, lo: int, hi: int, spans: Sequence[Span]) -> str:
    """``text[lo:hi]`` with every spun span inside it put back to its original."""
    pieces, cursor = [], lo
    for span in sorted(spans, key=lambda s: s.start):
        if lo <= span.start and span.end <= hi:
            pieces += [text[cursor : span.start], span.original]
            cursor = span.end
    return "".join([*pieces, text[cursor:hi]])


def reconstructs(spun: str, span: Span, finding: Finding, spans: Sequence[Span] = ()) -> bool:
    """Applying the finding's first suggestion gives the original wording of ``span``
    (and of any other spun span the finding covers too)."""
    if not finding.suggestions:
        return False
    lo, hi = _cover(min(span.start, finding.start), max(span.end, finding.end), spans)
    got = spun[lo : finding.start] + finding.suggestions[0] + spun[finding.end : hi]
    return _norm(got) == _norm(restore(spun, lo, hi, spans or [span]))


def _cover(lo: int, hi: int, spans: Sequence[Span]) -> tuple[int, int]:
    """Widen ``[lo, hi)`` until no spun span sticks out of it."""
    changed = True
    while changed:
        changed = False
        for span in spans:
            if span.start < hi and lo < span.end and (span.start < lo or span.end > hi):
                lo, hi = min(lo, span.start), max(hi, span.end)
                changed = True
    return lo, hi


def _overlapping(findings: Iterable[Finding], start: int, end: int) -> list[Finding]:
    return [f for f in findings if f.start < end and start < f.end]


def _best(findings: list[Finding], span: Span) -> Finding | None:
    """The finding a user would act on for this span: most overlap, then confidence."""
    if not findings:
        return None

    def overlap(f: Finding) -> int:
        return min(f.end, span.end) - max(f.start, span.start)

    return max(findings, key=lambda f: (overlap(f), f.confidence))


def has_sibling_evidence(finding: Finding) -> bool:
    return any(e.startswith("sibling ") for e in finding.evidence)


@dataclass
class Tally:
    """Counts for one experiment; every rate is derived from these."""

    counts: Counter = field(default_factory=Counter)

    def add(self, **items: int) -> None:
        self.counts.update(items)

    def rate(self, part: str, whole: str) -> float:
        return self.counts[part] / self.counts[whole] if self.counts[whole] else float("nan")


# ---------------------------------------------------------------------- fixing
def _map(start: int, end: int, edits) -> tuple[int, int]:
    """Where ``[start, end)`` of a round's input lies in its output."""
    shift_start = shift_end = 0
    new_start, new_end = start, end
    for edit in edits:
        delta = len(edit.new) - (edit.end - edit.start)
        if edit.end <= start:
            shift_start += delta
            shift_end += delta
        elif edit.start >= end:
            break
        else:  # overlaps: the span grows to hold the whole edit
            if edit.start < start:
                new_start = edit.start
            if edit.end > end:
                new_end = edit.end
            shift_end += delta
    return new_start + shift_start, new_end + shift_end


def _word_similarity(a: str, b: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, _norm(a).split(), _norm(b).split()).ratio()


def score_fix(source: str, spun: str, spans: list[Span], fix) -> dict:
    """What ``fix`` did: spans restored to their original, and edits that made the
    text worse (a clean word changed, or a spun word changed into something that is
    further from the original than it was).

    Each edit and each span is judged on its own region first. Where that fails, the
    region is widened to the spun spans next to it (nothing but spaces between) and the
    edits there: the spinner's "taking on action" for "taking legal action" is two swaps,
    "taking" → "taking on" and "legal action" → "action", and the one edit "on" →
    "legal" restores both, though neither span alone. Such rescues are counted apart
    (``joint``), so the per-span figure can be read off too. An edit that fails both
    tests still is no error when its whole sentence comes out exactly as the original
    ("started out to hit her" fixed to "started to come to her" by 'out' → 'to come' and
    'hit her' → 'her', two spans apart), and a span is restored when its sentence is;
    these are counted apart too (``sentence``).
    """
    from textqa.fix import apply_edits

    first = fix.rounds[0][1] if fix.rounds else []

    def restored_between(lo: int, hi: int) -> bool:
        start, end, text = lo, hi, spun
        for before, edits in fix.rounds:
            assert before == text
            start, end = _map(start, end, edits)
            text = apply_edits(text, edits)
        return _norm(text[start:end]) == _norm(restore(spun, lo, hi, spans))

    def widened(lo: int, hi: int, neighbours: bool) -> tuple[int, int]:
        for _ in range(3):  # widen by the first round's edits and the spans they touch
            for edit in first:
                if edit.start < hi and lo < edit.end:
                    lo, hi = min(lo, edit.start), max(hi, edit.end)
            lo, hi = _cover(lo, hi, spans)
            if neighbours:
                lo, hi = _with_neighbours(spun, lo, hi, spans)
        return lo, hi

    bounds = Document(spun).sentences

    def sentence_of(offset: int) -> tuple[int, int]:
        return next(((a, b) for a, b in bounds if a <= offset < b), (offset, offset))

    joint = sentence = 0
    bad_edits: list[tuple[object, str | None]] = []  # (edit, the original; None: clean text)
    for edit in first:
        lo, hi = _cover(edit.start, edit.end, spans)
        inside = [s for s in spans if lo <= s.start and s.end <= hi]
        if not inside:
            bad_edits.append((edit, None))
            continue
        want = restore(spun, lo, hi, spans)
        got = spun[lo : edit.start] + edit.new + spun[edit.end : hi]
        if _norm(got) != _norm(want) and _word_similarity(got, want) <= _word_similarity(
            spun[lo:hi], want
        ):
            if restored_between(*widened(lo, hi, True)):
                joint += 1
            elif restored_between(*_cover(*sentence_of(edit.start), spans)):
                sentence += 1
            else:
                bad_edits.append((edit, want))
    restored = 0
    restored_flags = []
    for span in spans:
        ok = restored_between(*widened(span.start, span.end, False))
        if not ok and restored_between(*widened(span.start, span.end, True)):
            ok = True
            joint += 1
        elif not ok and restored_between(*_cover(*sentence_of(span.start), spans)):
            ok = True
            sentence += 1
        restored += ok
        restored_flags.append(ok)
    return {
        "spans": len(spans),
        "restored": restored,
        "wrong": sum(want is not None for _, want in bad_edits),
        "clean_edits": sum(want is None for _, want in bad_edits),
        "joint": joint,
        "sentence": sentence,
        "restored_flags": restored_flags,
        "bad_edits": bad_edits,
    }


def _with_neighbours(text: str, lo: int, hi: int, spans: Sequence[Span]) -> tuple[int, int]:
    """``[lo, hi)`` widened to the spun spans that touch it across white space only."""
    changed = True
    while changed:
        changed = False
        for span in spans:
            if span.end <= lo and not text[span.end : lo].strip():
                lo, changed = span.start, True
            elif span.start >= hi and not text[hi : span.start].strip():
                hi, changed = span.end, True
    return lo, hi


# ---------------------------------------------------------------------- experiments
def perturb(text: str, seed: int) -> tuple[str, list[tuple[int, int]]]:
    """The article with a tenth of its sentences dropped and two neighbour pairs swapped,
    and the (start, end) spans of the dropped sentences in ``text``."""
    doc = Document(text)
    spans = list(doc.sentences)
    rng = random.Random(f"perturb:{seed}")
    drop = max(1, round(len(spans) / 10)) if len(spans) >= 5 else 0
    dropped = sorted(rng.sample(range(len(spans)), drop))
    kept = [span for index, span in enumerate(spans) if index not in dropped]
    for _ in range(2):
        if len(kept) >= 3:
            i = rng.randrange(len(kept) - 1)
            kept[i], kept[i + 1] = kept[i + 1], kept[i]
    return " ".join(text[s:e] for s, e in kept), [spans[i] for i in dropped]


def in_dropped(span: Span, spans: Sequence[Span], dropped: Sequence[tuple[int, int]]) -> bool:
    """Whether ``span``'s original words lie in a sentence the sibling left out."""
    shift = sum(len(s.spun) - len(s.original) for s in spans if s.end <= span.start)
    at = span.start - shift
    return any(start <= at < end for start, end in dropped)


SELECTIONS: tuple[tuple[str, ...], ...] = (("siblings",), ("ALL",))


def source_as_sibling(articles: list[str], label: str, threshold: float = 0.8) -> dict:
    from textqa.files import SourceFile
    from textqa.fix import fix_document

    results = {}
    for variant in ("source", "perturbed"):
        for select in SELECTIONS:
            tally = Tally()
            config = _config(select)
            for index, article in enumerate(articles):
                spun, spans = spin(article, SPIN_RATE, index)
                if not spans:
                    continue
                sibling_text, dropped = article, []
                if variant == "perturbed":
                    sibling_text, dropped = perturb(article, index)
                findings, recheck, result = check(
                    spun, [Document(sibling_text, "source.txt")], config
                )
                for span in spans:
                    best = _best(_overlapping(findings, span.start, span.end), span)
                    right = best is not None and reconstructs(spun, span, best, spans)
                    tally.add(spans=1, flagged=best is not None, first_right=right)
                    if not in_dropped(span, spans, dropped):
                        tally.add(kept_spans=1, kept_first_right=right)
                warnings = [f for f in findings if f.fails]
                tally.add(
                    findings=len(warnings),
                    true_findings=sum(
                        bool([s for s in spans if f.start < s.end and s.start < f.end])
                        for f in warnings
                    ),
                )
                source = SourceFile("<spun>", spun, spun.encode(), False)
                result = DocumentResult("<spun>", findings, 0, 0.0)
                fix = fix_document(result, source, threshold, _rules(), recheck)
                scored = score_fix(article, spun, spans, fix)
                flags = scored.pop("restored_flags")
                scored.pop("bad_edits")
                tally.add(**{f"fix_{k}": v for k, v in scored.items()})
                tally.add(
                    fix_kept_restored=sum(
                        ok
                        for span, ok in zip(spans, flags, strict=True)
                        if not in_dropped(span, spans, dropped)
                    )
                )
            key = f"{label} {variant} sibling, {'+'.join(select)}"
            results[key] = _summary_source(tally)
            _print(key, results[key])
    return results


def _rules():
    from textqa.packs import builtin_matcher

    return builtin_matcher().rules


def _summary_source(tally: Tally) -> dict:
    c = tally.counts
    return {
        "spans": c["spans"],
        "first suggestion right": round(tally.rate("first_right", "spans"), 3),
        "same, spans whose sentence the sibling has": round(
            tally.rate("kept_first_right", "kept_spans"), 3
        ),
        "flagged": round(tally.rate("flagged", "spans"), 3),
        "warning precision": round(tally.rate("true_findings", "findings"), 3),
        "fix restored": round(tally.rate("fix_restored", "fix_spans"), 3),
        "fix restored, spans whose sentence the sibling has": round(
            tally.rate("fix_kept_restored", "kept_spans"), 3
        ),
        "fix edits that made a span worse": c["fix_wrong"],
        "fix edits on clean text": c["fix_clean_edits"],
        "edits and spans judged right only with their neighbouring span": c["fix_joint"],
        "edits and spans judged right only with their whole sentence": c["fix_sentence"],
    }


def independent(articles: list[str], pairs: Sequence[tuple[int, int, str]], label: str) -> dict:
    tally = Tally()
    for a, b, _event in pairs:
        for first, second in ((a, b), (b, a)):
            spun, spans = spin(articles[first], SPIN_RATE, first)
            sibling = Document(articles[second], f"bulletin{second}.txt")
            config = _config(SELECTIONS[-1])
            without, _, _ = check(spun, [], config)
            with_sibling, _, _ = check(spun, [sibling], config)
            for name, findings in (("without", without), ("with", with_sibling)):
                warnings = [f for f in findings if f.fails]
                tally.add(
                    **{
                        f"{name}_findings": len(warnings),
                        f"{name}_true": sum(
                            bool(_overlapping(spans_as_findings(spans), f.start, f.end))
                            for f in warnings
                        ),
                    }
                )
            for span in spans:
                tally.add(spans=1)
                covered = [
                    f
                    for f in _overlapping(with_sibling, span.start, span.end)
                    if has_sibling_evidence(f)
                ]
                best = _best(covered, span)
                if best is not None:
                    tally.add(covered=1, covered_right=reconstructs(spun, span, best, spans))
            sibling_only = [f for f in with_sibling if f.source == "siblings" and f.fails]
            tally.add(
                sibling_findings=len(sibling_only),
                sibling_false=sum(
                    not _overlapping(spans_as_findings(spans), f.start, f.end) for f in sibling_only
                ),
            )
    c = tally.counts
    summary = {
        "documents": 2 * len(pairs),
        "spans": c["spans"],
        "warning precision without sibling": round(
            tally.rate("without_true", "without_findings"), 3
        ),
        "warning precision with sibling": round(tally.rate("with_true", "with_findings"), 3),
        "warnings without / with": f"{c['without_findings']} / {c['with_findings']}",
        "spans covered by sibling evidence": c["covered"],
        "covered spans with the right first suggestion": round(
            tally.rate("covered_right", "covered"), 3
        ),
        "sibling warnings on unspun text": c["sibling_false"],
    }
    _print(label, summary)
    return {label: summary}


def spans_as_findings(spans: list[Span]):
    """Spans in the shape ``_overlapping`` expects."""
    return [_Range(s.start, s.end) for s in spans]


@dataclass(frozen=True)
class _Range:
    start: int
    end: int


def seed_experiment() -> dict:
    texts = seeds()
    spun_name = next(name for name in texts if name.startswith("002"))
    spun = texts[spun_name]
    siblings = [Document(text, f"{name}.txt") for name, text in texts.items() if name != spun_name]
    annotation = seed_annotation()
    spans = [Span(a["start"], a["end"], a["text"], a["original"]) for a in annotation]
    results = {}
    for label, sibling_docs in (("without siblings", []), ("with the four seeds", siblings)):
        findings, _, _ = check(spun, sibling_docs, _config(SELECTIONS[-1]))
        flagged = right = sibling_covered = sibling_right = 0
        for span in spans:
            best = _best([f for f in _overlapping(findings, span.start, span.end) if f.fails], span)
            if best is None:
                continue
            flagged += 1
            right += reconstructs(spun, span, best, spans)
            if has_sibling_evidence(best):
                sibling_covered += 1
                sibling_right += reconstructs(spun, span, best, spans)
        warnings = [f for f in findings if f.fails]
        true = sum(bool(_overlapping(spans_as_findings(spans), f.start, f.end)) for f in warnings)
        summary = {
            "annotated spans": len(spans),
            "flagged (warning+)": flagged,
            "flagged with the original first": right,
            "share right among flagged": round(right / flagged, 3) if flagged else float("nan"),
            "warning precision": round(true / len(warnings), 3) if warnings else float("nan"),
            "flagged spans with sibling evidence": sibling_covered,
            "of those, original first": sibling_right,
        }
        results[f"seed 002 {label}"] = summary
        _print(f"seed 002 {label}", summary)
    return results


def _print(title: str, summary: dict) -> None:
    print(f"\n## {title}")
    for key, value in summary.items():
        print(f"  {key:48} {value}")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=("dev", "heldout", "both"), default="both")
    parser.add_argument("--limit", type=int, default=None, help="articles per set")
    parser.add_argument("--json", metavar="FILE", help="write the numbers as JSON")
    parser.add_argument(
        "--siblings-only", action="store_true", help="skip the runs with every detector"
    )
    parser.add_argument(
        "--no-thesaurus",
        action="store_true",
        help="ablation: link wordings without the stats thesaurus (common words only)",
    )
    args = parser.parse_args(argv)
    global SELECTIONS
    if args.siblings_only:
        SELECTIONS = (("siblings",),)
    if args.no_thesaurus:
        import textqa.synonymy

        textqa.synonymy._synonym_lookup = lambda: None  # type: ignore[assignment]
    started = time.perf_counter()
    results: dict = {}
    if args.set in ("dev", "both"):
        dev = lee_dev()
        chosen = [a for a in dev if len(a.split()) >= MIN_WORDS][: args.limit]
        results.update(source_as_sibling(chosen, "DEV lee.cor"))
        results.update(independent(dev, DEV_INDEPENDENT, "DEV lee.cor independent same-event"))
        results.update(seed_experiment())
    if args.set in ("heldout", "both"):
        held = lee_heldout()
        chosen = [a for a in held if len(a.split()) >= MIN_WORDS][: args.limit]
        results.update(source_as_sibling(chosen, "HELD-OUT lee_background.cor"))
        results.update(independent(held, HELDOUT_COPIES, "HELD-OUT updated copies"))
        results.update(
            independent(held, HELDOUT_INDEPENDENT, "HELD-OUT independent same-event reports")
        )
    print(f"\n{time.perf_counter() - started:.0f} s")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
