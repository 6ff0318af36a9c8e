"""``testigo encryption_rotate``: re-encrypt every encrypted value with the newest key.

Rotation: put a new key first in ``TESTIGO_ENCRYPTION_KEYS`` (keep the old ones after it),
run this command, then remove the old keys. Runs in one transaction: all or nothing.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from testigo.core.fields import EncryptedTextField


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields with the first key of TESTIGO_ENCRYPTION_KEYS."

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        total = 0
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            columns = [f.attname for f in fields]
            count = 0
            # Reading decrypts with any configured key; writing encrypts with the first one.
            for obj in model.objects.only("pk", *columns).iterator():
                model.objects.filter(pk=obj.pk).update(**{c: getattr(obj, c) for c in columns})
                count += 1
            total += count
            self.stdout.write(f"{model._meta.label}: {count} records re-encrypted")
        self.stdout.write(f"done: {total} records")
