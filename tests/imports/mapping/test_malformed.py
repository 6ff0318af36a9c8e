"""Property: any intake spreadsheet either imports every row or is rejected whole, with
every error naming a line and a mapped column; nothing is ever half-written."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from testigo.documentation.models import Intake, Person
from testigo.imports.report import ImportRejected
from testigo.imports.services import import_run_start
from tests.imports.mapping.test_spreadsheet import HEADER, MAPPING, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

CELLS = {
    "Folio": st.sampled_from(["A-1", "A-2", "A-3", "", "x" * 95]),
    "Fecha de ingreso": st.sampled_from(["15/03/2024", "2024-03", "31/02/2024", "", "ayer",
                                         "03/15/2024", "2024-03-16"]),
    "Nombre": st.text(alphabet=st.characters(categories=["L", "N", "Zs", "P"]), max_size=12),
    "Sexo": st.sampled_from(["Mujer", "Hombre", "F", "M", "", "?"]),
    "Fecha de nacimiento": st.sampled_from(["marzo 1990", "1985", "", "15/03/21", "2999"]),
    "Nacionalidad": st.sampled_from(["Guatemala", "hondureña", "", "Narnia", "Unknown"]),
    "Lengua": st.sampled_from(["Mam", "Mixteco bajo", "", "Lengua X"]),
    "Necesidades": st.sampled_from(["comida; salud", "", "vuelo", "albergue"]),
    "Consentimiento servicios": st.sampled_from(["sí", "no", "", "tal vez"]),
    "Consiente compartir": st.sampled_from(["sí", "no", ""]),
    "Consentimiento estadística": st.sampled_from(["1", "0", "", "2"]),
    "País de destino": st.sampled_from(["EEUU", "", "Atlantis"]),
}  # fmt: skip
ROW = st.fixed_dictionaries(CELLS).map(lambda d: [d[h] for h in HEADER])
COUNTER = itertools.count()


@settings(
    max_examples=25, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
@given(rows=st.lists(ROW, min_size=1, max_size=6), xlsx=st.booleans())
def test_all_or_nothing(org, tmp_path: Path, rows: list[list[str]], xlsx: bool) -> None:
    path = tmp_path / f"f{next(COUNTER)}.{'xlsx' if xlsx else 'csv'}"
    (write_xlsx if xlsx else write_csv)(path, rows)
    try:
        result = import_run_start(
            actor=None, source_kind="spreadsheet", path=path, organisation=org,
            read_options={"mapping": MAPPING}, dry_run=True,
        )  # fmt: skip
    except ImportRejected as exc:
        assert exc.report.errors
        for error in exc.report.errors:
            assert error.line is not None and 2 <= error.line <= len(rows) + 1
            assert error.column in HEADER
    else:
        assert result.run.created == len(rows)
    assert not Intake.objects.exists() and not Person.objects.exists()
