"""Indicators defined jointly by government and civil society (OHCHR framework, standards.md §1).

* :class:`JointWorkingGroup` — the body that agrees indicators; its members are
  *organisations* (:class:`GroupMember`). A person speaks for the group through a membership
  in one of those organisations; the organisation's ``kind`` (government / civil society) is
  the side their approval counts for. International organisations may comment but count for
  neither side.
* :class:`Indicator` — the identity (``code``) of an indicator within a group.
* :class:`IndicatorVersion` — one immutable definition (``content``, the YAML definition as a
  dict). A change is a new version. A version is *agreed* once a government member and a
  civil-society member of the group both approved **that** version.
* :class:`Approval` — one person's decision on one version on behalf of one organisation:
  ``approve`` or ``dissent`` (with reasons, publishable).
* :class:`Comment` — discussion on a version.
* :class:`StructuralScore` — a scored structural indicator (existence of a protocol…).
* :class:`ComputationRun` / :class:`IndicatorValue` — computed, gated values with their trace.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from testigo.accounts.models import Organisation
from testigo.core.errors import ApplicationError


class JointWorkingGroup(models.Model):
    """A joint working group of government and civil-society organisations."""

    slug = models.SlugField(_("short name"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    organisations = models.ManyToManyField(
        Organisation,
        through="GroupMember",
        related_name="working_groups",
        verbose_name=_("member organisations"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("joint working group")
        verbose_name_plural = _("joint working groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    """An organisation's seat in a joint working group."""

    group = models.ForeignKey(JointWorkingGroup, on_delete=models.CASCADE, related_name="seats")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(fields=["group", "organisation"], name="one_seat_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ∈ {self.group}"


class Indicator(models.Model):
    """An indicator's identity; its definitions are its versions."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    group = models.ForeignKey(
        JointWorkingGroup,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("joint working group"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class IndicatorVersion(models.Model):
    """One definition of an indicator. Immutable once proposed (a change is a new version)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        AGREED = "agreed", _("agreed")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("definition"))
    change_note = models.TextField(_("what changed"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_for = models.ForeignKey(
        Organisation,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator version")
        verbose_name_plural = _("indicator versions")
        ordering = ["indicator", "number"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "number"], name="one_number_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} v{self.number}"

    def save(self, *args: object, **kwargs: object) -> None:
        """Refuse to change a proposed definition: only status and ``agreed_at`` may change."""
        if self.pk is not None:
            stored = IndicatorVersion.objects.filter(pk=self.pk).values("content", "number").first()
            if stored is not None and (
                stored["content"] != self.content or stored["number"] != self.number
            ):
                raise ApplicationError(
                    str(_("A proposed definition cannot be changed; propose a new version."))
                )
        super().save(*args, **kwargs)

    @property
    def is_agreed(self) -> bool:
        """True once both sides of the group approved this version."""
        return self.status == self.Status.AGREED


class Side(models.TextChoices):
    GOVERNMENT = "government", _("government")
    CIVIL_SOCIETY = "civil_society", _("civil society")
    OTHER = "other", _("other (counts for neither side)")


class Approval(models.Model):
    """One person's decision on one version, on behalf of one member organisation."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("approve")
        DISSENT = "dissent", _("dissent")

    version = models.ForeignKey(
        IndicatorVersion, on_delete=models.CASCADE, related_name="approvals"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reasons = models.TextField(_("reasons"), blank=True)
    publish = models.BooleanField(_("publish this dissent"), default=False)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "user", "organisation"], name="one_decision_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.decision} ({self.side})"


class Comment(models.Model):
    """A comment on a version (discussion before agreeing)."""

    version = models.ForeignKey(IndicatorVersion, on_delete=models.CASCADE, related_name="comments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.version}: {self.text[:40]}"


class StructuralScore(models.Model):
    """A structural indicator's score for a period (1 = in place, 0 = not), with evidence."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="structural_scores"
    )
    period = models.CharField(_("period"), max_length=20)
    value = models.DecimalField(_("score"), max_digits=8, decimal_places=2)
    evidence = models.TextField(_("evidence (document, date, article)"))
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("structural score")
        verbose_name_plural = _("structural scores")
        ordering = ["period", "at", "id"]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period} = {self.value}"


class ComputationRun(models.Model):
    """One run of ``indicators compute``: who, when, how many values."""

    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    values_written = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("computation run")
        verbose_name_plural = _("computation runs")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} ({self.values_written})"


class IndicatorValue(models.Model):
    """One computed value: version × series × period × disaggregation category.

    ``numerator``/``denominator`` are the gated figures (``None`` = suppressed);
    ``value`` is ``None`` when suppressed (``conf_status`` ``C``) or not computable
    (``obs_status`` ``M``). ``trace`` holds what it was computed from (the tables asked of
    the gate or the observations averaged) and the formula, for "how was this computed".
    """

    version = models.ForeignKey(IndicatorVersion, on_delete=models.CASCADE, related_name="values")
    run = models.ForeignKey(ComputationRun, on_delete=models.CASCADE, related_name="values")
    series = models.CharField(_("series"), max_length=60)
    period = models.CharField(_("period"), max_length=20)
    breakdown = models.CharField(_("disaggregation"), max_length=60, blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    numerator = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    obs_status = models.CharField(max_length=1, default="A")
    conf_status = models.CharField(max_length=1, default="F")
    trace = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["version", "series", "period", "breakdown", "category"]
        indexes = [models.Index(fields=["version", "series", "period"])]

    def __str__(self) -> str:
        return f"{self.version} {self.series} {self.period} {self.category} = {self.value}"
