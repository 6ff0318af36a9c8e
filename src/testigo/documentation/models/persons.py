"""Persons: victims, perpetrators, sources and people served — individuals or groups."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from testigo.accounts.models import Organisation
from testigo.core.fields import EncryptedTextField
from testigo.documentation.models.events import term_fk, term_m2m

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud without error


def new_person_code() -> str:
    """A random pseudonymous code such as ``P-7K3Q-9XAB`` (shown in lists instead of names).

    32^8 ≈ 10^12 codes; ``person_record`` retries on the rare collision.
    """
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"P-{chars[:4]}-{chars[4:]}"


class Person(models.Model):
    """A person or a group (HURIDOCS Person), independent of any role.

    Counting unit: one person, or ``group_size`` persons for a group. Identifying fields
    (``name``, ``contact``) are encrypted at rest; ``name_index`` is a keyed blind index
    for exact-name lookup. ``age`` is in years (``age_is_estimate`` for "about 30").
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="persons",
        verbose_name=_("organisation"),
    )  # fmt: skip
    code = models.CharField(_("code"), max_length=16, unique=True, default=new_person_code)
    dataset = models.SlugField(_("dataset"), max_length=40, default="manual")
    source_key = models.CharField(_("source key"), max_length=100, blank=True)
    is_group = models.BooleanField(_("group"), default=False)
    group_size = models.PositiveIntegerField(_("persons in the group"), default=1)
    name = EncryptedTextField(_("name"), blank=True)
    name_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    contact = EncryptedTextField(_("contact details"), blank=True)
    sex = term_fk("sex", _("sex"))
    gender_identity = term_fk("gender_identity", _("gender identity"))
    birth_date_edtf = models.CharField(_("date of birth (EDTF)"), max_length=40, blank=True)
    age = models.PositiveSmallIntegerField(_("age (years)"), null=True, blank=True)
    age_is_estimate = models.BooleanField(_("age is an estimate"), default=False)
    nationality = models.CharField(_("nationality (ISO 3166-1 alpha-2)"), max_length=2, blank=True)
    language = term_fk("language", _("language"))
    indigenous_people = models.CharField(_("indigenous people"), max_length=100, blank=True)
    migration_status = term_fk("migration_status", _("migration status"))
    characteristics = term_m2m("characteristic", _("relevant characteristics"))
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["organisation", "dataset", "source_key"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_group=True) | Q(group_size=1), name="person_individual_size_1"
            ),
            models.CheckConstraint(condition=Q(group_size__gte=1), name="person_group_size_1"),
            models.CheckConstraint(
                condition=Q(age__isnull=True) | Q(age__lte=120), name="person_age_max_120"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @classmethod
    def prepare_bulk_create(cls, persons: list[Person]) -> None:
        """Give unsaved ``persons`` codes that no stored person and no other of them has.

        32^8 ≈ 1.1 × 10^12 codes: among a million random codes two collide with probability
        ≈ 0.4 (the birthday bound n²/2N), so a bulk write must check where ``person_record``
        simply retries. Called by ``keyed_upsert`` before ``bulk_create``.
        """
        taken: set[str] = set()
        pending = list(persons)
        while pending:
            codes = sorted({p.code for p in pending})
            stored: set[str] = set()
            for start in range(0, len(codes), 900):
                stored.update(
                    cls.objects.filter(code__in=codes[start : start + 900]).values_list(
                        "code", flat=True
                    )
                )
            retry = []
            for person in pending:
                if person.code in stored or person.code in taken:
                    person.code = new_person_code()
                    retry.append(person)
                else:
                    taken.add(person.code)
            pending = retry
