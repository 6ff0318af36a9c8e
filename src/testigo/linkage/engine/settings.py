"""Linkage specifications: what to compare, how to block and how to train, per kind of record.

A :class:`LinkageSpec` is data plus a prepare function; :func:`spec_for` looks one up in the
registry (``persons``, ``events``, ``tokens``). Comparisons and blocking rules whose columns
are absent (all null) in the prepared frames are left out, so one spec serves a shelter's
intake list (names, age, place) and the FEBRL test data (names, address, date of birth).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from splink.internals.comparison_creator import ComparisonCreator

from testigo.core.errors import ApplicationError
from testigo.linkage.engine import comparisons as cmp
from testigo.linkage.engine.prepare import prepare_events, prepare_persons, prepare_tokens


class LinkageSpecError(ApplicationError):
    """An unknown linkage kind, or input frames that lack the spec's required columns."""


@dataclass(frozen=True)
class Rule:
    """A blocking (or training, or deterministic) rule in Splink SQL (``l.x = r.x``) and the
    prepared columns it needs: left out when any of them is empty in every input."""

    sql: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Candidate:
    """A comparison and the prepared column whose presence turns it on."""

    build: Callable[[], ComparisonCreator]
    needs: str


@dataclass(frozen=True)
class LinkageSpec:
    """How to link one kind of record.

    ``training``: ``"em"`` (u by random sampling, λ from deterministic rules, m by
    expectation maximisation on ``em_rules``), ``"u_only"`` (u by sampling; m priors in the
    comparisons; λ from ``expected_match_share``) or ``"fixed"`` (all priors).
    ``broad_rules``: looser equi-join rules added only while each makes at most
    ``max(broad_rule_budget, broad_rule_pairs_per_record × records)`` candidate pairs
    (counted before the run): on a few thousand
    records blocking on one field is affordable and finds more matches; on a million it
    would not finish, and the narrow ``blocking_rules`` carry the run alone.
    ``expected_match_share``: for non-EM training, the share of the smaller side expected
    to have a match, giving λ = share · min(n) / number of possible pairs.
    """

    kind: str
    prepare: Callable[[pd.DataFrame], pd.DataFrame]
    comparisons: tuple[Candidate, ...]
    blocking_rules: tuple[Rule, ...]
    training: str = "em"
    em_rules: tuple[Rule, ...] = ()
    deterministic_rules: tuple[Rule, ...] = ()
    deterministic_recall: float = 0.7
    expected_match_share: float = 0.5
    broad_rules: tuple[Rule, ...] = ()
    broad_rule_budget: float = 5e6
    broad_rule_pairs_per_record: float = 10
    em_max_pairs: float = 3e6
    u_max_pairs: float = 5e6
    seed: int = 7
    description: str = ""
    extra: dict = field(default_factory=dict)

    def active_comparisons(self, present: set[str]) -> list[ComparisonCreator]:
        """Comparisons whose column is present (non-null somewhere)."""
        return [c.build() for c in self.comparisons if c.needs in present]

    def active_rules(self, rules: tuple[Rule, ...], present: set[str]) -> list[str]:
        """SQL of the rules whose columns are all present."""
        return [r.sql for r in rules if set(r.columns) <= present]


def _rule(*columns: str) -> Rule:
    return Rule(" AND ".join(f"l.{c} = r.{c}" for c in columns), columns)


