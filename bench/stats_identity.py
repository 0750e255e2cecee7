"""Proof that a speed-up of the statistical detector changes nothing it reports.

Runs the full check (default configuration) and a stats-only check (``--select stats``)
over DEV data only — the BBC, Lee (``lee.cor``), para2para and Wikipedia DEV corpora, the
seeds, spun copies of the Lee and BBC articles, and a few spun articles checked against
their clean original as a sibling — and writes every finding (all its fields, floats
as ``repr``), each document's spin score and the detector's document cues. A second
run is compared with ``--compare``: any difference, even in a float's last bit, fails.

The detector's suspect scores are dumped too, in a separate ``strict`` section: they
are not output, so a difference there is reported but does not fail the comparison.

    python -m bench.stats_identity --write /tmp/before.json
    python -m bench.stats_identity --compare /tmp/before.json

HELD-OUT data (``lee_background.cor``) is never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `textqa` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import corpora

SPIN_RATE = 0.15
SIBLING_CASES = 20  # spun Lee and BBC articles also checked with their original as sibling


def documents() -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(name, text, sibling texts) of every DEV document checked, in a fixed order."""
    from bench.spinner import spin

    lee, bbc = corpora.lee_dev(), corpora.bbc_dev()
    for label, texts in (
        ("bbc", bbc),
        ("lee", lee),
        ("para2para", corpora.para2para_dev()),
        ("enwiki", corpora.enwiki_dev()),
    ):
        for index, text in enumerate(texts):
            yield f"{label}/{index:03d}", text, ()
    for stem, text in corpora.seeds().items():
        yield f"seed/{stem}", text, ()
    for label, texts in (("lee", lee), ("bbc", bbc)):
        for index, text in enumerate(texts):
            spun = spin(text, SPIN_RATE, seed=index)[0]
            yield f"{label}-spun/{index:03d}", spun, ()
            if index < SIBLING_CASES:
                yield f"{label}-spun-sibling/{index:03d}", spun, (text,)


def _finding(finding) -> dict:
    record = finding.to_dict()
    record["confidence"] = repr(finding.confidence)
    return record


def dump() -> dict:
    """Every finding, spin score and cue of every document, under both configurations."""
    from textqa.config import Config
    from textqa.detectors import CheckContext
    from textqa.document import Document
    from textqa.engine import check_document
    from textqa.swaps.inference import analyse

    configs = {"default": Config(), "stats": Config().with_overrides(select=("stats",))}
    output: dict[str, dict] = {name: {} for name in configs}
    strict: dict[str, list] = {}
    for name, text, sibling_texts in documents():
        for label, config in configs.items():
            siblings = tuple(Document(t, f"sibling{i}.txt") for i, t in enumerate(sibling_texts))
            doc = Document(text, name + ".txt")
            context = CheckContext(config=config, siblings=siblings)
            result = check_document(doc, context)
            output[label][name] = {
                "spin_score": repr(result.spin_score),
                "words": result.words,
                "findings": [_finding(f) for f in result.findings],
            }
            if label == "stats":
                analysis = analyse(doc, context)
                output[label][name]["cues"] = {k: repr(v) for k, v in analysis.cues.items()}
                strict[name] = [
                    [s.start, repr(s.spun_probability), repr(s.swap_evidence)]
                    for s in analysis.suspects
                ]
    return {"output": output, "strict": strict}


def compare(before: dict, after: dict) -> int:
    """Print the differences; 1 when an output differs, else 0."""
    failed = 0
    for label, documents_before in before["output"].items():
        documents_after = after["output"].get(label, {})
        if documents_before.keys() != documents_after.keys():
            print(f"{label}: the documents differ")
            failed = 1
        for name, record in documents_before.items():
            if documents_after.get(name) != record:
                print(f"{label} {name}: output differs")
                failed = 1
    strict = [n for n, s in before["strict"].items() if after["strict"].get(n) != s]
    if strict:
        print(f"suspect scores differ (not output) in {len(strict)} documents: {strict[:5]}")
    count = sum(len(d) for d in before["output"].values())
    findings = sum(len(r["findings"]) for d in before["output"].values() for r in d.values())
    verdict = "DIFFERENT" if failed else "identical"
    print(f"{count} checks, {findings} findings: output {verdict}")
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="dump the output to this JSON file")
    group.add_argument("--compare", type=Path, help="compare the output with this dump")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = dump()
    print(f"checked in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    if args.write:
        args.write.write_text(json.dumps(result, sort_keys=True) + "\n", encoding="utf-8")
        return 0
    return compare(json.loads(args.compare.read_text(encoding="utf-8")), result)


if __name__ == "__main__":
    sys.exit(main())
