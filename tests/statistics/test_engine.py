"""The engine over every record kind, on hand-made records with known answers."""

from __future__ import annotations

import datetime as dt

import pytest

from testigo.accounts.services import organisation_create
from testigo.documentation.models import Person
from testigo.documentation.services import event_record
from testigo.documentation.services.cases import (
    event_document,
    intake_register,
    intervention_record,
)
from testigo.observations.models import Observation
from testigo.statistics.counting import StatisticsError
from testigo.statistics.engine import KINDS, count, rate
from testigo.statistics.periods import PERIOD_IMPRECISE, period_code
from testigo.vocab.models import Term

pytestmark = pytest.mark.django_db
IMPRECISE = PERIOD_IMPRECISE


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary__name=vocabulary, code=code)


def perp(code: str) -> dict[str, Term]:
    return {"perpetrator_type": term("perpetrator_type", code)}


@pytest.fixture
def cases() -> dict[str, object]:
    """Two events, four victims (one a group of 4, one a group of 3), six acts.

    ====  ======  ===================  ===================================  =========
    act   victim  type                 perpetrators (government level)      act date
    ====  ======  ===================  ===================================  =========
    a0    v0      extortion            INM (federal), municipal police      (event: 2023-05-10)
    a1    v1 (4)  robbery              municipal police (municipal)         2023-05
    a2    v1 (4)  extortion            organised crime (none)               2023
    a3    v2      arbitrary_detention  INM (federal)                        XXXX
    b0    v3 (3)  extortion            Border Patrol (federal)              (event: 2024)
    b1    v0      robbery              —                                    (event: 2024)
    ====  ======  ===================  ===================================  =========
    """
    org = organisation_create(actor=None, slug="o", name="O", kind="civil_society")
    v0 = {
        "sex": term("sex", "female"), "age": 10, "nationality": "GT",
        "language": term("language", "quc"),
        "characteristics": [term("characteristic", "unaccompanied_child")],
    }  # fmt: skip
    v1 = {
        "is_group": True, "group_size": 4, "sex": term("sex", "male"), "nationality": "HN",
        "language": term("language", "spa"),
    }  # fmt: skip
    v2 = {"sex": term("sex", "male"), "age": 35, "nationality": "MX"}
    extortion, robbery = term("act_type", "extortion"), term("act_type", "robbery")
    event_a = event_document(
        actor=None, organisation=org,
        event={"title": "A", "date_edtf": "2023-05-10", "country": "MX", "state_code": "MX-CHP",
               "municipality_code": "07089", "migration_phase": "transit"},
        victims=[v0, v1, v2],
        acts=[
            {"victim": 0, "act_type": extortion,
             "perpetrators": [perp("mx_inm"), perp("mx_municipal_police")]},
            {"victim": 1, "act_type": robbery, "date_edtf": "2023-05",
             "perpetrators": [perp("mx_municipal_police")]},
            {"victim": 1, "act_type": extortion, "date_edtf": "2023",
             "perpetrators": [perp("organised_crime")]},
            {"victim": 2, "act_type": term("act_type", "arbitrary_detention"),
             "date_edtf": "XXXX", "perpetrators": [perp("mx_inm")]},
        ],
    )  # fmt: skip
    first = Person.objects.get(acts_suffered__event=event_a, age=10)
    event_b = event_document(
        actor=None, organisation=org,
        event={"title": "B", "date_edtf": "2024", "country": "US", "state_code": "US-AZ"},
        victims=[{"is_group": True, "group_size": 3}, first],
        acts=[
            {"victim": 0, "act_type": extortion, "perpetrators": [perp("us_border_patrol")]},
            {"victim": 1, "act_type": robbery},
        ],
    )  # fmt: skip
    return {"org": org, "event_a": event_a, "event_b": event_b}


def cells(table) -> dict:
    """One-unit tables as ``{key or key[0]: value}``."""
    (unit,) = table.units
    return {(k[0] if len(k) == 1 else k): v[unit] for k, v in table.cells.items()}


