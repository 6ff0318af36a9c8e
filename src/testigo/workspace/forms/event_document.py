"""The one-screen “document an event” form: event, victims, acts and source together,
turned into one call of ``event_document``."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from testigo.accounts.models import Organisation
from testigo.documentation.models import Person
from testigo.workspace.forms.event_parts import (
    ACT_ROWS,
    VICTIM_ROWS,
    ActFormSet,
    SourceForm,
    VictimFormSet,
)
from testigo.workspace.forms.events import EventCreateForm
from testigo.workspace.forms.fields import errors_to_form

MAX_ROWS = 20
PersonFinder = Callable[[Organisation, str], Person | None]


class EventDocumentForms:
    """The four parts of the screen, validated together so every error shows at once."""

    def __init__(
        self,
        data: Mapping[str, object] | None,
        *,
        organisations: list[Organisation],
        victim_rows: int = VICTIM_ROWS,
        act_rows: int = ACT_ROWS,
        person_code: str = "",
    ) -> None:
        self.event = EventCreateForm(data, organisations=organisations)
        self.person_code = person_code
        initial = [{"person_code": person_code}] if person_code else []
        self.victims = VictimFormSet(data, prefix="victims", initial=initial)
        self.victims.extra = max(victim_rows - len(initial), 0)
        victim_count = self.victims.total_form_count()
        self.acts = ActFormSet(data, prefix="acts", form_kwargs={"victim_count": victim_count})
        self.acts.extra = act_rows
        self.source = SourceForm(data, prefix="source")
        self.source.empty_permitted = True
        self.source.use_required_attribute = False
        self.victim_index: dict[int, int] = {}

    @property
    def is_bound(self) -> bool:
        return self.event.is_bound

    def is_valid(self, find_person: PersonFinder) -> bool:
        parts = [self.event.is_valid(), self.victims.is_valid(), self.acts.is_valid()]
        parts.append(self.source.is_valid())
        if not all(parts):
            return False
        self._victims = self._collect_victims(find_person)
        self._check_acts()
        return not self.has_errors()

    def has_errors(self) -> bool:
        forms = [self.event, self.source, *self.victims.forms, *self.acts.forms]
        return any(f.errors for f in forms) or bool(self.victims.non_form_errors())

    def _used(self, formset: object) -> list[tuple[int, object]]:
        """Rows with something typed in them (or a person's code given from the start)."""
        return [
            (i, f)
            for i, f in enumerate(formset.forms)
            if f.has_changed() or f.cleaned_data.get("person_code")
        ]

    def _collect_victims(self, find_person: PersonFinder) -> list[object]:
        organisation = self.event.chosen_organisation()
        victims: list[object] = []
        for row, form in self._used(self.victims):
            code = form.cleaned_data["person_code"]
            if code:
                person = find_person(organisation, code)
                if person is None:
                    form.add_error(
                        "person_code",
                        _("No person with this code in %(org)s.") % {"org": organisation},
                    )
                    continue
                victims.append(person)
            else:
                victims.append(form.person_spec())
            self.victim_index[row] = len(victims) - 1
        return victims

    def _check_acts(self) -> None:
        with_acts: set[int] = set()
        for _row, form in self._used(self.acts):
            row = int(form.cleaned_data["victim"]) - 1
            if row not in self.victim_index:
                form.add_error("victim", _("Victim %(n)s is empty above.") % {"n": row + 1})
            with_acts.add(row)
        for row, form in self._used(self.victims):
            if row not in with_acts and row in self.victim_index:
                form.add_error(
                    None,
                    _("Say below what was done to victim %(n)s (one act at least).")
                    % {"n": row + 1},
                )

    def service_kwargs(self) -> dict[str, object]:
        """Arguments for ``event_document`` (without the actor)."""
        acts = [
            {
                "victim": self.victim_index[int(form.cleaned_data["victim"]) - 1],
                "act_type": form.cleaned_data["act_type"],
                "date_edtf": form.cleaned_data["date_edtf"],
                "perpetrators": form.perpetrators(),
            }
            for _row, form in self._used(self.acts)
        ]
        source = self.source.source_spec()
        return {
            "organisation": self.event.chosen_organisation(),
            "event": self.event.event_values(),
            "victims": self._victims,
            "acts": acts,
            "sources": [source] if source else [],
        }

    def add_service_error(self, error: ValidationError) -> None:
        """A service's ``ValidationError``: on the event's fields, or above the form."""
        errors_to_form(self.event, error)
