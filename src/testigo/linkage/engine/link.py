"""Run a linkage: prepare frames, build Splink settings, train, predict, return scored pairs.

Fellegi–Sunter probabilistic record linkage with Splink 5 (DuckDB backend by default; the
same settings run on Spark through ``splink.SparkAPI``, see ``docs/linkage.md``). Nothing
here writes to the database: the caller stores pairs and decisions (links are never
destructive merges).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd
from splink import DuckDBAPI, Linker, SettingsCreator

from testigo.core.errors import ApplicationError
from testigo.linkage.engine.settings import LinkageSpec, spec_for

LINK_TYPES = ("link_only", "dedupe_only", "link_and_dedupe")
PAIR_COLUMNS = ["left_key", "right_key", "match_probability", "match_weight", "evidence"]


class LinkageInputError(ApplicationError):
    """Input frames that cannot be linked (missing columns, repeated keys, one source only)."""


@dataclass
class LinkageOutcome:
    """The result of one linkage run.

    ``pairs``: one row per candidate pair with ``match_probability ≥ lower``; columns
    ``left_key``, ``right_key`` (str, the inputs' ``unique_id``), ``match_probability``
    (0–1), ``match_weight`` (log2 Bayes factor), ``evidence`` (dict: comparison name →
    level label). ``settings``: the Splink model used (JSON-serialisable, incl. trained
    m/u and λ). ``blocking_rules``: Splink SQL of the rules that generated candidates.
    Pairs between ``lower`` and ``upper`` are for clerical review; at or above ``upper``
    they are accepted links.
    """

    pairs: pd.DataFrame
    settings: dict
    blocking_rules: list[str]
    lower: float
    upper: float
    seconds: float
    kind: str = "persons"
    link_type: str = "link_only"
    record_count: int = 0
    training_log: list[str] = field(default_factory=list)

    def clusters(self, threshold: float | None = None) -> dict[str, str]:
        """Record key → cluster id for pairs at or above ``threshold`` (default ``upper``)."""
        return clusters_from_pairs(self.pairs, self.upper if threshold is None else threshold)

    def review_pairs(self) -> pd.DataFrame:
        """Pairs with ``lower ≤ probability < upper``: the clerical review queue."""
        p = self.pairs["match_probability"]
        return self.pairs[(p >= self.lower) & (p < self.upper)]

    def accepted_pairs(self) -> pd.DataFrame:
        """Pairs with ``probability ≥ upper``."""
        return self.pairs[self.pairs["match_probability"] >= self.upper]


def clusters_from_pairs(
    pairs: pd.DataFrame, threshold: float, keys: Iterable[str] | None = None
) -> dict[str, str]:
    """Connected components of the pairs with ``match_probability ≥ threshold``.

    ``pairs`` needs ``left_key``, ``right_key``, ``match_probability``. Returns record key →
    cluster id, the cluster id being the smallest key in the cluster (stable across runs on
    the same records). Keys given in ``keys`` but in no pair become singleton clusters.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    kept = pairs[pairs["match_probability"] >= threshold]
    for left, right in zip(
        kept["left_key"].astype(str), kept["right_key"].astype(str), strict=True
    ):
        a, b = find(left), find(right)
        if a != b:
            if b < a:
                a, b = b, a
            parent[b] = a
    for key in keys or ():
        find(str(key))
    return {key: find(key) for key in list(parent)}


def _as_frames(frames: Sequence[pd.DataFrame] | pd.DataFrame) -> pd.DataFrame:
    items = [frames] if isinstance(frames, pd.DataFrame) else list(frames)
    if not items:
        raise LinkageInputError("no input frames")
    for frame in items:
        missing = {"unique_id", "source_dataset"} - set(frame.columns)
        if missing:
            raise LinkageInputError(f"input frame lacks columns: {', '.join(sorted(missing))}")
    combined = pd.concat(items, ignore_index=True)
    combined["unique_id"] = combined["unique_id"].astype(str)
    repeated = combined["unique_id"].duplicated()
    if repeated.any():
        raise LinkageInputError(f"{int(repeated.sum())} repeated unique_id values")
    return combined


def _pair_count(prepared: pd.DataFrame, columns: tuple[str, ...], link_type: str) -> float:
    """Candidate pairs an equi-join rule on ``columns`` makes (null keys never join)."""
    keyed = prepared.dropna(subset=list(columns))
    if link_type == "link_only":
        counts = keyed.groupby([*columns, "source_dataset"], observed=True).size()
        per_key = counts.groupby(level=list(range(len(columns))), observed=True)
        total = per_key.sum() ** 2 - per_key.apply(lambda c: float((c**2).sum()))
        return float(total.sum() / 2)
    sizes = keyed.groupby(list(columns), observed=True).size().astype(float)
    return float((sizes * (sizes - 1) / 2).sum())


def _lambda(spec: LinkageSpec, sizes: list[int], link_type: str) -> float:
    """Prior probability that two random records match, for specs that do not train it."""
    n = sum(sizes)
    if link_type == "link_only":
        total = sum(a * b for i, a in enumerate(sizes) for b in sizes[i + 1 :])
        expected = spec.expected_match_share * min(sizes)
    else:
        total = n * (n - 1) / 2
        expected = spec.expected_match_share * n
    return min(0.5, max(1e-9, expected / max(total, 1)))


def _level_labels(settings: dict) -> dict[str, dict[int, str]]:
    """Comparison name → gamma value → level label (null level is −1, as in Splink)."""
    labels: dict[str, dict[int, str]] = {}
    for comparison in settings["comparisons"]:
        levels = comparison["comparison_levels"]
        non_null = [lv for lv in levels if not lv.get("is_null_level")]
        mapping = {-1: "missing"}
        for i, level in enumerate(non_null):
            mapping[len(non_null) - 1 - i] = level.get("label_for_charts") or level["sql_condition"]
        labels[comparison["output_column_name"]] = mapping
    return labels


MIN_RECORDS_FOR_EM = 500


def _train(
    linker: Linker, spec: LinkageSpec, present: set[str], log: list[str], n_records: int
) -> None:
    """Estimate λ, u and m as the spec says; append what was done (and seconds) to ``log``."""
    if spec.training == "fixed":
        return
    em = spec.training == "em" and n_records >= MIN_RECORDS_FOR_EM
    if spec.training == "em" and not em:
        log.append(f"fewer than {MIN_RECORDS_FOR_EM} records: no EM, Splink's default m values")
    clock = time.perf_counter()
    if em:
        rules = spec.active_rules(spec.deterministic_rules, present)
        if rules:
            linker.training.estimate_probability_two_random_records_match(
                rules, recall=spec.deterministic_recall
            )
            log.append(
                f"lambda from deterministic rules {rules} ({time.perf_counter() - clock:.1f} s)"
            )
    clock = time.perf_counter()
    linker.training.estimate_u_using_random_sampling(max_pairs=spec.u_max_pairs, seed=spec.seed)
    log.append(f"u by random sampling, max_pairs={spec.u_max_pairs:.0f}, seed={spec.seed} "
               f"({time.perf_counter() - clock:.1f} s)")  # fmt: skip
    if em:
        for rule in spec.active_rules(spec.em_rules, present):
            clock = time.perf_counter()
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule, max_pairs=spec.em_max_pairs
                )
                log.append(f"EM on {rule} ({time.perf_counter() - clock:.1f} s)")
            except Exception as exc:
                log.append(f"EM on {rule} skipped: {type(exc).__name__}")


