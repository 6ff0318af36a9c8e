"""Every form control has a label, errors are tied to their field, and the workspace speaks
Spanish by default."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

import testigo.workspace

pytestmark = pytest.mark.django_db


class Controls(HTMLParser):
    """Collects form controls, ``<label for>`` targets and controls wrapped in a label."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str]] = []
        self.labelled: set[str] = set()
        self.label_depth = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = {k: v or "" for k, v in attrs}
        if tag == "label":
            self.label_depth += 1
            if attrs.get("for"):
                self.labelled.add(attrs["for"])
        elif tag in {"input", "select", "textarea"} and attrs.get("type") not in {
            "hidden", "submit",
        }:  # fmt: skip
            if self.label_depth and attrs.get("id"):
                self.labelled.add(attrs["id"])
            self.controls.append(attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.label_depth -= 1


def _unlabelled(html: str) -> list[str]:
    parser = Controls()
    parser.feed(html)
    main = [c for c in parser.controls if c.get("name") not in {"language", "next"}]
    assert main
    return [c.get("name", "?") for c in main if c.get("id") not in parser.labelled]


@pytest.mark.parametrize(
    "name", ["intake_create", "event_create", "event_list", "intake_list", "intervention_list"]
)
def test_every_control_has_a_label(world, name):
    html = world.client("documentalist").get(reverse(f"workspace:{name}")).content.decode()
    assert _unlabelled(html) == []


def test_every_control_of_record_forms_has_a_label(world):
    client = world.client("documentalist")
    for url in (
        reverse("workspace:event_edit", args=[world.event.pk]),
        reverse("workspace:intervention_create", args=[world.event.pk]),
        reverse("workspace:intervention_status", args=[world.intervention.pk]),
    ):
        assert _unlabelled(client.get(url).content.decode()) == [], url


def test_an_error_is_announced_with_its_field(world):
    response = world.client("documentalist").post(
        reverse("workspace:intervention_create", args=[world.event.pk]),
        {"intervention_type": "", "status": "filed", "date_edtf": "ayer"},
    )
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_date_edtf_helptext id_date_edtf_error"' in html
    assert '<ul class="errorlist" id="id_date_edtf_error">' in html
    assert 'id="id_intervention_type_error"' in html


def test_read_only_pages_refuse_post(world):
    client = world.client("documentalist")
    for url in (
        reverse("workspace:home"),
        reverse("workspace:event_list"),
        reverse("workspace:event_detail", args=[world.event.pk]),
    ):
        assert client.post(url, {}).status_code == 405


COMPILED = Path(testigo.workspace.__file__).parent / "locale/es/LC_MESSAGES/django.mo"


@pytest.mark.skipif(not COMPILED.exists(), reason="translations not compiled: run make locale")
def test_spanish_by_default(world):
    client = world.client("documentalist", language="es")
    html = client.get(reverse("workspace:home")).content.decode()
    assert "Registrar a una persona" in html and "Documentar un evento" in html
    form = client.get(reverse("workspace:intake_create")).content.decode()
    assert "Acepta que se comparta con la red" in form
    assert "Guatemala" in form and "Estados Unidos" in form  # countries named in Spanish
