"""Progress of long steps, for whoever wants to show it; the library itself never prints.

A step that may take long says so::

    with progress.task("Parsing", total=len(text), expected_s=len(text) / 13_000) as advance:
        for chunk in chunks:
            ...
            advance(len(chunk))

and that is all it does: by default no reporter is installed and ``advance`` does
nothing. A program that wants a display installs one for the duration of its work, in a
context variable, so threads and concurrent callers do not see each other's reporter::

    with progress.reporting(progress.TerminalReporter()):
        readouts.compare(...)

:func:`on_terminal` does this for the command line: a rich bar on standard error when it
is a terminal, shown only for work expected to take more than two seconds (or still
running after two seconds), and erased when the work is done.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from typing import IO, TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

Advance = Callable[[float], None]
# Work shorter than this is not worth a bar: it would only flicker.
SHOW_AFTER_S = 2.0


class Reporter(Protocol):
    """What :func:`task` needs from a reporter."""

    def task(
        self, description: str, *, total: float | None, expected_s: float | None
    ) -> AbstractContextManager[Advance]:
        """A context manager for one step; it yields the step's ``advance`` function."""
        ...


_REPORTER: ContextVar[Reporter | None] = ContextVar("readouts.progress", default=None)


def _ignore(amount: float) -> None:
    """``advance`` when nobody listens."""


@contextmanager
def task(
    description: str, *, total: float | None = None, expected_s: float | None = None
) -> Iterator[Advance]:
    """Report one step of work to the installed reporter, if any.

    ``total`` is the amount of work in the step's own unit (characters, claims),
    ``expected_s`` how long the step expects to take (a reporter may show nothing for
    short steps). Yields ``advance(amount)``, to call as work gets done.

    >>> with task("Parsing", total=10) as advance:
    ...     advance(10)  # nothing is shown: no reporter is installed
    """
    reporter = _REPORTER.get()
    if reporter is None:
        yield _ignore
        return
    with reporter.task(description, total=total, expected_s=expected_s) as advance:
        yield advance


@contextmanager
def reporting(reporter: Reporter | None) -> Iterator[None]:
    """Install ``reporter`` (None: silence) for the steps run inside this block."""
    token = _REPORTER.set(reporter)
    try:
        yield
    finally:
        _REPORTER.reset(token)


def current() -> Reporter | None:
    """The reporter installed here, or None (the default: silent)."""
    return _REPORTER.get()


def on_terminal(stream: IO[str] | None = None) -> AbstractContextManager[None]:
    """Report progress as a rich bar on ``stream`` (standard error by default) when it
    is a terminal; otherwise (a file, a pipe, ``TERM=dumb``) stay silent.

    >>> with on_terminal():  # doctest: +SKIP
    ...     readouts.compare(documents)
    """
    stream = stream if stream is not None else sys.stderr
    if not _is_terminal(stream) or os.environ.get("TERM") == "dumb":
        return nullcontext()
    from rich.console import Console

    console = Console(file=stream, markup=False, emoji=False, highlight=False)
    return reporting(TerminalReporter(console))


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # no isatty, or a closed stream
        return False


class TerminalReporter:
    """A rich progress bar per running step, on one console.

    A step is shown at once when it expects to take more than ``show_after_s`` seconds,
    else only if it is still running after that long; the bars are erased when the last
    step ends. Output written to standard output meanwhile is not redirected.
    """

    def __init__(self, console: Console | None = None, *, show_after_s: float = SHOW_AFTER_S):
        if console is None:
            from rich.console import Console

            console = Console(stderr=True, markup=False, emoji=False, highlight=False)
        self.console = console
        self.show_after_s = show_after_s
        self._lock = threading.Lock()
        self._progress: Progress | None = None
        self._shown = 0

    @contextmanager
    def task(
        self, description: str, *, total: float | None, expected_s: float | None
    ) -> Iterator[Advance]:
        state = _Step(description, total, time.monotonic())
        timer: threading.Timer | None = None
        if expected_s is not None and expected_s > self.show_after_s:
            self._show(state)
        else:
            timer = threading.Timer(self.show_after_s, self._show, args=(state,))
            timer.daemon = True
            timer.start()

        def advance(amount: float) -> None:
            state.completed += amount
            if state.task_id is None and time.monotonic() - state.started >= self.show_after_s:
                self._show(state)
            progress = self._progress
            if state.task_id is not None and progress is not None:
                progress.update(state.task_id, completed=state.completed)

        try:
            yield advance
        finally:
            if timer is not None:
                timer.cancel()
            self._end(state)

    def _show(self, state: _Step) -> None:
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        with self._lock:
            if state.finished or state.task_id is not None:
                return
            if self._progress is None:
                self._progress = Progress(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    TaskProgressColumn(),
                    TimeElapsedColumn(),
                    TimeRemainingColumn(),
                    console=self.console,
                    transient=True,
                    redirect_stdout=False,
                    redirect_stderr=False,
                )
                self._progress.start()
            state.task_id = self._progress.add_task(
                state.description, total=state.total, completed=state.completed
            )
            self._shown += 1

    def _end(self, state: _Step) -> None:
        with self._lock:
            state.finished = True
            if state.task_id is None or self._progress is None:
                return
            self._progress.remove_task(state.task_id)
            self._shown -= 1
            if self._shown == 0:
                self._progress.stop()
                self._progress = None


class _Step:
    """One running step of a :class:`TerminalReporter`."""

    def __init__(self, description: str, total: float | None, started: float) -> None:
        self.description = description
        self.total = total
        self.started = started
        self.completed = 0.0
        self.task_id: TaskID | None = None
        self.finished = False
