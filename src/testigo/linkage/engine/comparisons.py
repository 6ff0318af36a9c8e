"""Splink comparisons suited to the Mexico–US corridor.

Each builder returns a Splink ``ComparisonCreator`` over the *prepared* columns made by
:mod:`testigo.linkage.engine.prepare` (folded names, phonetic keys, date bounds as day
numbers). Levels are written with Splink's level library or as DuckDB SQL with
``base_dialect_str="duckdb"``, so Splink translates them (via sqlglot) for Spark. Level
labels are what a reviewer sees as evidence, so they are short and plain.

Fellegi–Sunter: each level has m = P(level | match) and u = P(level | non-match); priors
given here (``m=…, u=…``) are used only by specs that do not train (tokens, events).
"""

from __future__ import annotations

import splink.comparison_level_library as cll
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.comparison_library import CustomComparison

DUCKDB = "duckdb"
DAYS_PER_YEAR = 365


def _sql(condition: str, label: str) -> ComparisonLevelCreator:
    return cll.CustomLevel(condition, label_for_charts=label, base_dialect_str=DUCKDB)


def _null(*columns: str) -> ComparisonLevelCreator:
    condition = " OR ".join(f"{c}_l IS NULL OR {c}_r IS NULL" for c in columns)
    return cll.CustomLevel(condition, label_for_charts="missing").configure(is_null_level=True)


def _prior(
    level: ComparisonLevelCreator, m: float | None, u: float | None
) -> ComparisonLevelCreator:
    if m is None and u is None:
        return level
    return level.configure(m_probability=m, u_probability=u)


def _comparison(name: str, description: str, levels: list) -> ComparisonCreator:
    return CustomComparison(
        comparison_levels=levels, output_column_name=name, comparison_description=description
    )


def given_name_comparison() -> ComparisonCreator:
    """Given names: exact; same first name after nicknames (Chuy = Jesús); Jaro-Winkler ≥ 0.92;
    same Spanish phonetic key; Jaro-Winkler ≥ 0.8; other.

    Columns: ``gn`` (all given names, folded), ``gn1`` (first, nickname-resolved),
    ``gn_key`` (phonetic key of the first given name).
    """
    return _comparison("given_name", "Given names", [
        _null("gn"),
        cll.ExactMatchLevel("gn").configure(label_for_charts="same given names"),
        _sql("gn1_l = gn1_r", "same first name or nickname"),
        cll.JaroWinklerLevel("gn", 0.92).configure(label_for_charts="very similar"),
        _sql("gn_key_l = gn_key_r", "sounds the same"),
        cll.JaroWinklerLevel("gn", 0.8).configure(label_for_charts="similar"),
        cll.ElseLevel().configure(label_for_charts="different"),
    ])  # fmt: skip


def surname_comparison() -> ComparisonCreator:
    """Spanish compound surnames (paternal ``sn1``, maternal ``sn2``, particles removed).

    Levels: both surnames equal; both swapped; one equal and the other Jaro-Winkler ≥ 0.9
    (a typo); paternal equal; either surname matches either
    (swapped
    order, or only the maternal one recorded); paternal Jaro-Winkler ≥ 0.92; same phonetic
    key on any pair; paternal Jaro-Winkler ≥ 0.8; other.
    """
    cross = "(sn1_l = sn2_r OR sn2_l = sn1_r OR (sn2_l = sn2_r))"
    one_equal_other_close = (
        "(sn1_l = sn1_r AND jaro_winkler_similarity(sn2_l, sn2_r) >= 0.9)"
        " OR (sn2_l = sn2_r AND jaro_winkler_similarity(sn1_l, sn1_r) >= 0.9)"
    )
    keys = "(sn1_key_l = sn1_key_r OR sn1_key_l = sn2_key_r OR sn2_key_l = sn1_key_r)"
    return _comparison("surname", "Surnames (paternal and maternal)", [
        _null("sn1"),
        _sql("sn1_l = sn1_r AND sn2_l = sn2_r", "both surnames equal"),
        _sql("sn1_l = sn2_r AND sn2_l = sn1_r", "both surnames, swapped"),
        _sql(one_equal_other_close, "one surname equal, the other very similar"),
        cll.ExactMatchLevel("sn1").configure(label_for_charts="same paternal surname"),
        _sql(cross, "one surname in common (swapped or maternal)"),
        cll.JaroWinklerLevel("sn1", 0.92).configure(label_for_charts="very similar"),
        _sql(keys, "sounds the same"),
        cll.JaroWinklerLevel("sn1", 0.8).configure(label_for_charts="similar"),
        cll.ElseLevel().configure(label_for_charts="different"),
    ])  # fmt: skip


