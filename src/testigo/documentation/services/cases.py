"""Writes of case records: persons, intakes, events with acts and perpetrators,
interventions. Each service is atomic, checks the writer's role, validates, and audits.

Vocabulary arguments are :class:`~testigo.vocab.models.Term` instances of the named
vocabulary (``ValidationError`` otherwise). Dates are EDTF strings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from testigo.accounts.models import Organisation
from testigo.accounts.permissions import scope_for
from testigo.core.audit import audit_record
from testigo.core.crypto import blind_index
from testigo.core.errors import AccessDenied, ApplicationError
from testigo.core.models import AuditEntry
from testigo.documentation.dates import DateParseError, parse_edtf
from testigo.documentation.models import (
    Act,
    Event,
    Intake,
    Intervention,
    InterventionStatusChange,
    Involvement,
    Person,
    Source,
    new_person_code,
)  # fmt: skip
from testigo.documentation.services.locking import StaleVersionError, record_update
from testigo.vocab.models import Term

PERSON_FIELDS = (
    "name", "contact", "is_group", "group_size", "sex", "gender_identity", "age",
    "age_is_estimate", "birth_date_edtf", "nationality", "language", "indigenous_people",
    "migration_status",
)  # fmt: skip


def require_writer(actor: AbstractBaseUser | None, organisation: Organisation) -> None:
    """Raise :class:`AccessDenied` unless ``actor`` may write ``organisation``'s records.

    ``actor=None`` is the system itself (imports, the demo generator), never a web request.
    """
    if actor is not None and organisation.pk not in scope_for(actor).write:
        raise AccessDenied(_("You may not change this organisation's records."))


def check_term(term: Term | None, vocabulary: str, field: str) -> None:
    """Raise ``ValidationError`` unless ``term`` is None or belongs to ``vocabulary``."""
    if term is not None and term.vocabulary.name != vocabulary:
        raise ValidationError({field: _("Choose a value from the list.")})


def check_edtf(value: str, field: str) -> None:
    """Raise ``ValidationError`` unless ``value`` is empty or a valid EDTF date."""
    if value:
        try:
            parse_edtf(value)
        except DateParseError as exc:
            raise ValidationError({field: str(exc)}) from exc


def _person(actor: AbstractBaseUser | None, organisation: Organisation, spec: Mapping) -> Person:
    unknown = set(spec) - {*PERSON_FIELDS, "characteristics"}
    if unknown:
        raise ValidationError(f"unknown person fields: {sorted(unknown)}")
    values = {k: v for k, v in spec.items() if k != "characteristics"}
    for field, vocab in (
        ("sex", "sex"),
        ("gender_identity", "gender_identity"),
        ("language", "language"),
        ("migration_status", "migration_status"),
    ):
        check_term(values.get(field), vocab, field)
    check_edtf(values.get("birth_date_edtf", ""), "birth_date_edtf")
    person = Person(organisation=organisation, **values)
    while Person.objects.filter(code=person.code).exists():  # a collision: about 1 in 10^12
        person.code = new_person_code()
    person.name_index = blind_index(person.name)
    person.full_clean()
    person.save()
    characteristics = list(spec.get("characteristics") or [])
    for term in characteristics:
        check_term(term, "characteristic", "characteristics")
    person.characteristics.set(characteristics)
    audit_record(user=actor, action=AuditEntry.Action.CREATE, instance=person)
    return person


@transaction.atomic
def person_record(
    *, actor: AbstractBaseUser | None, organisation: Organisation, **fields: object
) -> Person:
    """Create a person (fields: see ``PERSON_FIELDS`` plus ``characteristics``)."""
    require_writer(actor, organisation)
    return _person(actor, organisation, fields)


@transaction.atomic
def intake_register(
    *,
    actor: AbstractBaseUser | None,
    organisation: Organisation,
    person: Mapping[str, object],
    date: dt.date,
    consent_services: bool,
    consent_network: bool,
    consent_statistics: bool,
    travel_company: Term | None = None,
    migration_route: Term | None = None,
    intention: Term | None = None,
    needs: Iterable[Term] = (),
    services: Iterable[Term] = (),
    notes: str = "",
) -> Intake:
    """Register a person served: a new Person and an Intake with needs, services and the
    three consents. Raises ``AccessDenied`` or ``ValidationError`` and writes nothing."""
    require_writer(actor, organisation)
    check_term(travel_company, "travel_company", "travel_company")
    check_term(migration_route, "migration_route", "migration_route")
    check_term(intention, "migration_intention", "intention")
    needs, services = list(needs), list(services)
    for term in needs:
        check_term(term, "need", "needs")
    for term in services:
        check_term(term, "service", "services")
    who = _person(actor, organisation, person)
    intake = Intake(
        organisation=organisation, person=who, date=date, travel_company=travel_company,
        migration_route=migration_route, intention=intention, notes=notes,
        consent_services=consent_services, consent_network=consent_network,
        consent_statistics=consent_statistics,
    )  # fmt: skip
    intake.full_clean()
    intake.save()
    intake.needs.set(needs)
    intake.services.set(services)
    audit_record(user=actor, action=AuditEntry.Action.CREATE, instance=intake)
    return intake


def _government_level(perpetrator_type: Term | None) -> Term | None:
    if perpetrator_type is None:
        return None
    level = perpetrator_type.attributes.get("government_level")
    if not level:
        return None
    return Term.objects.filter(vocabulary__name="government_level", code=level).first()


@transaction.atomic
def event_document(
    *,
    actor: AbstractBaseUser | None,
    organisation: Organisation,
    event: Mapping[str, object],
    victims: Sequence[Mapping[str, object] | Person] = (),
    acts: Sequence[Mapping[str, object]] = (),
    sources: Sequence[Mapping[str, object]] = (),
) -> Event:
    """Document an event with its victims, acts, perpetrators and sources in one step.

    ``event``: Event fields (``title``, ``date_edtf``, ``country``, ``state_code``,
    ``municipality_code``, ``place_text``, ``migration_phase``, ``description``…).
    ``victims``: Person fields or existing persons of the organisation.
    ``acts``: ``{"victim": index into victims, "act_type": Term, "date_edtf": str,
    "perpetrators": [{"perpetrator_type": Term, "degree": Term | None,
    "person": Mapping | None}]}``. ``sources``: Source fields.
    Raises ``AccessDenied`` or ``ValidationError``; nothing is written then.
    """
    require_writer(actor, organisation)
    from testigo.documentation.services.events import event_record

    record = event_record(actor=actor, organisation=organisation, dataset="manual", **event)
    people = [v if isinstance(v, Person) else _person(actor, organisation, v) for v in victims]
    for person in people:
        if person.organisation_id != organisation.pk:
            raise ValidationError({"victims": _("A victim belongs to another organisation.")})
    for spec in acts:
        _act(actor, organisation, record, people, spec)
    for spec in sources:
        check_term(spec.get("source_type"), "source_type", "source_type")  # type: ignore[arg-type]
        check_edtf(str(spec.get("date_edtf", "")), "date_edtf")
        source = Source(event=record, **spec)
        source.full_clean()
        source.save()
        audit_record(user=actor, action=AuditEntry.Action.CREATE, instance=source)
    return record


def _act(actor, organisation, event, people, spec) -> Act:  # noqa: ANN001
    try:
        victim = people[int(spec["victim"])]
    except (KeyError, IndexError, ValueError, TypeError) as exc:
        raise ValidationError({"acts": _("Each act needs one of the event's victims.")}) from exc
    check_term(spec.get("act_type"), "act_type", "act_type")
    if spec.get("act_type") is None:
        raise ValidationError({"act_type": _("Choose the type of act.")})
    check_edtf(str(spec.get("date_edtf", "")), "date_edtf")
    act = Act.objects.create(
        event=event, victim=victim, act_type=spec["act_type"],
        date_edtf=str(spec.get("date_edtf", "")), consequences=str(spec.get("consequences", "")),
    )  # fmt: skip
    rights = Term.objects.filter(
        vocabulary__name="right", code__in=spec["act_type"].attributes.get("rights", [])
    )
    act.rights.set(rights)
    audit_record(user=actor, action=AuditEntry.Action.CREATE, instance=act)
    for perp in spec.get("perpetrators") or []:
        kind, degree = perp.get("perpetrator_type"), perp.get("degree")
        check_term(kind, "perpetrator_type", "perpetrator_type")
        check_term(degree, "degree_of_involvement", "degree")
        person = perp.get("person")
        involvement = Involvement.objects.create(
            act=act, perpetrator_type=kind, degree=degree, government_level=_government_level(kind),
            perpetrator=_person(actor, organisation, person) if person else None,
        )  # fmt: skip
        audit_record(user=actor, action=AuditEntry.Action.CREATE, instance=involvement)
    return act


@transaction.atomic
def intervention_record(
    *,
    actor: AbstractBaseUser | None,
    organisation: Organisation,
    intervention_type: Term,
    status: Term,
    event: Event | None = None,
    victim: Person | None = None,
    date_edtf: str = "",
    addressed_to: str = "",
    file_number: str = "",
    response: str = "",
) -> Intervention:
    """Record what was done about an event or for a victim (complaint, legal aid…)."""
    require_writer(actor, organisation)
    check_term(intervention_type, "intervention_type", "intervention_type")
    check_term(status, "intervention_status", "status")
    check_edtf(date_edtf, "date_edtf")
    for linked in (event, victim):
        if linked is not None and linked.organisation_id != organisation.pk:
            raise ValidationError(_("The event or victim belongs to another organisation."))
    item = Intervention(
        organisation=organisation, intervention_type=intervention_type, status=status,
        event=event, victim=victim, date_edtf=date_edtf, addressed_to=addressed_to,
        file_number=file_number, response=response,
    )  # fmt: skip
    item.full_clean()
    item.save()
    audit_record(user=actor, action=AuditEntry.Action.CREATE, instance=item)
    return item


class StatusTransitionError(ApplicationError):
    """The intervention cannot move from its status to the one asked for."""


@transaction.atomic
def intervention_status_change(
    *,
    actor: AbstractBaseUser | None,
    intervention: Intervention,
    to_status: Term,
    expected_version: int,
    note: str = "",
) -> Intervention:
    """Move an intervention to ``to_status`` if the status vocabulary allows it (each status
    lists its ``next`` statuses). Raises ``StatusTransitionError`` or ``StaleVersionError``."""
    require_writer(actor, intervention.organisation)
    check_term(to_status, "intervention_status", "status")
    stored = Intervention.objects.select_related("status").get(pk=intervention.pk)
    if stored.version != expected_version:  # check staleness before the move itself
        raise StaleVersionError(
            _("Someone else saved this record while you were looking at it. "
              "Reload it and choose the status again.")
        )  # fmt: skip
    current = stored.status
    allowed = (current.attributes.get("next") or []) if current else None
    if allowed is not None and to_status.code not in allowed:
        raise StatusTransitionError(
            _("An intervention cannot go from “%(a)s” to “%(b)s”.")
            % {"a": current.label(), "b": to_status.label()}
        )
    updated = record_update(
        actor=actor, instance=intervention, expected_version=expected_version,
        changes={"status_id": to_status.pk},
    )  # fmt: skip
    InterventionStatusChange.objects.create(
        intervention=updated, from_status=current, to_status=to_status, note=note,
        by=actor if actor is not None and actor.is_authenticated else None,
    )  # fmt: skip
    return updated


@transaction.atomic
def event_update(
    *,
    actor: AbstractBaseUser | None,
    event: Event,
    expected_version: int,
    changes: Mapping[str, object],
) -> Event:
    """Change an event's fields if nobody saved it since ``expected_version``.

    A new ``date_edtf`` also updates the derived bounds (start, end, year, month). Raises
    ``AccessDenied`` (not a writer), ``ValidationError`` (bad date or values) or
    ``StaleVersionError``; nothing is written then.
    """
    require_writer(actor, event.organisation)
    values = dict(changes)
    if "date_edtf" in values:
        check_edtf(str(values["date_edtf"]), "date_edtf")
        parsed = parse_edtf(str(values["date_edtf"] or "XXXX"))
        values.update(
            date_edtf=parsed.text, date_start=parsed.lower, date_end=parsed.upper,
            year=parsed.year, month=parsed.month,
        )  # fmt: skip
    return record_update(
        actor=actor, instance=event, expected_version=expected_version, changes=values
    )
