"""Progress on long commands: a rich spinner, bar and elapsed time on stderr.

Shown only when stderr is a terminal and ``--quiet`` is not given, so pipes, logs, ``--json -``
and tests stay clean. Commands that know their stages pass ``total`` and call ``advance``; the
others show a spinner with the elapsed time, which is enough to say "still working".
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

__all__ = ["add_quiet_flag", "progress"]


class _Silent:
    def advance(self, description: str | None = None, steps: int = 1) -> None:
        pass


class _Task:
    def __init__(self, bar: Any, task: Any):
        self._bar, self._task = bar, task

    def advance(self, description: str | None = None, steps: int = 1) -> None:
        kw = {"description": description} if description else {}
        self._bar.update(self._task, advance=steps, **kw)


def enabled(stream: TextIO | None = None, *, quiet: bool = False) -> bool:
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return not quiet and bool(isatty and isatty())


@contextmanager
def progress(
    description: str, *, total: int | None = None, quiet: bool = False, stream: TextIO | None = None
) -> Iterator[_Task | _Silent]:
    """``with progress("firenet-demo", quiet=args.quiet) as p: ...; p.advance("stability")``."""
    stream = stream if stream is not None else sys.stderr
    if not enabled(stream, quiet=quiet):
        yield _Silent()
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(file=stream, force_terminal=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        yield _Task(bar, bar.add_task(description, total=total))


def add_quiet_flag(parser: Any) -> None:
    parser.add_argument("--quiet", action="store_true", help="no progress bar on stderr")
