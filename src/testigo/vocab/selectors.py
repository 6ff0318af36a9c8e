"""Reads of vocabularies: source-label lookups for importers, labels for output."""

from __future__ import annotations

from testigo.vocab.loader import normalise_label
from testigo.vocab.models import Term


def term_index(vocabulary: str) -> dict[str, Term]:
    """Map every normalised source label, code and label of ``vocabulary`` to its term."""
    index: dict[str, Term] = {}
    for term in Term.objects.filter(vocabulary__name=vocabulary):
        for key in (term.code, term.label_es, term.label_en, *term.source_labels):
            index.setdefault(normalise_label(str(key)), term)
    return index


def term_labels(vocabulary: str, language: str) -> dict[str, str]:
    """Map each code of ``vocabulary`` to its label in ``language`` (``es`` or ``en``)."""
    return {t.code: t.label(language) for t in Term.objects.filter(vocabulary__name=vocabulary)}


def term_codes_with_attribute(vocabulary: str, key: str, value: object) -> list[str]:
    """Codes of ``vocabulary`` whose ``attributes[key] == value`` (e.g. continent = americas)."""
    return [
        t.code
        for t in Term.objects.filter(vocabulary__name=vocabulary)
        if t.attributes.get(key) == value
    ]