def birth_comparison() -> ComparisonCreator:
    """Birth date as an interval ``[birth_lo, birth_hi]`` in days since 1970-01-01.

    The interval comes from an EDTF birth date (``1985``, ``1985-04``, ``1985-04-12``…)
    or from age at a known date (born in the year ``event year − age − 1`` or
    ``event year − age``). Levels: same exact day; one typing error in a full date
    (``birth_ymd``, Levenshtein ≤ 1); overlapping intervals both within a month; both
    within a year; any overlap (e.g. an age, two years wide); gap ≤ 2 years; other.
    """
    gap = "greatest(birth_lo_l, birth_lo_r) - least(birth_hi_l, birth_hi_r)"
    span_l, span_r = "(birth_hi_l - birth_lo_l)", "(birth_hi_r - birth_lo_r)"
    return _comparison("birth", "Date of birth or age (compared by bounds)", [
        _null("birth_lo"),
        _sql("birth_ymd_l = birth_ymd_r", "same date of birth"),
        cll.LevenshteinLevel("birth_ymd", 1).configure(label_for_charts="one digit differs"),
        _sql(f"{gap} <= 0 AND {span_l} <= 31 AND {span_r} <= 31", "same month (partial dates)"),
        _sql(f"{gap} <= 0 AND {span_l} <= 366 AND {span_r} <= 366", "same year (partial dates)"),
        _sql(f"{gap} <= 0", "compatible (partial dates or age overlap)"),
        _sql(f"{gap} <= {2 * DAYS_PER_YEAR}", "within 2 years"),
        cll.ElseLevel().configure(label_for_charts="different"),
    ])  # fmt: skip


def exact_comparison(
    column: str,
    name: str,
    description: str,
    m: tuple[float, float] | None = None,
    u: tuple[float, float] | None = None,
) -> ComparisonCreator:
    """Null / equal / different on one column (sex, nationality…), with optional priors."""
    m = m or (None, None)
    u = u or (None, None)
    return _comparison(name, description, [
        _null(column),
        _prior(cll.ExactMatchLevel(column).configure(label_for_charts="same"), m[0], u[0]),
        _prior(cll.ElseLevel().configure(label_for_charts="different"), m[1], u[1]),
    ])  # fmt: skip


def place_comparison() -> ComparisonCreator:
    """INEGI place codes: ``place_code`` is the 5-digit municipality (2-digit state + 3);
    ``state_code`` its first two digits (a record may know only the state). Levels: same
    municipality; same state; other."""
    return _comparison("place", "Place (INEGI municipality / state)", [
        _null("state_code"),
        _sql("place_code_l = place_code_r", "same municipality"),
        _sql("state_code_l = state_code_r", "same state"),
        cll.ElseLevel().configure(label_for_charts="different"),
    ])  # fmt: skip


def text_comparison(column: str, name: str, description: str) -> ComparisonCreator:
    """Free text such as an address or locality: Jaro-Winkler ≥ 0.9 / ≥ 0.7 / other."""
    return _comparison(name, description, [
        _null(column),
        cll.ExactMatchLevel(column).configure(label_for_charts="same"),
        cll.JaroWinklerLevel(column, 0.9).configure(label_for_charts="very similar"),
        cll.JaroWinklerLevel(column, 0.7).configure(label_for_charts="similar"),
        cll.ElseLevel().configure(label_for_charts="different"),
    ])  # fmt: skip


def code_comparison(column: str, name: str, description: str) -> ComparisonCreator:
    """A short code with typing errors (postcode, street number): exact / one edit / other."""
    return _comparison(name, description, [
        _null(column),
        cll.ExactMatchLevel(column).configure(label_for_charts="same"),
        cll.LevenshteinLevel(column, 1).configure(label_for_charts="one character differs"),
        cll.ElseLevel().configure(label_for_charts="different"),
    ])  # fmt: skip


# --- events -----------------------------------------------------------------------------


def event_date_comparison() -> ComparisonCreator:
    """Event dates as intervals in days (``date_lo``, ``date_hi``, from EDTF bounds).

    Levels (gap between the intervals): overlap or same day; ≤ 3 days; ≤ 14 days;
    ≤ 60 days; other. Priors reflect that a body's reporting date and the incident date
    recorded by another source usually differ by a few days.
    """
    gap = "greatest(date_lo_l, date_lo_r) - least(date_hi_l, date_hi_r)"
    return _comparison("date", "Date (gap between date bounds)", [
        _null("date_lo"),
        _prior(_sql(f"{gap} <= 0", "same day or overlapping"), 0.55, 0.002),
        _prior(_sql(f"{gap} <= 3", "within 3 days"), 0.30, 0.01),
        _prior(_sql(f"{gap} <= 14", "within 2 weeks"), 0.10, 0.04),
        _prior(_sql(f"{gap} <= 60", "within 2 months"), 0.04, 0.15),
        _prior(cll.ElseLevel().configure(label_for_charts="further apart"), 0.01, 0.798),
    ])  # fmt: skip


HAVERSINE_KM = (
    "2 * 6371 * asin(sqrt(power(sin(radians(lat_r - lat_l) / 2), 2) + "
    "cos(radians(lat_l)) * cos(radians(lat_r)) * power(sin(radians(lon_r - lon_l) / 2), 2)))"
)


