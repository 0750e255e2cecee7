"""Quality figures for textqa's default configuration (issue 2).

Figures, each counting findings at ``warning`` and above (what fails a check):

a. seed 002 (the real spun story) against its hand annotation: recall (share of annotated
   spans overlapped by a finding) and false-flag rate (share of findings overlapping no
   annotated span), for certain spans only and for all spans; with and without the four
   clean seeds as siblings. The packs were written while reading this seed: it is a
   development figure, not a held-out one.
b. clean HELD-OUT news (``lee_background.cor``, one document per article): warnings per
   1,000 words and the rules that fire most — every one of these is a false alarm.
c. the same on the DEV news (``lee.cor``), which tuning may have used.
d. HELD-OUT news spun by ``bench.spinner.spin`` (WordNet synonyms; independent of the
   packs): recall and false-flag rate against the spinner's own record of its changes.
e. HELD-OUT news spun by ``spin_like_seed`` (the seed spinner's own swaps plus WordNet).

With (a), (d) and (e) goes suggestion accuracy: of the findings on spun spans, the share
whose first suggestion, put in place, gives back the original wording (:func:`restores`).

Run ``python -m bench.quality`` from the repository root; results go to
``bench/results/quality.json`` and ``quality.md``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `textqa` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import corpora

RESULTS = Path(__file__).resolve().parent / "results"
SPIN_RATE = 0.15  # seed 002 has 86 changed spans in 634 words (13.6 %)

Interval = tuple[int, int]


# ------------------------------------------------------------------ scoring
def overlaps(a: Interval, b: Interval) -> bool:
    """Half-open spans share at least one code point."""
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class SpanScore:
    """Recall over gold spans and false flags among found spans."""

    gold: int
    hits: int  # gold spans overlapped by at least one found span
    found: int  # found spans that were scored (those touching only ignored spans are not)
    false_flags: int  # scored found spans overlapping no gold span

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 0.0

    @property
    def false_flag_rate(self) -> float:
        return self.false_flags / self.found if self.found else 0.0

    def __add__(self, other: SpanScore) -> SpanScore:
        return SpanScore(
            self.gold + other.gold,
            self.hits + other.hits,
            self.found + other.found,
            self.false_flags + other.false_flags,
        )

    def to_dict(self) -> dict[str, float]:
        data: dict[str, float] = asdict(self)
        data["recall"] = round(self.recall, 4)
        data["false_flag_rate"] = round(self.false_flag_rate, 4)
        return data


def score_spans(
    gold: Sequence[Interval], found: Sequence[Interval], ignore: Sequence[Interval] = ()
) -> SpanScore:
    """Score ``found`` against ``gold``.

    A found span that overlaps no gold span but does overlap an ``ignore`` span (an
    annotated span left out of this gold set, e.g. an uncertain one) counts neither as a
    hit nor as a false flag.
    """
    hits = sum(1 for g in gold if any(overlaps(g, f) for f in found))
    scored = 0
    false_flags = 0
    for span in found:
        if any(overlaps(span, g) for g in gold):
            scored += 1
        elif not any(overlaps(span, i) for i in ignore):
            scored += 1
            false_flags += 1
    return SpanScore(len(gold), hits, scored, false_flags)


def restores(text: str, finding, spans: Sequence[tuple[int, int, str]]) -> bool:
    """Whether ``finding``'s first suggestion, put in its place, gives back the original
    wording over the finding and the spun spans it overlaps (``(start, end, original)``),
    case and spacing aside: "a uncommon" → 'a rare' restores the span "uncommon" of
    "rare"; 'according to' for "keeping with" of the span "in keeping with" does not."""
    if not finding.suggestions:
        return False
    touched = sorted(s for s in spans if overlaps((finding.start, finding.end), s[:2]))
    if not touched:
        return False
    low = min(finding.start, touched[0][0])
    high = max(finding.end, max(end for _, end, _ in touched))
    mine = text[low : finding.start] + finding.suggestions[0] + text[finding.end : high]
    parts, cursor = [], low
    for start, end, original in touched:
        parts += [text[cursor:start], original]
        cursor = end
    parts.append(text[cursor:high])

    def plain(wording: str) -> str:
        return " ".join(wording.lower().split())

    return plain(mine) == plain("".join(parts))


# ------------------------------------------------------------------ running textqa
def make_config(select: Sequence[str] | None, ignore: Sequence[str] | None):
    """The default configuration, optionally restricted like ``--select``/``--ignore``."""
    from textqa.config import Config

    config = Config()
    if select:
        config = config.with_overrides(select=tuple(select))
    if ignore:
        config = config.with_overrides(ignore=tuple(ignore))
    return config


def check(text: str, path: str, config, siblings: Iterable[str | Path] = ()):
    """textqa's result for one text: the same pipeline as ``check_text`` and the CLI."""
    from textqa.detectors import CheckContext
    from textqa.document import Document
    from textqa.engine import check_document, load_siblings

    context = CheckContext(config=config, siblings=tuple(load_siblings(siblings)))
    return check_document(Document(text, path), context)


