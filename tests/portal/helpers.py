"""Helpers shared by the portal tests."""

from __future__ import annotations

from testigo.vocab.models import Term


def term(vocabulary: str, code: str) -> Term:
    """A vocabulary term (vocabularies are loaded by the post_migrate hook)."""
    return Term.objects.get(vocabulary__name=vocabulary, code=code)
