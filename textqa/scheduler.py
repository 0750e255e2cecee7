"""Checking many files: in-process for a few, over worker processes for many.

Results always come back in input order, so ``--jobs 4`` prints exactly what
``--jobs 1`` prints. Workers are forked after the detectors have loaded their data
(compiled packs and regexes, the statistical lexicon), so each one starts with it in
memory, shared copy-on-write, instead of loading it again.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textqa.detectors import CheckContext
from textqa.document import Document
from textqa.engine import DocumentResult, check_document
from textqa.files import InputError, SourceFile, read_source

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

# Below these, forking workers costs more than it saves.
MIN_FILES_PER_WORKER = 4
MIN_PARALLEL_BYTES = 256 * 1024
# Show a progress bar from this much work on (on a terminal only).
PROGRESS_FILES = 50
PROGRESS_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class FileOutcome:
    """What checking one input produced: a result, or a one-line error."""

    name: str
    result: DocumentResult | None = None
    source: SourceFile | None = None
    error: str | None = None


@dataclass
class Plan:
    """The files to check and how each gets its context."""

    names: Sequence[str]
    context_for: Callable[[str], CheckContext]
    keep_sources: bool = False  # fix needs raw bytes back; check does not
    sizes: dict[str, int] = field(default_factory=dict)


def check_one(name: str, context: CheckContext, keep_source: bool) -> FileOutcome:
    try:
        source = read_source(name)
    except InputError as error:
        return FileOutcome(name, error=str(error))
    result = check_document(_document(source.text, source.path, context), context)
    # What outlives a file is long-lived (the detectors' caches, the results so far):
    # take it out of the cyclic garbage collector's scans, which would otherwise go
    # over it again and again (a fifth of the run on a large batch). It is still freed
    # by reference counting; nothing in it forms reference cycles.
    gc.freeze()
    return FileOutcome(name, result, source if keep_source else None)


_POOL_BY_PATH: tuple[object, dict[str, Document]] | None = None


def _document(text: str, path: str, context: CheckContext) -> Document:
    """The file as a Document: the sibling folder's own when the file is in it (a crawl
    checked against itself), so that its words, sentences and fingerprint are worked out
    once, not once as a checked file and again as a sibling."""
    global _POOL_BY_PATH
    pool = context.extra.get("sibling_pool")
    if not pool:
        return Document(text, path)
    if _POOL_BY_PATH is None or _POOL_BY_PATH[0] is not pool:
        _POOL_BY_PATH = (pool, {d.path: d for d in pool})  # type: ignore[attr-defined]
    known = _POOL_BY_PATH[1].get(path)
    return known if known is not None and known.text == text else Document(text, path)


_PLAN: Plan | None = None  # set in the parent before forking; inherited by workers


def _work(name: str) -> FileOutcome:
    assert _PLAN is not None
    return check_one(name, _PLAN.context_for(name), _PLAN.keep_sources)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(plan: Plan, jobs: int | None) -> int:
    """How many processes to use: 1 for small batches or where fork is unavailable, and
    never more than the cores: the work is CPU-bound, so more processes only add memory
    and switching (``--jobs 1000000`` once forked hundreds)."""
    cores = default_jobs()
    jobs = cores if jobs is None or jobs <= 0 else min(jobs, cores)
    if jobs <= 1:
        return 1
    total = sum(plan.sizes.get(name, 0) for name in plan.names)
    if total < MIN_PARALLEL_BYTES:
        return 1
    import multiprocessing  # only here: ~5 ms of imports that one small file never needs

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(jobs, len(plan.names) // MIN_FILES_PER_WORKER))


def run_plan(plan: Plan, jobs: int | None, progress: bool) -> Iterator[FileOutcome]:
    """Check every file of ``plan``, yielding outcomes in input order."""
    global _PLAN
    workers = worker_count(plan, jobs)
    bar = _progress(plan) if progress and _wants_progress(plan) else None
    try:
        if workers == 1:
            outcomes: Iterator[FileOutcome] = (_work_local(plan, name) for name in plan.names)
            yield from _tick(outcomes, bar, plan)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from textqa.detectors import prepare

        prepare(plan.context_for(plan.names[0]))  # shared with the workers, not redone
        _PLAN = plan
        context = multiprocessing.get_context("fork")
        chunk = max(1, min(64, len(plan.names) // (workers * 8)))
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_quiet_on_termination
        ) as pool:
            yield from _tick(pool.map(_work, plan.names, chunksize=chunk), bar, plan)
    finally:
        _PLAN = None
        if bar is not None:
            bar.stop()


def _quiet_on_termination() -> None:
    """A worker writes no file: on SIGTERM or SIGHUP it just ends (the parent reports
    the stop and cleans up), not with a traceback of the parent's exception."""
    import signal

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)


def _work_local(plan: Plan, name: str) -> FileOutcome:
    return check_one(name, plan.context_for(name), plan.keep_sources)


def _wants_progress(plan: Plan) -> bool:
    if not sys.stderr.isatty():
        return False
    total = sum(plan.sizes.get(name, 0) for name in plan.names)
    return len(plan.names) >= PROGRESS_FILES or total >= PROGRESS_BYTES


def _progress(plan: Plan, console: Console | None = None) -> Progress:
    """A transient progress bar on stderr (or ``console``): files done of all, files per
    second and the time left (see textqa.progress)."""
    from textqa.progress import start_progress

    total = sum(plan.sizes.get(name, 0) for name in plan.names)
    return start_progress(len(plan.names), total, console)


def _tick(
    outcomes: Iterable[FileOutcome], bar: Progress | None, plan: Plan
) -> Iterator[FileOutcome]:
    """Pass the outcomes on, moving the bar by each file's bytes and counting files."""
    done = 0
    for outcome in outcomes:
        if bar is not None:
            done += 1
            size = plan.sizes.get(outcome.name, 1) or 1
            bar.update(bar.task_ids[0], advance=size, files=done)
        yield outcome
