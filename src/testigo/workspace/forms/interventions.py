"""Recording an intervention, moving its status, and filtering the intervention list."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from testigo.vocab.models import Term
from testigo.workspace.forms.fields import EdtfField, TermField, terms


class InterventionForm(forms.Form):
    """A complaint, legal aid, referral… about an event (and, optionally, one victim)."""

    intervention_type = TermField("intervention_type", label=_("What we did"))
    status = TermField("intervention_status", label=_("Status"))
    date_edtf = EdtfField(label=_("Date"), help_text=_("E.g. 2024-03-15, or 2024-03 if unsure."))
    addressed_to = forms.CharField(
        label=_("Addressed to"), required=False, max_length=200,
        help_text=_("E.g. the state human-rights commission of Chiapas."),
    )  # fmt: skip
    file_number = forms.CharField(
        label=_("File number"), required=False, max_length=100,
        help_text=_("The number the authority gave, e.g. CEDH/123/2024."),
    )  # fmt: skip
    victim = forms.ChoiceField(label=_("For victim (optional)"), required=False)

    def __init__(self, *args: object, victims: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.victims = {v.code: v for v in victims}
        self.fields["victim"].choices = [("", "—"), *((c, c) for c in self.victims)]

    def service_kwargs(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "intervention_type": data["intervention_type"],
            "status": data["status"],
            "date_edtf": data["date_edtf"],
            "addressed_to": data["addressed_to"],
            "file_number": data["file_number"],
            "victim": self.victims.get(data["victim"]),
        }


def status_term(code: str) -> Term | None:
    """The ``intervention_status`` term with ``code`` (None for an empty or unknown code)."""
    return next((t for t in terms("intervention_status") if t.code == code), None)


def next_statuses(current: Term | None) -> list[Term]:
    """The statuses an intervention may move to from ``current`` (any, when it has none)."""
    statuses = terms("intervention_status")
    if current is None:
        return statuses
    allowed = current.attributes.get("next") or []
    return [t for t in statuses if t.code in allowed]


class StatusChangeForm(forms.Form):
    """Move an intervention to one of the statuses its current one allows."""

    to_status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: e.g. what the authority answered. Kept encrypted."),
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    from_status = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: object, allowed: list[Term], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = {t.code: t for t in allowed}
        self.fields["to_status"].choices = [("", "—"), *((t.code, t.label()) for t in allowed)]

    def chosen_status(self) -> Term:
        return self.allowed[self.cleaned_data["to_status"]]


class InterventionFilterForm(forms.Form):
    """Filters of the intervention list (GET)."""

    status = TermField("intervention_status", label=_("Status"), required=False)
    intervention_type = TermField("intervention_type", label=_("Type"), required=False)
