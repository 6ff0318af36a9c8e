"""Forms of the import pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from testigo.accounts.models import Organisation
from testigo.imports.registry import all_sources


def source_choices() -> list[tuple[str, str]]:
    """Every registered source as (name, description)."""
    return [(s.name, f"{s.name} — {s.description}") for s in all_sources().values()]


class UploadForm(forms.Form):
    """A file for a registered source, the organisation that will own the records."""

    source_kind = forms.ChoiceField(label=_("Kind of file"), choices=())
    file = forms.FileField(label=_("File (.csv or .xlsx)"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False,
        help_text=_("Leave empty for public data: it then belongs to its publisher."),
    )  # fmt: skip
    dry_run = forms.BooleanField(
        label=_("Preview only (dry run): check and count, write nothing"), required=False
    )

    def __init__(self, *args: object, organisations: list[Organisation], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source_kind"].choices = source_choices()
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )


class UndoForm(forms.Form):
    """Confirmation of an undo."""

    confirm = forms.BooleanField(
        label=_("Yes, remove what this import created and put back what it changed"),
        required=True,
    )
