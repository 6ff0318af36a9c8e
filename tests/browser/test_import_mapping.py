"""A documentalist maps a KoboToolbox export in the web UI, previews it and imports it.

The EPFL CEAT household survey (../shared/data/xlsform_examples: the XLSForm, the household
export and the members' repeat-group export) is uploaded from where it lies; the mapping's
proposals are checked, one column and its values are set by hand, the mapping is saved,
previewed (dry run: nothing written) and imported.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the ``test`` extra is not installed
    if os.environ.get("TESTIGO_REQUIRE_BROWSER") == "1":
        raise
    pytest.skip("browser tests need playwright: pip install -e '.[test]'", allow_module_level=True)

from testigo.accounts.services import membership_add, organisation_create, user_create
from testigo.documentation.models import Intake
from testigo.imports.mapping.records import key_token
from testigo.imports.models import ImportMapping, ImportRun

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "una clave de prueba"


@pytest.fixture
def epfl(shared_data: Path) -> dict[str, Path]:
    folder = shared_data / "xlsform_examples"
    return {
        "form": folder / "EPFL_CEAT_Nairobi_2021_household_survey.xls",
        "households": folder / "EPFL_CEAT_household_data_kobo_export.csv",
        "members": folder / "EPFL_CEAT_individual_data_kobo_export.csv",
    }


@pytest.fixture
def documentalist(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    # Imports run in the request here (no worker in the test run).
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    org = organisation_create(actor=None, slug="albergue", name="Albergue", kind="civil_society")
    user = user_create(actor=None, username="doc", password=PASSWORD)
    membership_add(actor=None, user=user, organisation=org, role="documentalist")
    return org


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_map_preview_and_import_a_kobo_export(page: Page, documentalist, epfl) -> None:
    households = _rows(epfl["households"])
    members = _rows(epfl["members"])
    page.goto("/login/")
    page.get_by_label("Nombre de usuario").fill("doc")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()

    page.get_by_role("navigation", name="Espacio de trabajo").get_by_role(
        "link", name="Importaciones"
    ).click()
    page.get_by_role(
        "link", name="Preparar una hoja de cálculo o exportación de formulario"
    ).click()
    page.get_by_label("Tipo de archivo").select_option("kobo")
    page.get_by_label("Registros que se crearán").select_option("intakes")
    page.get_by_label("Organización").select_option(label="Albergue")
    page.get_by_label("Archivo (.csv o .xlsx)").set_input_files(epfl["households"])
    page.get_by_label("XLSForm (.xlsx o .xls)").set_input_files(epfl["form"])
    page.get_by_label("Exportación del grupo de repetición (opcional)").set_input_files(
        epfl["members"]
    )
    page.get_by_role("button", name="Leer las columnas").click(timeout=60_000)

    # Step 2: the Kobo key column was proposed; the household head's sex is mapped by hand.
    expect(page.get_by_role("heading", name="¿Qué campo llena cada columna?")).to_be_visible()
    expect(page.get_by_label("Columna que identifica cada fila")).to_have_value("KEY")
    page.get_by_label("Nombre de esta correspondencia").fill("Hogares EPFL")
    page.get_by_label("Grupo de repetición cuyas filas pertenecen a cada registro").select_option(
        "Rep_Bio_HH"
    )
    page.get_by_label("Fecha para todas las filas").fill("2021-06-01")
    page.get_by_label("Sex_HH", exact=True).select_option("sex")
    page.get_by_role("button", name="Siguiente: valores").click(timeout=60_000)

    # Step 3: the export's sex codes M/F are not terms: they are mapped by hand.
    expect(page.get_by_role("heading", name="¿Qué significa cada valor?")).to_be_visible()
    group = page.get_by_role("group", name=re.compile("Sex_HH"))
    group.get_by_label("M", exact=True).select_option("male")
    group.get_by_label("F", exact=True).select_option("female")
    page.get_by_role("button", name="Guardar la correspondencia").click()

    expect(page.get_by_role("heading", name=re.compile("Hogares EPFL"))).to_be_visible()
    # Reading 1,714 households and 6,284 members takes seconds (more on a busy CI machine).
    slow = 180_000
    page.get_by_role("button", name="Vista previa (simulación)").click(timeout=slow)
    expect(page.get_by_role("status")).to_contain_text("simulación")
    # Mexican Spanish groups thousands with a comma (formats/es).
    expect(page.locator("dd.count-created")).to_have_text(f"{len(households):,}")
    assert Intake.objects.count() == 0  # a preview writes nothing

    saved = ImportMapping.objects.get(name="Hogares EPFL")
    page.goto(f"/workspace/imports/mappings/{saved.pk}/")
    page.get_by_role("button", name="Importar").click(timeout=slow)
    expect(page.get_by_role("status")).to_contain_text("terminada")
    run = ImportRun.objects.latest("pk")
    assert (run.status, run.created) == ("done", len(households))
    assert Intake.objects.count() == len(households)
    sizes = sorted(Intake.objects.values_list("person__group_size", flat=True))
    assert sum(sizes) == len(members)
    heads = {h["KEY"]: h["Sex_HH"] for h in households}
    stored = dict(Intake.objects.values_list("source_key", "person__sex__code"))
    # Source keys are keyed hashes of the KEY column (never the value as written).
    expected = {key_token(k): {"M": "male", "F": "female"}.get(v) for k, v in heads.items()}
    assert stored == expected
