"""Progress of long steps, for whoever listens (the CLI's progress bars); silent otherwise.

Pipeline steps call ``advance(stage, n)``; the CLI registers a listener for the duration of a
command. Listeners are per process; tasks run in threads of the same process.
"""
from __future__ import annotations

import sys
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

Listener = Callable[[str, int, "int | None"], None]
_listeners: list[Listener] = []
_lock = threading.Lock()


def advance(stage: str, n: int, total: int | None = None) -> None:
    """``n`` more items of ``stage`` are done (``total`` when known)."""
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        listener(stage, n, total)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    with _lock:
        _listeners.append(listener)
    try:
        yield
    finally:
        with _lock:
            _listeners.remove(listener)


@contextmanager
def progress_display(labels: dict[str, str]) -> Iterator[None]:
    """Rich progress bars (count, rate) in a terminal; plain log lines otherwise."""
    if not sys.stderr.isatty():
        def log(stage: str, n: int, total: int | None) -> None:
            if n:
                print(f"{labels.get(stage, stage)}: +{n}" + (f" of {total}" if total else ""), file=sys.stderr)

        with listening(log):
            yield
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn())
    with Progress(*columns, redirect_stderr=True, transient=False) as bars:
        tasks: dict[str, int] = {}

        def show(stage: str, n: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(labels.get(stage, stage), total=total, rate="")
            bars.update(tasks[stage], advance=n, total=total if total else None)
            task = bars.tasks[tasks[stage]]
            speed = task.finished_speed or task.speed
            bars.update(tasks[stage], rate=f"{speed:.1f}/s" if speed else "")

        with listening(show):
            yield
