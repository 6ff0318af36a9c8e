"""The workspace's main journeys, walked in a real browser against the live server.

The UI is in Spanish (the default language). Fields are found by their label, buttons and
links by their text, tables by their caption or heading, as a person finds them; a name
attribute only where two fields of a row share a label. Each test writes the records it
starts from through the services (``transactional_db``: the live server's thread reads them).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the ``test`` extra is not installed
    if os.environ.get("TESTIGO_REQUIRE_BROWSER") == "1":
        raise
    pytest.skip("browser tests need playwright: pip install -e '.[test]'", allow_module_level=True)

from testigo.accounts.models import Organisation
from testigo.accounts.services import membership_add, organisation_create, user_create
from testigo.documentation.models import Event
from testigo.documentation.services import event_document, intake_register
from testigo.vocab.models import Term

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "una clave de prueba"
EVENT_TITLE = "Extorsión en el retén de Huixtla"
OTHER_TITLE = "Robo en Arriaga"
VICTIM_NAME = "María Xocoy Pérez"
OTHER_VICTIM_NAME = "Juan Tax López"
# Outside the repository; one file, overwritten by each run.
SCREENSHOT = Path(tempfile.gettempdir()) / "testigo-browser" / "event-form.png"


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary__name=vocabulary, code=code)


@dataclass
class World:
    """Organisation A with a documentalist and a government partner; organisation B with a
    documentalist. Everyone's password is ``PASSWORD``."""

    org_a: Organisation
    org_b: Organisation
    users: dict[str, object] = field(default_factory=dict)

    def add_user(self, username: str, organisation: Organisation, role: str) -> None:
        user = user_create(actor=None, username=username, password=PASSWORD)
        membership_add(actor=None, user=user, organisation=organisation, role=role)
        self.users[username] = user


def _org(slug: str, name: str) -> Organisation:
    return organisation_create(actor=None, slug=slug, name=name, kind="civil_society", country="MX")


@pytest.fixture
def world(transactional_db) -> World:
    world = World(org_a=_org("albergue-a", "Albergue A"), org_b=_org("albergue-b", "Albergue B"))
    world.add_user("documentalista", world.org_a, "documentalist")
    world.add_user("enlace", world.org_a, "government_partner")
    world.add_user("otra", world.org_b, "documentalist")
    return world


def document_event(world: World) -> Event:
    """A's event, written through the services: the person of an intake extorted by
    municipal police, a second victim kidnapped by organised crime."""
    intake = intake_register(
        actor=world.users["documentalista"], organisation=world.org_a,
        person={"name": VICTIM_NAME, "sex": term("sex", "female"), "nationality": "GT"},
        date=dt.date(2024, 6, 1),
        consent_services=True, consent_network=True, consent_statistics=True,
    )  # fmt: skip
    police = term("perpetrator_type", "mx_municipal_police")
    crime = term("perpetrator_type", "organised_crime")
    return event_document(
        actor=world.users["documentalista"], organisation=world.org_a,
        event={"title": EVENT_TITLE, "date_edtf": "2024-05~", "country": "MX",
               "state_code": "MX-CHP", "place_text": "Retén carretero, salida a Tapachula"},
        victims=[intake.person, {"name": OTHER_VICTIM_NAME, "sex": term("sex", "male")}],
        acts=[
            {"victim": 0, "act_type": term("act_type", "extortion"),
             "perpetrators": [{"perpetrator_type": police}]},
            {"victim": 1, "act_type": term("act_type", "kidnapping"),
             "perpetrators": [{"perpetrator_type": crime}]},
        ],
    )  # fmt: skip


def sign_in(page: Page, username: str) -> Page:
    page.goto("/login/")
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    expect(page).to_have_url(re.compile(r"/workspace/$"))
    return page


def workspace_nav(page: Page, link: str) -> None:
    nav = page.get_by_role("navigation", name="Espacio de trabajo")
    nav.get_by_role("link", name=link, exact=True).click()


