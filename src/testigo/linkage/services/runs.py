"""Storing the outcome of a linkage run: the run's parameters and its scored pairs."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple, Protocol

import pandas as pd
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from testigo.accounts.models import Organisation
from testigo.accounts.permissions import scope_for
from testigo.core.audit import audit_record
from testigo.core.errors import AccessDenied, ApplicationError
from testigo.core.models import AuditEntry
from testigo.documentation.models import Event, Person
from testigo.linkage.models import LinkageRun, LinkDecision, LinkStatus, RecordLink

PAIR_COLUMNS = ("left_key", "right_key", "match_probability", "match_weight", "evidence")
KEY = re.compile(r"(?P<prefix>person|event):(?P<id>.*)")
MODELS = {"person": (LinkageRun.Kind.PERSONS, Person), "event": (LinkageRun.Kind.EVENTS, Event)}
MAX_WEIGHT = 1000.0  # |log2 Bayes factor| beyond this says nothing more; ±inf is clipped here
BATCH = 5000  # rows per executemany
CHUNK = 5000  # ids per IN (…) query


class LinkageStoreError(ApplicationError):
    """The outcome cannot be stored as given (bad thresholds, columns, keys or scores)."""


class OutcomeLike(Protocol):
    """What :func:`linkage_run_store` reads from the engine's ``LinkageOutcome``."""

    pairs: pd.DataFrame
    settings: dict
    blocking_rules: list[str]
    lower: float
    upper: float
    seconds: float


def _check_thresholds(lower: float, upper: float) -> None:
    if not (0 <= lower <= upper <= 1):
        raise LinkageStoreError(
            _("Thresholds must satisfy 0 ≤ lower ≤ upper ≤ 1 (got %(lower)s and %(upper)s).")
            % {"lower": lower, "upper": upper}
        )