def test_acts_by_government_level_via_involvements(cases: dict) -> None:
    table = count("acts", units=("acts",), by=("government_level",), cache=False)
    # a0 has a federal and a municipal perpetrator: it counts in both (multi-valued).
    assert cells(table) == {"federal": 3, "municipal": 2, None: 2}  # None: a2 (crime), b1
    by_type = count(
        "acts", units=("acts",), by=("act_type",), where={"government_level": "federal"}
    )
    assert cells(by_type) == {"extortion": 2, "arbitrary_detention": 1}


def test_acts_by_month_keep_imprecise_and_unknown_dates(cases: dict) -> None:
    table = count("acts", units=("acts",), by=("month",), cache=False)
    # a0 (event's day) and a1 in May 2023; a2 "2023", b0 and b1 (event "2024") imprecise;
    # a3 "XXXX" date unknown. Nothing dropped: 6 acts.
    assert cells(table) == {"2023-05": 2, IMPRECISE: 3, None: 1}
    by_year = count("acts", units=("acts",), by=("year",), cache=False)
    assert cells(by_year) == {2023: 3, 2024: 2, None: 1}


def test_victims_sum_group_sizes_once_per_cell(cases: dict) -> None:
    by_year = count("victims", units=("victims",), by=("year",), cache=False)
    # 2023: v0 (1) + v1 (4, two acts, counted once); v2's only act has no date; 2024: v3 (3) + v0.
    assert cells(by_year) == {2023: 5, 2024: 4, None: 1}
    by_sex = count("victims", units=("victims",), by=("sex",), cache=False)
    assert cells(by_sex) == {"female": 1, "male": 5, None: 3}  # 9 distinct persons
    by_age = count("victims", units=("victims",), by=("age_group",), cache=False)
    assert cells(by_age) == {"0-11": 1, "30-59": 1, None: 7}
    by_language = count("victims", units=("victims",), by=("indigenous_language",))
    assert cells(by_language) == {"quc": 1, "non_indigenous": 4, None: 4}
    by_trait = count("victims", units=("victims",), by=("characteristic",))
    assert cells(by_trait) == {"unaccompanied_child": 1, None: 8}
    by_nationality = count("victims", units=("victims",), by=("nationality", "state"))
    assert cells(by_nationality) == {
        ("GT", "MX-CHP"): 1, ("HN", "MX-CHP"): 4, ("MX", "MX-CHP"): 1,
        (None, "US-AZ"): 3, ("GT", "US-AZ"): 1,
    }  # fmt: skip


def test_place_and_phase_dimensions(cases: dict) -> None:
    table = count("acts", units=("acts",), by=("municipality", "migration_phase"))
    assert cells(table) == {("07089", "transit"): 4, (None, None): 2}
    by_country = count("victims", units=("victims",), by=("country",))
    assert cells(by_country) == {"MX": 6, "US": 4}


@pytest.fixture
def intakes(cases: dict) -> None:
    org = cases["org"]
    for size, nationality, day, consent in (
        (2, "HN", dt.date(2023, 1, 15), True),
        (1, "HN", dt.date(2023, 2, 1), True),
        (5, "GT", dt.date(2023, 1, 20), False),  # no consent to statistics: never counted
    ):
        intake_register(
            actor=None, organisation=org, date=day, consent_services=True,
            consent_network=False, consent_statistics=consent,
            person={"is_group": size > 1, "group_size": size, "nationality": nationality},
        )  # fmt: skip


def test_intakes_without_consent_are_not_counted(intakes: None) -> None:
    table = count("intakes", units=("intakes", "persons_served"), by=("nationality", "month"))
    assert table.cells == {
        ("HN", "2023-01"): {"intakes": 1, "persons_served": 2},
        ("HN", "2023-02"): {"intakes": 1, "persons_served": 1},
    }
    served = count("persons_served", units=("persons_served",), by=("quarter",))
    assert cells(served) == {"2023-Q1": 3}  # not 8: the GT party of 5 did not consent


