"""Errors that reach a user as a clear message, never as a stack trace."""

from __future__ import annotations


class ApplicationError(Exception):
    """A domain rule was broken; ``message`` is shown to the user as it is.

    ``extra`` carries structured detail (e.g. a row report) for the interface to render.
    """

    def __init__(self, message: str, *, extra: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class AccessDenied(ApplicationError):
    """The user may not read or change the record asked for."""
