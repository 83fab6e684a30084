"""A progress bar on stderr for long runs, shown only when stderr is a terminal.

stdout holds only the report; when stderr is not a terminal (CI logs, pipes) nothing
extra is written at all.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

Callback = Callable[[str, int, int, int], None]


@contextmanager
def progress_on_stderr(enabled: bool | None = None) -> Iterator[Callback | None]:
    """A callback ``(what, done, total, conflicts)`` drawing a bar, or None when not shown."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield None
        return
    console = Console(stderr=True)
    bar = Progress(
        TextColumn("[bold]checking[/] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[conflicts]} conflicts so far"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    tasks: dict[str, int] = {}

    def update(what: str, done: int, total: int, conflicts: int) -> None:
        if what not in tasks:
            tasks[what] = bar.add_task(what, total=total, conflicts=0)
        bar.update(tasks[what], completed=done, total=total, conflicts=conflicts)

    with bar:
        yield update
