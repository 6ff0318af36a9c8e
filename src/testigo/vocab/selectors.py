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
