"""Why the statistical detector misses the swaps it misses (DEV data only).

``bench.stats_eval`` says how many spun spans ``--select stats`` flags; this says why the
others go unflagged, so that work on recall starts where the misses are. Every DEV
spun article of ``stats_eval`` (``lee.cor`` spun by ``bench.spinner``, single and joined
in pairs and threes) is checked with the stats detector alone, and each spun span that
no warning overlaps is put in the first class that explains it:

* ``hint``: a finding is there, but at ``info`` (the word's evidence is too weak for a
  warning, and the document's spin score or the finding's confidence too low to promote
  it);
* ``weak``: the original is among the word's candidate originals, but the word fits its
  context too well for a finding (evidence below ``min-ratio``);
* ``no-candidate``: no candidate original matches, because the original is not a
  thesaurus synonym of the spun word, or it is but ranks below the candidates kept;
* ``skipped``: the detector does not judge the span (in a quotation, an unknown or
  grammar word, no candidate at all).

It also prints the recall and precision an oracle promotion would reach (every ``info``
finding counted as a warning): the ceiling of any re-tuning of the promotion thresholds.

    python -m bench.stats_misses [--limit N] [--examples K]

Held-out data is never read here.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `textqa` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import corpora
from bench.quality import make_config, overlaps
from bench.stats_eval import DOCUMENT_RULES, Article, dev_long, spun_articles

CLASSES = ("hint", "weak", "no-candidate", "skipped")


def classify(article: Article, config) -> tuple[int, dict[str, list[str]], int]:
    """(spans caught, missed spans by class as example lines, and the info findings on
    words the spinner left alone, which an oracle promotion would add)."""
    from textqa.detectors import CheckContext
    from textqa.document import Document
    from textqa.engine import check_document
    from textqa.swaps.inference import analyse, synonyms_of, word_evidence

    doc = Document(article.text, f"{article.name}.txt")
    result = check_document(doc, CheckContext(config=config.with_overrides(fail_on="info")))
    words = [f for f in result.findings if f.rule not in DOCUMENT_RULES]
    warnings = [(f.start, f.end) for f in words if f.fails]
    hints = [(f.start, f.end) for f in words if not f.fails]
    candidates = analyse(doc, CheckContext(config=config)).candidates
    min_evidence = math.log10(config.stat("min-ratio"))
    caught = 0
    missed: dict[str, list[str]] = defaultdict(list)
    spans = list(zip(article.gold, article.swaps, strict=True))
    wrong_hints = sum(not any(overlaps(h, span) for span, _ in spans) for h in hints)
    for span, (original, spun) in spans:
        if any(overlaps(span, w) for w in warnings):
            caught += 1
            continue
        line = f"{original} → {spun}"
        if any(overlaps(span, h) for h in hints):
            missed["hint"].append(f"{line} (document spin score {result.spin_score:.2f})")
            continue
        cover = [c for c in candidates if overlaps(span, (c.start, c.end))]
        if not cover or cover[0].in_quote or not cover[0].options:
            missed["skipped"].append(line)
            continue
        candidate = cover[0]
        options = [o.text.lower() for o in candidate.options]
        if original in options:
            evidence = word_evidence(candidate.spun_probability)
            missed["weak"].append(
                f"{line} (evidence 10^{evidence:.2f}, needs 10^{min_evidence:.2f})"
            )
        else:
            where = (
                "a synonym, not kept"
                if original in synonyms_of(candidate.text.lower())
                else "no synonym"
            )
            missed["no-candidate"].append(f"{line} ({where}; kept: {', '.join(options[:4])})")
    return caught, missed, wrong_hints


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="DEV articles (before joining)")
    parser.add_argument("--examples", type=int, default=5, help="examples shown per class")
    args = parser.parse_args(argv)
    dev = corpora.lee_dev()[: args.limit]
    articles = spun_articles(dev, "dev") + spun_articles(dev_long(dev), "devlong")
    config = make_config(["stats"], None)
    caught = 0
    missed: dict[str, list[str]] = defaultdict(list)
    wrong_hints = 0
    for article in articles:
        got, lines, wrong = classify(article, config)
        caught += got
        wrong_hints += wrong
        for name, found in lines.items():
            missed[name].extend(found)
    spans = caught + sum(len(v) for v in missed.values())
    print(f"DEV spun articles: {len(articles)}, spun spans: {spans}, flagged by a warning: "
          f"{caught} (recall {caught / max(1, spans):.3f})")  # fmt: skip
    for name in CLASSES:
        found = missed.get(name, [])
        print(f"\n{name}: {len(found)} ({len(found) / max(1, spans):.1%} of the spans)")
        for line in found[: args.examples]:
            print(f"  {line}")
    hinted = len(missed.get("hint", []))
    print(
        f"\noracle promotion (every info finding a warning): recall at most "
        f"{(caught + hinted) / max(1, spans):.3f}, at the cost of {wrong_hints} "
        "more findings on words the spinner left alone"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
