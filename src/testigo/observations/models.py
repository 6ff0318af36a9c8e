"""Official statistics as observations (design.md §2): one value of one measure, SDMX-like.

An observation is a published aggregate (CBP encounters in a sector and month, UN DESA
migrant stock by origin, destination and sex, remittances received by a state in a
quarter…). It never describes a person. ``dimensions`` holds the breakdowns other than
period and area, as SDMX-style concept → code pairs (``{"sex": "F", "citizenship": "MX"}``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from testigo.accounts.models import Organisation


class PeriodType(models.TextChoices):
    YEAR = "year", _("calendar year")
    FISCAL_YEAR = "fiscal_year", _("US federal fiscal year (October–September)")
    QUARTER = "quarter", _("quarter")
    MONTH = "month", _("month")
    DAY = "day", _("day")
    RANGE = "range", _("other period")


class ObservationStatus(models.TextChoices):
    """SDMX OBS_STATUS codes (the subset official sources use)."""

    NORMAL = "A", _("normal value")
    ESTIMATED = "E", _("estimated value")
    PROVISIONAL = "P", _("provisional value")
    MISSING = "M", _("missing value")


class Observation(models.Model):
    """One official statistic: ``dataset``, ``measure``, period, area, dimensions, value, unit.

    ``period`` is the source's period written as SDMX TIME_PERIOD (``2021``, ``2021-Q1``,
    ``2021-03``) or ``FY2021`` for US fiscal years; ``period_start``/``period_end`` are its
    first and last days (FY2021 = 2020-10-01 … 2021-09-30). ``area`` is an ISO 3166-1
    alpha-2/alpha-3, ISO 3166-2, INEGI CVEGEO code or a source's own area code (a Border
    Patrol sector) with ``area_level`` saying which. ``value`` is in ``unit`` (``persons``,
    ``USD``, ``USD_millions``, ``MXN``, ``percent``…); ``None`` with status ``M`` when the
    source publishes a blank. ``flags`` lists named quirks kept for the reader (e.g.
    ``negative_cost``). ``source_key`` identifies the observation within ``dataset`` so a
    second import of the same file creates nothing.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="observations",
        verbose_name=_("organisation"),
    )  # fmt: skip
    dataset = models.SlugField(_("dataset"), max_length=60)
    source_key = models.CharField(_("source key"), max_length=200)
    measure = models.SlugField(_("measure"), max_length=60)
    unit = models.CharField(_("unit"), max_length=30)
    period = models.CharField(_("period"), max_length=20)
    period_type = models.CharField(_("period type"), max_length=12, choices=PeriodType.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    area = models.CharField(_("area code"), max_length=40, blank=True)
    area_level = models.CharField(_("area level"), max_length=20, blank=True)
    area_name = models.CharField(_("area name as published"), max_length=200, blank=True)
    dimensions = models.JSONField(_("dimensions"), default=dict, blank=True)
    value = models.DecimalField(
        _("value"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=1, choices=ObservationStatus.choices,
        default=ObservationStatus.NORMAL,
    )  # fmt: skip
    flags = models.JSONField(_("flags"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(fields=["dataset", "source_key"], name="observation_key"),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="observation_period_order",
            ),
        ]
        indexes = [
            models.Index(fields=["dataset", "measure", "period_start"]),
            models.Index(fields=["dataset", "area"]),
        ]

    def __str__(self) -> str:
        return f"{self.dataset}:{self.measure} {self.period} {self.area} = {self.value}"
