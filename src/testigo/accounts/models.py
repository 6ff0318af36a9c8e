"""Organisations (shelters, NGOs, networks, government offices) and their members' roles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """An organisation that owns records. Records never belong to more than one."""

    class Kind(models.TextChoices):
        CIVIL_SOCIETY = "civil_society", _("civil society")
        GOVERNMENT = "government", _("government")
        INTERNATIONAL = "international", _("international")

    slug = models.SlugField(_("short name"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.CharField(_("country (ISO 3166-1 alpha-2)"), max_length=2, blank=True)
    is_synthetic = models.BooleanField(
        _("synthetic (demo)"),
        default=False,
        help_text=_("Invented for the demonstration; shown as synthetic wherever it appears."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one organisation."""

    class Role(models.TextChoices):
        ORG_ADMIN = "org_admin", _("organisation admin")
        DOCUMENTALIST = "documentalist", _("documentalist")
        ANALYST = "analyst", _("analyst")
        GOVERNMENT_PARTNER = "government_partner", _("government partner")
        READ_ONLY = "read_only", _("read-only")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class SharingAgreement(models.Model):
    """``organisation`` shares its records, pseudonymised, with the analysts of ``network``.

    Only records whose people consented to sharing with the network are shared; names and
    contact details never are. Revoking ends access at once (``revoked_at``).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="sharing_agreements"
    )
    network = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sharing agreement")
        verbose_name_plural = _("sharing agreements")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(organisation=models.F("network")), name="share_with_other"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.network}"
