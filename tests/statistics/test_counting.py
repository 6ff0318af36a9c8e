"""The statistics engine on hand-made events: units, dimensions, filters, unknown dates."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from testigo.accounts.services import organisation_create
from testigo.documentation.services import event_record
from testigo.statistics.counting import StatisticsError, count_events
from testigo.vocab.models import Term

pytestmark = pytest.mark.django_db


def _term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary__name=vocabulary, code=code)


@pytest.fixture
def events() -> None:
    org = organisation_create(actor=None, slug="o", name="O", kind="civil_society")
    border = _term("migration_route", "us_mexico_border_crossing")
    north = _term("region_of_incident", "north_america")
    central = _term("region_of_incident", "central_america")
    violence = _term("cause_of_death", "violence")
    specs = [
        ("2019-05-02", north, border, 3, 1, 4),
        ("2019-07", north, border, 10, None, 10),
        ("2020", north, None, 2, 0, 2),
        ("XXXX", central, None, 1, 2, 3),
        ("2019-01-01/2020-06-30", central, border, 6, None, 6),  # spans two years
    ]
    for i, (date, region, route, dead, missing, total) in enumerate(specs):
        event_record(
            actor=None, organisation=org, dataset="mmp", source_key=str(i), title=f"E{i}",
            date_edtf=date, region=region, migration_route=route, cause_of_death=violence,
            dead=dead, missing=missing, dead_and_missing=total,
        )  # fmt: skip


def test_units_by_year_keep_unknown_dates(events: None) -> None:
    table = count_events(units=("events", "dead", "missing", "dead_and_missing"), by=("year",))
    assert table.cells == {
        (2019,): {"events": 2, "dead": 13, "missing": 1, "dead_and_missing": 14},
        (2020,): {"events": 1, "dead": 2, "missing": 0, "dead_and_missing": 2},
        # 2019-01-01/2020-06-30 spans two years: imprecise for a year, kept, not dropped.
        ("imprecise",): {"events": 1, "dead": 6, "missing": 0, "dead_and_missing": 6},
        (None,): {"events": 1, "dead": 1, "missing": 2, "dead_and_missing": 3},  # XXXX
    }
    assert table.sorted_keys()[-1] == (None,)


def test_month_and_filters(events: None) -> None:
    table = count_events(units=("dead",), by=("month",), where={"region": "north_america"})
    assert table.cells == {
        ("2019-05",): {"dead": 3},
        ("2019-07",): {"dead": 10},
        ("imprecise",): {"dead": 2},  # "2020": known to the year only
    }
    by_label = count_events(units=("dead",), by=("year",), where={"region": "Centroamérica"})
    assert by_label.total("dead") == 7
    no_route = count_events(units=("events",), by=("year",), where={"migration_route": ""})
    assert no_route.total("events") == 2


def test_continent_groups_regions(events: None) -> None:
    table = count_events(units=("dead_and_missing",), by=("continent",))
    assert table.cells == {("americas",): {"dead_and_missing": 25}}


def test_unknown_names_are_errors() -> None:
    with pytest.raises(StatisticsError, match="unknown unit or dimension 'bodies'"):
        count_events(units=("bodies",), by=("year",))
    with pytest.raises(StatisticsError, match="'victims' is not a unit of events"):
        count_events(units=("victims",), by=("year",))
    with pytest.raises(StatisticsError, match="'sex' is not a dimension of events"):
        count_events(units=("dead",), by=("sex",))
    with pytest.raises(StatisticsError):
        count_events(units=("dead",), by=("planet",))


def test_cli_csv_labels_in_both_languages(events: None) -> None:
    out = StringIO()
    call_command("stats", "--count", "dead,missing", "--by", "year,region", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "year,region,dead,missing"
    assert "2019,América del Norte,13,1" in lines
    assert ",Centroamérica,1,2" in lines  # unknown year: empty, never dropped
    assert "fecha imprecisa,Centroamérica,6,0" in lines  # spans two years
    out = StringIO()
    call_command("stats", "--count", "dead", "--by", "region", "--lang", "en", stdout=out)
    assert "North America,15" in out.getvalue().splitlines()


def test_cli_public_suppresses_and_marks(events: None) -> None:
    out = StringIO()
    call_command(
        "stats", "--count", "dead_and_missing", "--by", "year", "--public", "--format", "json",
        stdout=out,
    )  # fmt: skip
    rows = {r["year"]: r for r in json.loads(out.getvalue())["rows"]}
    assert rows["2019"]["dead_and_missing"] == 14
    assert rows["2020"]["dead_and_missing"] is None  # 2 persons: below the threshold of 5
    assert rows["2020"]["suppressed"] == ["dead_and_missing"]
    # 2020 alone would be recoverable from the total (25) minus the others: a second cell goes.
    assert rows[""]["dead_and_missing"] is None


def test_cli_bad_where_is_one_line_error() -> None:
    with pytest.raises(CommandError, match="--where needs DIM=VALUE"):
        call_command("stats", "--count", "dead", "--by", "year", "--where", "nonsense")


@pytest.mark.django_db
def test_stats_warns_when_events_of_several_datasets_are_added(tmp_path):
    """A tester got IOM MMP and Arizona OGIS deaths added together from the README's example."""
    from io import StringIO

    from django.core.management import call_command

    from testigo.accounts.services import organisation_create
    from testigo.documentation.services import EventInput, events_upsert

    org = organisation_create(actor=None, slug="o", name="O", kind="civil_society")
    for dataset in ("mmp", "arizona-ogis"):
        events_upsert(
            actor=None, organisation=org, dataset=dataset, context="test",
            records=[EventInput("k1", {"title": "t", "date_edtf": "2021", "dead": 1})],
        )  # fmt: skip
    err = StringIO()
    call_command("stats", "--count", "dead", "--by", "year", stdout=StringIO(), stderr=err)
    assert "2 datasets (arizona-ogis, mmp)" in err.getvalue()
    err = StringIO()
    call_command(
        "stats", "--count", "dead", "--by", "year", "--where", "dataset=mmp",
        stdout=StringIO(), stderr=err,
    )  # fmt: skip
    assert err.getvalue() == ""
