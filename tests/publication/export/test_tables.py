"""Tables that share cells must agree on suppression, or the later one is withheld."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from testigo.publication.export.tables import ExportTable, build_tables, cell_id
from testigo.publication.gate import PublishedTable
from testigo.statistics.disclosure import TOTAL
from testigo.statistics.render import OutputRow

SCOPE = {"continent": "americas"}


def _table(dims: tuple[str, ...], rows: dict, margins: dict) -> PublishedTable:
    return PublishedTable(
        dims, ("dead",), [OutputRow(k, {"dead": v}) for k, v in rows.items()],
        {k: {"dead": v} for k, v in margins.items()}, threshold=5, suppressed_cells=0,
    )  # fmt: skip


def _spec(name: str, table: PublishedTable) -> ExportTable:
    return ExportTable(name, _("t"), _("d"), _("s"), SCOPE, lambda: table)


BY_YEAR_ROUTE = _table(
    ("year", "migration_route"),
    {(2020, "a"): 10, (2020, "b"): 12},
    {(2020, TOTAL): 22, (TOTAL, "a"): 10, (TOTAL, "b"): 12, (TOTAL, TOTAL): 22},
)


def test_a_shared_margin_suppressed_in_one_table_withholds_the_other() -> None:
    by_year_cause = _table(
        ("year", "cause_of_death"),
        {(2020, "c"): None, (2020, "d"): None},
        {(2020, TOTAL): None, (TOTAL, "c"): None, (TOTAL, "d"): None, (TOTAL, TOTAL): 22},
    )
    tables, withheld = build_tables((_spec("one", BY_YEAR_ROUTE), _spec("two", by_year_cause)))
    assert [t.spec.name for t in tables] == ["one"]
    assert [w.name for w in withheld] == ["two"]
    assert "year=2020" in withheld[0].reason


def test_agreeing_tables_are_all_kept() -> None:
    by_year_cause = _table(
        ("year", "cause_of_death"),
        {(2020, "c"): 15, (2020, "d"): 7},
        {(2020, TOTAL): 22, (TOTAL, "c"): 15, (TOTAL, "d"): 7, (TOTAL, TOTAL): 22},
    )
    tables, withheld = build_tables((_spec("one", BY_YEAR_ROUTE), _spec("two", by_year_cause)))
    assert [t.spec.name for t in tables] == ["one", "two"]
    assert withheld == []


def test_the_grand_total_is_the_scope_row_of_a_table_by_continent() -> None:
    spec = _spec("x", BY_YEAR_ROUTE)
    assert cell_id(spec, ("year", "migration_route"), (TOTAL, TOTAL)) == cell_id(
        spec, ("continent",), ("americas",)
    )
