"""Indicator definitions: the built-in library (``definitions/*.yaml``) and their validation.

A definition is a dict following the OHCHR metadata sheet (standards.md §1.2): ``code``,
``name``/``right``/``attribute``/``definition``/``rationale``/``limitations`` (each
``{es, en}``), ``type`` (structural | process | outcome), ``obligation``, ``unit``
(``{code, label}``), ``formula`` (``period``, ``numerator``, ``denominator`` or null,
``multiplier``, ``series`` — named selections, each an SDMX REF_AREA-like code —,
``disaggregations``, ``text``), ``data_mechanism``, ``sources``, ``periodicity`` (SDMX
FREQ: A, Q, M), ``custodian``, ``baseline`` (``{series, period}``), ``targets``
(``[{series, period, direction, value}]``), ``sdg`` (indicator codes, §2), ``gcm``
(objective numbers 1–23, §3).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from testigo.core.errors import ApplicationError

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"

TYPES = ("structural", "process", "outcome")
OBLIGATIONS = ("respect", "protect", "fulfil")
MECHANISMS = ("events_based", "admin_socioeconomic", "survey_perception", "expert_judgement")
DIRECTIONS = ("increase", "decrease", "maintain")
PERIODICITIES = ("A", "Q", "M")
PERIODS = ("year", "quarter")
TEXT_FIELDS = ("name", "right", "attribute", "definition", "rationale", "limitations")
# Data sources a formula may use (``testigo.indicators.sources.SOURCES`` computes them).
# ``budget_lines`` is reserved for the budget module (a formula over BudgetLine): it
# validates, so definitions can be drafted now, but computing it is refused until built.
SOURCE_KINDS = ("events", "victims", "acts", "intakes", "observations", "scores", "budget_lines")


class DefinitionError(ApplicationError):
    """A definition is incomplete or uses an unknown value."""


def _bilingual(content: dict, field: str) -> None:
    value = content.get(field)
    if not isinstance(value, dict) or not value.get("es") or not value.get("en"):
        raise DefinitionError(
            _("Field %(field)s needs a Spanish and an English text.") % {"field": field}
        )


def _choice(content: dict, field: str, allowed: tuple[str, ...]) -> None:
    if content.get(field) not in allowed:
        raise DefinitionError(
            _("Field %(field)s must be one of: %(allowed)s.")
            % {"field": field, "allowed": ", ".join(allowed)}
        )


def validate_definition(content: object) -> dict:
    """Check a definition dict (shape in the module docstring) and return it.

    Raises :class:`DefinitionError` naming the first problem found.
    """
    if not isinstance(content, dict):
        raise DefinitionError(_("A definition must be a mapping of fields."))
    code = content.get("code")
    if not isinstance(code, str) or not code or not code.replace("-", "").isalnum():
        raise DefinitionError(_("The code must be letters, digits and hyphens."))
    for field in TEXT_FIELDS:
        _bilingual(content, field)
    _choice(content, "type", TYPES)
    _choice(content, "data_mechanism", MECHANISMS)
    _choice(content, "periodicity", PERIODICITIES)
    unit = content.get("unit")
    if not isinstance(unit, dict) or not unit.get("code"):
        raise DefinitionError(_("The unit needs a code."))
    formula = content.get("formula")
    if not isinstance(formula, dict):
        raise DefinitionError(_("The formula is missing."))
    if formula.get("period") not in PERIODS:
        raise DefinitionError(_("The formula's period must be year or quarter."))
    for part in ("numerator", "denominator"):
        spec = formula.get(part)
        if spec is None and part == "denominator":
            continue
        if not isinstance(spec, dict) or spec.get("source") not in SOURCE_KINDS:
            raise DefinitionError(
                _("The %(part)s needs a source (%(kinds)s).")
                % {"part": part, "kinds": ", ".join(SOURCE_KINDS)}
            )
    series = formula.get("series")
    if not isinstance(series, list) or not series:
        raise DefinitionError(_("The formula needs at least one series."))
    codes = [s.get("code") for s in series if isinstance(s, dict)]
    if len(codes) != len(series) or len(set(codes)) != len(codes) or not all(codes):
        raise DefinitionError(_("Every series needs its own code."))
    if not isinstance(formula.get("disaggregations", []), list):
        raise DefinitionError(_("Disaggregations must be a list."))
    try:
        float(formula.get("multiplier", 1))
    except (TypeError, ValueError):
        raise DefinitionError(_("The multiplier must be a number.")) from None
    for target in content.get("targets") or []:
        if target.get("direction") not in DIRECTIONS:
            raise DefinitionError(
                _("A target's direction must be one of: %(allowed)s.")
                % {"allowed": ", ".join(DIRECTIONS)}
            )
        if target.get("series") not in codes:
            raise DefinitionError(_("A target names a series the formula does not have."))
    for number in content.get("gcm") or []:
        if not isinstance(number, int) or not 1 <= number <= 23:
            raise DefinitionError(_("GCM objectives are numbers 1 to 23."))
    if not isinstance(content.get("sources"), list) or not content["sources"]:
        raise DefinitionError(_("Name at least one source."))
    return content


def parse_definition(text: str) -> dict:
    """Parse YAML text into a validated definition. Raises :class:`DefinitionError`."""
    try:
        content = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        message = _("The definition is not valid YAML: %(error)s") % {"error": exc}
        raise DefinitionError(message) from None
    return validate_definition(content)


def dump_definition(content: dict) -> str:
    """The definition as YAML text (UTF-8, keys in definition order)."""
    return yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=100)


@cache
def builtin_definitions() -> dict[str, dict]:
    """The built-in library: code → validated definition, from ``definitions/*.yaml``."""
    library: dict[str, dict] = {}
    for path in sorted(DEFINITIONS_DIR.glob("*.yaml")):
        content = parse_definition(path.read_text(encoding="utf-8"))
        if content["code"] != path.stem:
            raise DefinitionError(f"{path.name}: code {content['code']!r} ≠ file name")
        library[content["code"]] = content
    return library


def builtin_definition(code: str) -> dict:
    """One built-in definition (a copy). Raises :class:`DefinitionError` if unknown."""
    library = builtin_definitions()
    if code not in library:
        raise DefinitionError(_("No built-in indicator %(code)s.") % {"code": code})
    return yaml.safe_load(dump_definition(library[code]))


def text(content: dict, field: str, lang: str) -> str:
    """A bilingual field in ``lang`` (Spanish when missing)."""
    value = content.get(field) or {}
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("es") or "")
    return str(value)
