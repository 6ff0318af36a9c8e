"""Form fields shared by the workspace forms: vocabulary terms, countries, states, EDTF dates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from testigo.documentation.dates import DateParseError, parse_edtf
from testigo.vocab.models import Term
from testigo.workspace import choices
from testigo.workspace.forms.widgets import FastSelect

EDTF_HELP = gettext_lazy(
    "As precise as you know it: 2023-05 (a month), 2023-05~ (about May 2023), "
    "2023-05-10/2023-05-12 (between two days), XXXX (unknown)."
)


_TERMS: ContextVar[dict[str, list[Term]] | None] = ContextVar("workspace_terms", default=None)


def terms(vocabulary: str) -> list[Term]:
    """The terms of ``vocabulary`` in their file order (empty when not loaded yet); read once
    per request inside :func:`vocabularies_cached`."""
    cache = _TERMS.get()
    if cache is not None and vocabulary in cache:
        return cache[vocabulary]
    items = list(Term.objects.filter(vocabulary__name=vocabulary).order_by("position", "id"))
    if cache is not None:
        cache[vocabulary] = items
    return items


@contextmanager
def vocabularies_cached() -> Iterator[None]:
    """Within the block, each vocabulary is read from the database once (a page with many
    rows has many selects of the same vocabulary)."""
    token = _TERMS.set({})
    try:
        yield
    finally:
        _TERMS.reset(token)


def perpetrator_groups(items: list[Term]) -> list:
    """Perpetrator types grouped as the vocabulary orders them: each country's authorities by
    level of government, other countries' authorities, then those who are not authorities."""
    levels = {t.code: t.label() for t in terms("government_level")}
    groups: dict[str, list] = {}
    for term in items:
        groups.setdefault(_perpetrator_group(term, levels), []).append((term.code, term.label()))
    return list(groups.items())


def _perpetrator_group(term: Term, levels: dict[str, str]) -> str:
    attrs = term.attributes
    if not attrs.get("authority"):
        return _("Not authorities")
    if not attrs.get("country"):
        return _("Authorities of other countries")
    country = choices.country_name(attrs["country"])
    level = attrs.get("government_level")
    if level == "foreign":
        return _("Authorities of %(country)s") % {"country": country}
    if not level:
        return _("Authorities of %(country)s: level not known") % {"country": country}
    return _("Authorities of %(country)s: %(level)s") % {
        "country": country,
        "level": levels.get(level, level).lower(),
    }


class TermField(forms.ChoiceField):
    """A select of one vocabulary's terms (values are the stable codes); cleans to a Term.

    ``group`` turns the terms into grouped choices (``<optgroup>``), e.g. perpetrator types.
    """

    def __init__(
        self,
        vocabulary: str,
        *,
        group: Callable[[list[Term]], list] | None = None,
        **kwargs: object,
    ) -> None:
        self.vocabulary = vocabulary
        self.group = group
        super().__init__(choices=self._choices, **kwargs)

    def _choices(self) -> list:
        items = terms(self.vocabulary)
        if self.group is not None:
            return [("", "—"), *self.group(items)]
        return [("", "—"), *((t.code, t.label()) for t in items)]

    def clean(self, value: object) -> Term | None:
        code = super().clean(value)
        if not code:
            return None
        term = Term.objects.filter(vocabulary__name=self.vocabulary, code=code).first()
        if term is None:
            raise ValidationError(_("Choose a value from the list."), code="invalid_choice")
        return term


class TermMultipleField(forms.MultipleChoiceField):
    """Checkboxes of one vocabulary's terms; cleans to a list of Terms."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, vocabulary: str, **kwargs: object) -> None:
        self.vocabulary = vocabulary
        kwargs.setdefault("required", False)
        super().__init__(choices=self._choices, **kwargs)

    def _choices(self) -> list:
        return [(t.code, t.label()) for t in terms(self.vocabulary)]

    def clean(self, value: object) -> list[Term]:
        codes = super().clean(value)
        found = {t.code: t for t in terms(self.vocabulary) if t.code in set(codes)}
        return [found[c] for c in codes if c in found]


class CountryField(forms.ChoiceField):
    """ISO 3166-1 alpha-2 country, names in the active language."""

    widget = FastSelect

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("required", False)
        super().__init__(choices=choices.country_choices, **kwargs)


class StateField(forms.ChoiceField):
    """First-level ISO 3166-2 subdivision of a country on the route."""

    widget = FastSelect

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("required", False)
        super().__init__(choices=choices.state_choices, **kwargs)


def check_edtf(value: str) -> str:
    """Return the trimmed EDTF text, or raise ValidationError with a plain message."""
    text = (value or "").strip()
    if not text:
        return ""
    try:
        parse_edtf(text)
    except DateParseError as exc:
        raise ValidationError(
            _(
                "“%(value)s” is not a date we can read. "
                "Examples: 2023-05, 2023-05~, 2023-05-10/2023-05-12."
            )
            % {"value": text},
            code="edtf",
        ) from exc
    return text


class EdtfField(forms.CharField):
    """An EDTF date or interval typed as text (partial and uncertain dates are normal)."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("help_text", EDTF_HELP)
        super().__init__(**kwargs)

    def clean(self, value: object) -> str:
        return check_edtf(super().clean(value))


def errors_to_form(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` next to the form's fields (others above it)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