def failing(findings) -> list:
    from textqa.findings import at_least

    return [f for f in findings if at_least(f.level, "warning")]


def spanned(findings) -> list:
    """Findings that point at text; zero-width ones are about the whole document."""
    return [f for f in findings if f.end > f.start]


# ------------------------------------------------------------------ figures
def seed_figures(config, siblings: Sequence[Path]) -> dict:
    """(a) seed 002 against the hand annotation."""
    path = corpora.seed_path(corpora.SPUN_SEED)
    text = corpora.read_text(path)
    annotation = corpora.seed_annotation()
    certain = [(a["start"], a["end"]) for a in annotation if a["certain"]]
    uncertain = [(a["start"], a["end"]) for a in annotation if not a["certain"]]
    result = check(text, f"seeds/{path.name}", config, siblings)
    flagged = spanned(failing(result.findings))
    found = [(f.start, f.end) for f in flagged]
    every = certain + uncertain
    missed = [a for a in annotation if not any(overlaps((a["start"], a["end"]), s) for s in found)]
    originals = [(a["start"], a["end"], a["original"]) for a in annotation]
    right = [f for f in flagged if f.start < f.end and restores(text, f, originals)]
    true_found = [
        f for f in flagged if any(overlaps((f.start, f.end), (a, b)) for a, b, _ in originals)
    ]
    return {
        "siblings": [p.name for p in siblings],
        "words": result.words,
        "spin_score": round(result.spin_score, 3),
        "findings": len(flagged),
        "document_findings": [f.rule for f in failing(result.findings) if f.end == f.start],
        "first_suggestion_right": round(len(right) / len(true_found), 4) if true_found else 0.0,
        "certain": score_spans(certain, found, ignore=uncertain).to_dict(),
        "all": score_spans(every, found).to_dict(),
        "false_flags": [
            {"rule": f.rule, "text": f.text, "start": f.start, "line": f.line}
            for f in flagged
            if not any(overlaps((f.start, f.end), g) for g in every)
        ],
        "missed": [
            {"text": a["text"], "original": a["original"], "certain": a["certain"]} for a in missed
        ],
    }


def clean_figures(articles: Sequence[str], label: str, config) -> dict:
    """(b)/(c) clean news: every warning is a false alarm."""
    from textqa.findings import at_least

    threshold = config.stat("spin-threshold")
    words = warnings = errors = flagged_docs = spun_docs = 0
    rules: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for index, article in enumerate(articles):
        result = check(article, f"{label}/{index:03d}.txt", config)
        words += result.words
        spun_docs += result.spin_score >= threshold
        bad = failing(result.findings)
        flagged_docs += bool(bad)
        for finding in bad:
            errors += at_least(finding.level, "error")
            warnings += not at_least(finding.level, "error")
            rules[finding.rule] += 1
            if len(examples[finding.rule]) < 3:
                examples[finding.rule].append(finding.text or "(document)")
    total = warnings + errors
    return {
        "documents": len(articles),
        "words": words,
        "warnings": warnings,
        "errors": errors,
        "per_1000_words": round(1000 * total / words, 3) if words else 0.0,
        "documents_flagged": flagged_docs,
        "documents_read_as_spun": spun_docs,
        "top_rules": [
            {"rule": rule, "count": count, "examples": examples[rule]}
            for rule, count in rules.most_common(10)
        ],
    }


