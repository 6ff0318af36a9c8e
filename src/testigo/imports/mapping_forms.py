"""Forms of the mapping builder: the files, the columns, the values."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from testigo.accounts.models import Organisation
from testigo.imports.mapping.targets import TARGETS, TargetField

NOT_IMPORTED = ""


class MappingStartForm(forms.Form):
    """Step 1: the kind of file, what it fills, whose records, the files."""

    source_kind = forms.ChoiceField(
        label=_("Kind of file"),
        choices=[
            ("spreadsheet", _("Spreadsheet (CSV or XLSX)")),
            ("kobo", _("KoboToolbox / ODK export with its XLSForm")),
        ],
    )
    target = forms.ChoiceField(label=_("Records to create"), choices=())
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    file = forms.FileField(label=_("File (.csv or .xlsx)"))
    form_file = forms.FileField(
        label=_("XLSForm (.xlsx or .xls)"), required=False,
        help_text=_("For Kobo/ODK exports: the form the data was collected with."),
    )  # fmt: skip
    repeat_file = forms.FileField(
        label=_("Export of the repeat group (optional)"), required=False,
        help_text=_("When the form's repeat group was exported as a separate file."),
    )  # fmt: skip

    def __init__(self, *args: object, organisations: list[Organisation], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(t.name, t.label) for t in TARGETS.values()]
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("source_kind") == "kobo" and not data.get("form_file"):
            self.add_error("form_file", _("A Kobo/ODK export needs its XLSForm."))
        return data


class MappingColumnsForm(forms.Form):
    """Step 2: one choice per column of the file (``column_<i>``), the key column, a name."""

    name = forms.CharField(label=_("Name of this mapping"), max_length=120)

    dataset = forms.SlugField(
        label=_("Name of this kind of file (optional)"), max_length=40, required=False,
        help_text=_("Keeps the rows of different spreadsheets of your organisation apart."),
    )  # fmt: skip
    constant_date = forms.DateField(
        label=_("Date for every row"), required=False,
        help_text=_("Only when no column holds the date (e.g. a form export without one)."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip

    def __init__(
        self,
        *args: object,
        header: list[str],
        target: str,
        key_choices: list[str],
        repeats: list[str] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        if repeats:
            self.fields["repeat"] = forms.ChoiceField(
                label=_("Repeat group whose rows belong to each record"), required=False,
                choices=[(NOT_IMPORTED, _("— none —")), *((r, r) for r in repeats)],
                help_text=_("For a household form: the members' repeat group sizes the group."),
            )  # fmt: skip
        choices = [(NOT_IMPORTED, _("— not imported —"))] + [
            (f.name, f"{f.label}{' *' if f.required else ''}") for f in TARGETS[target].fields
        ]
        for i, column in enumerate(header):
            self.fields[f"column_{i}"] = forms.ChoiceField(
                label=column, choices=choices, required=False
            )
        self.fields["key_column"] = forms.ChoiceField(
            label=_("Column that identifies a row"), required=False,
            choices=[(NOT_IMPORTED, _("— none: rows are identified by their content —"))]
            + [(c, c) for c in key_choices],
            help_text=_("Importing the same file again then creates nothing."),
        )  # fmt: skip
        self.header = header

    def clean(self) -> dict:
        data = super().clean()
        seen: dict[str, str] = {}
        for i, column in enumerate(self.header):
            chosen = data.get(f"column_{i}")
            if chosen:
                if chosen in seen:
                    self.add_error(
                        f"column_{i}",
                        _("“%(field)s” is already filled by column “%(other)s”.")
                        % {"field": chosen, "other": seen[chosen]},
                    )
                seen[chosen] = column
        if "date" not in seen and not data.get("constant_date"):
            self.add_error(
                "constant_date",
                _("Choose the column that holds the date, or give a date for every row."),
            )
        return data

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"column_{i}"] for i in range(len(self.header))]


class MappingValuesForm(forms.Form):
    """Step 3: for each vocabulary column, each raw value → a code (``value_<c>_<v>``)."""

    def __init__(
        self,
        *args: object,
        columns: list[tuple[str, TargetField, list[str], list[tuple[str, str]]]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.groups: list[tuple[str, TargetField, list[str]]] = []
        for c, (column, target_field, raw_values, choices) in enumerate(columns):
            names = []
            for v, raw in enumerate(raw_values):
                name = f"value_{c}_{v}"
                self.fields[name] = forms.ChoiceField(
                    label=raw, required=False,
                    choices=[(NOT_IMPORTED, _("— choose —")), *choices],
                )  # fmt: skip
                names.append(name)
            self.groups.append((column, target_field, names))

    def grouped(self) -> list[tuple[str, TargetField, list[forms.BoundField]]]:
        return [(c, f, [self[n] for n in names]) for c, f, names in self.groups]