def test_interventions_by_type_status_and_government_level(cases: dict) -> None:
    org, event_a = cases["org"], cases["event_a"]
    intervention_record(
        actor=None, organisation=org, event=event_a, date_edtf="2023-06",
        intervention_type=term("intervention_type", "criminal_complaint"),
        status=term("intervention_status", "filed"),
    )  # fmt: skip
    intervention_record(
        actor=None, organisation=org, intervention_type=term("intervention_type", "legal_aid"),
        status=term("intervention_status", "planned"),
    )  # fmt: skip
    table = count("interventions", units=("interventions",), by=("intervention_type", "month"))
    assert cells(table) == {("criminal_complaint", "2023-06"): 1, ("legal_aid", None): 1}
    by_status = count("interventions", units=("interventions",), by=("intervention_status",))
    assert cells(by_status) == {"filed": 1, "planned": 1}
    levels = count("interventions", units=("interventions",), by=("government_level",))
    # event A's acts involve federal and municipal perpetrators and one with no level;
    # legal aid has no event.
    assert cells(levels) == {"federal": 1, "municipal": 1, None: 2}


@pytest.fixture
def observations(cases: dict) -> None:
    org = cases["org"]
    rows = [
        ("pop", "population", "persons", "2023", "year", "MX-CHP", "state", 5_000_000),
        ("pop", "population", "persons", "2024", "year", "US-AZ", "state", 7_000_000),
        ("pop", "population", "persons", "2023", "year", "US-AZ", "state", 6_900_000),
        ("pop", "households", "households", "2023", "year", "MX-CHP", "state", 1_200_000),
        ("pop", "population", "persons", "FY2023", "fiscal_year", "MX", "country", 130_000_000),
    ]
    for i, (dataset, measure, unit, period, ptype, area, level, value) in enumerate(rows):
        year = int(period[-4:])
        start, end = (
            (dt.date(year - 1, 10, 1), dt.date(year, 9, 30))
            if ptype == "fiscal_year"
            else (dt.date(year, 1, 1), dt.date(year, 12, 31))
        )
        Observation.objects.create(
            organisation=org, dataset=dataset, source_key=str(i), measure=measure, unit=unit,
            period=period, period_type=ptype, period_start=start, period_end=end, area=area,
            area_level=level, value=value,
        )  # fmt: skip


def test_observations_need_one_dataset_and_measure(observations: None) -> None:
    with pytest.raises(StatisticsError, match="one dataset and one measure"):
        count("observations", units=("value",), by=("year",), where={"dataset": "pop"})
    with pytest.raises(StatisticsError, match="no observations of dataset 'pop' and measure"):
        count(
            "observations", units=("value",), by=("year",), check_where=True,
            where={"dataset": "pop", "measure": "populaton"},
        )  # fmt: skip
    Observation.objects.filter(measure="households").update(measure="population")
    with pytest.raises(StatisticsError, match="mixes units"):
        count("observations", units=("value",), by=("year",),
              where={"dataset": "pop", "measure": "population"}, cache=False)  # fmt: skip
    Observation.objects.filter(unit="households").update(measure="households")
    table = count(
        "observations", units=("value",), by=("year", "state"),
        where={"dataset": "pop", "measure": "population"},
    )  # fmt: skip
    assert cells(table) == {
        (2023, "MX-CHP"): 5_000_000, (2024, "US-AZ"): 7_000_000, (2023, "US-AZ"): 6_900_000,
        (IMPRECISE, None): 130_000_000,  # a US fiscal year spans two calendar years
    }  # fmt: skip


def test_rate_per_100000(cases: dict, observations: None) -> None:
    victims = count("victims", units=("victims",), by=("year", "state"))
    population = count(
        "observations", units=("value",), by=("year", "state"),
        where={"dataset": "pop", "measure": "population"},
    )  # fmt: skip
    rates = rate(victims, population, unit="victims")
    assert rates.values[(2023, "MX-CHP")] == pytest.approx(5 / 5_000_000 * 100_000)
    assert rates.values[(2024, "US-AZ")] == pytest.approx(4 / 7_000_000 * 100_000)
    assert rates.values[(None, "MX-CHP")] is None  # no population for an unknown year
    assert rates.statuses[(None, "MX-CHP")] == "M"
    with pytest.raises(StatisticsError, match="not in the numerator"):
        rate(count("victims", units=("victims",), by=("year",)), population, unit="victims")


