"""CBP Nationwide Encounters by state (42,532 rows): figures recomputed from the raw file.

Read without writing (a full import of this file takes tens of seconds on SQLite; the write
path is the same as for the other CBP files, which are imported in their tests).
"""

from __future__ import annotations

from collections import Counter

from tests.imports.cbp import reference as ref


def test_every_row_is_one_observation(cbp_parsed, cbp_files) -> None:
    raw = ref.rows(cbp_files["state"])
    parsed = cbp_parsed("state")
    assert parsed.layout.name == "nationwide-by-state"
    assert parsed.rows == len(raw) == 42532
    assert parsed.report.errors == []
    assert parsed.report.warnings == []
    assert len(parsed.records) == len({r.source_key for r in parsed.records}) == 42532


def test_totals_by_fiscal_year_and_state(cbp_parsed, cbp_files) -> None:
    raw = ref.rows(cbp_files["state"])
    by_year: Counter[int] = Counter()
    by_state: Counter[str] = Counter()
    for row in raw:
        by_year[int(row["Fiscal Year"])] += int(row["Encounter Count"])
        by_state[f"US-{row['State']}"] += int(row["Encounter Count"])
    ours_year: Counter[int] = Counter()
    ours_state: Counter[str] = Counter()
    for record in cbp_parsed("state").records:
        fields = record.fields
        ours_year[ref.fiscal_year_of(fields["period_start"])] += fields["value"]
        ours_state[fields["area"]] += fields["value"]
    assert ours_year == by_year
    assert ours_state == by_state
    # CBP's published nationwide totals for FY2021–FY2023.
    assert (ours_year[2021], ours_year[2022], ours_year[2023]) == (1956519, 2766582, 3201144)


def test_months_fall_in_the_right_calendar_year(cbp_parsed, cbp_files) -> None:
    raw = ref.rows(cbp_files["state"])
    expected = Counter(
        ref.calendar_period(int(r["Fiscal Year"]), ref.MONTHS[r["Month (abbv)"]]) for r in raw
    )
    ours = Counter(r.fields["period"] for r in cbp_parsed("state").records)
    assert ours == expected
    fy2020_october = sum(1 for r in raw if (r["Fiscal Year"], r["Month (abbv)"]) == ("2020", "OCT"))
    assert ours["2019-10"] == fy2020_october > 0
    assert min(ours) == "2019-10" and max(ours) == "2023-09"


def test_title_8_and_title_42_add_up_to_all_encounters(cbp_parsed) -> None:
    by_title: Counter[str] = Counter()
    for record in cbp_parsed("state").records:
        by_title[record.fields["dimensions"]["title_of_authority"]] += record.fields["value"]
    assert set(by_title) == {"title_8", "title_42"}
    assert sum(by_title.values()) == 646822 + 1956519 + 2766582 + 3201144


def test_citizenship_codes(cbp_parsed, cbp_files) -> None:
    raw = ref.rows(cbp_files["state"])
    other = sum(int(r["Encounter Count"]) for r in raw if r["Citizenship"] == "OTHER")
    china = sum(
        int(r["Encounter Count"]) for r in raw if r["Citizenship"] == "CHINA, PEOPLES REPUBLIC OF"
    )
    ours: Counter[str] = Counter()
    for record in cbp_parsed("state").records:
        ours[record.fields["dimensions"]["citizenship"]] += record.fields["value"]
    assert ours["_O"] == other
    assert ours["CN"] == china
    assert len(ours) == 22
