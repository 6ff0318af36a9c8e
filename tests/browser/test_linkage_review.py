"""Clerical review of record linkage in a real browser: a documentalist reviews a candidate
pair side by side, links it, then splits the cluster again (Spanish, the default language).

The run is stored through the service from a hand-made outcome (the engine's shape), so the
test depends only on the review pages.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the ``test`` extra is not installed
    if os.environ.get("TESTIGO_REQUIRE_BROWSER") == "1":
        raise
    pytest.skip("browser tests need playwright: pip install -e '.[test]'", allow_module_level=True)

from testigo.accounts.services import membership_add, organisation_create, user_create
from testigo.documentation.models import Person
from testigo.documentation.services import person_record
from testigo.linkage.models import LinkageRun, RecordLink
from testigo.linkage.services import linkage_run_store
from testigo.vocab.models import Term

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "una clave de prueba"
NAME_1 = "Rosa Cux Tzul"
NAME_2 = "Rosa Cuz Tzul"
# Outside the repository; one file, overwritten by each run.
SCREENSHOT = Path(tempfile.gettempdir()) / "testigo-browser" / "linkage-review.png"


@dataclass
class Outcome:
    pairs: pd.DataFrame
    settings: dict
    blocking_rules: list
    lower: float = 0.5
    upper: float = 0.95
    seconds: float = 0.4


@dataclass
class ReviewWorld:
    run: LinkageRun
    first: Person
    second: Person


@pytest.fixture
def review_world(transactional_db) -> ReviewWorld:
    org = organisation_create(
        actor=None, slug="albergue-a", name="Albergue A", kind="civil_society", country="MX"
    )
    user = user_create(actor=None, username="documentalista", password=PASSWORD)
    membership_add(actor=None, user=user, organisation=org, role="documentalist")
    female = Term.objects.get(vocabulary__name="sex", code="female")
    first = person_record(
        actor=user, organisation=org, name=NAME_1, sex=female, age=28, nationality="GT"
    )
    second = person_record(
        actor=user, organisation=org, name=NAME_2, sex=female, age=29, nationality="GT"
    )
    pairs = pd.DataFrame.from_records(
        [(f"person:{first.pk}", f"person:{second.pk}", 0.83, 2.29,
          {"surname": "jaro-winkler ≥ 0.88", "age": "within 2 years", "sex": "exact"})],
        columns=["left_key", "right_key", "match_probability", "match_weight", "evidence"],
    )  # fmt: skip
    outcome = Outcome(pairs, {"link_type": "dedupe_only"}, ["l.sex = r.sex"])
    run = linkage_run_store(actor=user, outcome=outcome, kind="persons", organisation=org)
    return ReviewWorld(run=run, first=first, second=second)


def sign_in(page: Page, username: str) -> Page:
    page.goto("/login/")
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    expect(page).to_have_url(re.compile(r"/workspace/$"))
    return page


def test_review_a_candidate_link_it_then_split_it_again(review_world, page):
    world = review_world
    sign_in(page, "documentalista")
    page.goto("/workspace/linkage/")
    runs = page.get_by_role("table", name="Ejecuciones de vinculación")
    runs.get_by_role("link", name=f"#{world.run.pk}").click()

    queue = page.get_by_role("table", name="Pares por revisar")
    expect(queue).to_contain_text(world.first.code)
    expect(queue).to_contain_text("0.8300")
    queue.get_by_role("link", name="Revisar el par").click()

    # side by side, with the names (a documentalist of the organisation), evidence and score
    expect(page.get_by_role("heading", level=1)).to_have_text("Revisar un par de registros")
    expect(page.locator("#link-status")).to_have_text("candidato (por revisar)")
    records = page.get_by_role("table", name="Los dos registros")
    expect(records.get_by_role("row").filter(has_text="Nombre")).to_contain_text(NAME_1)
    expect(records.get_by_role("row").filter(has_text="Nombre")).to_contain_text(NAME_2)
    expect(records.get_by_role("row").filter(has_text="Nacionalidad")).to_contain_text("igual")
    evidence = page.get_by_role("table", name="Evidencia por comparación")
    expect(evidence).to_contain_text("jaro-winkler ≥ 0.88")
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOT, full_page=True)

    page.get_by_label("Vincular: son el mismo").check()
    page.get_by_label("Motivo").fill("Mismo nombre salvo una letra; edad y nacionalidad iguales")
    page.get_by_role("button", name="Guardar la decisión").click()

    expect(page.get_by_role("status")).to_have_text("El par quedó vinculado.")
    expect(page.locator("#link-status")).to_have_text("vinculado")
    history = page.get_by_role("table", name="Decisiones")
    expect(history).to_contain_text("candidato (por revisar)")
    expect(history).to_contain_text("Mismo nombre salvo una letra")
    expect(history).to_contain_text("documentalista")
    assert RecordLink.objects.get(run=world.run).status == "linked"

    page.get_by_role(
        "link", name=re.compile(r"grupo C-[A-Z2-9]{4}-[A-Z2-9]{4} \(2 registros\)")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Grupo C-"))
    expect(page.get_by_role("heading", name="2 registros")).to_be_visible()
    page.get_by_label(f"{world.first.code} ~ {world.second.code}").check()
    page.get_by_label("Motivo").fill("Son hermanas: fechas de registro distintas")
    page.get_by_role("button", name="Separar").click()

    expect(page.get_by_role("status")).to_have_text(
        "El grupo se separó: 1 vínculo quedó desvinculado."
    )
    expect(page.get_by_text("No hay registros vinculados en esta ejecución.")).to_be_visible()
    link = RecordLink.objects.get(run=world.run)
    assert link.status == "unlinked"
    page.goto(f"/workspace/linkage/links/{link.pk}/")
    expect(page.locator("#link-status")).to_have_text("desvinculado (separado)")
    history = page.get_by_role("table", name="Decisiones")
    expect(history.get_by_role("row")).to_have_count(3)  # header, link, split
    expect(history).to_contain_text("Son hermanas")
    assert Person.objects.filter(pk__in=[world.first.pk, world.second.pk]).count() == 2
