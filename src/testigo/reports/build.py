"""The annual transparency report's content: sections of published tables, charts and notes.

Every figure comes from ``testigo.reports.figures.published_table`` (the publication gate):
suppressed cells arrive as ``None`` and are shown as :data:`SUPPRESSED_MARK` with a footnote,
never as values. Derived figures (year-on-year change) are computed only from published
values, and are themselves suppressed when either value is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from testigo.accounts.models import Organisation
from testigo.core.errors import ApplicationError
from testigo.portal.charts import bar_chart_svg
from testigo.publication.gate import PublishedTable
from testigo.reports import labels
from testigo.reports.figures import published_table, threshold
from testigo.statistics.disclosure import TOTAL
from testigo.statistics.render import SUPPRESSED_MARK, OutputRow
from testigo.statistics.trends import change_test

MMP_AMERICAS = {"continent": "americas", "dataset": "mmp"}


class ReportError(ApplicationError):
    """The report cannot be built as asked (bad period, unknown organisation…)."""


@dataclass(frozen=True)
class Cell:
    """A published value: ``value`` is ``None`` when suppressed; ``text`` is what shows."""

    value: int | float | None
    text: str
    suppressed: bool = False
    derived: bool = False  # computed from published values (a change), not a count


@dataclass
class TableView:
    """A table as the report shows it: column heads, labelled rows, an optional total row."""

    caption: str
    head: list[str]
    rows: list[tuple[str, list[Cell]]]
    total: tuple[str, list[Cell]] | None = None
    threshold: int = 5

    @property
    def has_suppressed(self) -> bool:
        """Whether any cell of the table is suppressed."""
        cells = [c for _label, row in self.rows for c in row]
        cells += self.total[1] if self.total else []
        return any(c.suppressed for c in cells)


@dataclass
class Section:
    """One chapter: what is counted and its source (``note``), tables and SVG charts."""

    slug: str
    title: str
    note: str
    tables: list[TableView] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)


@dataclass
class Report:
    """The whole report, ready to render (strings already in ``lang``)."""

    period: int
    lang: str
    organisation: str
    generated: dt.date
    key_figures: list[tuple[str, Cell]]
    sections: list[Section]
    threshold: int
    sensitive_threshold: int

    @property
    def has_suppressed(self) -> bool:
        """Whether any table or key figure has a suppressed cell."""
        return any(c.suppressed for _l, c in self.key_figures) or any(
            t.has_suppressed for s in self.sections for t in s.tables
        )


def parse_period(text: str) -> int:
    """A report period ``YYYY`` (1900–2100) as an int. Raises :class:`ReportError`."""
    value = str(text).strip()
    if len(value) != 4 or not value.isdigit() or not 1900 <= int(value) <= 2100:
        raise ReportError(f"bad period {text!r}: give a year as YYYY, e.g. 2025")
    return int(value)


def fmt(value: int | float | None, lang: str, *, decimals: int = 0) -> Cell:
    """A cell for ``value`` (``None`` → the suppression mark) in ``lang``'s number format."""
    if value is None:
        return Cell(None, SUPPRESSED_MARK, suppressed=True)
    with translation.override(lang):
        text = number_format(value, decimal_pos=decimals, force_grouping=True)
    return Cell(value, text)


def _line(table: PublishedTable, dim: str) -> list[OutputRow]:
    """The published rows over ``dim``: the interior rows of a one-way table, else its margin."""
    return list(table.rows) if table.dims == (dim,) else table.margin(dim)


Column = tuple[PublishedTable, str, str]  # a published table, its unit, the column head


def _one_way(
    dim: str, caption: str, columns: Sequence[Column], lang: str, *, with_total: bool = True
) -> TableView:
    """A one-way table of ``dim``: one column per published table (its margin over ``dim``)."""
    margins = [{r.key[0]: r.values[unit] for r in _line(table, dim)} for table, unit, _h in columns]
    codes = sorted({c for m in margins for c in m}, key=lambda c: labels.order(dim, c))
    view = TableView(
        caption=caption,
        head=[labels_title(dim), *(head for _t, _u, head in columns)],
        rows=[
            (labels.label(dim, code, lang), [fmt(m.get(code, 0), lang) for m in margins])
            for code in codes
        ],
        threshold=max(table.threshold for table, _u, _h in columns),
    )
    if with_total:
        view.total = (_("Total"), [fmt(table.total(unit), lang) for table, unit, _h in columns])
    return view


