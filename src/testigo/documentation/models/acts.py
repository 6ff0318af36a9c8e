"""Acts (one violation done to one victim in an event) and involvements (who did it)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from testigo.core.fields import EncryptedTextField
from testigo.documentation.models.events import Event, term_fk, term_m2m
from testigo.documentation.models.persons import Person


class Act(models.Model):
    """One violation done to one victim (a person or group) in an event: the unit of analysis."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="acts", verbose_name=_("event")
    )
    victim = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="acts_suffered", verbose_name=_("victim")
    )
    act_type = term_fk("act_type", _("type of act"))
    rights = term_m2m("right", _("rights affected"))
    date_edtf = models.CharField(_("date (EDTF)"), max_length=100, blank=True)
    consequences = EncryptedTextField(_("consequences"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("act")
        verbose_name_plural = _("acts")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.act_type} → {self.victim}"


class Involvement(models.Model):
    """Links a perpetrator (a person or group, possibly unidentified) to an act.

    ``government_level`` is copied from the perpetrator type (authorities are federal, state
    or municipal) so lists and statistics can filter on it.
    """

    act = models.ForeignKey(
        Act, on_delete=models.CASCADE, related_name="involvements", verbose_name=_("act")
    )
    perpetrator = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="involvements",
        verbose_name=_("perpetrator"),
    )  # fmt: skip
    perpetrator_type = term_fk("perpetrator_type", _("type of perpetrator"))
    government_level = term_fk("government_level", _("government level"))
    degree = term_fk("degree_of_involvement", _("degree of involvement"))

    class Meta:
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.perpetrator_type} ({self.degree})"
