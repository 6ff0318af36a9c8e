"""Events and their sources (HURIDOCS Event and Information)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from testigo.accounts.models import Organisation
from testigo.core.fields import EncryptedTextField
from testigo.vocab.models import Term


class MigrationPhase(models.TextChoices):
    ORIGIN = "origin", _("origin")
    TRANSIT = "transit", _("transit")
    DESTINATION = "destination", _("destination")
    RETURN = "return", _("return")


def term_fk(vocabulary: str, verbose: str) -> models.ForeignKey:
    """A nullable foreign key to a term of ``vocabulary``."""
    return models.ForeignKey(
        Term, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"vocabulary__name": vocabulary}, verbose_name=verbose,
    )  # fmt: skip


def term_m2m(vocabulary: str, verbose: str) -> models.ManyToManyField:
    """A many-to-many link to terms of ``vocabulary``."""
    return models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary__name": vocabulary},
        verbose_name=verbose,
    )


class Event(models.Model):
    """Something that happened, with a start and an end (HURIDOCS Event).

    Counts (persons) are for events documented only in aggregate, as IOM's Missing
    Migrants Project does: ``dead``, ``missing`` and ``survivors`` (these two may be negative
    in a row that corrects an earlier one), ``dead_and_missing`` (the source's own total),
    ``females``, ``males``, ``children``. ``None`` means "not reported", not zero.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("organisation"),
    )
    dataset = models.SlugField(_("dataset"), max_length=40, default="manual")
    source_key = models.CharField(_("source key"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=300)

    date_edtf = models.CharField(_("date (EDTF)"), max_length=100, default="XXXX")
    date_start = models.DateField(_("earliest date"), null=True, blank=True)
    date_end = models.DateField(_("latest date"), null=True, blank=True)
    year = models.SmallIntegerField(_("year"), null=True, blank=True, db_index=True)
    month = models.SmallIntegerField(_("month"), null=True, blank=True)

    country = models.CharField(_("country (ISO 3166-1 alpha-2)"), max_length=2, blank=True)
    state_code = models.CharField(_("state (ISO 3166-2)"), max_length=6, blank=True)
    municipality_code = models.CharField(
        _("municipality (INEGI CVEGEO)"), max_length=5, blank=True,
        help_text=_("Five digits: state (2) and municipality (3), INEGI catalogue."),
    )  # fmt: skip
    place_text = models.TextField(_("place"), blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    region = term_fk("region_of_incident", _("region of incident"))
    migration_route = term_fk("migration_route", _("migration route"))
    migration_phase = models.CharField(
        _("migration phase"), max_length=12, choices=MigrationPhase.choices, blank=True
    )
    cause_of_death = term_fk("cause_of_death", _("cause of death"))
    incident_type = term_fk("incident_type", _("incident type"))

    dead = models.IntegerField(_("dead"), null=True, blank=True)
    missing = models.IntegerField(_("missing"), null=True, blank=True)
    dead_and_missing = models.IntegerField(_("dead and missing"), null=True, blank=True)
    survivors = models.IntegerField(_("survivors"), null=True, blank=True)
    females = models.IntegerField(_("females"), null=True, blank=True)
    males = models.IntegerField(_("males"), null=True, blank=True)
    children = models.IntegerField(_("children"), null=True, blank=True)

    source_values = models.JSONField(_("values as in the source"), default=dict, blank=True)
    description = EncryptedTextField(_("description"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = [models.F("date_start").desc(nulls_last=True), "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "dataset", "source_key"],
                condition=~Q(source_key=""),
                name="event_unique_source_key",
            ),
            models.CheckConstraint(
                condition=Q(dead__isnull=True) | Q(dead__gte=0), name="event_dead_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(date_start__isnull=True)
                | Q(date_end__isnull=True)
                | Q(date_start__lte=models.F("date_end")),
                name="event_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["dataset", "year"])]

    def __str__(self) -> str:
        return self.title


class Source(models.Model):
    """Who told us, how, how reliable (HURIDOCS Information)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sources", verbose_name=_("event")
    )
    name = models.TextField(_("information source"), blank=True)
    url = models.TextField(_("URL"), blank=True)
    quality = term_fk("source_quality", _("source quality"))
    quality_raw = models.CharField(_("source quality as given"), max_length=40, blank=True)
    source_type = term_fk("source_type", _("type of source"))
    date_edtf = models.CharField(_("date (EDTF)"), max_length=100, blank=True)
    language = term_fk("language", _("language"))
    content = EncryptedTextField(_("content"), blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.name[:80]
