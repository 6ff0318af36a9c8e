"""Documentation pages generated from definition files: ``docs/indicators/<code>.md``.

:func:`render_markdown` turns a definition (``library`` shape) into a Markdown page in
English and Spanish; :func:`write_docs` writes one page per built-in definition plus an
index. A test checks every registered indicator has its page and that it is up to date.
"""

from __future__ import annotations

from pathlib import Path

from testigo.indicators.library import builtin_definitions, text

DOCS_DIR = Path(__file__).resolve().parents[3] / "docs" / "indicators"
GENERATED = (
    "<!-- Generated from src/testigo/indicators/definitions/{code}.yaml"
    " by `testigo indicators docs`; do not edit. -->"
)
LABELS = {
    "en": {
        "right": "Right",
        "attribute": "Attribute",
        "type": "Type",
        "obligation": "Obligation",
        "definition": "Definition",
        "rationale": "Rationale",
        "unit": "Unit",
        "formula": "Method of computation",
        "numerator": "Numerator",
        "denominator": "Denominator",
        "multiplier": "Multiplier",
        "series": "Series",
        "disaggregation": "Disaggregation",
        "period": "Period",
        "mechanism": "Data-generating mechanism",
        "sources": "Sources",
        "periodicity": "Periodicity",
        "custodian": "Custodian",
        "baseline": "Baseline",
        "targets": "Targets",
        "sdg": "SDG indicators",
        "gcm": "GCM objectives",
        "limitations": "Comments and limitations",
        "none": "none",
    },
    "es": {
        "right": "Derecho",
        "attribute": "Atributo",
        "type": "Tipo",
        "obligation": "Obligación",
        "definition": "Definición",
        "rationale": "Justificación",
        "unit": "Unidad",
        "formula": "Método de cálculo",
        "numerator": "Numerador",
        "denominator": "Denominador",
        "multiplier": "Multiplicador",
        "series": "Series",
        "disaggregation": "Desagregación",
        "period": "Periodo",
        "mechanism": "Mecanismo de generación de datos",
        "sources": "Fuentes",
        "periodicity": "Periodicidad",
        "custodian": "Custodio",
        "baseline": "Línea de base",
        "targets": "Metas",
        "sdg": "Indicadores ODS",
        "gcm": "Objetivos del Pacto Mundial",
        "limitations": "Comentarios y limitaciones",
        "none": "ninguna",
    },
}


def _spec(spec: dict | None) -> str:
    if not spec:
        return "—"
    return ", ".join(f"`{k}={v}`" for k, v in spec.items())


def _section(content: dict, lang: str) -> list[str]:
    label = LABELS[lang]
    formula = content["formula"]
    unit_code = content["unit"]["code"]
    dims = ", ".join(formula.get("disaggregations") or []) or label["none"]
    sdg = ", ".join(content.get("sdg") or []) or label["none"]
    gcm = ", ".join(str(n) for n in content.get("gcm") or []) or label["none"]
    lines = [
        f"## {text(content, 'name', lang)} ({lang})",
        "",
        f"- **{label['right']}:** {text(content, 'right', lang)}",
        f"- **{label['attribute']}:** {text(content, 'attribute', lang)}",
        f"- **{label['type']}:** {content['type']}",
        f"- **{label['obligation']}:** {content.get('obligation') or '—'}",
        f"- **{label['unit']}:** {text(content['unit'], 'label', lang)} (`{unit_code}`)",
        "",
        f"**{label['definition']}.** {text(content, 'definition', lang)}",
        "",
        f"**{label['rationale']}.** {text(content, 'rationale', lang)}",
        "",
        f"### {label['formula']}",
        "",
        text(formula, "text", lang),
        "",
        f"- **{label['numerator']}:** {_spec(formula['numerator'])}",
        f"- **{label['denominator']}:** {_spec(formula.get('denominator'))}",
        f"- **{label['multiplier']}:** {formula.get('multiplier', 1)}",
        f"- **{label['period']}:** {formula['period']}",
        f"- **{label['disaggregation']}:** {dims}",
        f"- **{label['series']}:**",
    ]
    for series in formula["series"]:
        selection = _spec(series.get("where") or series.get("dimensions"))
        lines.append(f"  - `{series['code']}` — {text(series, 'label', lang)} ({selection})")
    baseline = content.get("baseline") or {}
    lines += [
        "",
        f"- **{label['mechanism']}:** {content['data_mechanism']}",
        f"- **{label['sources']}:** {'; '.join(content['sources'])}",
        f"- **{label['periodicity']}:** {content['periodicity']}",
        f"- **{label['custodian']}:** {content.get('custodian') or '—'}",
        f"- **{label['baseline']}:** {baseline.get('series', '—')} {baseline.get('period') or '—'}",
        f"- **{label['targets']}:** "
        + (
            "; ".join(
                f"{t['series']}: {t['direction']}"
                + (f" → {t['value']}" if t.get("value") is not None else "")
                + (f" ({t['period']})" if t.get("period") else "")
                for t in content.get("targets") or []
            )
            or label["none"]
        ),
        f"- **{label['sdg']}:** {sdg}",
        f"- **{label['gcm']}:** {gcm}",
        "",
        f"**{label['limitations']}.** {text(content, 'limitations', lang)}",
        "",
    ]
    return lines


