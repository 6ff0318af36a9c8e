"""Helpers shared by Testigo's management commands: error reporting without stack traces."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.management.base import CommandError
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from testigo.core.errors import ApplicationError


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn :class:`ApplicationError` into a one-line ``CommandError`` (exit status 1)."""
    try:
        yield
    except ApplicationError as exc:
        raise CommandError(exc.message) from None


@contextmanager
def progress_bar(
    label: str, *, enabled: bool | None = None
) -> Iterator[Callable[[int, int | None], None]]:
    """A progress bar on stderr (only when it is a terminal); yields ``update(done, total)``."""
    show = sys.stderr.isatty() if enabled is None else enabled
    if not show:
        yield lambda done, total: None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(),
        transient=True,
    ) as progress:
        task = progress.add_task(label, total=None)

        def update(done: int, total: int | None) -> None:
            progress.update(task, completed=done, total=total)

        yield update
