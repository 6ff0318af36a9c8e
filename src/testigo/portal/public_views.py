"""Public pages. They read only the publication gate's output, never records."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from testigo.core.errors import ApplicationError
from testigo.portal.charts import bar_chart_svg
from testigo.portal.dashboard import (
    BORDER_ROUTE,
    DEFAULT_TABLE,
    KEY_FIGURES,
    MAP,
    TREND,
    TREND_BORDER,
    DashboardQueryError,
    TableQuery,
    kinds,
    map_query,
    parse_query,
    publish,
    table_csv,
)
from testigo.portal.maps import LegendText, choropleth_svg, state_codes
from testigo.portal.state_names import state_label
from testigo.publication.gate import PublishedTable
from testigo.publication.portal_tables import americas_by_year_and_route, americas_totals
from testigo.statistics import units as units_registry
from testigo.statistics.dimensions import CONTINENTS, DIMENSIONS, continent_label
from testigo.statistics.render import SUPPRESSED_MARK, labelled
from testigo.statistics.units import UNITS

try:  # the open-data export (another part of issue 5); the link is left out without it
    from testigo.publication.export.write import write_export
except ImportError:  # pragma: no cover - depends on what is installed
    write_export = None


def _route_columns(table: PublishedTable, lang: str) -> list[tuple[object, str]]:
    return [
        (row.key[0], labelled(("migration_route",), row.key, lang)[0] or _("Not recorded"))
        for row in table.margin("migration_route")
    ]


def home(request: HttpRequest) -> HttpResponse:
    """Deaths and disappearances of migrants in the Americas, by year and migration route."""
    lang = (get_language() or "es")[:2]
    table = americas_by_year_and_route()
    years = table.margin("year")
    routes = _route_columns(table, lang)
    cells = {row.key: row.values for row in table.rows}
    grid = [
        {
            "year": str(row.key[0]) if row.key[0] is not None else _("Date unknown"),
            "total": row.values["dead_and_missing"],
            "cells": [
                cells.get((row.key[0], code), {}).get("dead_and_missing", 0)
                for code, _label in routes
            ],
        }
        for row in years
    ]
    route_totals = [r.values["dead_and_missing"] for r in table.margin("migration_route")]
    points = [
        (str(r.key[0]), r.values["dead_and_missing"])
        for r in years
        if r.key[0] is not None and r.values["dead_and_missing"] is not None
    ]
    description = _(
        "Bar chart: dead and missing migrants in the Americas by year of incident. %(values)s"
    ) % {"values": "; ".join(f"{x}: {number_format(y, force_grouping=True)}" for x, y in points)}
    chart = bar_chart_svg(
        points,
        x_title=_("Year of incident"),
        y_title=_("Dead and missing (persons)"),
        description=description,
        language=lang,
    )
    unknown = next((r.values["dead_and_missing"] for r in years if r.key[0] is None), None)
    totals = americas_totals()
    context = {
        "table": table,
        "total": table.total("dead_and_missing"),
        "dead": totals.total("dead"),
        "missing": totals.total("missing"),
        "grid": grid,
        "routes": routes,
        "route_totals": route_totals,
        "chart_svg": chart,
        "chart_description": description,
        "years_shown": [p[0] for p in points],
        "unknown_year_total": unknown,
        "has_data": bool(table.rows),
    }
    return render(request, "portal/home.html", context)


# --- The public dashboard -------------------------------------------------------------------

DASHBOARD_STATUS_BAD_FILTER = 400


def _lang() -> str:
    return (get_language() or "es")[:2]


def _grouped(value: int) -> str:
    return number_format(value, force_grouping=True)


def _shown(value: int | None) -> str:
    return SUPPRESSED_MARK if value is None else str(value)


def _year_chart(query: TableQuery, lang: str, *, what: str) -> dict[str, object]:
    """A bar chart of a by-year published table, with its caption and the years left out."""
    table = publish(query, check=False)
    points = [
        (str(r.key[0]), r.values[query.units[0]])
        for r in table.rows
        if r.key[0] is not None and r.values[query.units[0]] is not None
    ]
    suppressed = [str(r.key[0]) for r in table.rows if r.values[query.units[0]] is None]
    unknown = next((r.values[query.units[0]] for r in table.rows if r.key[0] is None), None)
    listed = "; ".join(f"{x}: {number_format(y, force_grouping=True)}" for x, y in points)
    description = _("Bar chart: %(what)s, by year of incident. %(values)s") % {
        "what": what,
        "values": listed or _("No published values."),
    }
    svg = (
        bar_chart_svg(
            points,
            x_title=_("Year of incident"),
            y_title=_("Dead and missing (persons)"),
            description=description,
            language=lang,
        )
        if points
        else ""
    )
    return {
        "svg": svg,
        "description": description,
        "suppressed_years": suppressed,
        "unknown": unknown,
        "rows": [
            (
                str(r.key[0]) if r.key[0] is not None else _("Date unknown"),
                _shown(r.values[query.units[0]]),
            )
            for r in table.rows
        ],
        "query": query,
        "what": what,
    }


def _map_texts() -> dict[str, tuple[str, str]]:
    """Per map: (title, what the shading counts), translated."""
    return {
        "dead_and_missing": (
            _("Dead and missing migrants by state"),
            _("dead and missing migrants (persons) in incidents with a recorded state"),
        ),
        "acts": (
            _("Violations documented, by state"),
            _("violations documented (acts) by the state where they happened"),
        ),
        "persons_served": (
            _("People served by shelters, by state of destination"),
            _("people served (who consented to statistical use), by state of destination"),
        ),
    }


def _map(lang: str, name: str, query: TableQuery) -> dict[str, object]:
    table = publish(query, check=False)
    unit = query.units[0]
    drawn = state_codes()
    values = {str(r.key[0]): r.values[unit] for r in table.rows if r.key[0]}
    rows = [
        {
            "name": state_label(r.key[0], lang) if r.key[0] else _("State not recorded"),
            "code": r.key[0] or "",
            "value": _shown(r.values[unit]),
            "on_map": r.key[0] in drawn,
        }
        for r in table.rows
    ]
    on_map = {code: v for code, v in values.items() if code in drawn}
    listed = "; ".join(
        f"{state_label(code, lang)}: {_('suppressed') if v is None else _grouped(v)}"
        for code, v in sorted(on_map.items())
    )
    title, what = _map_texts()[name]
    description = _(
        "Map of the states of the United States and Mexico, shaded by %(what)s. %(values)s"
    ) % {"what": what, "values": listed or _("No state has a published value yet.")}
    legend = LegendText(
        title=title,
        description=description,
        suppressed=_("suppressed"),
        no_data=_("nothing recorded"),
        panel_names={"US": _("United States"), "MX": _("Mexico")},
    )
    svg = choropleth_svg(on_map, legend, _grouped)
    not_recorded = next((r.values[unit] for r in table.rows if r.key[0] is None), 0)
    return {
        "name": name,
        "title": title,
        "unit_label": _unit_label(unit).capitalize(),
        "choices": [(key, texts[0]) for key, texts in _map_texts().items()],
        "svg": svg,
        "description": description,
        "rows": rows,
        "query": query,
        "not_recorded": _shown(not_recorded),
        "states_on_map": len(on_map),
    }


def _unit_label(name: str) -> str:
    """A unit's label in the current language; every kind's units (``ALL_UNITS`` when the
    engine has it), else the name."""
    unit = getattr(units_registry, "ALL_UNITS", UNITS).get(name) or UNITS.get(name)
    return str(unit.label) if unit else name


def _dimension_title(name: str) -> str:
    dimension = DIMENSIONS.get(name)
    return str(dimension.title) if dimension else name


def _table_context(params: object, lang: str) -> tuple[dict[str, object], str | None]:
    try:
        query = parse_query(params)  # type: ignore[arg-type]  # a QueryDict
        table = publish(query)
    except DashboardQueryError as error:
        return {"query": DEFAULT_TABLE, "rows": [], "headers": []}, str(error)
    headers = [_dimension_title(d).capitalize() for d in table.dims] + [
        _unit_label(u).capitalize() for u in table.units
    ]
    rows = [
        [
            *(label or _("Not recorded") for label in labelled(table.dims, r.key, lang)),
            *(_shown(r.values[u]) for u in table.units),
        ]
        for r in table.rows
    ]
    totals = [_shown(table.total(u)) for u in table.units]
    return {
        "query": query,
        "headers": headers,
        "rows": rows,
        "totals": totals,
        "n_dims": len(table.dims),
        "threshold": table.threshold,
        "suppressed_cells": table.suppressed_cells,
    }, None


def _form_options(query: TableQuery, lang: str) -> dict[str, object]:
    all_kinds = kinds()
    kind = all_kinds[query.kind]
    presets = [
        (f"continent={code}", _("continent"), continent_label(code, lang)) for code in CONTINENTS
    ]
    route = DIMENSIONS["migration_route"].label(BORDER_ROUTE, lang)
    presets.append((f"migration_route={BORDER_ROUTE}", _("migration route"), route))
    presets += [(f"dataset={code}", _("dataset"), code) for code in ("mmp", "arizona-ogis")]
    filters = [("", _("No filter"))] + [
        (value, f"{what}: {label}")
        for value, what, label in presets
        if value.partition("=")[0] in kind.dimensions
    ]
    current = [f"{d}={v}" for d, v in query.where]
    for item in current:
        if item not in {f for f, _label in filters}:
            filters.append((item, item))
    return {
        "kinds": [(name, k.label) for name, k in all_kinds.items()],
        "selected_kind": query.kind,
        "units": [(name, _unit_label(name)) for name in kind.units],
        "dimensions": [(name, _dimension_title(name)) for name in kind.dimensions],
        "filters": filters,
        "selected_unit": query.units[0],
        "selected_by": query.by[0],
        "selected_then": query.by[1] if len(query.by) > 1 else "",
        "selected_where": current[0] if current else "",
    }


def dashboard(request: HttpRequest) -> HttpResponse:
    """The public dashboard: key figures, trends, the state map, and a table with the CLI's
    filters (``?count=UNITS&by=DIMS&where=DIM=VALUE``). A bad filter gives a message (400)."""
    lang = _lang()
    key = publish(KEY_FIGURES, check=False)
    table, error = _table_context(request.GET, lang)
    map_error = None
    try:
        map_name, map_table = map_query(request.GET)  # type: ignore[arg-type]  # a QueryDict
    except DashboardQueryError as problem:
        map_name, map_table, map_error = "dead_and_missing", MAP, str(problem)
    context = {
        "figures": {u: key.total(u) for u in KEY_FIGURES.units},
        "key_query": KEY_FIGURES,
        "trend": _year_chart(TREND, lang, what=_("dead and missing migrants in the Americas")),
        "border": _year_chart(
            TREND_BORDER, lang, what=_("dead and missing migrants on the US–Mexico border crossing")
        ),
        "map": _map(lang, map_name, map_table),
        "table": table,
        "error": error,
        "map_error": map_error,
        "form": _form_options(table["query"], lang),  # type: ignore[arg-type]
        "threshold": key.threshold,
        "open_data_url": _open_data_url(lang),
    }
    status = DASHBOARD_STATUS_BAD_FILTER if error or map_error else 200
    return render(request, "portal/dashboard.html", context, status=status)


def dashboard_csv(request: HttpRequest) -> HttpResponse:
    """``data.csv?count=…&by=…&where=…``: exactly the published table as CSV (suppressed
    values ``x``; labels in the page's language). A bad filter gives a plain-text 400."""
    lang = _lang()
    try:
        text = table_csv(parse_query(request.GET), lang)  # type: ignore[arg-type]
    except DashboardQueryError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="testigo-table.csv"'
    return response


def _open_data_url(lang: str) -> str | None:
    if write_export is None:
        return None
    return reverse("portal:open_data", kwargs={"lang": lang})


def open_data(request: HttpRequest, lang: str) -> HttpResponse:
    """``/open-data/testigo-<lang>.zip``: the public Data Package (``publication.export``),
    written through the gate into a temporary folder and sent as a zip."""
    if write_export is None or lang not in ("es", "en"):
        raise Http404
    with tempfile.TemporaryDirectory(prefix="testigo-open-data-") as tmp:
        folder = Path(tmp) / "testigo"
        try:
            write_export(folder, fmt="datapackage", lang=lang)
        except ApplicationError:
            return HttpResponse(
                _("The data package cannot be built right now."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(folder).as_posix())
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="testigo-{lang}.zip"'
    return response