def distance_comparison() -> ComparisonCreator:
    """Great-circle distance (haversine, km) between ``lat``/``lon`` in WGS84 degrees.

    Levels: ≤ 1 km; ≤ 5 km; ≤ 25 km; ≤ 100 km; other.
    """
    return _comparison("distance", "Distance between coordinates", [
        _null("lat", "lon"),
        _prior(_sql(f"{HAVERSINE_KM} <= 1", "within 1 km"), 0.60, 0.002),
        _prior(_sql(f"{HAVERSINE_KM} <= 5", "within 5 km"), 0.20, 0.01),
        _prior(_sql(f"{HAVERSINE_KM} <= 25", "within 25 km"), 0.12, 0.08),
        _prior(_sql(f"{HAVERSINE_KM} <= 100", "within 100 km"), 0.06, 0.4),
        _prior(cll.ElseLevel().configure(label_for_charts="further apart"), 0.02, 0.508),
    ])  # fmt: skip


def sexes_comparison() -> ComparisonCreator:
    """Sex of the persons in an event: ``sexes`` holds the letters present (``m``, ``f``,
    ``fm``). Consistent when one record's letters are all in the other's."""
    return _comparison("sex", "Sex of the persons", [
        _null("sexes"),
        _prior(_sql("sexes_l = sexes_r", "same"), 0.85, 0.7),
        _prior(_sql("contains(sexes_l, sexes_r) OR contains(sexes_r, sexes_l)",
                    "consistent"), 0.1, 0.1),
        _prior(cll.ElseLevel().configure(label_for_charts="different"), 0.05, 0.2),
    ])  # fmt: skip


def age_group_comparison() -> ComparisonCreator:
    """Children present (``has_child``: 1 if a person under 18 is recorded, 0 if adults only)."""
    return _comparison("age_group", "Children among the persons", [
        _null("has_child"),
        _prior(_sql("has_child_l = has_child_r", "same"), 0.95, 0.85),
        _prior(cll.ElseLevel().configure(label_for_charts="different"), 0.05, 0.15),
    ])  # fmt: skip


def cause_comparison() -> ComparisonCreator:
    """Cause of death in broad classes (``cause``: environment, drowning, vehicle, violence,
    sickness, accident). Unknown or undetermined causes are null."""
    return _comparison("cause", "Cause of death (broad class)", [
        _null("cause"),
        _prior(_sql("cause_l = cause_r", "same"), 0.8, 0.4),
        _prior(cll.ElseLevel().configure(label_for_charts="different"), 0.2, 0.6),
    ])  # fmt: skip


# --- privacy tokens ------------------------------------------------------------------------


def token_given_comparison() -> ComparisonCreator:
    """Given-name tokens, exact only: all given names; first name after nicknames; phonetic."""
    return _comparison("given_name", "Given names (tokens)", [
        _null("t_gn"),
        _prior(_sql("t_gn_l = t_gn_r", "same given names"), 0.80, 0.002),
        _prior(_sql("t_gn1_l = t_gn1_r", "same first name or nickname"), 0.10, 0.005),
        _prior(_sql("t_gn_key_l = t_gn_key_r", "sounds the same"), 0.05, 0.01),
        _prior(cll.ElseLevel().configure(label_for_charts="different"), 0.05, 0.983),
    ])  # fmt: skip


def token_surname_comparison() -> ComparisonCreator:
    """Surname tokens, exact only: both; paternal; either in common; phonetic key."""
    cross = "(t_sn1_l = t_sn2_r OR t_sn2_l = t_sn1_r OR t_sn2_l = t_sn2_r)"
    keys = "(t_sn1_key_l = t_sn1_key_r OR t_sn1_key_l = t_sn2_key_r OR t_sn2_key_l = t_sn1_key_r)"
    return _comparison("surname", "Surnames (tokens)", [
        _null("t_sn1"),
        _prior(_sql("t_sn1_l = t_sn1_r AND t_sn2_l = t_sn2_r", "both surnames equal"), 0.7, 0.0005),
        _prior(_sql("t_sn1_l = t_sn1_r", "same paternal surname"), 0.15, 0.01),
        _prior(_sql(cross, "one surname in common (swapped or maternal)"), 0.07, 0.01),
        _prior(_sql(keys, "sounds the same"), 0.05, 0.01),
        _prior(cll.ElseLevel().configure(label_for_charts="different"), 0.03, 0.9695),
    ])  # fmt: skip


def token_birth_year_comparison() -> ComparisonCreator:
    """Birth-year tokens: same year; adjacent year (tokens of year ± 1 are compared exactly)."""
    return _comparison("birth", "Birth year (tokens)", [
        _null("t_by"),
        _prior(_sql("t_by_l = t_by_r", "same birth year"), 0.75, 0.02),
        _prior(_sql("t_by_l = t_by_prev_r OR t_by_l = t_by_next_r", "adjacent year"),
               0.2, 0.04),
        _prior(cll.ElseLevel().configure(label_for_charts="different"), 0.05, 0.94),
    ])  # fmt: skip
