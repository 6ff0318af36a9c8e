"""Record linkage runs, the links they found (with their scores) and every decision on them.

Links are stored, never merges: two records a run scored stay two records, and a
:class:`RecordLink` says how likely they are the same person or event (Fellegi–Sunter match
probability and weight, with the evidence per comparison). Reviewers move a link between
statuses; each move is kept as a :class:`LinkDecision` (who, when, from → to, why), so a
cluster can be split again and every figure computed from links can be traced (standards.md
§9.2: "store links with scores, not merged records"; Sadinle 2018).

Records are named by keys: ``person:<id>`` and ``event:<id>`` for Testigo's own records,
anything else (``mmp:2014.1234``) for records outside Testigo, whose display fields a run
may carry in ``external_records``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from testigo.accounts.models import Organisation


class LinkageRun(models.Model):
    """One run of the matching engine: what was compared, how, and with which thresholds.

    ``settings`` and ``blocking_rules`` are the model's parameters as the engine gave them
    (Splink settings, JSON); ``lower`` and ``upper`` are match probabilities (0–1): pairs at
    or above ``upper`` are linked automatically, pairs from ``lower`` up to ``upper`` wait
    for clerical review, pairs below ``lower`` are not stored (only counted).
    """

    class Kind(models.TextChoices):
        PERSONS = "persons", _("persons")
        EVENTS = "events", _("events")

    kind = models.CharField(_("records linked"), max_length=10, choices=Kind.choices)
    link_type = models.CharField(_("link type"), max_length=20, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="linkage_runs",
        verbose_name=_("organisation"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("run by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("run at"), auto_now_add=True)
    settings = models.JSONField(_("model parameters"), default=dict, blank=True)
    blocking_rules = models.JSONField(_("blocking rules"), default=list, blank=True)
    lower = models.FloatField(_("lower threshold (match probability)"))
    upper = models.FloatField(_("upper threshold (match probability)"))
    record_count = models.PositiveIntegerField(_("records compared"), default=0)
    training_log = models.JSONField(_("training log"), default=list, blank=True)
    pair_count = models.PositiveIntegerField(_("pairs stored"), default=0)
    auto_linked_count = models.PositiveIntegerField(_("pairs linked automatically"), default=0)
    candidate_count = models.PositiveIntegerField(_("pairs sent to review"), default=0)
    below_lower_count = models.PositiveIntegerField(_("pairs below the lower threshold"), default=0)
    seconds = models.FloatField(_("seconds"), default=0)
    external_records = models.JSONField(
        _("records outside Testigo"), default=dict, blank=True,
        help_text=_("Display fields of records that are not Testigo records, by key."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("linkage run")
        verbose_name_plural = _("linkage runs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lower__gte=0) & Q(lower__lte=F("upper")) & Q(upper__lte=1),
                name="linkage_run_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class LinkStatus(models.TextChoices):
    CANDIDATE = "candidate", _("candidate (awaiting review)")
    LINKED = "linked", _("linked")
    NOT_LINKED = "not_linked", _("not linked")
    UNLINKED = "unlinked", _("unlinked (split)")


class RecordLink(models.Model):
    """A scored pair of records of one run, and its status.

    ``left_organisation`` / ``right_organisation`` are the organisations owning the two
    records (empty for records outside Testigo); access rules are checked against them.
    ``evidence`` maps each comparison to the level the pair reached (``{"surname": "exact"}``).
    """

    run = models.ForeignKey(
        LinkageRun, on_delete=models.PROTECT, related_name="links", verbose_name=_("run")
    )
    left_key = models.CharField(_("first record"), max_length=120)
    right_key = models.CharField(_("second record"), max_length=120)
    left_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    right_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    match_probability = models.FloatField(_("match probability"))
    match_weight = models.FloatField(_("match weight"))
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=LinkStatus.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("record link")
        verbose_name_plural = _("record links")
        ordering = ["-match_probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "left_key", "right_key"], name="link_unique"),
            models.CheckConstraint(condition=~Q(left_key=F("right_key")), name="link_two_records"),
            models.CheckConstraint(
                condition=Q(match_probability__gte=0) & Q(match_probability__lte=1),
                name="link_probability_0_1",
            ),
        ]
        indexes = [
            models.Index(fields=["run", "status", "-match_probability"]),
            models.Index(fields=["run", "right_key"]),  # walking a cluster (left: the unique)
        ]

    def __str__(self) -> str:
        return f"{self.left_key} ~ {self.right_key} ({self.match_probability:.3f})"


class LinkDecision(models.Model):
    """One change of a link's status: automatic (the run), a review, or a split."""

    class Action(models.TextChoices):
        AUTO = "auto", _("linked automatically")
        REVIEW = "review", _("review")
        SPLIT = "split", _("split")

    link = models.ForeignKey(
        RecordLink, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("link")
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=12, choices=LinkStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=LinkStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("who"),
    )  # fmt: skip
    at = models.DateTimeField(_("when"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("link decision")
        verbose_name_plural = _("link decisions")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.link_id}: {self.from_status or '—'} → {self.to_status}"
