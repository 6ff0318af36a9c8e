"""Privacy-preserving linkage: keyed HMAC tokens of identifying fields.

Organisations that have not agreed to share identities exchange only token frames: each
identifying field (all given names; first given name after nicknames; its phonetic key;
paternal and maternal surnames; their phonetic keys; birth year and the years either side)
is normalised and replaced by HMAC-SHA256 under a linkage key. The ``tokens`` linkage spec
compares tokens by equality only, so the linking party learns which fields agree, never
their values. Record keys are replaced by keyed pseudonyms, and only pseudonymous cluster
ids go back across the boundary (:func:`pseudonymous_cluster_ids`).

Keys: :func:`purpose_key` derives a per-purpose key by HMAC from the deployment's blind-index
key (``TESTIGO_BLIND_INDEX_KEY`` or the key file, see :mod:`testigo.core.crypto`), so tokens
made for linkage never equal the blind indexes stored in the database. Organisations on the
same deployment (a network's server) share it; organisations on different deployments
must agree a shared secret out of band and pass it as ``key``.

Limits (documented in docs/linkage.md): equality tokens of low-entropy fields (birth year,
sex, common surnames) can be attacked by frequency analysis by a party holding the key or
seeing many tokens; rotate keys per linkage project and keep token frames as sensitive data.
"""

from __future__ import annotations

import hashlib
import hmac

import numpy as np
import pandas as pd

from testigo.core import crypto
from testigo.linkage.engine.prepare import prepare_persons

TOKEN_HEX_CHARS = 32  # 128 bits: collisions are negligible at any realistic list size

# Token column → (domain, prepared column). Fields compared with each other share a domain.
TOKEN_FIELDS: dict[str, tuple[str, str]] = {
    "t_gn": ("given", "gn"),
    "t_gn1": ("given_first", "gn1"),
    "t_gn_key": ("given_key", "gn_key"),
    "t_sn1": ("surname", "sn1"),
    "t_sn2": ("surname", "sn2"),
    "t_sn1_key": ("surname_key", "sn1_key"),
    "t_sn2_key": ("surname_key", "sn2_key"),
    "t_sex": ("sex", "sex"),
}


def purpose_key(purpose: str, *, base_key: bytes | None = None) -> bytes:
    """A 32-byte key for one purpose (e.g. ``"linkage:network-sonora"``), derived as
    HMAC-SHA256(base key, ``"testigo-linkage-v1:" + purpose``).

    ``base_key`` defaults to the deployment's blind-index key.
    """
    if base_key is None:
        base_key = crypto.blind_index_key()
    return hmac.new(base_key, f"testigo-linkage-v1:{purpose}".encode(), hashlib.sha256).digest()


def token(value: object, domain: str, key: bytes | None) -> str | None:
    """HMAC-SHA256 of ``domain:value`` (hex, 32 characters); None for empty values.

    With ``key=None`` the plain ``domain:value`` is returned: used only to check that
    token linkage equals exact linkage on the plain fields.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    text = f"{domain}:{value}"
    if key is None:
        return text
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:TOKEN_HEX_CHARS]


def _tokens(series: pd.Series, domain: str, key: bytes | None) -> pd.Series:
    values = series.dropna().unique()
    lookup = {v: token(v, domain, key) for v in values}
    return series.map(lookup).astype(object).where(series.notna(), None)


def pseudonym(record_key: str, key: bytes | None) -> str:
    """A keyed pseudonym for a record key (``"r-" + 20 hex``); the plain key when no key."""
    if key is None:
        return record_key
    return "r-" + hmac.new(key, f"record:{record_key}".encode(), hashlib.sha256).hexdigest()[:20]


def token_frame(frame: pd.DataFrame, *, key: bytes | None) -> pd.DataFrame:
    """Persons input (see :mod:`testigo.linkage.engine.prepare`) → the frame an organisation
    may send out: ``unique_id`` (keyed pseudonym), ``source_dataset``, and the token columns
    ``t_gn``, ``t_gn1``, ``t_gn_key``, ``t_sn1``, ``t_sn2``, ``t_sn1_key``, ``t_sn2_key``,
    ``t_by``, ``t_by_prev``, ``t_by_next``, ``t_sex`` (str or None). No plain value leaves.
    """
    prepared = prepare_persons(frame)
    out = pd.DataFrame({
        "unique_id": [pseudonym(k, key) for k in prepared["unique_id"]],
        "source_dataset": prepared["source_dataset"].to_numpy(),
    })  # fmt: skip
    for column, (domain, source) in TOKEN_FIELDS.items():
        out[column] = _tokens(prepared[source].reset_index(drop=True), domain, key).to_numpy()
    year = prepared["birth_year"].reset_index(drop=True)
    for column, shift in (("t_by", 0), ("t_by_prev", -1), ("t_by_next", 1)):
        shifted = (year + shift).astype(object).where(year.notna(), None)
        out[column] = _tokens(shifted, "birth_year", key).to_numpy()
    return out


def pseudonymous_cluster_ids(clusters: dict[str, str], key: bytes) -> dict[str, str]:
    """Record key → pseudonymous cluster id (``"c-" + 16 hex``) to hand back across the
    boundary: the same cluster gives the same id for every organisation holding ``key``."""
    return {
        record: "c-" + hmac.new(key, f"cluster:{cid}".encode(), hashlib.sha256).hexdigest()[:16]
        for record, cid in clusters.items()
    }
