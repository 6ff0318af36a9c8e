"""Encryption at rest of identifying fields, and keyed blind indexes for exact lookup.

- Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256, authenticated) through
  ``MultiFernet``: the first key encrypts, every key decrypts, so keys can be rotated
  (``testigo encryption_rotate`` re-encrypts every value with the first key).
- A blind index is HMAC-SHA256 of the normalised value (case, accents and spacing folded)
  under a separate key: equal names give equal indexes, and the index reveals nothing without
  the key.

Keys come from ``TESTIGO_ENCRYPTION_KEYS`` (comma-separated Fernet keys, newest first) and
``TESTIGO_BLIND_INDEX_KEY``. When unset, a key file ``secret-keys.json`` (mode 0600) is
created in ``TESTIGO_DATA_DIR`` on first use: fine for a laptop deployment, which must back it
up with its database; servers should set the variables.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import unicodedata
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from testigo.core.errors import ApplicationError

TOKEN_PREFIX = "enc1:"  # noqa: S105 - a format marker, not a secret


class DecryptionError(ApplicationError):
    """A stored value could not be decrypted with any configured key."""


def _key_file() -> Path:
    return Path(settings.DATA_DIR) / "secret-keys.json"


@cache
def _keys() -> tuple[list[bytes], bytes]:
    env_keys = os.environ.get("TESTIGO_ENCRYPTION_KEYS", "").strip()
    env_index = os.environ.get("TESTIGO_BLIND_INDEX_KEY", "").strip()
    if env_keys and env_index:
        return [k.strip().encode() for k in env_keys.split(",") if k.strip()], env_index.encode()
    path = _key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        doc = {
            "encryption_keys": [Fernet.generate_key().decode()],
            "blind_index_key": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        }
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh)
    doc = json.loads(path.read_text(encoding="utf-8"))
    return [k.encode() for k in doc["encryption_keys"]], doc["blind_index_key"].encode()


def blind_index_key() -> bytes:
    """The deployment's blind-index key (HMAC key material; derive per-purpose keys from it,
    never use it directly for another purpose)."""
    return _keys()[1]


def reset_key_cache() -> None:
    """Forget loaded keys (after rotation or in tests)."""
    _keys.cache_clear()
    _fernet.cache_clear()


@cache
def _fernet() -> MultiFernet:
    keys, _index_key = _keys()
    return MultiFernet([Fernet(k) for k in keys])


def encrypt(value: str) -> str:
    """Encrypt text; returns ``enc1:<token>``. Empty text stays empty (nothing to hide)."""
    if value == "":
        return ""
    return TOKEN_PREFIX + _fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt a value written by :func:`encrypt`. Raises :class:`DecryptionError`."""
    if token == "":
        return ""
    if not token.startswith(TOKEN_PREFIX):
        raise DecryptionError("stored value is not encrypted")
    try:
        return _fernet().decrypt(token[len(TOKEN_PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise DecryptionError("stored value cannot be decrypted with the configured keys") from exc


def normalise_for_index(value: str) -> str:
    """Fold case, accents and spacing: ``"  José  PÉREZ"`` → ``"jose perez"``."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def blind_index(value: str) -> str:
    """Hex HMAC-SHA256 of the normalised value; ``""`` for empty input."""
    normalised = normalise_for_index(value)
    if not normalised:
        return ""
    _enc, index_key = _keys()
    return hmac.new(index_key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()
