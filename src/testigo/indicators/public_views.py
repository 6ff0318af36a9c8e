"""Public indicator pages: the scorecard and one page per agreed indicator.

They read only the public selectors (agreed versions, values computed through the
publication gate) and never import record modules (a test checks the imports).
"""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from testigo.indicators.labels import (
    DIRECTION_LABELS,
    STATUS_LABELS,
    TYPE_LABELS,
    breakdown_title,
    category_label,
    series_label,
)
from testigo.indicators.library import text
from testigo.indicators.selectors import PublicIndicator, public_indicator, public_indicators
from testigo.portal.charts import bar_chart_svg


def _lang() -> str:
    return (get_language() or "es")[:2]


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return "x"
    return number_format(
        value.normalize() if value == value.to_integral() else round(value, 2), force_grouping=True
    )


def _row_context(page: PublicIndicator, lang: str) -> list[dict]:
    return [
        {
            "series": series_label(page.content, row.series, lang),
            "baseline": row.baseline,
            "latest": row.latest,
            "target_value": row.target_value,
            "target_period": row.target_period,
            "direction": DIRECTION_LABELS.get(row.direction or "", ""),
            "status": row.status,
            "status_label": STATUS_LABELS[row.status],
            "rule": row.rule,
        }
        for row in page.rows
    ]


def scorecard(request: HttpRequest) -> HttpResponse:
    """Every agreed indicator: baseline → latest → target and whether it is on track."""
    lang = _lang()
    items = [
        {
            "code": page.indicator.code,
            "name": text(page.content, "name", lang),
            "type": TYPE_LABELS.get(page.content["type"], ""),
            "rows": _row_context(page, lang),
            "computed": page.computed,
        }
        for page in public_indicators()
    ]
    return render(request, "indicators/scorecard.html", {"items": items})


def _charts(page: PublicIndicator, lang: str) -> tuple[list[dict], dict | None]:
    unit = text(page.content["unit"], "label", lang)
    trends = []
    for series in page.content["formula"]["series"]:
        points = [
            (v.period, float(v.value)) for v in page.totals(series["code"]) if v.value is not None
        ]
        if not points:
            continue
        label = series_label(page.content, series["code"], lang)
        description = _("Bar chart: %(name)s, %(series)s, by period (%(unit)s). %(values)s") % {
            "name": text(page.content, "name", lang),
            "series": label,
            "unit": unit,
            "values": "; ".join(f"{p}: {_fmt(Decimal(str(v)))}" for p, v in points),
        }
        trends.append(
            {
                "series": label,
                "svg": bar_chart_svg(
                    points,
                    x_title=_("Period"),
                    y_title=unit,
                    description=description,
                    language=lang,
                ),
            }
        )
    breakdown = None
    first = page.content["formula"]["series"][0]["code"]
    totals = [v for v in page.totals(first) if v.value is not None]
    dims = page.content["formula"].get("disaggregations") or []
    if totals and dims:
        # the latest period with a published breakdown (small periods may be all suppressed)
        points: list[tuple[str, float]] = []
        latest = ""
        for total in reversed(totals):
            latest = total.period
            cells = [v for v in page.breakdown(first, latest) if v.breakdown == dims[0]]
            points = [
                (category_label(v.breakdown, v.category, lang), float(v.value))
                for v in cells
                if v.value is not None
            ]
            if points:
                break
        if points:
            title = breakdown_title(dims[0])
            description = _("Bar chart: %(name)s in %(period)s by %(dimension)s. %(values)s") % {
                "name": text(page.content, "name", lang),
                "period": latest,
                "dimension": title,
                "values": "; ".join(f"{c}: {_fmt(Decimal(str(v)))}" for c, v in points),
            }
            breakdown = {
                "title": title,
                "period": latest,
                "svg": bar_chart_svg(
                    points, x_title=title, y_title=unit, description=description, language=lang
                ),
            }
    return trends, breakdown


def detail(request: HttpRequest, code: str) -> HttpResponse:
    """An agreed indicator's public page: definition, scorecard, charts, values, how computed."""
    page = public_indicator(code)
    if page is None:
        raise Http404(_("No agreed indicator with this code."))
    lang = _lang()
    content = page.content
    trends, breakdown = _charts(page, lang)
    values = [
        {
            "series": series_label(content, v.series, lang),
            "period": v.period,
            "breakdown": breakdown_title(v.breakdown) if v.breakdown else "",
            "category": category_label(v.breakdown, v.category, lang) if v.breakdown else "",
            "value": _fmt(v.value) if v.conf_status != "C" else "x",
            "numerator": _fmt(v.numerator),
            "denominator": ""
            if content["formula"].get("denominator") is None
            else _fmt(v.denominator),
            "suppressed": v.conf_status == "C",
            "trace": v.trace,
        }
        for v in page.values
    ]
    fields = {
        f: text(content, f, lang)
        for f in ("name", "right", "attribute", "definition", "rationale", "limitations")
    }
    context = {
        "page": page,
        "content": content,
        "fields": fields,
        "type": TYPE_LABELS.get(content["type"], ""),
        "unit": text(content["unit"], "label", lang),
        "formula_text": text(content["formula"], "text", lang),
        "rows": _row_context(page, lang),
        "trends": trends,
        "breakdown": breakdown,
        "values": values,
        "has_denominator": content["formula"].get("denominator") is not None,
    }
    return render(request, "indicators/detail.html", context)
