"""The two records of a pair, side by side, as the reviewer may see them.

Persons: code, name (only for members who see names in the person's organisation), sex,
age, date of birth, nationality, organisation, the dates and places of the person's intakes
and events. Events: title, date, country, state, INEGI municipality, place, counts,
organisation. Records outside Testigo: the display fields the run carried.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse
from django.utils.translation import gettext as _

from testigo.documentation.access import can_see_names
from testigo.documentation.models import Event, Intake, Person
from testigo.linkage.models import RecordLink
from testigo.workspace.choices import country_name, state_name

SHOWN = 5  # intakes and events listed per person
Fields = dict[str, str]


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side table; ``same`` when both values are given and equal."""

    label: str
    left: str
    right: str

    @property
    def same(self) -> bool:
        return self.left not in ("", "—") and self.left == self.right


@dataclass(frozen=True)
class Side:
    key: str
    url: str  # the record's page in the workspace, or ""


def _or_dash(value: object) -> str:
    return "—" if value in (None, "") else str(value)


def _event_place(event: Event) -> str:
    parts = [state_name(event.state_code), event.municipality_code, event.place_text]
    return " · ".join(p for p in parts if p) or "—"


def _person(user: AbstractBaseUser, person: Person) -> Fields:
    age = "—"
    if person.age is not None:
        age = f"~{person.age}" if person.age_is_estimate else str(person.age)
    events = list(
        Event.objects.filter(acts__victim=person).distinct().order_by("date_start", "id")[:SHOWN]
    )
    intakes = Intake.objects.filter(person=person).order_by("date").values_list("date", flat=True)
    fields = {_("Code"): person.code}
    if can_see_names(user, person.organisation_id):
        fields[_("Name")] = _or_dash(person.name)
    fields |= {
        _("Sex"): _or_dash(person.sex),
        _("Age"): age,
        _("Date of birth"): _or_dash(person.birth_date_edtf),
        _("Nationality"): country_name(person.nationality) if person.nationality else "—",
        _("Organisation"): person.organisation.name,
        _("Dates of intakes"): ", ".join(d.isoformat() for d in intakes[:SHOWN]) or "—",
        _("Dates of events"): ", ".join(e.date_edtf for e in events) or "—",
        _("Places of events"): "; ".join(_event_place(e) for e in events) or "—",
    }
    return fields


def _event(event: Event) -> Fields:
    return {
        _("Title"): event.title,
        _("Date"): event.date_edtf,
        _("Country"): country_name(event.country) if event.country else "—",
        _("State"): state_name(event.state_code) or "—",
        _("Municipality (INEGI code)"): _or_dash(event.municipality_code),
        _("Place"): _or_dash(event.place_text),
        _("Dead"): _or_dash(event.dead),
        _("Missing"): _or_dash(event.missing),
        _("Organisation"): event.organisation.name,
        _("Dataset"): event.dataset,
    }


def _record(user: AbstractBaseUser, link: RecordLink, key: str) -> tuple[Fields, Side]:
    prefix, _sep, raw = key.partition(":")
    if prefix == "person" and raw.isdigit():
        person = Person.objects.select_related("organisation", "sex").get(pk=int(raw))
        return _person(user, person), Side(key, "")
    if prefix == "event" and raw.isdigit():
        event = Event.objects.select_related("organisation").get(pk=int(raw))
        url = reverse("workspace:event_detail", args=[event.pk])
        return _event(event), Side(key, url)
    external = link.run.external_records.get(key, {})
    return {_("Record outside Testigo"): key, **external}, Side(key, "")


def side_by_side(user: AbstractBaseUser, link: RecordLink) -> tuple[list[Row], Side, Side]:
    """Rows (label, left value, right value) and the two sides' keys and pages.

    The caller has checked that ``user`` may see ``link`` (``access_link_by_id``).
    """
    left, left_side = _record(user, link, link.left_key)
    right, right_side = _record(user, link, link.right_key)
    labels = list(dict.fromkeys([*left, *right]))
    rows = [Row(label, left.get(label, "—"), right.get(label, "—")) for label in labels]
    return rows, left_side, right_side


def key_labels(keys: list[str] | set[str]) -> dict[str, str]:
    """Key → what a reviewer reads: a person's code, an event's date and title, an outside
    record's key. (The caller has checked access to the records.)"""
    ids: dict[str, dict[int, str]] = {"person": {}, "event": {}}
    labels = {key: key for key in keys}
    for key in keys:
        prefix, _sep, raw = key.partition(":")
        if prefix in ids and raw.isdigit():
            ids[prefix][int(raw)] = key
    for pk, code in Person.objects.filter(pk__in=list(ids["person"])).values_list("pk", "code"):
        labels[ids["person"][pk]] = code
    events = Event.objects.filter(pk__in=list(ids["event"])).values_list("pk", "date_edtf", "title")
    for pk, date, title in events:
        labels[ids["event"][pk]] = f"{date} · {title}"
    return labels