def test_documentalist_registers_an_intake_and_finds_it_by_code(world, page):
    sign_in(page, "documentalista")
    page.get_by_role("link", name="Registrar a una persona").click()

    page.get_by_label("Nombre", exact=True).fill(VICTIM_NAME)
    page.get_by_label("Edad (años)").fill("34")
    page.get_by_label("Sexo").select_option(label="Mujer")
    page.get_by_label("Nacionalidad").select_option(label="Guatemala")
    needs = page.get_by_role("group", name="Necesidades de hoy")
    needs.get_by_label("Atención médica").check()
    needs.get_by_label("Alimentación").check()
    page.get_by_label("Acepta recibir servicios").check()
    page.get_by_label("Acepta que se comparta con la red").check()
    page.get_by_label("Acepta el uso estadístico").check()
    page.get_by_role("button", name="Guardar el registro").click()

    saved = page.get_by_role("status").filter(has_text="Registro guardado")
    code = saved.get_by_role("link").inner_text()
    assert re.fullmatch(r"P-[A-Z0-9-]+", code), code

    workspace_nav(page, "Registros")
    intakes = page.get_by_role("table", name="Registros")
    row = intakes.get_by_role("row").filter(has=page.get_by_role("link", name=code))
    expect(row).to_contain_text("Atención médica")
    expect(row).to_contain_text("Alimentación")
    expect(row.get_by_role("cell", name="sí", exact=True)).to_have_count(3)  # the consents
    assert VICTIM_NAME not in page.content()

    row.get_by_role("link", name=code).click()  # the documentalist does see the name
    expect(page.get_by_text(VICTIM_NAME)).to_be_visible()


def test_documentalist_documents_an_event_on_one_screen(world, page):
    sign_in(page, "documentalista")
    workspace_nav(page, "Eventos")
    page.get_by_role("link", name="Documentar un evento").click()

    happened = page.get_by_role("group", name="Qué pasó", exact=True)
    happened.get_by_label("Título").fill(EVENT_TITLE)
    happened.get_by_label("Fecha").fill("2024-05~")
    happened.get_by_label("País").select_option(label="México")
    happened.get_by_label("Estado").select_option(label="Chiapas")
    happened.get_by_label("Municipio (clave INEGI)").fill("07040")
    happened.get_by_label("Lugar").fill("Retén carretero, salida a Tapachula")
    happened.get_by_label("Qué pasó").fill("Testimonio con detalles identificables")

    first = page.get_by_role("group", name="Víctima 1", exact=True)
    first.get_by_label("Nombre").fill(VICTIM_NAME)
    first.get_by_label("Sexo").select_option(label="Mujer")
    first.get_by_label("Nacionalidad").select_option(label="Guatemala")
    second = page.get_by_role("group", name="Víctima 2", exact=True)
    second.get_by_label("Nombre").fill(OTHER_VICTIM_NAME)
    second.get_by_label("Sexo").select_option(label="Hombre")
    second.get_by_label("Edad").fill("30")
    second.get_by_label("Aprox.").check()
    second.get_by_label("Nacionalidad").select_option(label="Honduras")

    extortion = page.get_by_role("group", name="Agravio 1", exact=True)
    extortion.get_by_label("Víctima").select_option(label="Víctima 1")
    extortion.get_by_label("Qué le hicieron").select_option(label="Extorsión")
    extortion.get_by_label("Quién lo hizo").select_option(label="Policía municipal")
    # Select by name: the two perpetrators' degree fields differ only in their ordinal.
    extortion.locator("select[name$='-perpetrator_1_degree']").select_option(
        label="Lo cometió directamente"
    )
    kidnapping = page.get_by_role("group", name="Agravio 2", exact=True)
    kidnapping.get_by_label("Víctima").select_option(label="Víctima 2")
    kidnapping.get_by_label("Qué le hicieron").select_option(label="Secuestro")
    kidnapping.get_by_label("Quién lo hizo").select_option(
        label="Crimen organizado (grupo criminal o cártel)"
    )

    page.get_by_label("Tipo de fuente").select_option(label="Testimonio de la víctima")
    page.get_by_label("Fecha de la fuente").fill("2024-06-01")
    page.get_by_label("Qué dice la fuente").fill("Entrevista en el albergue")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT, full_page=True)
    page.get_by_role("button", name="Guardar el evento").click()

    expect(page.get_by_role("status")).to_have_text("Se documentó el evento.")
    expect(page.get_by_role("heading", level=1)).to_have_text(EVENT_TITLE)
    victims = page.get_by_role("table", name="Víctimas")
    expect(victims.get_by_role("row")).to_have_count(3)  # the header and two victims
    expect(victims.get_by_role("row").nth(1)).to_contain_text(VICTIM_NAME)
    expect(victims.get_by_role("row").nth(2)).to_contain_text(OTHER_VICTIM_NAME)
    expect(victims.get_by_role("row").nth(2)).to_contain_text("~30")
    acts = page.get_by_role("table", name="Agravios y responsables")
    expect(acts.get_by_role("row")).to_have_count(3)  # the header and two acts
    extortion_row = acts.get_by_role("row").filter(has_text="Extorsión")
    expect(extortion_row).to_contain_text(
        "Policía municipal (orden de gobierno: Municipal) — Lo cometió directamente"
    )
    kidnapping_row = acts.get_by_role("row").filter(has_text="Secuestro")
    expect(kidnapping_row).to_contain_text("Crimen organizado (grupo criminal o cártel)")
    expect(kidnapping_row).not_to_contain_text("orden de gobierno")
    expect(page.get_by_text("Testimonio de la víctima", exact=True)).to_be_visible()
    expect(page.get_by_text("Entrevista en el albergue", exact=True)).to_be_visible()


