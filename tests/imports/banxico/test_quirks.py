"""Each Banxico quirk on a small hand-made table, and bad cells rejecting the whole file."""

from __future__ import annotations

from decimal import Decimal

import pytest

from testigo.imports.banxico.adapter import read_banxico
from testigo.imports.report import ImportFileError, ImportRejected
from testigo.imports.services import import_run_start
from testigo.observations.models import Observation

pytestmark = pytest.mark.django_db
STATE = "PERIODO,CVE_ENT,ENTIDAD,VALOR_USD"
COUNTRY = "PERIODO,ID_PAIS,PAIS,ID_FLUJO,FLUJO,VALOR_USD"
MONTHLY = "PERIODO,ID_FLUJO,FLUJO,OPERACIONES,VALOR_USD"


def test_state_name_variants_map_to_iso_3166_2(csv_file) -> None:
    path = csv_file(
        STATE,
        "2003-01-01,15,Estado de México,100",
        "2003-01-01,9,Distrito Federal,200",
        "2003-01-01,5,COAHUILA DE ZARAGOZA,300",
        "2003-01-01,16,Michoacán de Ocampo,400",
        '2003-01-01,30,"Veracruz de Ignacio de la Llave","1,500,000"',
    )
    parsed = read_banxico(path)
    assert parsed.report.errors == []
    assert [(r.fields["area"], r.fields["value"]) for r in parsed.records] == [
        ("MX-MEX", Decimal("100")),
        ("MX-CMX", Decimal("200")),
        ("MX-COA", Decimal("300")),
        ("MX-MIC", Decimal("400")),
        ("MX-VER", Decimal("1500000")),
    ]
    assert parsed.records[0].fields["area_name"] == "Estado de México"  # as published


def test_a_state_name_contradicting_its_code_is_an_error(csv_file) -> None:
    parsed = read_banxico(csv_file(STATE, "2003-01-01,15,Jalisco,100", "2003-01-01,7,Texas,1"))
    assert [(e.line, e.column, e.code) for e in parsed.report.errors] == [
        (2, "ENTIDAD", "state_mismatch"),
        (3, "ENTIDAD", "unknown_state"),
    ]


def test_spanish_thousands_separators(csv_file) -> None:
    path = csv_file(MONTHLY, '2024-01-01,1,Ingresos,"1.234.567","4.812.345.678"')
    [value, operations] = read_banxico(path).records
    assert value.fields["value"] == Decimal("4812345678")
    assert (operations.fields["measure"], operations.fields["value"]) == (
        "remittance_transactions",
        Decimal("1234567"),
    )


def test_quarter_start_dates_become_sdmx_quarters(csv_file) -> None:
    [record] = read_banxico(csv_file(COUNTRY, "2013-10-01,USA,Estados Unidos,1,Ingresos,5")).records
    fields = record.fields
    assert (fields["period"], str(fields["period_start"]), str(fields["period_end"])) == (
        "2013-Q4",
        "2013-10-01",
        "2013-12-31",
    )
    assert fields["dimensions"] == {"flow": "inflow", "counterpart_area": "US"}
    assert record.source_key == "country:2013-Q4:MX:inflow:US:remittances"


def test_non_iso_entities_are_kept_and_flagged(csv_file) -> None:
    parsed = read_banxico(
        csv_file(
            COUNTRY,
            "2013-01-01,ABK,República de Abjasia,2,Egresos,4429",
            "2013-01-01,XXX,No Identificado,1,Ingresos,10",
            "2013-01-01,PSE,Cisjordania,1,Ingresos,0",
            "2013-01-01,PSE,Palestina,1,Ingresos,1029",
        )
    )
    assert parsed.report.errors == []
    got = [(r.fields["dimensions"], r.fields["flags"]) for r in parsed.records]
    assert got == [
        ({"flow": "outflow", "counterpart_area": "ABK"}, ["non_iso_area"]),
        ({"flow": "inflow", "counterpart_area": "_X"}, ["unidentified_area"]),
        (
            {"flow": "inflow", "counterpart_area": "PS", "counterpart_entity": "west-bank"},
            ["shared_code"],
        ),
        (
            {"flow": "inflow", "counterpart_area": "PS", "counterpart_entity": "palestine"},
            ["shared_code"],
        ),
    ]


@pytest.mark.parametrize(
    ("row", "column", "code"),
    [
        ("2003-02-01,1,Aguascalientes,10", "PERIODO", "bad_periodo"),
        ("2003-01-01,1,Aguascalientes,-10", "VALOR_USD", "bad_valor_usd"),
        ("2003-01-01,1,Aguascalientes,1.234", "VALOR_USD", "bad_valor_usd"),
        ("2003-01-01,1,Aguascalientes,", "VALOR_USD", "bad_valor_usd"),
        ("2003-01-01,40,Aguascalientes,10", "CVE_ENT", "bad_cve_ent"),
        ("2003-01-01,2,Baja California,10", "PERIODO", "duplicate_row"),
    ],
)
def test_a_bad_cell_rejects_the_file_with_line_and_column(csv_file, row, column, code) -> None:
    path = csv_file(STATE, "2003-01-01,2,Baja California,10", row)
    with pytest.raises(ImportRejected) as caught:
        import_run_start(actor=None, source_kind="banxico-remittances", path=path)
    [error] = caught.value.report.errors
    assert (error.line, error.column, error.code) == (3, column, code)
    assert not Observation.objects.exists()  # the good line was not written either


def test_a_flow_label_contradicting_its_id_is_an_error(csv_file) -> None:
    parsed = read_banxico(csv_file(MONTHLY, "2024-01-01,1,Egresos,5,10"))
    [error] = parsed.report.errors
    assert (error.line, error.column, error.code) == (2, "ID_FLUJO", "bad_id_flujo")


def test_an_unknown_table_is_refused(csv_file) -> None:
    with pytest.raises(ImportFileError, match="not a Banxico remittance table"):
        read_banxico(csv_file("FECHA,ESTADO,MONTO", "2024-01-01,Jalisco,1"))


def test_import_and_repeat(csv_file) -> None:
    path = csv_file(STATE, "2003-01-01,1,Aguascalientes,10", "2003-04-01,1,Aguascalientes,20")
    first = import_run_start(actor=None, source_kind="banxico-remittances", path=path)
    again = import_run_start(actor=None, source_kind="banxico-remittances", path=path)
    assert (first.run.created, again.run.created, again.run.unchanged) == (2, 0, 2)
    obs = Observation.objects.get(period="2003-Q2")
    assert (obs.organisation.slug, obs.organisation.kind) == ("banxico", "government")
    assert (obs.unit, obs.measure, obs.area_level, obs.value) == (
        "USD",
        "remittances",
        "state",
        Decimal("20"),
    )
