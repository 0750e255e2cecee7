"""The progress bar of a long check: ``checking ━━━━╸━━━ 45% 120/264 files 35.2 files/s 0:00:04``.

Its own module so that rich's progress machinery is imported only when a bar is shown.
The bar, percentage and time left go by bytes (a large file takes longer than a small
one); the count and the rate go by files, which is what a user can check against.
"""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class FileRateColumn(ProgressColumn):
    """Files checked per second so far (rich's speed columns count the task's units,
    which are bytes here)."""

    def render(self, task: Task) -> Text:
        files = task.fields.get("files", 0)
        elapsed = task.elapsed
        if not files or not elapsed:
            return Text("? files/s", style="progress.data.speed")
        return Text(f"{files / elapsed:.1f} files/s", style="progress.data.speed")


def progress_columns() -> tuple[ProgressColumn, ...]:
    """The columns: label, bar, percentage, files done/all, files per second, time left.
    The task carries ``files`` (done) and ``all_files`` in its fields."""
    return (
        TextColumn("[bold]checking"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[files]}/{task.fields[all_files]} files"),
        FileRateColumn(),
        TimeRemainingColumn(),
    )


def start_progress(files: int, size: int, console: Console | None = None) -> Progress:
    """A started, transient bar for ``files`` files of ``size`` bytes in all, on stderr
    unless ``console`` is given; advance it by each file's bytes with ``files=done``."""
    bar = Progress(*progress_columns(), console=console or Console(stderr=True), transient=True)
    bar.add_task("files", total=size or files, files=0, all_files=files)
    bar.start()
    return bar