def _cross(table: PublishedTable, unit: str, caption: str, lang: str) -> TableView:
    """A two-way table of ``unit``: rows the first dimension, columns the second, margins."""
    row_dim, col_dim = table.dims
    values = {**{r.key: r.values for r in table.rows}, **table.margins}
    row_codes = sorted(
        {k[0] for k in values if k[0] is not TOTAL}, key=lambda c: labels.order(row_dim, c)
    )
    col_codes = sorted(
        {k[1] for k in values if k[1] is not TOTAL}, key=lambda c: labels.order(col_dim, c)
    )

    def cell(key: tuple[object, object]) -> Cell:
        return fmt(values[key][unit], lang) if key in values else fmt(0, lang)

    head = [labels_title(row_dim), *(labels.label(col_dim, c, lang) for c in col_codes), _("Total")]
    rows = [
        (labels.label(row_dim, r, lang), [*(cell((r, c)) for c in col_codes), cell((r, TOTAL))])
        for r in row_codes
    ]
    total = (_("Total"), [*(cell((TOTAL, c)) for c in col_codes), cell((TOTAL, TOTAL))])
    return TableView(caption, head, rows, total, threshold=table.threshold)


def labels_title(dim: str) -> str:
    """The column head naming a dimension, in the active language."""
    titles = {
        "sex": _("Sex"), "age_group": _("Age group"), "nationality": _("Nationality"),
        "indigenous_language": _("Indigenous language"), "act_type": _("Type of act"),
        "perpetrator_type": _("Type of perpetrator"), "government_level": _("Level of government"),
        "state": _("State"), "month": _("Month"), "year": _("Year"),
        "region": _("Region of incident"), "migration_route": _("Migration route"),
        "intervention_type": _("Type of intervention"), "intervention_status": _("Status"),
    }  # fmt: skip
    return titles.get(dim, dim)


CHART_MAX_BARS = 12
CHART_LABEL_CHARS = 18


def _short(label: str) -> str:
    return label if len(label) <= CHART_LABEL_CHARS else label[: CHART_LABEL_CHARS - 1] + "…"


def _chart(
    view: TableView, column: int, *, x_title: str, y_title: str, lang: str, ordered: bool = False
) -> str | None:
    """An SVG bar chart of one column of ``view``: published values only (suppressed ones are
    left out and said so in the description); the largest :data:`CHART_MAX_BARS` categories
    unless ``ordered`` (months: every bar, in order)."""
    points = [(label, c.value) for label, row in view.rows if (c := row[column]).value is not None]
    if not points:
        return None
    hidden = sum(1 for _label, row in view.rows if row[column].suppressed)
    shown = points if ordered else sorted(points, key=lambda p: -float(p[1] or 0))
    shown = shown[:CHART_MAX_BARS] if not ordered else shown
    description = _("%(caption)s: bar chart of %(count)d categories.") % {
        "caption": view.caption, "count": len(shown),
    }  # fmt: skip
    if len(shown) < len(points):
        description += " " + _("Only the %(count)d largest are drawn; the table has all.") % {
            "count": len(shown)
        }
    if hidden:
        description += " " + _(
            "%(hidden)d suppressed categories are left out (disclosure control)."
        ) % {"hidden": hidden}
    return bar_chart_svg(
        [(_short(str(x)), int(y)) for x, y in shown],
        x_title=x_title, y_title=y_title, description=description, language=lang,
    )  # fmt: skip


def _year_on_year(
    name: str, table: PublishedTable, unit: str, period: int, lang: str
) -> tuple[str, list[Cell]]:
    by_year = {r.key[0]: r.values[unit] for r in _line(table, "year")}
    before, now = by_year.get(period - 1, 0), by_year.get(period, 0)
    test = change_test(before, now)
    if before is None or now is None:
        change: list[Cell] = [fmt(None, lang)] * 2 + [Cell(None, "—")]
    else:
        percent = Cell(None, "—")
        if before:
            percent = fmt(100 * (now - before) / before, lang, decimals=1)
        change = [replace(c, derived=True) for c in (fmt(now - before, lang), percent)]
        if test.p_value is None:
            change.append(Cell(None, "—"))
        else:
            change.append(Cell(None, _("yes") if test.flagged else _("no")))
    return name, [fmt(before, lang), fmt(now, lang), *change]


