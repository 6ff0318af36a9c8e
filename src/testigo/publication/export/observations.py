"""Official statistics (``observations``) as open data: one table per dataset.

Observations are aggregates their publisher has already published (CBP encounters by
sector and month, UN DESA migrant stock…; design.md §2, observations/models.py). They
describe no person, so they need no disclosure control and are exported as they are,
with the publisher's status (SDMX OBS_STATUS: ``A`` normal, ``E`` estimated, ``P``
provisional, ``M`` missing — a blank value). They are read here through the model's
public fields only (never the organisation that imported them).

Columns: ``measure``, ``period`` (SDMX TIME_PERIOD or ``FY2021``), ``period_type``,
``period_start``, ``period_end``, ``area``, ``area_level``, ``area_name``, one
``dimension_<concept>`` column per concept used in the dataset (its code; empty where an
observation has none), ``value``, ``unit``, ``status``, ``flags`` (quirk names joined
with ``;``), ``source``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from testigo.observations.models import Observation

FIXED = ("measure", "period", "period_type", "period_start", "period_end", "area",
         "area_level", "area_name")  # fmt: skip
TAIL = ("value", "unit", "status", "flags", "source")
HXL = {
    "measure": "#indicator+code",
    "period": "#date+period",
    "period_type": "#date+period+type",
    "period_start": "#date+start",
    "period_end": "#date+end",
    "area": "#x_area+code",
    "area_level": "#x_area+type",
    "area_name": "#x_area+name",
    "value": "#indicator+value+num",
    "unit": "#x_unit+code",
    "status": "#status+code",
    "flags": "#meta+flags",
    "source": "#meta+source",
}


@dataclass(frozen=True)
class ObservationTable:
    """All observations of one ``dataset``: column names and text rows, in a stable order."""

    dataset: str
    columns: list[str]
    rows: list[list[str]]

    @property
    def name(self) -> str:
        """The resource and file name, ``observations_<dataset>``."""
        return f"observations_{self.dataset.lower().replace('-', '_')}"

    def hashtags(self) -> list[str]:
        """The HXL hashtag of each column (``#x_<concept>+code`` for dimensions)."""
        return [HXL.get(c, f"#x_{c.removeprefix('dimension_')}+code") for c in self.columns]


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f")


def observation_tables() -> list[ObservationTable]:
    """One :class:`ObservationTable` per dataset with observations, datasets in code order."""
    by_dataset: dict[str, list[Observation]] = {}
    query = Observation.objects.order_by("dataset", "measure", "period_start", "area", "source_key")
    for obs in query.only(*FIXED, *TAIL, "dataset", "dimensions", "source_key"):
        by_dataset.setdefault(obs.dataset, []).append(obs)
    tables = []
    for dataset, items in by_dataset.items():
        concepts = sorted({str(k) for o in items for k in (o.dimensions or {})})
        columns = [*FIXED, *(f"dimension_{c}" for c in concepts), *TAIL]
        rows = []
        for o in items:
            dims = o.dimensions or {}
            rows.append([
                o.measure, o.period, o.period_type, o.period_start.isoformat(),
                o.period_end.isoformat(), o.area, o.area_level, o.area_name,
                *(str(dims.get(c, "")) for c in concepts),
                _number(o.value), o.unit, o.status, ";".join(map(str, o.flags or [])), o.source,
            ])  # fmt: skip
        tables.append(ObservationTable(dataset, columns, rows))
    return tables


def write_observations_csv(path: Path, table: ObservationTable, *, hashtags: bool) -> int:
    """Write ``table`` as CSV (header, hashtag row if ``hashtags``); return the data rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(table.columns)
        if hashtags:
            writer.writerow(table.hashtags())
        writer.writerows(table.rows)
    return len(table.rows)


def observations_resource(table: ObservationTable) -> dict[str, object]:
    """The Data Resource descriptor of an observations table (hashtag row as comment row)."""
    types = {"period_start": "date", "period_end": "date", "value": "number"}
    fields = []
    for name, tag in zip(table.columns, table.hashtags(), strict=True):
        field: dict[str, object] = {"name": name, "type": types.get(name, "string"), "hxl": tag}
        if name == "value":
            field["missingValues"] = [{"value": "", "label": "missing at the source"}]
        fields.append(field)
    return {
        "name": table.name,
        "path": f"data/{table.name}.csv",
        "type": "table",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": _("Official statistics: %(dataset)s") % {"dataset": table.dataset},
        "description": _(
            "Observations as published by their source (already public aggregates: no "
            "disclosure control is needed); status is SDMX OBS_STATUS."
        ),
        "dialect": {"header": True, "commentRows": [2]},
        "schema": {"fields": fields},
    }
