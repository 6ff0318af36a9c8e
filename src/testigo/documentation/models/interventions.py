"""Interventions (what was done about it) and their status history: access to justice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from testigo.accounts.models import Organisation
from testigo.core.fields import EncryptedTextField
from testigo.documentation.models.events import Event, term_fk
from testigo.documentation.models.persons import Person


class Intervention(models.Model):
    """A complaint, legal aid, referral or care given about an event or a victim."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="interventions"
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="interventions",
        verbose_name=_("event"),
    )  # fmt: skip
    victim = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="interventions",
        verbose_name=_("victim"),
    )  # fmt: skip
    intervention_type = term_fk("intervention_type", _("type of intervention"))
    status = term_fk("intervention_status", _("status"))
    date_edtf = models.CharField(_("date (EDTF)"), max_length=100, blank=True)
    addressed_to = models.CharField(_("addressed to"), max_length=200, blank=True)
    file_number = models.CharField(_("file number"), max_length=100, blank=True)
    response = EncryptedTextField(_("response"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return f"{self.intervention_type} ({self.status})"


class InterventionStatusChange(models.Model):
    """One move of an intervention from a status to the next (who, when, why)."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="status_changes",
        verbose_name=_("intervention"),
    )  # fmt: skip
    from_status = term_fk("intervention_status", _("from"))
    to_status = term_fk("intervention_status", _("to"))
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("who"),
    )  # fmt: skip
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
