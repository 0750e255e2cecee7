"""Growth of check time on hostile inputs: each input at two sizes, and the ratio of the
times. Linear work gives about 2 for twice the size; a quadratic blow-up gives 4 or more.

A crawl holds pages nobody wrote for people. The trials that found these (all fixed)
measured 162 s for a 136 KB page of "WORKPLACE STATED" (a pack regex backtracking), 25 s for
256 KB of "[a](" and 10 s for 8,000 suppression directives.

    python -m bench.hostile
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `textqa` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# name, file suffix, one unit of the input; each is checked at SIZES units.
INPUTS = (
    ("capitals without stops", ".md", "WORKPLACE STATED "),
    ("title case lines", ".md", "Workplace Stated\n"),
    ("a reporting verb repeated", ".txt", "Stated "),
    ("unclosed link targets", ".md", "[a]("),
    ("one-line directives", ".md", "<!-- textqa: ignore-next-line -->\nworkplace stated\n"),
    ("article slips", ".txt", "Biden was hosting a uncommon weekend assembly.\n\n"),
    ("unclosed quotes", ".txt", '"workplace stated '),
    ("apostrophes", ".txt", "the leaders' talks, "),
)
SIZES = (2000, 4000)


def check_seconds(path: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "textqa", "check", "--isolated", str(path)],
        capture_output=True,
        check=False,
    )
    return time.perf_counter() - start


def main() -> int:
    print(f"| input | {SIZES[0]} units | {SIZES[1]} units | ratio |")
    print("|---|---|---|---|")
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for name, suffix, unit in INPUTS:
            times = []
            for size in SIZES:
                path = Path(folder) / f"input{size}{suffix}"
                path.write_text(unit * size, encoding="utf-8")
                times.append(check_seconds(path))
            ratio = times[1] / times[0]
            worst = max(worst, ratio)
            print(f"| {name} | {times[0]:.2f} s | {times[1]:.2f} s | {ratio:.1f} |")
    print(f"\nworst growth for twice the input: {worst:.1f}x (linear: about 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
