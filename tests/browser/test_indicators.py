"""Joint indicator definition in a real browser (Spanish): a civil-society analyst proposes
an indicator from the library, a government partner approves it, computes it, and the public
page shows the agreed, gated value."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import pytest

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the ``test`` extra is not installed
    if os.environ.get("TESTIGO_REQUIRE_BROWSER") == "1":
        raise
    pytest.skip("browser tests need playwright: pip install -e '.[test]'", allow_module_level=True)

from testigo.accounts.services import membership_add, organisation_create, user_create
from testigo.documentation.models import Intake, Person
from testigo.indicators.services import group_create
from testigo.vocab.models import Term

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "una clave de prueba"
CODE = "unaccompanied-children-share"
# Outside the repository; one file, overwritten by each run.
SCREENSHOT = Path(tempfile.gettempdir()) / "testigo-browser" / "indicator-page.png"


@pytest.fixture
def group_world(transactional_db) -> None:
    gov = organisation_create(actor=None, slug="gob", name="Oficina estatal", kind="government")
    cso = organisation_create(actor=None, slug="osc", name="Albergue", kind="civil_society")
    for username, org, role in (("tomas", cso, "analyst"), ("marisol", gov, "government_partner")):
        user = user_create(actor=None, username=username, password=PASSWORD)
        membership_add(actor=None, user=user, organisation=org, role=role)
    group_create(actor=None, slug="gt", name="Grupo de trabajo conjunto", organisations=[gov, cso])
    child = Term.objects.get(vocabulary__name="travel_company", code="unaccompanied_child")
    alone = Term.objects.get(vocabulary__name="travel_company", code="alone")
    for i in range(40):  # 10 of 40 intakes in 2024 are unaccompanied children: 25 %
        Intake.objects.create(
            organisation=cso,
            person=Person.objects.create(organisation=cso),
            date=dt.date(2024, 5, 1),
            travel_company=child if i < 10 else alone,
            consent_statistics=True,
        )


def sign_in(page: Page, username: str) -> Page:
    page.goto("/login/")
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    expect(page).to_have_url(re.compile(r"/workspace/$"))
    return page


def test_propose_approve_compute_publish(group_world, new_page) -> None:
    public = new_page()
    assert public.goto(f"/indicators/{CODE}/").status == 404  # nothing before agreement

    civil = sign_in(new_page(), "tomas")
    civil.goto("/indicators/workspace/")
    civil.get_by_label("Indicador").select_option(CODE)
    civil.get_by_role("button", name="Proponer", exact=True).click()
    expect(civil.get_by_text("Versión 1 propuesta.")).to_be_visible()
    civil.get_by_role("button", name="Aprobar esta versión").click()
    expect(civil.get_by_text("Su decisión quedó registrada.")).to_be_visible()
    expect(civil.locator(".version-status")).to_have_text("propuesta")
    assert public.goto(f"/indicators/{CODE}/").status == 404  # one side is not enough

    gov = sign_in(new_page(), "marisol")
    gov.goto(f"/indicators/workspace/{CODE}/")
    gov.get_by_role("button", name="Aprobar esta versión").click()
    expect(gov.get_by_text("Ambas partes aprobaron: esta versión está acordada.")).to_be_visible()
    gov.get_by_role("button", name="Calcular ahora").click()
    expect(gov.get_by_text("1 valores calculados.")).to_be_visible()

    gov.get_by_role("link", name="Página pública").click()
    expect(gov.get_by_role("heading", level=1)).to_have_text(
        "Proporción de registros de niñas, niños y adolescentes no acompañados"
    )
    expect(gov.locator("table").last.get_by_role("cell", name="25", exact=True)).to_be_visible()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    gov.screenshot(path=str(SCREENSHOT), full_page=True)
    public.goto("/indicators/")
    expect(public.get_by_role("link", name=re.compile("no acompañados"))).to_be_visible()
