"""Public spending on migration policy: budget lines (design.md §2, BudgetLine)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from testigo.accounts.models import Organisation


class BudgetLine(models.Model):
    """One programme's budget in one fiscal year, as the budget execution report publishes it.

    Amounts are in ``currency`` (MXN for Mexico's Cuenta Pública, pesos of the year, not
    deflated): ``approved`` (aprobado, the budget decree), ``modified`` (modificado, after
    adjustments), ``executed`` (ejercido / pagado). ``None`` means not published. Keys follow
    the source's structure: ``branch`` (ramo), ``agency`` (unidad responsable), ``programme_key``
    (programa presupuestario, e.g. ``E008``). ``tags`` carries GCM objectives and policy areas
    for the budget module.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="budget_lines",
        verbose_name=_("organisation"),
    )  # fmt: skip
    dataset = models.SlugField(_("dataset"), max_length=60)
    source_key = models.CharField(_("source key"), max_length=200)
    year = models.SmallIntegerField(_("fiscal year"))
    branch_code = models.CharField(_("branch (ramo) code"), max_length=10, blank=True)
    branch_name = models.CharField(_("branch (ramo)"), max_length=300, blank=True)
    agency_code = models.CharField(_("agency (unidad responsable) code"), max_length=10, blank=True)
    agency_name = models.CharField(_("agency (unidad responsable)"), max_length=300, blank=True)
    programme_key = models.CharField(_("programme key"), max_length=20)
    programme_name = models.CharField(_("programme"), max_length=400, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="MXN")
    approved = models.DecimalField(
        _("approved"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    modified = models.DecimalField(
        _("modified"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    executed = models.DecimalField(
        _("executed"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)
    dimensions = models.JSONField(_("other breakdowns"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["dataset", "source_key"], name="budget_line_key"),
        ]
        indexes = [models.Index(fields=["year", "programme_key"])]

    def __str__(self) -> str:
        return f"{self.year} {self.programme_key}"
