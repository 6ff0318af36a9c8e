"""Where the report gets its figures: the publication gate, and nowhere else.

``published_table`` is the one place the report asks for a table: the gate's generic
``published(kind, ...)`` (statistics engine + disclosure control, the gate's per-table rule:
threshold 5, 10 for tables crossing children or municipalities). The report imports nothing
from ``testigo.documentation``; a test checks it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from testigo.publication import gate
from testigo.publication.gate import PublishedTable


def published_table(
    kind: str,
    *,
    units: Sequence[str],
    by: Sequence[str],
    where: Mapping[str, str] | None = None,
) -> PublishedTable:
    """A disclosure-controlled table of ``units`` of ``kind`` by ``by``.

    Kinds, units and dimensions as in ``testigo.statistics.engine.KINDS`` (``events``,
    ``intakes``, ``persons_served``, ``acts``, ``victims``, ``interventions``…). Suppressed
    values are ``None``. Raises ``StatisticsError`` (an ``ApplicationError``) for unknown
    names.
    """
    return gate.published(kind, units=units, by=by, where=where)


def threshold(kind: str = "events", by: Sequence[str] = ()) -> int:
    """The smallest count the gate publishes in a table of ``kind`` by ``by``."""
    return gate.table_rule(kind, by).threshold
