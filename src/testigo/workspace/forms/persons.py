"""What the intake and victim forms share about a person."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NAME_HELP = _("Optional. Kept encrypted: lists show a code, never the name.")


class AgeMixin:
    """“About” needs an age to be about."""

    def clean(self) -> dict:
        data = super().clean()
        if data.get("age_is_estimate") and data.get("age") is None:
            self.add_error("age", ValidationError(_("Give the approximate age, e.g. 30.")))
        return data
