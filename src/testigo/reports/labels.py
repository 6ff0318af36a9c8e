"""Labels of category codes in Spanish or English, for every dimension the report uses.

Dimensions registered in ``testigo.statistics.dimensions`` use their own labels; the others
(person and act dimensions, until the engine registers them) use the vocabularies
(``testigo.vocab``), ISO 3166 names (pycountry) and the age groups below.
"""

from __future__ import annotations

from functools import cache

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from testigo.statistics.dimensions import DIMENSIONS, country_label, subdivision_label
from testigo.vocab.models import Term

VOCABULARY_OF = {
    "sex": "sex",
    "indigenous_language": "language",
    "act_type": "act_type",
    "perpetrator_type": "perpetrator_type",
    "government_level": "government_level",
    "intervention_type": "intervention_type",
    "intervention_status": "intervention_status",
}
AGE_GROUP_LABELS = {
    "0-11": _("0–11 years"),
    "12-17": _("12–17 years"),
    "18-29": _("18–29 years"),
    "30-59": _("30–59 years"),
    "60+": _("60 years or more"),
}


@cache
def _terms(vocabulary: str) -> dict[str, tuple[str, str, int]]:
    return {
        t.code: (t.label_es, t.label_en, t.position)
        for t in Term.objects.filter(vocabulary__name=vocabulary)
    }


def state_label(code: str) -> str:
    """The ISO 3166-2 subdivision's name in the active language (or the code)."""
    return subdivision_label(code, translation.get_language() or "es")


def not_recorded(lang: str) -> str:
    """The label of the "not recorded" category (code ``None``)."""
    with translation.override(lang):
        return str(_("Not recorded"))


def label(dim: str, code: object, lang: str) -> str:
    """The label of ``code`` in dimension ``dim`` in ``lang`` (``es``/``en``)."""
    if code is None or code == "":
        return not_recorded(lang)
    text = str(code)
    if dim == "indigenous_language" and text == "non_indigenous":
        with translation.override(lang):
            return str(_("Not an indigenous language"))
    if dim in ("month", "quarter") and text == "imprecise":
        with translation.override(lang):
            return str(_("Date not precise to the month"))
    if dim in VOCABULARY_OF:
        es, en, _position = _terms(VOCABULARY_OF[dim]).get(text, (text, text, 0))
        return en if lang == "en" else es
    if dim == "nationality":
        return country_label(text, lang)
    if dim == "state":
        return state_label(text)
    if dim == "age_group":
        with translation.override(lang):
            return str(AGE_GROUP_LABELS.get(text, text))
    if dim in DIMENSIONS:
        return DIMENSIONS[dim].label(code, lang) or not_recorded(lang)
    return text


def order(dim: str, code: object) -> tuple[object, ...]:
    """A sort key: vocabulary position (or age order, or code), ``None`` last."""
    if code is None:
        return (1, 0, "")
    if dim in VOCABULARY_OF:
        return (0, _terms(VOCABULARY_OF[dim]).get(str(code), ("", "", 10**6))[2], str(code))
    if dim == "age_group":
        return (0, list(AGE_GROUP_LABELS).index(str(code)) if code in AGE_GROUP_LABELS else 99, "")
    return (0, 0, str(code))
