"""Labels for indicator series, disaggregation categories and definition fields."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from testigo.indicators.library import text
from testigo.statistics.dimensions import DIMENSIONS
from testigo.vocab.models import Term

VOCABULARY_BREAKDOWNS = {"government_level": "government_level", "need": "need"}
BREAKDOWN_TITLES = {"government_level": _("level of government"), "need": _("type of need")}
TYPE_LABELS = {"structural": _("structural"), "process": _("process"), "outcome": _("outcome")}
DIRECTION_LABELS = {"increase": _("increase"), "decrease": _("decrease"), "maintain": _("maintain")}
STATUS_LABELS = {"on_track": _("on track"), "off_track": _("off track"), "no_data": _("no data")}


def category_label(breakdown: str, code: str, lang: str) -> str:
    """The label of a disaggregation category in ``lang`` (``""`` code → "Not recorded")."""
    if not code:
        return str(_("Not recorded"))
    if breakdown in DIMENSIONS:
        return DIMENSIONS[breakdown].label(code, lang) or code
    vocabulary = VOCABULARY_BREAKDOWNS.get(breakdown)
    if vocabulary:
        term = Term.objects.filter(vocabulary__name=vocabulary, code=code).first()
        if term is not None:
            return term.label(lang)
    return code


def breakdown_title(breakdown: str) -> str:
    """The title of a disaggregation dimension."""
    if breakdown in DIMENSIONS:
        return str(DIMENSIONS[breakdown].title)
    return str(BREAKDOWN_TITLES.get(breakdown, breakdown))


def series_label(content: dict, code: str, lang: str) -> str:
    """A series' label in ``lang`` from the definition."""
    for series in content["formula"]["series"]:
        if series["code"] == code:
            return text(series, "label", lang) or code
    return code
