"""Registering an intake (a person served) and filtering the intake list."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from testigo.accounts.models import Organisation
from testigo.workspace.forms.fields import CountryField, TermField, TermMultipleField
from testigo.workspace.forms.persons import NAME_HELP, AgeMixin

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganisationChoiceMixin:
    """Adds an ``organisation`` select first when the user writes for several organisations."""

    def add_organisation_field(self, organisations: list[Organisation]) -> None:
        self.organisations = {str(o.pk): o for o in organisations}
        if len(organisations) > 1:
            field = forms.ChoiceField(
                label=_("Organisation"), choices=[(str(o.pk), o.name) for o in organisations]
            )
            self.fields = {"organisation": field, **self.fields}

    def chosen_organisation(self) -> Organisation:
        if len(self.organisations) == 1:
            return next(iter(self.organisations.values()))
        return self.organisations[self.cleaned_data["organisation"]]


class IntakeForm(OrganisationChoiceMixin, AgeMixin, forms.Form):
    """One screen, in the order a conversation at the door goes."""

    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    name = forms.CharField(label=_("Name"), required=False, max_length=300, help_text=NAME_HELP)
    age = forms.IntegerField(label=_("Age (years)"), required=False, min_value=0, max_value=120)
    age_is_estimate = forms.BooleanField(
        label=_("About (estimated age)"), required=False,
        help_text=_("E.g. “about 30”."),
    )  # fmt: skip
    sex = TermField("sex", label=_("Sex"), required=False)
    nationality = CountryField(label=_("Nationality"))
    language = TermField(
        "language", label=_("Language"), required=False,
        help_text=_("The language the person speaks best, including Indigenous languages."),
    )  # fmt: skip
    travel_company = TermField("travel_company", label=_("Travelling with"), required=False)
    migration_route = TermField("migration_route", label=_("Route"), required=False)
    intention = TermField("migration_intention", label=_("Intention"), required=False)
    needs = TermMultipleField("need", label=_("Needs today"))
    services = TermMultipleField("service", label=_("Services given"))
    consent_services = forms.BooleanField(
        label=_("Agrees to receive services"), required=False,
        help_text=_("The person agrees that we keep this record to help them."),
    )  # fmt: skip
    consent_network = forms.BooleanField(
        label=_("Agrees to sharing with the network"), required=False,
        help_text=_(
            "The person agrees that the network's analysts see this record, with a code "
            "instead of the name. Without it, the record never leaves this organisation."
        ),
    )  # fmt: skip
    consent_statistics = forms.BooleanField(
        label=_("Agrees to statistical use"), required=False,
        help_text=_(
            "The person agrees to be counted in statistics, which never show names and never "
            "show groups so small that someone could be recognised. Without it, not counted."
        ),
    )  # fmt: skip
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept encrypted; only your organisation's documentalists read them."),
    )  # fmt: skip

    def __init__(self, *args: object, organisations: list[Organisation], **kwargs: object) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.add_organisation_field(organisations)

    def clean_date(self) -> object:
        value = self.cleaned_data["date"]
        if value and value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return value

    def service_kwargs(self) -> dict[str, object]:
        """Arguments for ``intake_register`` (without actor and organisation)."""
        data = self.cleaned_data
        return {
            "person": self.person_spec(),
            "date": data["date"],
            "travel_company": data["travel_company"],
            "migration_route": data["migration_route"],
            "intention": data["intention"],
            "needs": data["needs"],
            "services": data["services"],
            "consent_services": data["consent_services"],
            "consent_network": data["consent_network"],
            "consent_statistics": data["consent_statistics"],
            "notes": data["notes"],
        }

    def person_spec(self) -> dict[str, object]:
        data = self.cleaned_data
        spec = {
            "name": data["name"].strip(),
            "age": data["age"],
            "age_is_estimate": data["age_is_estimate"],
            "nationality": data["nationality"],
            "sex": data["sex"],
            "language": data["language"],
        }
        return {k: v for k, v in spec.items() if v not in (None, "")}


class IntakeFilterForm(forms.Form):
    """Filters of the intake list (all optional; GET)."""

    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)
    need = TermField("need", label=_("Need"), required=False)
