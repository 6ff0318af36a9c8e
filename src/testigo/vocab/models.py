"""Controlled vocabularies: stable codes with Spanish and English labels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Vocabulary(models.Model):
    """One controlled list (``migration_route``, ``cause_of_death``…), loaded from a data file."""

    name = models.SlugField(_("name"), max_length=60, unique=True)
    label_es = models.CharField(max_length=200)
    label_en = models.CharField(max_length=200)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("vocabulary")
        verbose_name_plural = _("vocabularies")

    def __str__(self) -> str:
        return self.name


class Term(models.Model):
    """A term of a vocabulary. ``code`` is stable: it is never renamed once published."""

    vocabulary = models.ForeignKey(Vocabulary, on_delete=models.PROTECT, related_name="terms")
    code = models.SlugField(_("code"), max_length=80)
    label_es = models.CharField(max_length=300)
    label_en = models.CharField(max_length=300)
    source_labels = models.JSONField(default=list, blank=True)
    huridocs = models.CharField(_("HURIDOCS code"), max_length=40, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["vocabulary", "position"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="unique_term_code"),
        ]

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        """The term's label in ``language`` (``es``/``en``; default: the active language)."""
        lang = (language or get_language() or "es")[:2]
        return self.label_en if lang == "en" else self.label_es
