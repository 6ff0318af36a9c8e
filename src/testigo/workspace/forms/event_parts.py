"""Rows of the “document an event” screen: victims, acts (with up to two perpetrators) and
the source. Formsets with spare rows: no JavaScript needed; empty rows are ignored."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from testigo.workspace.forms.fields import (
    CountryField,
    EdtfField,
    TermField,
    perpetrator_groups,
)
from testigo.workspace.forms.persons import NAME_HELP, AgeMixin

VICTIM_ROWS = 4
ACT_ROWS = 4
PERPETRATORS = (1, 2)


class VictimForm(AgeMixin, forms.Form):
    """One victim: a person or a group. A code links a person already registered."""

    person_code = forms.CharField(
        label=gettext_lazy("Code, if already registered"), required=False, max_length=16,
        help_text=gettext_lazy("E.g. P-7K3Q-9XAB, from the intake. Leave the rest empty."),
    )  # fmt: skip
    name = forms.CharField(
        label=gettext_lazy("Name"), required=False, max_length=300, help_text=NAME_HELP
    )
    sex = TermField("sex", label=gettext_lazy("Sex"), required=False)
    age = forms.IntegerField(label=gettext_lazy("Age"), required=False, min_value=0, max_value=120)
    age_is_estimate = forms.BooleanField(label=gettext_lazy("About"), required=False)
    nationality = CountryField(label=gettext_lazy("Nationality"))
    is_group = forms.BooleanField(label=gettext_lazy("A group"), required=False)
    group_size = forms.IntegerField(
        label=gettext_lazy("How many people"), required=False, min_value=1, max_value=100000
    )

    def clean(self) -> dict:
        data = super().clean()
        data["person_code"] = (data.get("person_code") or "").strip().upper()
        others = [k for k in self.changed_data if k != "person_code"]
        if data["person_code"] and others:
            self.add_error(
                "person_code",
                _(
                    "A registered person's details are already recorded: "
                    "leave the other fields of this row empty."
                ),
            )
        size = data.get("group_size")
        if size and size > 1:
            data["is_group"] = True
        return data

    def person_spec(self) -> dict[str, object]:
        """Person fields for ``event_document`` (empty values left out)."""
        data = self.cleaned_data
        spec = {
            "name": (data.get("name") or "").strip(),
            "sex": data.get("sex"),
            "age": data.get("age"),
            "age_is_estimate": data.get("age_is_estimate"),
            "nationality": data.get("nationality"),
            "is_group": data.get("is_group"),
            "group_size": data.get("group_size") if data.get("is_group") else None,
        }
        return {k: v for k, v in spec.items() if v not in (None, "", False)}


class ActForm(forms.Form):
    """What was done to which victim, when, and by whom (up to two perpetrators)."""

    def __init__(self, *args: object, victim_count: int = VICTIM_ROWS, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["victim"].choices = [
            (str(n), _("Victim %(n)s") % {"n": n}) for n in range(1, victim_count + 1)
        ]

    victim = forms.ChoiceField(label=gettext_lazy("Victim"), initial="1")
    act_type = TermField("act_type", label=gettext_lazy("What was done"))
    date_edtf = EdtfField(
        label=gettext_lazy("Date"), help_text=gettext_lazy("If different from the event's.")
    )
    perpetrator_1_type = TermField(
        "perpetrator_type", group=perpetrator_groups, required=False,
        label=gettext_lazy("Who did it"),
    )  # fmt: skip
    perpetrator_1_degree = TermField(
        "degree_of_involvement", label=gettext_lazy("How the first was involved"), required=False
    )
    perpetrator_2_type = TermField(
        "perpetrator_type", group=perpetrator_groups, required=False,
        label=gettext_lazy("Who else (optional)"),
    )  # fmt: skip
    perpetrator_2_degree = TermField(
        "degree_of_involvement", label=gettext_lazy("How the second was involved"), required=False
    )

    def clean(self) -> dict:
        data = super().clean()
        for n in PERPETRATORS:
            if data.get(f"perpetrator_{n}_degree") and not data.get(f"perpetrator_{n}_type"):
                self.add_error(f"perpetrator_{n}_type", _("Say who, or leave “how” empty."))
        return data

    def perpetrators(self) -> list[dict[str, object]]:
        data = self.cleaned_data
        return [
            {"perpetrator_type": data[f"perpetrator_{n}_type"],
             "degree": data[f"perpetrator_{n}_degree"]}
            for n in PERPETRATORS
            if data.get(f"perpetrator_{n}_type")
        ]  # fmt: skip


class SourceForm(forms.Form):
    """How we learnt about the event (optional)."""

    source_type = TermField("source_type", label=gettext_lazy("Type of source"), required=False)
    date_edtf = EdtfField(label=gettext_lazy("Date of the source"), help_text="")
    content = forms.CharField(
        label=gettext_lazy("What the source says"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept encrypted. It cannot be searched."),
    )  # fmt: skip

    def source_spec(self) -> dict[str, object] | None:
        data = self.cleaned_data
        if not any(data.get(k) for k in ("source_type", "date_edtf", "content")):
            return None
        return {
            "source_type": data["source_type"],
            "date_edtf": data["date_edtf"],
            "content": data["content"],
        }


VictimFormSet = forms.formset_factory(
    VictimForm, extra=VICTIM_ROWS, max_num=40, absolute_max=40, validate_max=True
)
ActFormSet = forms.formset_factory(
    ActForm, extra=ACT_ROWS, max_num=80, absolute_max=80, validate_max=True
)
