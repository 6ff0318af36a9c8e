"""Intakes: a shelter's or NGO's registration of a person it serves, with consent."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from testigo.accounts.models import Organisation
from testigo.core.fields import EncryptedTextField
from testigo.documentation.models.events import term_fk, term_m2m
from testigo.documentation.models.persons import Person


class Intake(models.Model):
    """One registration of a person served (counting unit: intakes).

    Consent is recorded per purpose and enforced in code (docs/consent.md): without
    ``consent_statistics`` the intake is not counted; without ``consent_network`` it is never
    shared with a network, even pseudonymised.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="intakes")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="intakes", verbose_name=_("person")
    )
    date = models.DateField(_("date"))
    dataset = models.SlugField(_("dataset"), max_length=40, default="manual")
    source_key = models.CharField(_("source key"), max_length=100, blank=True)
    destination_country = models.CharField(
        _("destination country (ISO 3166-1 alpha-2)"), max_length=2, blank=True
    )
    destination_state = models.CharField(
        _("destination state (ISO 3166-2)"), max_length=6, blank=True
    )
    travel_company = term_fk("travel_company", _("travelling with"))
    migration_route = term_fk("migration_route", _("migration route"))
    intention = term_fk("migration_intention", _("intention"))
    needs = term_m2m("need", _("needs"))
    services = term_m2m("service", _("services given"))
    consent_services = models.BooleanField(_("consents to receive services"), default=False)
    consent_network = models.BooleanField(_("consents to sharing with the network"), default=False)
    consent_statistics = models.BooleanField(_("consents to statistical use"), default=False)
    notes = EncryptedTextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["organisation", "dataset", "source_key"])]

    def __str__(self) -> str:
        return f"{self.person} {self.date}"