def spun_figures(
    articles: Sequence[str], spinner: Callable[[str, int], tuple[str, list]], label: str, config
) -> dict:
    """(d)/(e) spun held-out news scored against the spinner's own record of its changes."""
    threshold = config.stat("spin-threshold")
    total = SpanScore(0, 0, 0, 0)
    words = flagged_count = spun_docs = document_findings = true_found = restoring = 0
    caught: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    false_rules: Counter[str] = Counter()
    for index, article in enumerate(articles):
        text, spans = spinner(article, index)
        result = check(text, f"{label}/{index:03d}.txt", config)
        words += result.words
        spun_docs += result.spin_score >= threshold
        flagged = failing(result.findings)
        document_findings += len(flagged) - len(spanned(flagged))
        found = [(f.start, f.end) for f in spanned(flagged)]
        flagged_count += len(found)
        gold = [(s.start, s.end) for s in spans]
        total += score_spans(gold, found)
        originals = [(s.start, s.end, s.original) for s in spans]
        for finding in spanned(flagged):
            if any(overlaps((finding.start, finding.end), g) for g in gold):
                true_found += 1
                restoring += restores(text, finding, originals)
        for span in spans:
            key = f"{span.original.lower()} → {span.spun.lower()}"
            if any(overlaps((span.start, span.end), f) for f in found):
                caught[key] += 1
            else:
                missed[key] += 1
        for finding in spanned(flagged):
            if not any(overlaps((finding.start, finding.end), g) for g in gold):
                false_rules[finding.rule] += 1
    return {
        "documents": len(articles),
        "words": words,
        "spin_rate": SPIN_RATE,
        **total.to_dict(),
        "per_1000_words": round(1000 * flagged_count / words, 3) if words else 0.0,
        "first_suggestion_right": round(restoring / true_found, 4) if true_found else 0.0,
        "documents_read_as_spun": spun_docs,
        "document_findings": document_findings,
        "top_caught": caught.most_common(10),
        "top_missed": missed.most_common(10),
        "false_flag_rules": false_rules.most_common(10),
    }


# ------------------------------------------------------------------ provenance
def tree_state() -> dict:
    """What was in the tree when the figures were made (they change as the packs grow)."""
    repo = corpora.REPO

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=repo, capture_output=True, text=True, check=False
            ).stdout.strip()
        except OSError:
            return ""

    from textqa.config import Config
    from textqa.detectors import CheckContext, all_detectors

    context = CheckContext(config=Config())
    rule_ids = {rule for detector in all_detectors() for rule in detector.rules(context)}
    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_files": len(git("status", "--porcelain").splitlines()),
        "packs": sorted(p.name for p in (repo / "rules").glob("*.toml")),
        "detectors": sorted({type(d).__name__ for d in all_detectors()}),
        "rules": len(rule_ids),
    }


# ------------------------------------------------------------------ output
def _pct(value: float) -> str:
    return f"{100 * value:.1f} %"


