"""Model fields whose values are encrypted at rest (see ``testigo.core.crypto``)."""

from __future__ import annotations

from typing import Any

from django.db import models

from testigo.core.crypto import TOKEN_PREFIX, decrypt, encrypt


class EncryptedTextField(models.TextField):
    """Text stored encrypted; Python code sees plaintext. Not searchable or orderable in SQL
    (use a blind index for exact lookup)."""

    description = "Encrypted text"

    def from_db_value(self, value: str | None, expression: object, connection: object) -> Any:
        if value is None:
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return value
        text = str(value)
        if text.startswith(TOKEN_PREFIX):  # already encrypted (e.g. rotation writes tokens)
            return text
        return encrypt(text)
