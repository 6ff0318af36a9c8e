"""Figures computed once and cached until the records they count change.

Cache: Django's cache framework (``CACHES["default"]``; with the default per-process
local-memory cache every process caches on its own, and all see the same data version).
Key: the kind, units, dimensions, filters and the **data version**, a random token in the
database (``DataVersion``) replaced, in the same transaction, by every change of a counted
model (post_save/post_delete/m2m_changed, connected in ``StatisticsConfig.ready``) and when
an import run finishes or is undone (bulk writes send no per-record signals). A token, not a
counter: a rolled-back change restores the old token together with the old data, so a figure
cached under a token always describes the data that token stands for, in every transaction.
Cost: one UPDATE of one row per saved record; concurrent writing transactions queue on that
row until they commit (fine for the few editors of one deployment; bulk imports do not save
record by record). Without a version row (a database with no change yet) nothing is cached.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Mapping, Sequence

from django.core.cache import cache

from testigo.statistics.models import DataVersion

TIMEOUT = 24 * 3600  # seconds; a new data version makes old keys unreachable anyway


def data_version() -> str | None:
    """The current data version token, or None when none was ever set (do not cache)."""
    return DataVersion.objects.filter(pk=1).values_list("token", flat=True).first()


def bump_data_version() -> str:
    """Replace the data version token (in the current transaction); return the new one."""
    token = uuid.uuid4().hex
    if not DataVersion.objects.filter(pk=1).update(token=token):
        DataVersion.objects.create(pk=1, token=token)
    return token


def records_changed() -> None:
    """Counted records changed: cached figures no longer apply (a new data version)."""
    bump_data_version()


def cache_key(
    kind: str, units: Sequence[str], by: Sequence[str], where: Mapping, **extra: object
) -> str:
    """A cache key for a count (without the version; :func:`cached` adds it)."""
    text = json.dumps(
        [kind, list(units), list(by), sorted((str(k), str(v)) for k, v in where.items()), extra],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def cached[T](key: str, compute: Callable[[], T]) -> T:
    """``compute()``, cached under ``key`` and the data version (computed afresh if none)."""
    version = data_version()
    if version is None:
        return compute()
    full = f"testigo:stats:{version}:{key}"
    value = cache.get(full)
    if value is None:
        value = compute()
        cache.set(full, value, TIMEOUT)
    return value
