"""Names of states (ISO 3166-2 subdivisions) for the map and its table: the statistics
engine's :func:`~testigo.statistics.dimensions.subdivision_label` (codes such as ``US-AZ``,
``MX-SON`` are the engine's ``state`` dimension)."""

from __future__ import annotations

from testigo.statistics.dimensions import subdivision_label as state_label

STATE = "state"

__all__ = ["STATE", "state_label"]