def test_complaint_filed_from_the_event_then_admitted(world, page):
    event = document_event(world)
    sign_in(page, "documentalista")
    page.goto(f"/workspace/events/{event.pk}/")
    page.get_by_role("link", name="Registrar una intervención").click()

    page.get_by_label("Qué hicimos").select_option(
        label="Queja ante una comisión de derechos humanos (CNDH o comisión estatal)"
    )
    page.get_by_label("Estado").select_option(label="Presentada")
    page.get_by_label("Fecha").fill("2024-06-10")
    page.get_by_label("Dirigida a").fill("CEDH Chiapas")
    page.get_by_label("Número de expediente").fill("CEDH/123/2024")
    page.get_by_role("button", name="Guardar la intervención").click()

    expect(page.get_by_role("status")).to_have_text("Se registró la intervención.")
    interventions = page.get_by_role("table", name="Intervenciones")
    row = interventions.get_by_role("row").filter(has_text="CEDH/123/2024")
    expect(row).to_contain_text("Presentada")
    row.get_by_role("link", name="cambiar estado").click()

    page.get_by_label("Nuevo estado").select_option(label="Admitida")
    page.get_by_label("Nota").fill("La comisión abrió el expediente")
    page.get_by_role("button", name="Cambiar el estado").click()

    expect(page.get_by_role("status")).to_have_text("Se cambió el estado.")
    history = page.get_by_role("table", name="Historial del estado")
    expect(history.get_by_role("row")).to_have_count(2)  # the header and one change
    cells = history.get_by_role("row").nth(1).get_by_role("cell")
    expect(cells).to_have_text(
        [re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d"), "Presentada", "Admitida", "documentalista",
         "La comisión abrió el expediente"]
    )  # fmt: skip


def test_event_found_again_by_search(world, page):
    event = document_event(world)
    event_document(
        actor=world.users["documentalista"], organisation=world.org_a,
        event={"title": OTHER_TITLE, "date_edtf": "2024-04"},
    )  # fmt: skip
    victim_code = event.acts.order_by("pk").first().victim.code
    sign_in(page, "documentalista")
    workspace_nav(page, "Eventos")
    events = page.get_by_role("table", name="Eventos")
    expect(events.get_by_role("link", name=OTHER_TITLE)).to_be_visible()

    page.get_by_label("Buscar").fill("huixtla")
    page.get_by_role("button", name="Filtrar").click()
    expect(events.get_by_role("link", name=EVENT_TITLE)).to_be_visible()
    expect(events.get_by_role("link", name=OTHER_TITLE)).to_have_count(0)

    page.get_by_label("Buscar").fill(victim_code)  # a victim's code finds the event too
    page.get_by_role("button", name="Filtrar").click()
    expect(events.get_by_role("link", name=OTHER_TITLE)).to_have_count(0)
    events.get_by_role("link", name=EVENT_TITLE).click()
    expect(page).to_have_url(re.compile(rf"/workspace/events/{event.pk}/$"))


def test_other_organisation_and_government_partner_see_nothing(world, new_page):
    event = document_event(world)
    url = f"/workspace/events/{event.pk}/"
    secrets = (VICTIM_NAME, OTHER_VICTIM_NAME, EVENT_TITLE)

    other = sign_in(new_page(), "otra")
    response = other.goto(url)
    assert response.status == 404
    expect(other.get_by_role("heading", level=1)).to_have_text("Página no encontrada")
    assert not [s for s in secrets if s in other.content()]

    partner = sign_in(new_page(), "enlace")
    expect(
        partner.get_by_text("Su función le da acceso solo a las cifras publicadas")
    ).to_be_visible()
    nav = partner.get_by_role("navigation", name="Espacio de trabajo")
    for records in ("Registros", "Eventos", "Intervenciones"):
        expect(nav.get_by_role("link", name=records, exact=True)).to_have_count(0)
    assert not [s for s in secrets if s in partner.content()]
    pages = {url: 404, "/workspace/events/": 403, "/workspace/intakes/": 403}
    for path, status in pages.items():
        response = partner.goto(path)
        assert response.status == status, path
        assert not [s for s in secrets if s in partner.content()], path
        assert partner.get_by_role("table").count() == 0, path
