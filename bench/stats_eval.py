"""Evaluation of the statistical detector (``--select stats``, no packs) and its spin score.

Thresholds and model constants were chosen on DEV data only: ``lee.cor`` (clean, and spun
by ``bench.spinner.spin``) and the seeds. The figures that count are on HELD-OUT data that
nothing was tuned on: ``lee_background.cor``, clean and spun. Seed 002 is reported on its
own and is NOT held out: the curated closed-class swaps in ``textqa/data/build.py`` were
read off its annotation.

Figures (all count findings at ``warning`` and above, what fails ``textqa check``):

1. seed 002 against its hand annotation: precision and recall of word-level stats
   findings (certain spans as gold, findings on uncertain spans left out, as
   ``bench.quality`` does; and all 86 spans as gold);
2. spun news (DEV and HELD-OUT): precision and recall against the spinner's record;
3. clean news (DEV and HELD-OUT): warnings per 1,000 words with ``--select stats`` and
   with the default configuration (packs plus stats plus the rest);
4. the spin score: does every spun article score above every clean one? (overlap and the
   share of (spun, clean) pairs ordered correctly, i.e. the AUC);
5. time: the packs' own time on a long article against packs plus stats, and the wall
   time of ``textqa check`` on one file (start-up included).

Word-level precision and recall leave out the document-level findings
(``stats.quote-contrast``, ``stats.density``): they name no swapped span. They are
counted in the clean-text warnings per 1,000 words like everything else.

Run ``python -m bench.stats_eval`` (``--split dev`` while tuning, ``--tune`` to sweep the
thresholds on DEV data, ``--limit N`` for a quick look). Results go to
``bench/results/stats.json`` and ``stats.md``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `textqa` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import corpora
from bench.quality import SpanScore, make_config, overlaps, restores, score_spans

RESULTS = Path(__file__).resolve().parent / "results"
SPIN_RATE = 0.15
DOCUMENT_RULES = frozenset({"stats.quote-contrast", "stats.density"})


@dataclass
class Article:
    """One evaluation document: its text, and the spun spans (empty when clean)."""

    name: str
    text: str
    gold: list[tuple[int, int]] = field(default_factory=list)
    ignore: list[tuple[int, int]] = field(default_factory=list)  # uncertain spans
    spun: bool = False
    swaps: list[tuple[str, str]] = field(default_factory=list)  # (original, spun)


# ------------------------------------------------------------------ data
def clean_articles(texts: Sequence[str], label: str) -> list[Article]:
    return [Article(f"{label}/{i:03d}", t) for i, t in enumerate(texts)]


def spun_articles(texts: Sequence[str], label: str) -> list[Article]:
    from bench.spinner import spin

    articles = []
    for index, text in enumerate(texts):
        spun_text, spans = spin(text, rate=SPIN_RATE, seed=index)
        articles.append(
            Article(
                f"{label}-spun/{index:03d}",
                spun_text,
                [(s.start, s.end) for s in spans],
                spun=True,
                swaps=[(s.original.lower(), s.spun.lower()) for s in spans],
            )
        )
    return articles


def dev_long(texts: Sequence[str]) -> list[str]:
    """DEV articles joined in pairs and in threes: the Lee DEV articles are short (median
    78 words) while the held-out ones run longer (median 163), and document-level
    evidence grows with length, so the spin threshold is tuned on all three lengths."""
    pairs = ["\n\n".join(texts[i : i + 2]) for i in range(0, len(texts) - 1, 2)]
    threes = ["\n\n".join(texts[i : i + 3]) for i in range(0, len(texts) - 2, 3)]
    return pairs + threes


def seed_articles() -> tuple[Article, list[Article]]:
    """Seed 002 with its annotation (certain spans gold, uncertain ignored), and the
    four clean seeds."""
    texts = corpora.seeds()
    annotation = corpora.seed_annotation()
    spun_name = next(name for name in texts if name.startswith("002"))
    spun = Article(
        f"seeds/{spun_name}",
        texts[spun_name],
        [(a["start"], a["end"]) for a in annotation if a["certain"]],
        [(a["start"], a["end"]) for a in annotation if not a["certain"]],
        spun=True,
        swaps=[
            (a["original"].lower(), a["text"].lower())
            for a in sorted(annotation, key=lambda a: not a["certain"])
        ],
    )
    clean = [Article(f"seeds/{n}", t) for n, t in texts.items() if n != spun_name]
    return spun, clean


# ------------------------------------------------------------------ running
_DOCUMENTS: dict[str, object] = {}


def run(article: Article, config) -> tuple[list, float, int]:
    """(findings at warning and above, spin score, words) for one article.

    Documents are reused across configurations, so the detector's per-document
    analysis (cached on the Document) is computed once per article.
    """
    from textqa.detectors import CheckContext
    from textqa.document import Document
    from textqa.engine import check_document

    doc = _DOCUMENTS.get(article.name)
    if doc is None:
        doc = _DOCUMENTS[article.name] = Document(article.text, article.name + ".txt")
    result = check_document(doc, CheckContext(config=config))  # type: ignore[arg-type]
    failing = [f for f in result.findings if f.level in ("warning", "error")]
    return failing, result.spin_score, result.words


def spun_figures(articles: Sequence[Article], config) -> dict:
    total = SpanScore(0, 0, 0, 0)
    all_spans = SpanScore(0, 0, 0, 0)
    caught: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    false_flags: Counter[str] = Counter()
    document_findings = true_found = restoring = 0
    for article in articles:
        findings, _, _ = run(article, config)
        words = [f for f in findings if f.rule not in DOCUMENT_RULES]
        document_findings += len(findings) - len(words)
        found = [(f.start, f.end) for f in words]
        total += score_spans(article.gold, found, article.ignore)
        all_spans += score_spans(article.gold + article.ignore, found)
        for (start, end), (original, spun) in zip(
            article.gold + article.ignore, article.swaps, strict=False
        ):
            key = f"{original} → {spun}"
            if any(overlaps((start, end), f) for f in found):
                caught[key] += 1
            else:
                missed[key] += 1
        originals = [
            (start, end, original)
            for (start, end), (original, _) in zip(
                article.gold + article.ignore, article.swaps, strict=False
            )
        ]
        for finding in words:
            span = (finding.start, finding.end)
            if not any(overlaps(span, g) for g in article.gold + article.ignore):
                false_flags[f"{finding.rule}: {finding.text.lower()}"] += 1
            else:
                true_found += 1
                restoring += restores(article.text, finding, originals)
    precision = 1 - total.false_flag_rate if total.found else 0.0
    return {
        "documents": len(articles),
        "gold_spans": total.gold,
        "findings": total.found,
        "precision": round(precision, 4),
        "recall": round(total.recall, 4),
        "all_spans_precision": round(1 - all_spans.false_flag_rate, 4) if all_spans.found else 0.0,
        "all_spans_recall": round(all_spans.recall, 4),
        # Of the findings on spun spans, those whose first suggestion gives the original.
        "first_suggestion_right": round(restoring / true_found, 4) if true_found else 0.0,
        "document_level_findings": document_findings,
        "top_caught": caught.most_common(8),
        "top_missed": missed.most_common(8),
        "false_flags": false_flags.most_common(10),
    }


def clean_figures(articles: Sequence[Article], config) -> dict:
    words = warnings = 0
    rules: Counter[str] = Counter()
    examples: Counter[str] = Counter()
    for article in articles:
        findings, _, count = run(article, config)
        words += count
        warnings += len(findings)
        for finding in findings:
            rules[finding.rule] += 1
            examples[f"{finding.rule}: {finding.text.lower()}"] += 1
    return {
        "documents": len(articles),
        "words": words,
        "warnings": warnings,
        "per_1000_words": round(1000 * warnings / words, 3) if words else 0.0,
        "rules": rules.most_common(8),
        "examples": examples.most_common(10),
    }


def score_separation(spun: Sequence[Article], clean: Sequence[Article], config) -> dict:
    threshold = config.stat("spin-threshold")
    spun_scores = sorted(run(a, config)[1] for a in spun)
    clean_scores = sorted(run(a, config)[1] for a in clean)
    pairs = sum(1.0 if s > c else 0.5 if s == c else 0.0 for s in spun_scores for c in clean_scores)
    auc = pairs / (len(spun_scores) * len(clean_scores)) if spun_scores and clean_scores else 0.0
    return {
        "spun_documents": len(spun_scores),
        "clean_documents": len(clean_scores),
        "spun_min": spun_scores[0] if spun_scores else None,
        "spun_median": statistics.median(spun_scores) if spun_scores else None,
        "clean_max": clean_scores[-1] if clean_scores else None,
        "clean_median": statistics.median(clean_scores) if clean_scores else None,
        "spun_below_max_clean": sum(s <= clean_scores[-1] for s in spun_scores)
        if clean_scores
        else 0,
        "clean_above_min_spun": sum(c >= spun_scores[0] for c in clean_scores)
        if spun_scores
        else 0,
        "spun_at_or_above_threshold": sum(s >= threshold for s in spun_scores),
        "clean_at_or_above_threshold": sum(c >= threshold for c in clean_scores),
        "auc": round(auc, 4),
    }


# ------------------------------------------------------------------ timing
LONG_ARTICLES = 12  # the first held-out articles, joined: the "long article" timed
TIMED_LOOKS = 3  # the long article is checked this many times in each fresh process


def looks(stats: bool) -> list[float]:
    """Seconds for checking the long article ``TIMED_LOOKS`` times in this process, after
    loading the data by checking unrelated DEV text: packs alone, or packs plus stats.

    The first look is what a new file costs; later looks at the same text are cheaper
    for both detectors (pack regexes compile on first use; the statistical detector
    keeps word-pair scores and remembers word chains it has seen twice)."""
    from textqa.config import Config
    from textqa.detectors import CheckContext
    from textqa.document import Document
    from textqa.engine import check_document
    from textqa.packs import builtin_matcher

    text = "\n\n".join(corpora.lee_heldout()[:LONG_ARTICLES])
    packs = tuple(sorted({rule.pack for rule in builtin_matcher().rules.values()}))
    select = (*packs, "stats") if stats else packs
    warm = Document("\n\n".join(corpora.lee_dev()[:30]), "warm.txt")
    check_document(warm, CheckContext(config=Config()))
    seconds = []
    for _ in range(TIMED_LOOKS):
        doc = Document(text, "long.txt")
        started = time.perf_counter()
        check_document(doc, CheckContext(config=Config(select=select)))
        seconds.append(time.perf_counter() - started)
    return seconds


def timing(repeats: int = 5) -> dict:
    """Packs alone against packs plus stats on one long article, each in ``repeats``
    fresh processes (medians), and ``textqa check`` wall time on the spun seed."""
    from textqa.document import Document

    def medians(stats: bool) -> list[float]:
        runs = [
            json.loads(
                subprocess.run(
                    [sys.executable, "-c", f"import json; from bench.stats_eval import looks; "
                     f"print(json.dumps(looks({stats})))"],
                    capture_output=True, text=True, check=True, cwd=corpora.REPO,
                ).stdout
            )
            for _ in range(repeats)
        ]  # fmt: skip
        return [statistics.median(run[k] for run in runs) for k in range(TIMED_LOOKS)]

    packs, both = medians(False), medians(True)
    text = "\n\n".join(corpora.lee_heldout()[:LONG_ARTICLES])
    seed = corpora.seed_path()
    walls = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "textqa", "check", "--select", "ALL", str(seed)],
            capture_output=True,
            check=False,
        )
        walls.append(time.perf_counter() - started)
    return {
        "long_article_words": Document(text).word_count,
        "packs_seconds": round(packs[0], 4),
        "packs_plus_stats_seconds": round(both[0], 4),
        "stats_added_seconds": round(both[0] - packs[0], 4),
        "later_looks_packs_seconds": [round(x, 4) for x in packs[1:]],
        "later_looks_packs_plus_stats_seconds": [round(x, 4) for x in both[1:]],
        "check_one_file_wall_seconds_median": round(statistics.median(walls), 3),
    }


# ------------------------------------------------------------------ fitting
FIT_SPIN_SEEDS = 8  # each DEV article is spun this many ways for the classifier's data


def training_rows(spin_seeds: int = FIT_SPIN_SEEDS, limit: int | None = None) -> list:
    """(article group, kind, features, label) for every suspect in DEV articles: each
    article clean (kind "clean", label 0) and spun ``spin_seeds`` ways by
    ``bench.spinner.spin`` (kind "spun", label 1 for a swapped span). The articles are
    the Lee DEV ones and the four clean seeds; seed 002 and the held-out articles are
    never used."""
    from bench.spinner import spin
    from textqa.document import Document
    from textqa.swaps.inference import analyse

    texts = dev_long(corpora.lee_dev()[:limit]) + [article.text for article in seed_articles()[1]]
    rows = []
    for group, text in enumerate(texts):
        for candidate in analyse(Document(text, "fit.txt")).candidates:
            rows.append((group, "clean", candidate.features, 0))
        for seed in range(spin_seeds):
            spun_text, spans = spin(text, rate=SPIN_RATE, seed=1000 * seed + group)
            gold = [(s.start, s.end) for s in spans]
            for candidate in analyse(Document(spun_text, "fit.txt")).candidates:
                label = any(overlaps((candidate.start, candidate.end), g) for g in gold)
                rows.append((group, "spun", candidate.features, int(label)))
    return rows


def fit_logistic(
    rows: Sequence[tuple[Sequence[float], int]], l2: float = 1.0, iterations: int = 25
) -> list[float]:
    """Logistic regression by Newton's method (IRLS) with an L2 penalty, in pure Python;
    returns [intercept, weight per feature]."""
    import math

    size = len(rows[0][0]) + 1
    weights = [0.0] * size
    for _ in range(iterations):
        gradient = [0.0] * size
        hessian = [[0.0] * size for _ in range(size)]
        for features, label in rows:
            x = (1.0, *features)
            z = sum(w * v for w, v in zip(weights, x, strict=False))
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            g = p - label
            h = p * (1 - p)
            for i in range(size):
                gradient[i] += g * x[i]
                hi = h * x[i]
                row = hessian[i]
                for j in range(i, size):
                    row[j] += hi * x[j]
        for i in range(size):
            for j in range(i):
                hessian[i][j] = hessian[j][i]
            if i:  # the intercept is not penalised
                gradient[i] += l2 * weights[i]
                hessian[i][i] += l2
        step = _solve(hessian, gradient)
        weights = [w - s for w, s in zip(weights, step, strict=False)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return weights


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the systems here are 16×16)."""
    n = len(vector)
    a = [[*row[:], vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, n):
            factor = a[r][col] / a[col][col]
            for c in range(col, n + 1):
                a[r][c] -= factor * a[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (a[r][n] - sum(a[r][c] * x[c] for c in range(r + 1, n))) / a[r][r]
    return x


def fit(limit: int | None = None) -> dict:
    """Fit the two word-level classifiers on DEV data and report article-level 5-fold
    cross-validated figures so the fit can be judged:

    * ``WEIGHTS``: in a spun document, was this suspect swapped? (ranks findings);
    * ``CLEAN_WEIGHTS``: a swapped suspect against any suspect of a clean document (its
      likelihood ratio is the per-word evidence of the document's spin score).
    """
    import math

    rows = training_rows(limit=limit)
    groups = sorted({g for g, _, _, _ in rows})
    folds = 5
    within = [(g, f, y) for g, kind, f, y in rows if kind == "spun"]
    against = [(g, f, y) for g, kind, f, y in rows if kind == "clean" or y]
    report: dict = {"rows": len(rows)}
    for name, data in (("WEIGHTS", within), ("CLEAN_WEIGHTS", against)):
        scored = []
        for fold in range(folds):
            held = {g for i, g in enumerate(groups) if i % folds == fold}
            weights = fit_logistic([(f, y) for g, f, y in data if g not in held])
            for g, f, y in data:
                if g in held:
                    z = weights[0] + sum(w * v for w, v in zip(weights[1:], f, strict=False))
                    scored.append((z, y))
        scored.sort(reverse=True)
        positives = sum(y for _, y in scored)
        curve = []
        tp = 0
        for rank, (z, y) in enumerate(scored, 1):
            tp += y
            if rank % max(1, len(scored) // 40) == 0:
                curve.append((round(z, 2), round(tp / rank, 3), round(tp / positives, 3)))
        report[name] = {
            "weights": [round(w, 4) for w in fit_logistic([(f, y) for _, f, y in data])],
            "rows": len(data),
            "positives": positives,
            "base_logit": round(math.log(positives / (len(data) - positives)), 4),
            "cross_validated (logit, precision, recall)": curve,
        }
    return report


# ------------------------------------------------------------------ tuning
STATS_WEIGHT_GRID = (1.0, 6 / 7, 0.75)  # textqa.spin.STATS_WEIGHT
GRID = {
    "min-ratio": (2.5, 3.0, 3.5, 4.0),
    "warning-ratio": (30.0, 50.0, 80.0),
    "spin-threshold": (0.5,),
}


def tune(limit: int | None) -> dict:
    """Sweep the thresholds on DEV data only; prefer recall under precision and
    false-flag limits (with margins below the held-out targets)."""
    from itertools import product

    import textqa.spin

    dev = corpora.lee_dev()[:limit]
    seed_spun, seed_clean = seed_articles()
    spun = spun_articles(dev, "dev") + spun_articles(dev_long(dev), "devlong") + [seed_spun]
    clean = clean_articles(dev, "dev") + clean_articles(dev_long(dev), "devlong") + seed_clean
    rows = []
    for weight, min_ratio, warning_ratio, threshold in product(STATS_WEIGHT_GRID, *GRID.values()):
        if warning_ratio < min_ratio:
            continue
        textqa.spin.STATS_WEIGHT = weight
        config = make_config(["stats"], None)
        stats = dict(config.stats)
        stats.update(
            {"min-ratio": min_ratio, "warning-ratio": warning_ratio, "spin-threshold": threshold}
        )
        config = config.with_overrides(stats=tuple(stats.items()))
        spun_fig = spun_figures(spun, config)
        clean_fig = clean_figures(clean, config)
        rows.append(
            {
                "stats-weight": round(weight, 3),
                "min-ratio": min_ratio,
                "warning-ratio": warning_ratio,
                "spin-threshold": threshold,
                "precision": spun_fig["precision"],
                "recall": spun_fig["recall"],
                "clean_per_1000": clean_fig["per_1000_words"],
            }
        )
    good = [r for r in rows if r["precision"] >= 0.85 and r["clean_per_1000"] <= 0.6]
    good.sort(key=lambda r: (-r["recall"], -r["precision"]))
    return {"rows": rows, "best": good[:5]}


# ------------------------------------------------------------------ report
def evaluate(split: str, limit: int | None, with_timing: bool) -> dict:
    stats_only = make_config(["stats"], None)
    default = make_config(None, None)
    results: dict = {"spin_rate": SPIN_RATE, "thresholds": dict(stats_only.stats)}
    seed_spun, seed_clean = seed_articles()
    results["seed_002_not_held_out"] = spun_figures([seed_spun], stats_only)
    results["seed_002_spin_score"] = run(seed_spun, stats_only)[1]
    splits = {"dev": corpora.lee_dev, "heldout": corpora.lee_heldout}
    for name in ("dev", "heldout"):
        if split not in (name, "all"):
            continue
        texts = splits[name]()[:limit]
        clean = clean_articles(texts, name)
        spun = spun_articles(texts, name)
        if name == "dev":
            clean = clean + clean_articles(dev_long(texts), "devlong") + seed_clean
            spun = spun + spun_articles(dev_long(texts), "devlong")
        results[name] = {
            "spun_stats": spun_figures(spun, stats_only),
            "clean_stats": clean_figures(clean, stats_only),
            "clean_default": clean_figures(clean, default),
            "spin_score_stats": score_separation(spun, clean, stats_only),
            "spin_score_default": score_separation(spun, clean, default),
        }
    if with_timing:
        results["timing"] = timing()
    return results


def markdown(results: dict) -> str:
    lines = ["# Statistical detector (`--select stats`)", ""]
    seed = results["seed_002_not_held_out"]
    lines += [
        "Seed 002 (NOT held out: the curated swaps were read off its annotation): "
        f"precision {seed['precision']:.2f}, recall {seed['recall']:.2f} (certain spans); "
        f"all spans {seed['all_spans_precision']:.2f} / {seed['all_spans_recall']:.2f}; "
        f"spin score {results['seed_002_spin_score']:.2f}; first suggestion right "
        f"{seed['first_suggestion_right']:.2f}.",
        "",
        "| split | spun P | spun R | first suggestion right | clean warn/1k (stats) "
        "| clean warn/1k (default) | spin AUC | spun min / clean max |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in ("dev", "heldout"):
        if name not in results:
            continue
        r = results[name]
        sep = r["spin_score_stats"]
        lines.append(
            f"| {name} | {r['spun_stats']['precision']:.3f} | {r['spun_stats']['recall']:.3f} "
            f"| {r['spun_stats']['first_suggestion_right']:.3f} "
            f"| {r['clean_stats']['per_1000_words']:.2f} "
            f"| {r['clean_default']['per_1000_words']:.2f} | {sep['auc']:.3f} "
            f"| {sep['spun_min']:.2f} / {sep['clean_max']:.2f} |"
        )
    lines += [
        "",
        "First suggestion right: of the findings on spun spans, the share whose first "
        "suggestion, put in place, gives back the original wording.",
    ]
    if "timing" in results:
        t = results["timing"]
        lines += [
            "",
            f"Long article ({t['long_article_words']} words), first look in a fresh process "
            f"(data loaded; median of 5 processes): packs {t['packs_seconds']} s, packs + "
            f"stats {t['packs_plus_stats_seconds']} s (stats adds "
            f"{t['stats_added_seconds'] / max(t['packs_seconds'], 1e-9):.1f}x the packs' "
            f"time); looking again at the same text: packs "
            f"{' / '.join(map(str, t['later_looks_packs_seconds']))} s, packs + stats "
            f"{' / '.join(map(str, t['later_looks_packs_plus_stats_seconds']))} s. "
            f"`textqa check` on one file {t['check_one_file_wall_seconds_median']} s wall "
            "(median).",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    parser.add_argument("--limit", type=int, default=None, help="articles per split")
    parser.add_argument("--tune", action="store_true", help="sweep thresholds on DEV data")
    parser.add_argument("--fit", action="store_true", help="fit the classifier on DEV data")
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    if args.fit:
        print(json.dumps(fit(args.limit), indent=1))
        return 0
    if args.tune:
        print(json.dumps(tune(args.limit)["best"], indent=1))
        return 0
    results = evaluate(args.split, args.limit, not args.no_timing)
    text = markdown(results)
    print(text)
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "stats.json").write_text(json.dumps(results, indent=1) + "\n")
        (RESULTS / "stats.md").write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