PERSONS = LinkageSpec(
    kind="persons",
    prepare=prepare_persons,
    description="Persons: names (Spanish compound surnames, nicknames, phonetic keys), "
    "birth date or age by bounds, sex, nationality, INEGI place, address.",
    comparisons=(
        Candidate(cmp.given_name_comparison, "gn"),
        Candidate(cmp.surname_comparison, "sn1"),
        Candidate(cmp.birth_comparison, "birth_lo"),
        Candidate(lambda: cmp.exact_comparison("sex", "sex", "Sex"), "sex"),
        Candidate(
            lambda: cmp.exact_comparison("nationality", "nationality", "Nationality"), "nationality"
        ),
        Candidate(cmp.place_comparison, "state_code"),
        Candidate(lambda: cmp.text_comparison("address", "address", "Address"), "address"),
        Candidate(lambda: cmp.text_comparison("locality", "locality", "Locality"), "locality"),
        Candidate(lambda: cmp.code_comparison("postcode", "postcode", "Postcode"), "postcode"),
        Candidate(
            lambda: cmp.code_comparison("street_number", "street_number", "Street number"),
            "street_number",
        ),
    ),
    blocking_rules=(
        _rule("sn1", "sn2", "gn1"),
        _rule("sn1", "gn1", "birth_year"),
        Rule(
            "l.sn1 = r.sn1 AND l.gn1 = r.gn1 AND l.birth_year = r.birth_year + 1",
            ("sn1", "gn1", "birth_year"),
        ),
        Rule(
            "l.sn1 = r.sn1 AND l.gn1 = r.gn1 AND l.birth_year + 1 = r.birth_year",
            ("sn1", "gn1", "birth_year"),
        ),
        _rule("sn2", "gn1", "birth_year"),
        _rule("sn1", "sn2", "birth_year"),
        Rule("l.sn1 = r.sn2 AND l.sn2 = r.sn1 AND l.gn_key = r.gn_key", ("sn1", "sn2", "gn_key")),
        _rule("sn1_key", "sn2_key", "gn_key"),
        _rule("gn1", "birth_ymd"),
        _rule("sn1", "birth_ymd"),
        _rule("place_code", "birth_year"),
        _rule("place_code", "gn1"),
        _rule("place_code", "sn1_key"),
        _rule("postcode", "gn_key"),
        _rule("postcode", "sn1_key"),
        _rule("address", "birth_year"),
    ),
    broad_rules=(
        _rule("sn1", "gn1"),
        _rule("sn1_key", "birth_year"),
        _rule("gn_key", "birth_year"),
        _rule("gn1", "sn2"),
        Rule("l.sn1 = r.sn2 AND l.sn2 = r.sn1", ("sn1", "sn2")),
        _rule("sn2", "birth_year"),
        _rule("birth_ymd"),
        _rule("gn"),
        _rule("sn1"),
        _rule("postcode"),
        _rule("address"),
        _rule("locality"),
        _rule("birth_lo", "birth_hi"),
    ),
    em_rules=(_rule("sn1", "gn1"), _rule("birth_ymd"), _rule("gn_key", "sn1_key")),
    deterministic_rules=(
        _rule("gn", "sn1", "birth_ymd"),
        _rule("gn", "sn1", "sn2", "birth_lo"),
    ),
)

EVENTS = LinkageSpec(
    kind="events",
    prepare=prepare_events,
    description="Events: date bounds within a window, distance between coordinates, sex "
    "and children among the persons, cause of death, place.",
    comparisons=(
        Candidate(cmp.event_date_comparison, "date_lo"),
        Candidate(cmp.distance_comparison, "lat"),
        Candidate(cmp.sexes_comparison, "sexes"),
        Candidate(cmp.age_group_comparison, "has_child"),
        Candidate(cmp.cause_comparison, "cause"),
    ),
    blocking_rules=(
        _rule("ym"),
        _rule("week"),
        Rule("l.week = r.week + 1", ("week",)),
        Rule("l.week + 1 = r.week", ("week",)),
        _rule("cell", "year"),
    ),
    training="u_only",
    expected_match_share=0.5,
)

TOKENS = LinkageSpec(
    kind="tokens",
    prepare=prepare_tokens,
    description="Privacy tokens: keyed HMAC tokens of name parts, phonetic keys and birth "
    "year, compared by exact equality only.",
    comparisons=(
        Candidate(cmp.token_given_comparison, "t_gn"),
        Candidate(cmp.token_surname_comparison, "t_sn1"),
        Candidate(cmp.token_birth_year_comparison, "t_by"),
        Candidate(
            lambda: cmp.exact_comparison(
                "t_sex", "sex", "Sex (token)", m=(0.97, 0.03), u=(0.5, 0.5)
            ),
            "t_sex",
        ),
    ),
    blocking_rules=(
        _rule("t_sn1", "t_gn1"),
        _rule("t_sn1_key", "t_by"),
        _rule("t_gn_key", "t_by"),
        Rule("l.t_sn1 = r.t_sn2 AND l.t_sn2 = r.t_sn1", ("t_sn1", "t_sn2")),
    ),
    training="fixed",
    expected_match_share=0.5,
)

SPECS: dict[str, LinkageSpec] = {s.kind: s for s in (PERSONS, EVENTS, TOKENS)}


def spec_for(kind: str) -> LinkageSpec:
    """The registered spec for ``kind``. Raises :class:`LinkageSpecError` if unknown."""
    try:
        return SPECS[kind]
    except KeyError:
        known = ", ".join(sorted(SPECS))
        raise LinkageSpecError(f"unknown linkage kind {kind!r} (known: {known})") from None
