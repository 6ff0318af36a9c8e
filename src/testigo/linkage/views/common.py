"""Access for the review pages: anything the user may not see is a 403, missing or not."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied

from testigo.core.errors import AccessDenied


def fetch_or_403[T](helper: Callable[..., T], **kwargs: object) -> T:
    """Call an ``access_*_by_id`` selector; a link, run or cluster the user may not see is a
    403 exactly like a missing one (ids cannot be probed)."""
    try:
        return helper(**kwargs)
    except AccessDenied as exc:
        raise PermissionDenied(exc.message) from exc
