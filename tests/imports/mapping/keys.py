"""Stored source keys are keyed hashes of the key column's values: read them back here."""

from __future__ import annotations

from collections.abc import Iterable

from testigo.imports.mapping.records import key_token


def raw_key(stored: str, candidates: Iterable[str]) -> str:
    """The candidate whose token is ``stored`` (a ``#victim`` suffix kept), else ``stored``."""
    base, sep, suffix = stored.partition("#")
    for candidate in candidates:
        if key_token(candidate) == base:
            return candidate + sep + suffix
    return stored


CASE_KEYS = [*(f"A-{i}" for i in range(1, 10)), *(f"E{i}" for i in range(1, 10))]