def render_markdown(content: dict) -> str:
    """The Markdown page of one definition (English, then Spanish)."""
    lines = [GENERATED.format(code=content["code"]), "", f"# `{content['code']}`", ""]
    lines += _section(content, "en") + _section(content, "es")
    return "\n".join(lines).rstrip() + "\n"


def render_index() -> str:
    """The index page listing every built-in indicator."""
    lines = [
        "<!-- Generated by `testigo indicators docs`; do not edit. -->",
        "",
        "# Built-in indicators",
        "",
        "Each page is generated from its definition file in `src/testigo/indicators/definitions/`.",
        "An indicator is published only after a joint working group agrees a version of it.",
        "",
        "## How an indicator is agreed",
        "",
        "- A **joint working group** (`JointWorkingGroup`) seats member *organisations*. A person",
        "  acts for the group through a membership (any role but read-only) in a seated",
        "  organisation; the organisation's kind decides the side: `government` or",
        "  `civil_society` (`international` members may comment and propose, but count for",
        "  neither side).",
        "- Every proposal is a new, immutable **version**. A version is **agreed** when at least",
        "  one government member and one civil-society member approved *that* version;",
        "  approvals of different versions never combine. A change after agreement is a new",
        "  version that needs both approvals again; the last agreed version stays published.",
        "- **Dissent** is recorded with its reasons and, when its author asks, published on the",
        "  indicator's page. Versions, approvals, comments and computations are kept with who",
        "  and when, and every write has an audit row.",
        "- `testigo indicators compute` computes the latest agreed version of every indicator;",
        "  counts come through the publication gate (a suppressed numerator or denominator",
        "  suppresses the rate); official observations are already public. Public pages",
        "  (`/indicators/`) show only agreed, computed values; `testigo indicators export`",
        "  writes them as SDMX-CSV.",
        "",
        "## Built-in library",
        "",
        "Budget- and recruitment-based indicators are designed for but not built: a formula may",
        "name the source `budget_lines` (BudgetLine, e.g. spending per person served), which",
        "validates so the group can draft it, and is refused at computation until the budget",
        "module provides it.",
        "",
    ]
    for code, content in builtin_definitions().items():
        lines.append(f"- [{text(content, 'name', 'en')}]({code}.md) — {content['type']}")
    return "\n".join(lines) + "\n"


def expected_pages() -> dict[str, str]:
    """File name → content of every generated page."""
    pages = {f"{code}.md": render_markdown(c) for code, c in builtin_definitions().items()}
    pages["README.md"] = render_index()
    return pages


def write_docs(folder: Path = DOCS_DIR) -> list[Path]:
    """Write every generated page into ``folder``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, body in expected_pages().items():
        path = folder / name
        path.write_text(body, encoding="utf-8")
        written.append(path)
    return written
