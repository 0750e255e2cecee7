"""``textqa check --deep``: its throughput, its quality next to plain ``check``, and the
DEV calibration of how the language model's verdict moves a stats candidate.

Throughput is words per second, model load excluded.

The target is 100 words/s on a 2-core machine. The figure is the whole pipeline of
``check --deep`` (every detector, merging, promotion) on each document, after the
language model has been loaded and warmed up once; the time of the same check without
``--deep`` is shown beside it, so the model's own share is plain.

Documents: seed 002 (the spun AFP story), the four clean seeds, and the first DEV
articles of the Lee corpus (``lee.cor``), each as written and spun by ``bench.spinner``
(when its packages are installed). Held-out data is never used here.

    python -m bench.deep_speed [--lee N] [--runs N] [--lm-model PATH] [--json FILE]
    python -m bench.deep_speed --quality [--split dev|heldout|seed] [--limit N] [--select stats]
    python -m bench.deep_speed --calibrate [--limit N]

``--quality`` counts warnings (what fails ``textqa check``) with and without ``--deep``, by
the default configuration (or only the rules ``--select`` names, e.g. ``stats``): on spun
articles against the spinner's record (precision, recall), on clean ones per 1,000 words,
and on seed 002 against its annotation (DEV; ``--split seed`` for the seeds alone).
``--calibrate`` refits the constants in ``textqa/deep.py`` (``LM_INTERCEPT`` …) on DEV
data only: the stats candidates in play in seed 002 and in ``lee.cor`` articles spun by
``bench.spinner`` (``--limit 20`` gave the shipped constants).

Needs the ``textqa[lm]`` extra. Other busy processes on the machine slow the model
badly (it uses both cores), so the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `textqa` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import corpora


def documents(lee: int) -> list[tuple[str, str]]:
    """(name, text) of every benchmark document."""
    docs = [(f"seeds/{name}", text) for name, text in corpora.seeds().items()]
    docs.sort(key=lambda item: not item[0].startswith(f"seeds/{corpora.SPUN_SEED}"))
    if lee:
        try:
            articles = corpora.lee_dev()[:lee]
        except corpora.CorpusMissing as error:
            print(f"skipping the Lee corpus: {error}", file=sys.stderr)
            return docs
        docs.extend((f"lee-dev/{i:03d}", text) for i, text in enumerate(articles))
        try:
            from bench.spinner import spin
        except ImportError:
            print("skipping spun Lee articles: pip install -r bench/requirements.txt")
            return docs
        for i, text in enumerate(articles):
            docs.append((f"lee-dev-spun/{i:03d}", spin(text, rate=0.15, seed=i)[0]))
    return docs


def measure(text: str, name: str, deep: bool, lm_model: str | None, runs: int) -> dict:
    """Median seconds of ``check_document`` on a fresh Document, and what it found."""
    from textqa.config import Config
    from textqa.detectors import CheckContext
    from textqa.document import Document
    from textqa.engine import check_document

    context = CheckContext(config=Config(), deep=deep, lm_model=lm_model)
    times = []
    result = None
    for _ in range(runs):
        doc = Document(text, name)  # fresh: the stats analysis is cached per Document
        started = time.perf_counter()
        result = check_document(doc, context)
        times.append(time.perf_counter() - started)
    assert result is not None
    return {
        "seconds": statistics.median(times),
        "words": result.words,
        "warnings": sum(1 for f in result.findings if f.level in ("warning", "error")),
    }


def rescored_count(text: str) -> int:
    """How many shortlisted spans the model scores in this document."""
    from textqa.config import Config
    from textqa.deep import in_play
    from textqa.document import Document
    from textqa.swaps import inference

    return len(in_play(inference.shortlist(Document(text)), Config()))


# ---------------------------------------------------------------------- quality
def _articles(split: str, limit: int | None) -> tuple[list, list]:
    """(spun, clean) evaluation articles of a split; DEV includes seed 002; split
    ``seed`` is seed 002 and the four clean seeds alone."""
    from bench.stats_eval import clean_articles, seed_articles, spun_articles

    if split == "seed":
        seed, seed_clean = seed_articles()
        return [seed], seed_clean
    texts = corpora.lee_dev() if split == "dev" else corpora.lee_heldout()
    texts = texts[:limit] if limit else texts
    spun = spun_articles(texts, f"lee-{split}")
    clean = clean_articles(texts, f"lee-{split}")
    if split == "dev":
        seed, seed_clean = seed_articles()
        spun.insert(0, seed)
        clean.extend(seed_clean)
    return spun, clean


def _warnings(article, deep: bool, config) -> tuple[list[tuple[int, int]], int]:
    from bench.stats_eval import DOCUMENT_RULES
    from textqa.detectors import CheckContext
    from textqa.document import Document
    from textqa.engine import check_document

    result = check_document(Document(article.text, article.name), CheckContext(config, deep=deep))
    spans = [
        (f.start, f.end)
        for f in result.findings
        if f.level in ("warning", "error") and f.rule not in DOCUMENT_RULES
    ]
    return spans, result.words


def quality(split: str, limit: int | None, select: list[str] | None = None) -> dict:
    """Precision and recall of warnings with and without ``--deep`` (``select``: rule
    prefixes, e.g. ``["stats"]`` for the statistical detector alone)."""
    from bench.quality import SpanScore, make_config, score_spans

    config = make_config(select, None)
    spun, clean = _articles(split, limit)
    figures: dict[str, dict] = {}
    for deep in (False, True):
        key = "deep" if deep else "plain"
        total = SpanScore(0, 0, 0, 0)
        for article in spun:
            found, _ = _warnings(article, deep, config)
            total += score_spans(article.gold, found, article.ignore)
        words = false = 0
        for article in clean:
            found, count = _warnings(article, deep, config)
            words, false = words + count, false + len(found)
        figures[key] = {
            "spun_documents": len(spun),
            "gold_spans": total.gold,
            "warnings_on_spun": total.found,
            "precision": round(1 - total.false_flag_rate, 4) if total.found else 0.0,
            "recall": round(total.recall, 4),
            "clean_documents": len(clean),
            "clean_words": words,
            "clean_warnings_per_1000_words": round(1000 * false / words, 3) if words else 0.0,
        }
        f = figures[key]
        print(
            f"{split} {key:5}: precision {f['precision']:.3f} recall {f['recall']:.3f} "
            f"({f['warnings_on_spun']} warnings on {f['spun_documents']} spun documents); "
            f"{f['clean_warnings_per_1000_words']:.2f} warnings per 1,000 clean words",
            flush=True,
        )
    return figures


# ---------------------------------------------------------------------- calibration
def calibration_rows(limit: int | None) -> list[dict]:
    """Per stats candidate in play on DEV data: stats log odds, best margin, swapped?"""
    import math

    import textqa.deep as deep
    from textqa.config import Config
    from textqa.document import Document
    from textqa.swaps import inference

    spun, _ = _articles("dev", limit)
    rows = []
    for article in spun:  # P(swapped) in a spun document, as the stats posterior means
        doc = Document(article.text, article.name)
        chosen = deep.in_play(inference.shortlist(doc), Config())
        for candidate, verdict in zip(chosen, deep.rescore(doc, chosen), strict=True):
            if any(s < candidate.end and candidate.start < e for s, e in article.ignore):
                continue
            p = min(max(candidate.spun_probability, 1e-9), 1 - 1e-9)
            rows.append(
                {
                    "document": article.name,
                    "log_odds": math.log(p / (1 - p)),
                    "margin": (verdict.best or ("", 0.0))[1],
                    "swapped": any(
                        s < candidate.end and candidate.start < e for s, e in article.gold
                    ),
                }
            )
    return rows


def fit_logistic(rows: list[dict], cap: float, steps: int = 3000) -> list[float]:
    """[intercept, stats weight, margin weight] by gradient descent (small L2)."""
    import math

    weights = [0.0, 1.0, 0.0]
    data = [
        ([1.0, r["log_odds"], max(-cap, min(cap, r["margin"]))], float(r["swapped"])) for r in rows
    ]
    for _ in range(steps):
        grad = [0.0, 0.0, 0.0]
        for x, y in data:
            z = max(-30.0, min(30.0, sum(w * v for w, v in zip(weights, x, strict=True))))
            error = 1 / (1 + math.exp(-z)) - y
            for j in range(3):
                grad[j] += error * x[j]
        for j in range(3):
            weights[j] -= 0.05 * (grad[j] / len(data) + 1e-3 * weights[j] * (j > 0))
    return weights


def auc(scores: list[float], labels: list[bool]) -> float:
    positive = [s for s, y in zip(scores, labels, strict=True) if y]
    negative = [s for s, y in zip(scores, labels, strict=True) if not y]
    pairs = sum((p > n) + 0.5 * (p == n) for p in positive for n in negative)
    return pairs / max(1, len(positive) * len(negative))


def calibrate(limit: int | None) -> dict:
    import textqa.deep as deep

    rows = calibration_rows(limit)
    cap = deep.LM_MARGIN_CAP
    fitted = [round(w, 3) for w in fit_logistic(rows, cap)]
    documents = sorted({r["document"] for r in rows})
    held = set(documents[::2])
    folds = []
    for fold in (True, False):
        train = [r for r in rows if (r["document"] in held) == fold]
        test = [r for r in rows if (r["document"] in held) != fold]
        w = fit_logistic(train, cap)
        scores = [
            w[0] + w[1] * r["log_odds"] + w[2] * max(-cap, min(cap, r["margin"])) for r in test
        ]
        labels = [r["swapped"] for r in test]
        folds.append((auc(scores, labels), auc([r["log_odds"] for r in test], labels)))
    print(f"{len(rows)} candidates in play, {sum(r['swapped'] for r in rows)} swapped")
    print(f"LM_INTERCEPT, LM_STATS_WEIGHT, LM_MARGIN_WEIGHT = {fitted}")
    for with_lm, stats_only in folds:
        print(f"2-fold AUC: {with_lm:.3f} with the model, {stats_only:.3f} stats alone")
    return {"weights": fitted, "folds": folds, "candidates": len(rows)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lee", type=int, default=5, help="Lee DEV articles (0: none)")
    parser.add_argument("--runs", type=int, default=3, help="runs per document (median)")
    parser.add_argument("--lm-model", default=None, metavar="PATH")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE")
    parser.add_argument("--quality", action="store_true", help="warnings with and without")
    parser.add_argument("--calibrate", action="store_true", help="refit on DEV data")
    parser.add_argument("--split", choices=("dev", "heldout", "seed"), default="dev")
    parser.add_argument("--select", default=None, help="rule prefixes for --quality, e.g. stats")
    parser.add_argument("--limit", type=int, default=None, help="Lee articles per split")
    args = parser.parse_args(argv)

    import textqa.deep as deep

    deep.ensure_available(args.lm_model)
    if args.quality or args.calibrate:
        select = args.select.split(",") if args.select else None
        result = quality(args.split, args.limit, select) if args.quality else calibrate(args.limit)
        if args.json:
            args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        return 0
    started = time.perf_counter()
    lm = deep.load(args.lm_model)
    load_seconds = time.perf_counter() - started
    lm.score_alternatives("Macron's workplace stated.", (9, 18), ["office"])  # warm-up
    print(f"model {lm.files.label} ({lm.dtype}), loaded in {load_seconds:.1f} s")

    rows = []
    for name, text in documents(args.lee):
        plain = measure(text, name, False, args.lm_model, args.runs)
        deeper = measure(text, name, True, args.lm_model, args.runs)
        rows.append(
            {
                "document": name,
                "words": deeper["words"],
                "rescored": rescored_count(text),
                "seconds": deeper["seconds"],
                "seconds_without_deep": plain["seconds"],
                "words_per_second": deeper["words"] / deeper["seconds"],
                "warnings": deeper["warnings"],
                "warnings_without_deep": plain["warnings"],
            }
        )
        row = rows[-1]
        print(
            f"{name:32} {row['words']:5} words {row['rescored']:4} rescored "
            f"{row['seconds']:6.2f} s ({row['seconds_without_deep']:.2f} s without --deep) "
            f"{row['words_per_second']:6.0f} words/s"
        )
    words = sum(r["words"] for r in rows)
    seconds = sum(r["seconds"] for r in rows)
    summary = {
        "model": lm.files.label,
        "dtype": str(lm.dtype),
        "load_seconds": load_seconds,
        "words": words,
        "seconds": seconds,
        "words_per_second": words / seconds,
        "slowest_words_per_second": min(r["words_per_second"] for r in rows),
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        "documents": rows,
    }
    print(
        f"all: {words} words in {seconds:.2f} s = {summary['words_per_second']:.0f} words/s "
        f"(slowest document {summary['slowest_words_per_second']:.0f} words/s); "
        f"load average {summary['load_average'][0]:.1f} on {summary['cpus']} CPUs"
    )
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
