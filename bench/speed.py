"""Speed figures (issues 2 and 5): whole-process wall time and peak memory, textqa vs codespell.

codespell is the baseline because it is what people already run over prose in pre-commit:
a dictionary look-up per word, about as cheap as a text linter gets. Every figure times the
whole process (interpreter start-up, imports, file discovery, output), measured in the same
run for both tools, on the same files:

a. one article: ``textqa check seeds/002_…`` vs ``codespell seeds/002_…``, median of N runs;
b. a corpus of real news of at least 1,000,000 words: the HELD-OUT Lee articles, repeated
   with a different last line per copy (so no two files are identical), one file per
   article under a temporary folder: ``textqa check DIR`` vs ``codespell DIR``;
c. peak resident memory of each of those processes (GNU ``/usr/bin/time -v`` when present,
   else ``getrusage(RUSAGE_CHILDREN)``; both give the largest single process, not a sum
   over worker processes), and on Linux textqa's main process and its largest worker
   apart (their ``VmHWM``, polled from ``/proc`` while they run);
d. start-up: ``textqa --version`` vs ``codespell --version``, median of N runs;
e. the corpus of (b) with ``--ignore stats``: what everything but the statistical
   detector costs (packs, quality checks, reading, tokenising, reporting);
f. fresh text: the held-out articles once each (about 60,000 words). The corpus of (b)
   repeats them, and the statistical detector remembers word chains it has seen twice in
   a process, so from the third copy on it reads much of the corpus from memory; this row
   shows what text never seen before costs.

CPU seconds (user + system, all processes) are reported next to wall time: on a loaded
machine they move much less than wall time does.

Both tools are timed as installed: textqa's bytecode is written first (pip compiles a
wheel's modules at install time; a checkout under ``PYTHONDONTWRITEBYTECODE=1`` would
compile them from source in every process), and textqa runs once before the timing, so
its cache of parsed packs and compiled regexes is filled, as it is for every run after a
user's first.

Run ``python -m bench.speed`` (``--quick`` for a smoke run: fewer runs, ~240k words).
Results go to ``bench/results/speed.json`` and ``speed.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import corpora

RESULTS = Path(__file__).resolve().parent / "results"
GNU_TIME = Path("/usr/bin/time")
_MAXRSS_RE = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")
_CPU_RE = re.compile(r"(?:User|System) time \(seconds\): ([\d.]+)")
PROC = Path("/proc")
POLL_SECONDS = 0.05


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    exit_code: int
    cpu_seconds: float | None = None  # user + system of the process and its children
    main_peak_mb: float | None = None  # the tool's own process (Linux /proc)
    worker_peak_mb: float | None = None  # its largest child process, if any


# ------------------------------------------------------------------ commands
def textqa_command() -> list[str]:
    """The installed ``textqa`` script, else this interpreter running the checkout."""
    script = shutil.which("textqa")
    return [script] if script else [sys.executable, "-m", "textqa"]


def byte_compile() -> None:
    """Write the bytecode of the textqa package that runs (the checkout, or where this
    interpreter finds it), as installing a wheel does."""
    import compileall
    import importlib.util

    folders = {corpora.REPO / "textqa"}
    spec = importlib.util.find_spec("textqa")
    if spec is not None and spec.origin:
        folders.add(Path(spec.origin).parent)
    for folder in folders:
        if folder.is_dir():
            compileall.compile_dir(folder, quiet=1)


def codespell_command() -> list[str]:
    script = shutil.which("codespell")
    if not script:
        raise SystemExit("speed: error: codespell is not installed; run: pip install codespell")
    return [script]


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    # `python -m textqa` from another folder must still find the checkout.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(corpora.REPO), env.get("PYTHONPATH")]))
    env.pop("GITHUB_ACTIONS", None)  # same output format in CI as on a laptop
    return env


def measure(command: list[str], ok_codes: tuple[int, ...] = (0, 1)) -> Run:
    """Run ``command`` once: wall time of the whole process, its peak RSS and CPU time."""
    use_gnu = GNU_TIME.exists()
    full = [str(GNU_TIME), "-v", *command] if use_gnu else command
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            full,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            stdin=subprocess.DEVNULL,
            env=_environment(),
        )
        # Memory is polled in a thread: polling in this one would round the wall time up
        # to the next poll (50 ms, a third of codespell's run on one article).
        found: list[tuple[int, int]] = []
        done = threading.Event()
        watcher = threading.Thread(
            target=lambda: found.append(_watch_peaks(process, use_gnu, done)), daemon=True
        )
        watcher.start()
        process.wait()
        seconds = time.perf_counter() - started
        done.set()
        watcher.join()
        peaks = found[0] if found else (0, 0)
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if process.returncode not in ok_codes:
        tail = stderr.strip().splitlines()[-3:]
        raise SystemExit(f"speed: error: {' '.join(command)} exited {process.returncode}: {tail}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    match = _MAXRSS_RE.search(stderr) if use_gnu else None
    if match:
        peak_kb = int(match.group(1))
        cpu = sum(float(value) for value in _CPU_RE.findall(stderr))
    else:
        # ru_maxrss of RUSAGE_CHILDREN is the largest child so far (kB on Linux): only
        # meaningful when this child is the largest, so prefer GNU time.
        peak_kb = max(after.ru_maxrss, before.ru_maxrss)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    main_kb, worker_kb = peaks if seconds >= 10 * POLL_SECONDS else (0, 0)  # else too brief
    return Run(
        seconds,
        peak_kb / 1024,
        process.returncode,
        cpu_seconds=cpu,
        main_peak_mb=main_kb / 1024 if main_kb else None,
        worker_peak_mb=worker_kb / 1024 if worker_kb else None,
    )


def _watch_peaks(
    process: subprocess.Popen, tool_is_child: bool, done: threading.Event
) -> tuple[int, int]:
    """Poll /proc until ``process`` ends (``done`` is set): (peak RSS of the tool's own
    process, largest peak RSS among the tool's child processes), in kB; zeros where /proc
    is missing."""
    peaks: dict[int, int] = {}
    tool: int | None = None if tool_is_child else process.pid
    while not done.is_set():
        if tool is None:
            children = _children(process.pid)
            tool = children[0] if children else None
        if tool is not None:
            for pid in (tool, *_children(tool)):
                peak = _peak_kb(pid)
                if peak:
                    peaks[pid] = max(peaks.get(pid, 0), peak)
        done.wait(POLL_SECONDS)
    main = peaks.pop(tool, 0) if tool is not None else 0
    return main, max(peaks.values(), default=0)


def _children(pid: int) -> list[int]:
    try:
        return [
            int(child)
            for child in (PROC / str(pid) / "task" / str(pid) / "children").read_text().split()
        ]
    except OSError:
        return []


def _peak_kb(pid: int) -> int:
    """VmHWM (the process's peak resident set) in kB, or 0 when it cannot be read."""
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


@dataclass
class Comparison:
    """Both tools on one task: medians over ``runs`` interleaved runs."""

    task: str
    runs: int
    textqa_seconds: float
    codespell_seconds: float
    textqa_peak_mb: float
    codespell_peak_mb: float
    textqa_all_seconds: list[float]
    codespell_all_seconds: list[float]
    textqa_cpu_seconds: float | None = None  # medians, user + system
    codespell_cpu_seconds: float | None = None
    textqa_main_peak_mb: float | None = None  # largest over the runs
    textqa_worker_peak_mb: float | None = None

    @property
    def time_ratio(self) -> float:
        return self.textqa_seconds / self.codespell_seconds

    @property
    def memory_ratio(self) -> float:
        return self.textqa_peak_mb / self.codespell_peak_mb

    def to_dict(self) -> dict:
        data = asdict(self)
        data["time_ratio"] = round(self.time_ratio, 2)
        data["memory_ratio"] = round(self.memory_ratio, 2)
        for key in (
            "textqa_seconds",
            "codespell_seconds",
            "textqa_peak_mb",
            "codespell_peak_mb",
            "textqa_cpu_seconds",
            "codespell_cpu_seconds",
            "textqa_main_peak_mb",
            "textqa_worker_peak_mb",
        ):
            if data[key] is not None:
                data[key] = round(data[key], 4 if "seconds" in key else 1)
        for key in ("textqa_all_seconds", "codespell_all_seconds"):
            data[key] = [round(s, 4) for s in data[key]]
        return data


def compare(task: str, textqa_args: list[str], codespell_args: list[str], runs: int) -> Comparison:
    """Alternate the two tools so that a slow patch of the machine hits both alike."""
    ours: list[Run] = []
    theirs: list[Run] = []
    for _ in range(runs):
        ours.append(measure([*textqa_command(), *textqa_args]))
        # codespell exits 65 when it finds a misspelling; that is not a failure here.
        theirs.append(measure([*codespell_command(), *codespell_args], ok_codes=(0, 65)))
    return Comparison(
        task,
        runs,
        statistics.median(r.seconds for r in ours),
        statistics.median(r.seconds for r in theirs),
        max(r.peak_rss_mb for r in ours),
        max(r.peak_rss_mb for r in theirs),
        [r.seconds for r in ours],
        [r.seconds for r in theirs],
        _median(r.cpu_seconds for r in ours),
        _median(r.cpu_seconds for r in theirs),
        max((r.main_peak_mb for r in ours if r.main_peak_mb), default=None),
        max((r.worker_peak_mb for r in ours if r.worker_peak_mb), default=None),
    )


def _median(values) -> float | None:
    known = [value for value in values if value is not None]
    return statistics.median(known) if known else None


# ------------------------------------------------------------------ the corpus
def build_corpus(folder: Path, min_words: int) -> tuple[int, int]:
    """Held-out articles, repeated until ``min_words``, one .txt per article; (files, words)."""
    articles = corpora.lee_heldout()
    per_copy = sum(len(article.split()) for article in articles)
    copies = -(-min_words // per_copy)
    files = words = 0
    for copy in range(copies):
        sub = folder / f"copy{copy:02d}"
        sub.mkdir(parents=True)
        for index, article in enumerate(articles):
            text = f"{article}\n\nFiled as copy {copy + 1}, item {index + 1}.\n"
            (sub / f"{index:03d}.txt").write_text(text, encoding="utf-8")
            files += 1
            words += len(text.split())
    return files, words


# ------------------------------------------------------------------ report
def markdown(results: dict) -> str:
    lines = [
        "# textqa speed figures",
        "",
        f"Generated {results['generated']} by `{results['command']}` on {results['machine']}.",
        f"textqa: `{' '.join(results['textqa'])}`; codespell: `{' '.join(results['codespell'])}` "
        f"({results['codespell_version']}). Memory: {results['memory_method']}.",
        f"Corpus: {results['corpus']['files']} files, {results['corpus']['words']:,} words "
        "(HELD-OUT lee_background articles, repeated).",
        "1-minute load average before / after: "
        f"{results['load_average'][0]} / {results['load_average'][1]} "
        f"(the machine has {os.cpu_count()} CPUs; higher load inflates both tools' times).",
        "",
        "| task | runs | textqa s | codespell s | time ratio | textqa CPU s | codespell CPU s "
        "| textqa MB | codespell MB | memory ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]

    def cpu(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    for row in results["comparisons"]:
        lines.append(
            f"| {row['task']} | {row['runs']} | {row['textqa_seconds']:.3f} "
            f"| {row['codespell_seconds']:.3f} | {row['time_ratio']:.2f} "
            f"| {cpu(row.get('textqa_cpu_seconds'))} | {cpu(row.get('codespell_cpu_seconds'))} "
            f"| {row['textqa_peak_mb']:.0f} | {row['codespell_peak_mb']:.0f} "
            f"| {row['memory_ratio']:.2f} |"
        )
    corpus = next(r for r in results["comparisons"] if r["task"].startswith("corpus"))
    words = results["corpus"]["words"]
    lines += [
        "",
        f"Throughput on the corpus: textqa {words / corpus['textqa_seconds']:,.0f} words/s, "
        f"codespell {words / corpus['codespell_seconds']:,.0f} words/s. "
        "Ratios are textqa / codespell (lower is better for textqa). Times are medians; "
        "CPU is user + system time of all the tool's processes; MB is the largest single "
        "process.",
    ]
    if corpus.get("textqa_main_peak_mb"):
        worker = corpus.get("textqa_worker_peak_mb")
        lines.append(
            f"textqa on the corpus: main process peak {corpus['textqa_main_peak_mb']:.0f} MB, "
            + (f"largest worker process {worker:.0f} MB." if worker else "no worker processes.")
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, ~240k-word corpus")
    parser.add_argument("--runs", type=int, help="runs for the one-article and start-up figures")
    parser.add_argument("--corpus-runs", type=int, help="runs for the corpus figure")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results folder")
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 11)
    corpus_runs = args.corpus_runs or (1 if args.quick else 3)
    min_words = 200_000 if args.quick else 1_000_000

    try:
        corpora.lee_heldout()
    except corpora.CorpusMissing as error:
        print(f"speed: error: {error}", file=sys.stderr)
        return 2
    seed = corpora.seed_path(corpora.SPUN_SEED)
    version = subprocess.run(
        [*codespell_command(), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    load_before = os.getloadavg()[0]
    comparisons: list[Comparison] = []
    with tempfile.TemporaryDirectory(prefix="textqa-bench-") as tmp:
        folder = Path(tmp) / "news"
        files, words = build_corpus(folder, min_words)
        # Both tools as installed: bytecode compiled (pip compiles a wheel's modules at
        # install time; a checkout run under PYTHONDONTWRITEBYTECODE=1 would compile
        # textqa's from source in every process, some 0.1 s), textqa's cache of parsed
        # packs filled (what every run after the first reads), and the page cache warm.
        byte_compile()
        measure([*textqa_command(), "check", str(seed)])
        measure([*codespell_command(), str(folder)], ok_codes=(0, 65))
        comparisons.append(compare("start-up (--version)", ["--version"], ["--version"], runs))
        comparisons.append(
            compare(f"one article ({seed.name})", ["check", str(seed)], [str(seed)], runs)
        )
        comparisons.append(
            compare(f"corpus ({words:,} words)", ["check", str(folder)], [str(folder)], corpus_runs)
        )
        # Where the corpus time goes: the same run without the statistical detector
        # (packs, quality checks, reading, tokenising, reporting).
        comparisons.append(
            compare(
                "same corpus, textqa --ignore stats",
                ["check", "--ignore", "stats", str(folder)],
                [str(folder)],
                corpus_runs,
            )
        )
        # The corpus repeats its articles, and textqa remembers word chains it has seen
        # twice: the articles once each show what text never seen before costs.
        once = folder / "copy00"
        once_words = sum(len(p.read_text(encoding="utf-8").split()) for p in once.iterdir())
        comparisons.append(
            compare(
                f"fresh text ({once_words:,} words, each article once)",
                ["check", str(once)],
                [str(once)],
                runs,
            )
        )
    results = {
        "generated": time.strftime("%Y-%m-%d %H:%M:%S"),
        "command": "python -m bench.speed" + (" --quick" if args.quick else ""),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
        ),
        "textqa": textqa_command(),
        "codespell": codespell_command(),
        "codespell_version": f"codespell {version}",
        "memory_method": "GNU time -v" if GNU_TIME.exists() else "getrusage(RUSAGE_CHILDREN)",
        "corpus": {"files": files, "words": words},
        # Other work on the machine skews both tools' times: report it, rerun when high.
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "comparisons": [c.to_dict() for c in comparisons],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "speed.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    report = markdown(results)
    (args.out / "speed.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