def link_records(
    frames: Sequence[pd.DataFrame] | pd.DataFrame,
    *,
    kind: str = "persons",
    link_type: str = "link_only",
    lower: float = 0.5,
    upper: float = 0.95,
    spec: LinkageSpec | None = None,
    db_api: object | None = None,
) -> LinkageOutcome:
    """Link (``link_only``), deduplicate (``dedupe_only``) or both (``link_and_dedupe``).

    ``frames``: one or more DataFrames, each with a string ``unique_id`` (unique across all
    frames, e.g. ``"person:123"``) and ``source_dataset``, plus the columns the spec reads
    (see :mod:`testigo.linkage.engine.prepare`). For ``link_only`` records are split by
    ``source_dataset`` and only pairs across sources are scored. ``spec`` overrides the
    registered spec for ``kind``. ``db_api`` defaults to a fresh in-memory ``DuckDBAPI``.

    Raises :class:`LinkageInputError` for unusable input and
    :class:`~testigo.linkage.engine.settings.LinkageSpecError` for an unknown kind.
    """
    started = time.perf_counter()
    if link_type not in LINK_TYPES:
        raise LinkageInputError(f"unknown link_type {link_type!r}")
    if not 0 <= lower <= upper <= 1:
        raise LinkageInputError("thresholds must satisfy 0 ≤ lower ≤ upper ≤ 1")
    spec = spec or spec_for(kind)
    combined = _as_frames(frames)
    prepared = spec.prepare(combined)
    present = {c for c in prepared.columns if prepared[c].notna().any()}
    comparisons = spec.active_comparisons(present)
    if not comparisons:
        raise LinkageInputError("the input frames have no columns this kind of linkage compares")
    blocking = spec.active_rules(spec.blocking_rules, present)
    for rule in spec.broad_rules:
        if set(rule.columns) <= present and (
            _pair_count(prepared, rule.columns, link_type)
            <= max(spec.broad_rule_budget, spec.broad_rule_pairs_per_record * len(prepared))
        ):
            blocking.append(rule.sql)
    if not blocking:
        raise LinkageInputError("no blocking rule applies to these columns")

    sources = list(dict.fromkeys(prepared["source_dataset"]))
    if link_type != "dedupe_only" and len(sources) < 2:
        raise LinkageInputError(f"{link_type} needs at least two source_dataset values")
    sizes = [int((prepared["source_dataset"] == s).sum()) for s in sources]
    if link_type == "dedupe_only":
        sizes = [len(prepared)]

    settings = SettingsCreator(
        link_type=link_type,
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking,
        probability_two_random_records_match=_lambda(spec, sizes, link_type),
        unique_id_column_name="unique_id",
        source_dataset_column_name="source_dataset",
        retain_matching_columns=True,  # keeps the gamma (level) columns: the evidence
        retain_intermediate_calculation_columns=False,
    )
    api = db_api or DuckDBAPI()
    if link_type == "dedupe_only":
        tables = [api.register(prepared)]
    else:
        tables = [
            api.register(prepared[prepared["source_dataset"] == s].reset_index(drop=True))
            for s in sources
        ]
    splink_logger = logging.getLogger("splink")
    previous_level = splink_logger.level
    splink_logger.setLevel(logging.ERROR)  # Splink's training chatter is kept out of our logs
    try:
        linker = Linker(tables, settings, log_level=None)
        log: list[str] = []
        _train(linker, spec, present, log, len(prepared))
        clock = time.perf_counter()
        predicted = linker.inference.predict(threshold_match_probability=lower)
        log.append(f"predict ({time.perf_counter() - clock:.1f} s)")
    finally:
        splink_logger.setLevel(previous_level)
    model = json.loads(json.dumps(linker.misc.save_model_to_json(), default=str))
    labels = _level_labels(model)
    gammas = [f"gamma_{name}" for name in labels]
    keep = ", ".join(["unique_id_l", "unique_id_r", "match_probability", "match_weight", *gammas])
    # Column and table names come from our own settings and Splink, never from input values.
    predictions = linker.misc.query_sql(
        f"select {keep} from {predicted.physical_name}",  # noqa: S608
        output_type="pandas",
    )
    evidence = [
        {
            c[len("gamma_") :]: labels[c[len("gamma_") :]].get(int(v), str(v))
            for c, v in zip(gammas, row, strict=True)
        }
        for row in predictions[gammas].itertuples(index=False, name=None)
    ]
    pairs = pd.DataFrame({
        "left_key": predictions["unique_id_l"].astype(str),
        "right_key": predictions["unique_id_r"].astype(str),
        "match_probability": predictions["match_probability"].astype(float),
        "match_weight": predictions["match_weight"].astype(float),
        "evidence": evidence,
    }, columns=PAIR_COLUMNS)  # fmt: skip
    pairs = pairs.sort_values("match_probability", ascending=False, kind="stable")
    return LinkageOutcome(
        pairs=pairs.reset_index(drop=True),
        settings=model,
        blocking_rules=blocking,
        lower=lower,
        upper=upper,
        seconds=time.perf_counter() - started,
        kind=spec.kind,
        link_type=link_type,
        record_count=len(prepared),
        training_log=log,
    )