def build_report(*, period: int, lang: str = "es", organisation: str | None = None) -> Report:
    """Build the report for calendar year ``period`` in ``lang`` (``es``/``en``).

    ``organisation`` (slug) limits the documentation figures (intakes, acts, interventions)
    to one organisation's records; IOM Missing Migrants figures are a public source and are
    always shown for the Americas. Raises :class:`ReportError` for an unknown organisation.
    """
    with translation.override(lang):
        return _build(period, lang, organisation)


def _columns(
    specs: Sequence[tuple[str, str, str]], by: Sequence[str], where: dict[str, str]
) -> list[Column]:
    """Published tables for ``(kind, unit, head)`` specs, all by ``by`` and ``where``."""
    return [(published_table(k, units=[u], by=by, where=where), u, head) for k, u, head in specs]


def _build(period: int, lang: str, organisation: str | None) -> Report:
    org_name = _("all organisations of the network")
    scope: dict[str, str] = {}
    if organisation:
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise ReportError(f"no organisation with the short name {organisation!r}")
        org_name, scope = org.name, {"organisation": organisation}
    year = {**scope, "year": str(period)}
    values = {"year": period, "before": period - 1}
    served_specs = [("intakes", "intakes", _("Intakes")),
                    ("persons_served", "persons_served", _("Persons served"))]  # fmt: skip
    act_specs = [("acts", "acts", _("Acts")), ("victims", "victims", _("Victims"))]
    acts_only = act_specs[:1]
    mmp_specs = [("events", u, h) for u, h in (
        ("dead_and_missing", _("Dead and missing")), ("dead", _("Dead")), ("missing", _("Missing")),
    )]  # fmt: skip
    mmp_where = {**MMP_AMERICAS, "year": str(period)}

    served = Section(
        "served", _("People served"),
        _("Registrations (intakes) of people served by the network's shelters and organisations "
          "in %(year)s, and the persons they concern (a family or group registered together "
          "counts as its size), by sex, age group, nationality and indigenous language. Only "
          "intakes where the person consented to statistical use are counted. Source: the "
          "organisations' intake records in Testigo.") % values,
    )  # fmt: skip
    for dim, caption in (
        ("sex", _("People served by sex")),
        ("age_group", _("People served by age group")),
        ("nationality", _("People served by nationality")),
        ("indigenous_language", _("People served by indigenous language")),
    ):
        served.tables.append(_one_way(dim, caption, _columns(served_specs, (dim,), year), lang))
    chart = _chart(
        served.tables[2], 1, x_title=_("Nationality"), y_title=_("Persons served"), lang=lang
    )
    served.charts += [chart] if chart else []

    violations = Section(
        "violations", _("Violations by type"),
        _("Acts (one violation suffered by one victim, HURIDOCS events standard) in events "
          "that happened in %(year)s, by type of act; victims are persons, a group counting as "
          "its size. Source: events documented by the organisations in Testigo.") % values,
    )  # fmt: skip
    by_type = _columns(act_specs, ("act_type",), year)
    violations.tables.append(
        _one_way("act_type", _("Acts and victims by type of act"), by_type, lang)
    )
    chart = _chart(violations.tables[0], 0, x_title=_("Type of act"), y_title=_("Acts"), lang=lang)
    violations.charts += [chart] if chart else []

    perpetrators = Section(
        "perpetrators", _("Perpetrators and level of government"),
        _("Acts in %(year)s by the type of perpetrator and, for authorities, the level of "
          "government (federal, state, municipal, foreign). An act with several perpetrators "
          "is counted once under each of their types or levels, so these tables have no "
          "total. Source: events documented by the organisations in Testigo.") % values,
    )  # fmt: skip
    for dim, caption in (
        ("perpetrator_type", _("Acts by type of perpetrator")),
        ("government_level", _("Acts by level of government of the perpetrator")),
    ):
        columns = _columns(acts_only, (dim,), year)
        perpetrators.tables.append(_one_way(dim, caption, columns, lang, with_total=False))
    chart = _chart(
        perpetrators.tables[1], 0, x_title=_("Level of government"), y_title=_("Acts"), lang=lang
    )
    perpetrators.charts += [chart] if chart else []

    places = Section(
        "places", _("Places"),
        _("Acts in %(year)s by the state (ISO 3166-2) where the event happened, and dead and "
          "missing migrants recorded in the Americas by IOM's Missing Migrants Project, by "
          "region of incident. Sources: events documented in Testigo; IOM Missing Migrants "
          "Project (missingmigrants.iom.int), as imported into Testigo.") % values,
    )  # fmt: skip
    places.tables.append(
        _one_way(
            "state", _("Acts and victims by state"), _columns(act_specs, ("state",), year), lang
        )
    )
    mmp_region = _columns(mmp_specs, ("region",), mmp_where)
    places.tables.append(
        _one_way(
            "region", _("Dead and missing migrants in the Americas by region"), mmp_region, lang
        )
    )

    trends = Section(
        "trends", _("Trends"),
        _("Counts by month of %(year)s, and change from %(before)s to %(year)s. The last "
          "column says whether the change is larger than chance would explain: the exact "
          "conditional test of two Poisson counts (binomial test of the %(year)s count given "
          "the sum of both years, equal rates expected), at the 5%% level, for sums of 10 or "
          "more. Persons reported in aggregate (MMP) vary more than Poisson counts, so read "
          "that flag with care. A year still in progress in a source's export is compared with a "
          "whole year. Records whose date is not precise to the month are shown in their own "
          "row. Sources: as above.") % values,
    )  # fmt: skip
    for kind, unit, head, where, caption, charted in (
        ("acts", "acts", _("Acts"), year, _("Acts by month"), True),
        ("intakes", "intakes", _("Intakes"), year, _("Intakes by month"), False),
        ("events", "dead_and_missing", _("Dead and missing"), mmp_where,
         _("Dead and missing migrants in the Americas by month"), True),
    ):  # fmt: skip
        view = _one_way("month", caption, _columns([(kind, unit, head)], ("month",), where), lang)
        trends.tables.append(view)
        chart = None
        if charted:
            chart = _chart(view, 0, x_title=_("Month"), y_title=head, lang=lang, ordered=True)
        trends.charts += [chart] if chart else []
    yoy_rows = []
    for name, kind, unit, where in (
        (_("Intakes"), "intakes", "intakes", scope),
        (_("Persons served"), "persons_served", "persons_served", scope),
        (_("Acts"), "acts", "acts", scope),
        (_("Victims"), "victims", "victims", scope),
        (_("Interventions"), "interventions", "interventions", scope),
        (
            _("Dead and missing in the Americas (IOM MMP)"),
            "events",
            "dead_and_missing",
            MMP_AMERICAS,
        ),
    ):
        table = published_table(kind, units=[unit], by=("year",), where=where)
        yoy_rows.append(_year_on_year(name, table, unit, period, lang))
    trends.tables.append(
        TableView(
            _("Change from %(before)s to %(year)s") % values,
            [
                _("Figure"),
                str(period - 1),
                str(period),
                _("Change"),
                _("Change (%)"),
                _("Larger than chance?"),
            ],
            yoy_rows,
            threshold=threshold("intakes", ("year",)),
        )
    )

    follow_up = Section(
        "follow-up", _("Follow-up of complaints"),
        _("Interventions (complaints to human-rights commissions and prosecutors, legal aid, "
          "referrals…) dated in %(year)s (or, when undated, about an event of %(year)s), by "
          "type and by their status today. Source: the organisations' intervention records "
          "in Testigo.") % values,
    )  # fmt: skip
    interventions = published_table(
        "interventions", units=["interventions"], by=("intervention_type", "intervention_status"),
        where=year,
    )  # fmt: skip
    follow_up.tables.append(
        _cross(interventions, "interventions", _("Interventions by type and status"), lang)
    )

    served_total = served.tables[0].total
    key_figures = [
        (_("Persons served"), served_total[1][1] if served_total else fmt(None, lang)),
        (_("Acts (violations) documented"), fmt(by_type[0][0].total("acts"), lang)),
        (_("Victims"), fmt(by_type[1][0].total("victims"), lang)),
        (_("Interventions"), fmt(interventions.total("interventions"), lang)),
        (_("Dead and missing in the Americas (IOM MMP)"),
         fmt(mmp_region[0][0].total("dead_and_missing"), lang)),
    ]  # fmt: skip
    return Report(
        period=period, lang=lang, organisation=str(org_name),
        generated=dt.datetime.now(tz=dt.UTC).date(),
        key_figures=key_figures,
        sections=[served, violations, perpetrators, places, trends, follow_up],
        threshold=threshold(),
        sensitive_threshold=threshold("intakes", ("age_group",)),
    )  # fmt: skip