def _check_columns(pairs: pd.DataFrame) -> None:
    missing = [c for c in PAIR_COLUMNS if c not in pairs.columns]
    if missing:
        raise LinkageStoreError(
            _("The pairs lack the columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )


def _chunks(values: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _organisations(kind: str, keys: set[str]) -> dict[str, int | None]:
    """Key → owning organisation id (None for records outside Testigo).

    Raises :class:`LinkageStoreError` for a Testigo key of the wrong kind, a malformed id, or
    a record that does not exist.
    """
    wanted: dict[str, dict[int, str]] = {"person": {}, "event": {}}
    result: dict[str, int | None] = {}
    for key in keys:
        match = KEY.fullmatch(key)
        if match is None:
            result[key] = None
            continue
        prefix, raw = match["prefix"], match["id"]
        if MODELS[prefix][0] != kind or not raw.isdigit():
            raise LinkageStoreError(
                _("Record key %(key)s does not name a record of this run.") % {"key": key}
            )
        wanted[prefix][int(raw)] = key
    for prefix, by_id in wanted.items():
        model = MODELS[prefix][1]
        for ids in _chunks(sorted(by_id)):
            for pk, org in model.objects.filter(pk__in=ids).values_list("pk", "organisation_id"):
                result[by_id[pk]] = org
        missing = [key for key in by_id.values() if key not in result]
        if missing:
            raise LinkageStoreError(
                _("%(n)d record keys name no record, e.g. %(key)s.")
                % {"n": len(missing), "key": sorted(missing)[0]}
            )
    return result


def _score(row: tuple) -> tuple[float, float]:
    probability, weight = float(row[2]), float(row[3])
    if math.isnan(probability) or not 0 <= probability <= 1:
        raise LinkageStoreError(
            _("Pair %(left)s ~ %(right)s: match probability %(p)s is not between 0 and 1.")
            % {"left": row[0], "right": row[1], "p": row[2]}
        )
    if math.isnan(weight):
        raise LinkageStoreError(
            _("Pair %(left)s ~ %(right)s has no match weight.") % {"left": row[0], "right": row[1]}
        )
    return probability, max(-MAX_WEIGHT, min(MAX_WEIGHT, weight))


def _evidence(value: object) -> dict[str, str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return {}
    if not isinstance(value, Mapping):
        raise LinkageStoreError(_("The evidence of a pair must map comparisons to levels."))
    return {str(k): str(v) for k, v in value.items()}


class Pair(NamedTuple):
    """One checked pair, ready to insert."""

    left: str
    right: str
    probability: float
    weight: float
    evidence: dict[str, str]
    status: str


def _pairs(pairs: pd.DataFrame, lower: float, upper: float) -> tuple[list[Pair], int]:
    """Checked pairs at or above ``lower`` (with their status), and the number below it."""
    kept: list[Pair] = []
    below = 0
    seen: set[tuple[str, str]] = set()
    for row in pairs[list(PAIR_COLUMNS)].itertuples(index=False, name=None):
        left, right = str(row[0]), str(row[1])
        if left == right:
            raise LinkageStoreError(_("A pair links record %(key)s to itself.") % {"key": left})
        pair = (min(left, right), max(left, right))
        if pair in seen:
            raise LinkageStoreError(
                _("Pair %(left)s ~ %(right)s appears twice.") % {"left": left, "right": right}
            )
        seen.add(pair)
        probability, weight = _score(row)
        if probability < lower:
            below += 1
            continue
        status = LinkStatus.LINKED if probability >= upper else LinkStatus.CANDIDATE
        kept.append(Pair(left, right, probability, weight, _evidence(row[4]), status))
    return kept, below


def _insert(model: type[models.Model], names: Sequence[str], rows: Iterable[tuple]) -> None:
    """``INSERT … VALUES`` of many rows with ``executemany``: the ORM's ``bulk_create`` costs
    ~0.3 ms a row in model instances, which a run of a million pairs cannot afford. Values
    of JSON and date-time fields are prepared by their fields (portable across backends)."""
    fields = [model._meta.get_field(name) for name in names]
    prepared = [isinstance(f, (models.JSONField, models.DateTimeField)) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model
    batch: list[list[object]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(
                [f.get_db_prep_save(v, connection) if p else v
                 for f, p, v in zip(fields, prepared, row, strict=True)]
            )  # fmt: skip
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


@transaction.atomic
def linkage_run_store(
    *,
    actor: AbstractBaseUser | None,
    outcome: OutcomeLike,
    kind: str,
    organisation: Organisation,
    link_type: str = "",
    external_records: Mapping[str, Mapping[str, object]] | None = None,
) -> LinkageRun:
    """Store a run and its pairs: at or above ``outcome.upper`` *linked* (automatically, with
    a :class:`LinkDecision` row each), from ``outcome.lower`` up to ``upper`` *candidate*
    (awaiting review), below ``lower`` only counted.

    ``outcome.pairs``: DataFrame with columns ``left_key`` (str), ``right_key`` (str),
    ``match_probability`` (float, 0–1), ``match_weight`` (float, log2 Bayes factor, clipped
    to ±1000), ``evidence`` (dict comparison → level label). Keys ``person:<id>`` /
    ``event:<id>`` must name existing records of ``kind`` (``persons``/``events``); other keys
    are records outside Testigo, whose display fields (public data only) may be given in
    ``external_records`` (key → field → value; only keys of stored pairs are kept).

    ``link_type``, ``record_count`` and ``training_log`` are read from the outcome when it
    has them (the engine's ``LinkageOutcome`` does); an explicit ``link_type`` wins.

    ``actor=None`` is the system (a command); otherwise the actor must write in
    ``organisation``. Raises :class:`AccessDenied` or :class:`LinkageStoreError`; nothing is
    written then. One audit row for the run.
    """
    if actor is not None and organisation.pk not in scope_for(actor).write:
        raise AccessDenied(_("You may not run linkage for this organisation."))
    if kind not in LinkageRun.Kind.values:
        raise LinkageStoreError(_("Unknown kind of records: %(kind)s.") % {"kind": kind})
    lower, upper = float(outcome.lower), float(outcome.upper)
    _check_thresholds(lower, upper)
    _check_columns(outcome.pairs)
    run = LinkageRun(
        kind=kind, link_type=link_type or getattr(outcome, "link_type", ""),
        organisation=organisation, created_by=actor, settings=outcome.settings or {},
        blocking_rules=list(outcome.blocking_rules or []), lower=lower, upper=upper,
        seconds=float(outcome.seconds or 0),
        record_count=int(getattr(outcome, "record_count", 0) or 0),
        training_log=[str(line) for line in getattr(outcome, "training_log", None) or []],
    )  # fmt: skip
    pairs, below = _pairs(outcome.pairs, lower, upper)
    keys = {k for pair in pairs for k in (pair.left, pair.right)}
    owners = _organisations(kind, keys)
    run.external_records = {
        key: {str(f): str(v) for f, v in fields.items()}
        for key, fields in (external_records or {}).items()
        if key in keys and owners.get(key) is None
    }
    run.pair_count = len(pairs)
    run.auto_linked_count = sum(pair.status == LinkStatus.LINKED for pair in pairs)
    run.candidate_count = run.pair_count - run.auto_linked_count
    run.below_lower_count = below
    run.full_clean()
    run.save()
    _insert(
        RecordLink,
        ["run", "left_key", "right_key", "left_organisation", "right_organisation",
         "match_probability", "match_weight", "evidence", "status", "reason"],
        ((run.pk, p.left, p.right, owners[p.left], owners[p.right], p.probability, p.weight,
          p.evidence, p.status, "") for p in pairs),
    )  # fmt: skip
    linked = RecordLink.objects.filter(run=run, status=LinkStatus.LINKED).order_by("pk")
    reason = _("match probability at or above the upper threshold")
    now, by = timezone.now(), actor.pk if actor is not None else None
    _insert(
        LinkDecision,
        ["link", "action", "from_status", "to_status", "by", "at", "reason"],
        ((pk, LinkDecision.Action.AUTO, "", LinkStatus.LINKED, by, now, reason)
         for pk in list(linked.values_list("pk", flat=True))),
    )  # fmt: skip
    audit_record(
        user=actor, action=AuditEntry.Action.CREATE, instance=run,
        exclude=("external_records",), context=f"{run.pair_count} pairs stored",
    )  # fmt: skip
    return run


def external_records_from_frames(
    frames: Sequence[pd.DataFrame], *, columns: Sequence[str], keys: set[str] | None = None
) -> dict[str, dict[str, str]]:
    """Display fields for :func:`linkage_run_store`'s ``external_records`` from the engine's
    input frames (column ``unique_id`` plus ``columns``; missing columns and empty values are
    left out). Only ``keys`` when given. Choose non-identifying ``columns``: they are shown
    to every reviewer of the run.
    """
    result: dict[str, dict[str, str]] = {}
    for frame in frames:
        shown = [c for c in columns if c in frame.columns]
        rows = frame if keys is None else frame[frame["unique_id"].astype(str).isin(keys)]
        for record in rows[["unique_id", *shown]].to_dict("records"):
            fields = {
                c: str(record[c]) for c in shown if not pd.isna(record[c]) and record[c] != ""
            }
            result[str(record["unique_id"])] = fields
    return result
