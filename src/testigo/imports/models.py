"""Import runs are records: who, when, which file, what happened to every row."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from testigo.accounts.models import Organisation


class ImportRun(models.Model):
    """One attempt to import one file. A rejected run wrote no records, only this log."""

    class Status(models.TextChoices):
        RUNNING = "running", pgettext_lazy("import run status", "running")
        DONE = "done", pgettext_lazy("import run status", "done")
        REJECTED = "rejected", pgettext_lazy("import run status", "rejected")
        DRY_RUN = "dry_run", pgettext_lazy("import run status", "dry run")
        QUEUED = "queued", pgettext_lazy("import run status", "queued")
        UNDONE = "undone", pgettext_lazy("import run status", "undone")

    source_kind = models.SlugField(_("source kind"), max_length=40)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64)
    layout = models.CharField(_("layout"), max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    mapping = models.JSONField(
        _("mapping used"), null=True, blank=True,
        help_text=_("The column and value mapping the file was read with, as it was then."),
    )  # fmt: skip
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.source_kind} {self.file_name} ({self.status})"

    @property
    def audit_context(self) -> str:
        """The context every audit row written by this run carries (undo reads them back)."""
        return f"import run {self.pk}"


class ImportRowMessage(models.Model):
    """An error or warning about one cell: line, column, value, reason."""

    class Severity(models.TextChoices):
        ERROR = "error", _("error")
        WARNING = "warning", _("warning")

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="messages")
    severity = models.CharField(max_length=10, choices=Severity.choices)
    line = models.PositiveIntegerField(null=True, blank=True)
    column = models.CharField(max_length=120, blank=True)
    value = models.CharField(max_length=200, blank=True)
    reason = models.TextField()
    code = models.SlugField(max_length=60, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.severity} line {self.line} {self.column}: {self.reason}"


class ImportMapping(models.Model):
    """A saved column (and value) mapping: how one organisation's spreadsheet or form export
    becomes Testigo records. Built once in the web UI, reused for every later file.

    ``definition`` is ``testigo.imports.mapping.spec.Mapping.as_json()``: target, column →
    field, raw value → vocabulary code, the key column. ``form`` keeps the XLSForm's
    questions and choice lists (for Kobo/ODK exports) as parsed when the mapping was built.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="import_mappings"
    )
    name = models.CharField(_("name"), max_length=120)
    source_kind = models.SlugField(_("source kind"), max_length=40)
    target = models.SlugField(_("records to create"), max_length=40)
    definition = models.JSONField(_("mapping"), default=dict)
    form = models.JSONField(_("form"), null=True, blank=True)
    form_file_name = models.CharField(_("form file"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="import_mapping_name")
        ]

    def __str__(self) -> str:
        return self.name
