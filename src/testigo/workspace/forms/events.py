"""The event's own fields (documenting and editing), and the event list's filters."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from testigo.documentation.models import MigrationPhase
from testigo.workspace.choices import INEGI_STATES
from testigo.workspace.forms.fields import (
    CountryField,
    EdtfField,
    StateField,
    TermField,
    perpetrator_groups,
)
from testigo.workspace.forms.intakes import DATE_WIDGET, OrganisationChoiceMixin

MUNICIPALITY = re.compile(r"\d{5}")
# Fields an event form edits, in screen order (also the fields ``record_update`` may change).
EVENT_FIELDS = (
    "title", "date_edtf", "country", "state_code", "municipality_code", "place_text",
    "migration_phase", "description",
)  # fmt: skip


class EventFieldsForm(forms.Form):
    """Title, date, place and description of an event."""

    title = forms.CharField(
        label=_("Title"), max_length=300,
        help_text=_("A few words: what, where. E.g. “Extortion at the Huixtla checkpoint”."),
    )  # fmt: skip
    date_edtf = EdtfField(
        label=_("Date"),
        help_text=_(
            "As precise as you know it: 2023-05 (May 2023), 2023-05~ (about May 2023), "
            "2023-05-10/2023-05-12 (between two days). Leave empty if unknown."
        ),
    )
    country = CountryField(label=_("Country"))
    state_code = StateField(label=_("State"))
    municipality_code = forms.CharField(
        label=_("Municipality (INEGI code)"), required=False, max_length=5,
        help_text=_("Mexico only: five digits, state and municipality, e.g. 07089 (Tapachula)."),
    )  # fmt: skip
    place_text = forms.CharField(
        label=_("Place"), required=False, max_length=500,
        help_text=_("As the person described it: a town, a road, a checkpoint."),
    )  # fmt: skip
    migration_phase = forms.ChoiceField(
        label=_("Migration phase"), required=False,
        choices=[("", "—"), *MigrationPhase.choices],
    )  # fmt: skip
    description = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept encrypted. It cannot be searched."),
    )  # fmt: skip

    def clean(self) -> dict:
        data = super().clean()
        country, state = data.get("country", ""), data.get("state_code", "")
        municipality = (data.get("municipality_code") or "").strip()
        if state and not country:
            data["country"] = country = state.split("-")[0]
        if state and not state.startswith(f"{country}-"):
            self.add_error("state_code", _("This state is not in the country chosen."))
        if municipality:
            self._check_municipality(municipality, country, state)
        return data

    def _check_municipality(self, code: str, country: str, state: str) -> None:
        expected_state = INEGI_STATES.get(code[:2]) if MUNICIPALITY.fullmatch(code) else None
        if expected_state is None:
            self.add_error("municipality_code", _("Five digits; the first two are the state."))
        elif country not in ("", "MX"):
            self.add_error("municipality_code", _("INEGI codes are for places in Mexico."))
        elif state and state != expected_state:
            self.add_error("municipality_code", _("This municipality is in another state."))
        else:
            self.cleaned_data.update(country="MX", state_code=expected_state)

    def event_values(self) -> dict[str, object]:
        """The event's fields for the services (an empty date means unknown: ``XXXX``)."""
        values = {name: self.cleaned_data[name] for name in EVENT_FIELDS}
        values["date_edtf"] = values["date_edtf"] or "XXXX"
        values["municipality_code"] = values["municipality_code"].strip()
        return values


class EventCreateForm(OrganisationChoiceMixin, EventFieldsForm):
    """The event part of the one-screen “document an event” form."""

    def __init__(self, *args: object, organisations: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.add_organisation_field(organisations)


class EventEditForm(EventFieldsForm):
    """Editing an event's own fields; ``version`` is the one the user loaded."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class EventFilterForm(forms.Form):
    """Filters and search of the event list (all optional; GET)."""

    q = forms.CharField(
        label=_("Search"), required=False, max_length=200,
        help_text=_(
            "Searches titles, places and person codes (P-…). Names, descriptions and other "
            "encrypted text cannot be searched."
        ),
    )  # fmt: skip
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)
    country = CountryField(label=_("Country"))
    state_code = StateField(label=_("State"))
    act_type = TermField("act_type", label=_("Type of act"), required=False)
    perpetrator_type = TermField(
        "perpetrator_type", group=perpetrator_groups, label=_("Perpetrator"), required=False
    )
    government_level = TermField("government_level", label=_("Government level"), required=False)
    intervention_status = TermField(
        "intervention_status", label=_("Intervention status"), required=False
    )