def test_unknown_names_and_kinds_are_errors(cases: dict) -> None:
    with pytest.raises(StatisticsError, match="unknown kind 'bodies'"):
        count("bodies", units=("acts",), by=("year",))
    with pytest.raises(StatisticsError, match="'victims' is not a unit of acts"):
        count("acts", units=("victims",), by=("year",))
    with pytest.raises(StatisticsError, match="'intervention_status' is not a dimension of acts"):
        count("acts", units=("acts",), by=("intervention_status",))
    with pytest.raises(StatisticsError, match="no act_type called 'extorsion'"):
        count("acts", units=("acts",), by=("year",), where={"act_type": "extorsion"},
              check_where=True)  # fmt: skip


def test_every_kind_counts_with_every_dimension(cases: dict) -> None:
    """No dimension path of any kind is broken (each one runs a real query)."""
    for name, kind in KINDS.items():
        where = {"dataset": "pop", "measure": "population"} if name == "observations" else {}
        for dim in kind.dimensions:
            count(name, units=kind.units[:1], by=(dim,), where=where, cache=False)


@pytest.mark.parametrize(
    ("lower", "upper", "expected"),
    [
        (dt.date(2021, 3, 1), dt.date(2021, 3, 31), (2021, "2021-Q1", "2021-03")),
        (dt.date(2021, 1, 1), dt.date(2021, 3, 31), (2021, "2021-Q1", IMPRECISE)),
        (dt.date(2021, 3, 1), dt.date(2021, 4, 30), (2021, IMPRECISE, IMPRECISE)),
        (dt.date(2020, 10, 1), dt.date(2021, 9, 30), (IMPRECISE,) * 3),
        (dt.date(2021, 3, 1), None, (IMPRECISE,) * 3),
        (None, None, (None,) * 3),
    ],
)
def test_period_codes_by_precision(lower, upper, expected) -> None:
    got = tuple(period_code(p, lower, upper) for p in ("year", "quarter", "month"))
    assert got == expected


def test_events_keep_working_through_the_engine(cases: dict) -> None:
    event_record(
        actor=None, organisation=cases["org"], dataset="mmp", source_key="1", title="E",
        date_edtf="2023-05", dead=3, missing=1, dead_and_missing=4,
    )  # fmt: skip
    table = count("events", units=("events", "dead"), by=("quarter",), cache=False)
    assert table.cells == {
        ("2023-Q2",): {"events": 2, "dead": 3},  # event A (no counts) and the MMP event
        (IMPRECISE,): {"events": 1, "dead": 0},  # event B: "2024"
    }


def test_cli_kind_option(cases: dict) -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = StringIO()
    call_command(
        "stats", "--kind", "victims", "--count", "victims", "--by", "sex", "--lang", "en",
        stdout=out,
    )  # fmt: skip
    assert out.getvalue().splitlines() == ["sex,victims", "Female,1", "Male,5", ",3"]
    out = StringIO()
    call_command(
        "stats", "--kind", "acts", "--count", "acts", "--by", "act_type", "--public",
        "--format", "json", stdout=out,
    )  # fmt: skip
    assert '"acts": null' in out.getvalue()  # 3, 2 and 1 acts: all below 5
    with pytest.raises(CommandError, match="unknown unit 'dead'"):
        call_command("stats", "--kind", "acts", "--count", "dead", "--by", "year")


@pytest.mark.django_db
def test_percentages_are_never_added_up():
    """A tester summed World Bank remittance costs (percent) over quarters: 135.97 %."""
    import datetime as dt

    from testigo.accounts.services import organisation_create
    from testigo.observations.models import Observation
    from testigo.statistics.counting import StatisticsError
    from testigo.statistics.engine import count

    org = organisation_create(actor=None, slug="wb", name="WB", kind="international")
    for quarter, value in (("2020-Q1", 5), ("2020-Q2", 6)):
        Observation.objects.create(
            organisation=org, dataset="worldbank-rpw", source_key=quarter,
            measure="remittance_cost", unit="percent", period=quarter, period_type="quarter",
            period_start=dt.date(2020, 1, 1), period_end=dt.date(2020, 6, 30), area="US-MX",
            value=value,
        )  # fmt: skip
    with pytest.raises(StatisticsError, match="cannot be added up"):
        count(
            "observations", units=["value"], by=["area"],
            where={"dataset": "worldbank-rpw", "measure": "remittance_cost"},
        )  # fmt: skip
