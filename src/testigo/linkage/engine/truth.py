"""Ground truth and accuracy: true pairs from known clusters, precision / recall / F1.

Pair-level measures, as in the record-linkage literature (Christen 2012, ch. 7): a pair is
a true positive when the linkage accepts it and both records belong to the same true
entity. Pairs are unordered: ``(a, b)`` and ``(b, a)`` are the same pair.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

import pandas as pd

FEBRL_REC_ID = re.compile(r"rec-(\d+)-(?:org|dup-\d+)")


@dataclass(frozen=True)
class Accuracy:
    """Pair counts and the measures derived from them (``f1`` = 2PR / (P + R))."""

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        real = self.true_positives + self.false_negatives
        return self.true_positives / real if real else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def pair_set(pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Unordered pairs as a set of sorted tuples; self-pairs are dropped."""
    return {_pair(str(a), str(b)) for a, b in pairs if str(a) != str(b)}


def pairs_from_entities(
    entity_of: Mapping[str, str], cross_source: Mapping[str, str] | None = None
) -> set[tuple[str, str]]:
    """All true pairs given record key → true entity id.

    With ``cross_source`` (record key → source) only pairs across different sources are
    returned (what ``link_only`` can find).
    """
    members: dict[str, list[str]] = defaultdict(list)
    for key, entity in entity_of.items():
        members[entity].append(str(key))
    out: set[tuple[str, str]] = set()
    for keys in members.values():
        for a, b in combinations(sorted(keys), 2):
            if cross_source is None or cross_source[a] != cross_source[b]:
                out.add((a, b))
    return out


def febrl_entity(rec_id: str) -> str:
    """FEBRL record id → entity: ``rec-12-org`` and ``rec-12-dup-0`` are both ``"12"``.

    Raises ``ValueError`` for an id that does not follow the FEBRL pattern.
    """
    match = FEBRL_REC_ID.fullmatch(rec_id.strip())
    if not match:
        raise ValueError(f"not a FEBRL record id: {rec_id!r}")
    return match.group(1)


def accuracy(predicted: set[tuple[str, str]], true: set[tuple[str, str]]) -> Accuracy:
    """Compare predicted with true unordered pairs."""
    predicted, true = pair_set(predicted), pair_set(true)
    tp = len(predicted & true)
    return Accuracy(tp, len(predicted) - tp, len(true) - tp)


def accuracy_at(pairs: pd.DataFrame, threshold: float, true: set[tuple[str, str]]) -> Accuracy:
    """Accuracy of the pairs (``left_key``, ``right_key``, ``match_probability``) accepted at
    ``threshold`` (probability ≥ threshold) against the true pairs."""
    kept = pairs[pairs["match_probability"] >= threshold]
    return accuracy(set(zip(kept["left_key"], kept["right_key"], strict=True)), true)


def f1_score(pairs: pd.DataFrame, threshold: float, true: set[tuple[str, str]]) -> float:
    """F1 of the pairs accepted at ``threshold`` against the true pairs."""
    return accuracy_at(pairs, threshold, true).f1
