"""Public pages. They read only the publication gate's output, never records."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from testigo.portal.charts import bar_chart_svg
from testigo.publication.gate import PublishedTable
from testigo.publication.portal_tables import americas_by_year_and_route, americas_totals
from testigo.statistics.render import labelled


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