def markdown(results: dict) -> str:
    tree = results["tree"]
    lines = [
        "# textqa quality figures",
        "",
        f"Generated {results['generated']} by `python -m bench.quality"
        + (f" --select {','.join(results['select'])}" if results["select"] else "")
        + "`.",
        f"Tree: commit {tree['commit']} with {tree['uncommitted_files']} uncommitted files; "
        f"packs {', '.join(tree['packs']) or '(none)'}; detectors {', '.join(tree['detectors'])}; "
        f"{tree['rules']} rules. Counts are findings at `warning` and above.",
        "",
        "## (a) Seed 002 against the hand annotation (DEV: the packs were written from it)",
        "",
        "| run | spans | recall | findings | false flags | false-flag rate "
        "| first suggestion right |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, seed in results["seed_002"].items():
        for subset in ("certain", "all"):
            s = seed[subset]
            lines.append(
                f"| {name}, {subset} spans | {s['gold']} | {_pct(s['recall'])} | {s['found']} "
                f"| {s['false_flags']} | {_pct(s['false_flag_rate'])} "
                f"| {_pct(seed['first_suggestion_right'])} |"
            )
    default = results["seed_002"]["default"]
    if default["false_flags"]:
        flags = ", ".join(f"`{f['text']}` ({f['rule']})" for f in default["false_flags"])
        lines += ["", f"False flags (default): {flags}."]
    if default["document_findings"]:
        rules = ", ".join(default["document_findings"])
        lines += ["", f"Document-level (zero-width) findings, not span-scored: {rules}."]
    lines += [
        "",
        "First suggestion right: of the findings on spun spans, the share whose first "
        "suggestion, put in place, gives back the original wording.",
        "",
        "## Clean news: every warning is a false alarm",
        "",
        "| corpus | docs | words | warnings | errors | per 1,000 words | docs flagged "
        "| docs read as spun |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, label in (
        ("heldout_clean", "(b) HELD OUT lee_background"),
        ("dev_clean", "(c) DEV lee"),
    ):
        c = results.get(key)
        if c:
            lines.append(
                f"| {label} | {c['documents']} | {c['words']} | {c['warnings']} | {c['errors']} "
                f"| {c['per_1000_words']:.2f} | {c['documents_flagged']} "
                f"| {c['documents_read_as_spun']} |"
            )
    for key, label in (("heldout_clean", "held-out"), ("dev_clean", "DEV")):
        c = results.get(key)
        if c and c["top_rules"]:
            top = "; ".join(
                f"{r['rule']} ×{r['count']} (e.g. {', '.join(repr(e) for e in r['examples'])})"
                for r in c["top_rules"]
            )
            lines += ["", f"Top rules on {label} clean news: {top}."]
    spun = [(k, label) for k, label in SPUN_LABELS if k in results]
    if spun:
        lines += [
            "",
            "## Spun HELD-OUT news (lee_background, every article spun)",
            "",
            "| spinner | docs | words | spans | recall | span findings | false-flag rate "
            "| first suggestion right | document findings | docs read as spun |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for key, label in spun:
            s = results[key]
            lines.append(
                f"| {label} | {s['documents']} | {s['words']} | {s['gold']} | {_pct(s['recall'])} "
                f"| {s['found']} | {_pct(s['false_flag_rate'])} "
                f"| {_pct(s['first_suggestion_right'])} | {s['document_findings']} "
                f"| {s['documents_read_as_spun']} |"
            )
        for key, label in spun:
            s = results[key]
            missed = ", ".join(f"{k} ×{n}" for k, n in s["top_missed"][:8])
            lines += ["", f"Most missed ({label}): {missed}."]
    return "\n".join(lines) + "\n"


SPUN_LABELS = (
    ("heldout_spun", "(d) WordNet spinner"),
    ("heldout_spun_like_seed", "(e) seed-like spinner"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--select", type=lambda v: [p for p in v.split(",") if p], default=None)
    parser.add_argument("--ignore", type=lambda v: [p for p in v.split(",") if p], default=None)
    parser.add_argument("--limit", type=int, help="use only the first N articles of each corpus")
    parser.add_argument("--no-spun", action="store_true", help="skip (d) and (e)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results folder")
    args = parser.parse_args(argv)

    try:
        heldout, dev = corpora.lee_heldout(), corpora.lee_dev()
    except corpora.CorpusMissing as error:
        print(f"quality: error: {error}", file=sys.stderr)
        return 2
    if args.limit:
        heldout, dev = heldout[: args.limit], dev[: args.limit]
    from textqa.config import ConfigError
    from textqa.detectors import CheckContext
    from textqa.run import validate_selectors

    config = make_config(args.select, args.ignore)
    try:
        validate_selectors(config, CheckContext(config=config))
    except ConfigError as error:
        print(f"quality: error: {error}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    sibling_paths = [corpora.seed_path(n) for n in ("000", "001", "003", "004")]
    results: dict = {
        "generated": time.strftime("%Y-%m-%d %H:%M:%S"),
        "select": args.select or [],
        "ignore": args.ignore or [],
        "tree": tree_state(),
        "seed_002": {
            "default": seed_figures(config, []),
            "with siblings 000/001/003/004": seed_figures(config, sibling_paths),
        },
        "heldout_clean": clean_figures(heldout, "lee_background", config),
        "dev_clean": clean_figures(dev, "lee", config),
    }
    if not args.no_spun:
        try:
            from bench.spinner import spin, spin_like_seed

            results["heldout_spun"] = spun_figures(
                heldout, lambda t, i: spin(t, rate=SPIN_RATE, seed=i), "spun", config
            )
            results["heldout_spun_like_seed"] = spun_figures(
                heldout, lambda t, i: spin_like_seed(t, seed=i, rate=SPIN_RATE), "spun", config
            )
        except RuntimeError as error:  # spinner packages missing
            print(f"quality: skipping spun news: {error}", file=sys.stderr)
    results["seconds"] = round(time.perf_counter() - started, 1)

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "quality.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    report = markdown(results)
    (args.out / "quality.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
