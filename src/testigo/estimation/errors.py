"""Errors raised by multiple systems estimation, shown to a user as one clear message."""

from __future__ import annotations

from testigo.core.errors import ApplicationError


class EstimationError(ApplicationError):
    """The capture histories cannot be used for estimation (bad columns, values or shape)."""
