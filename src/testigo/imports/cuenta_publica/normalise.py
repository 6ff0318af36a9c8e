"""Named, tested normalisation rules for SHCP Cuenta Pública CSV cells.

See docs/imports/cuenta-publica.md.

Each function takes raw cell text and returns a clean value or raises :class:`CellError`
with the reason shown to the user. Nothing is coerced silently.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from testigo.imports.mmp.normalise import CellError
from testigo.imports.rnpdno.states import state_key

__all__ = [
    "BRANCH_CODES",
    "MEASURE_LABELS",
    "CellError",
    "amount",
    "branch_code",
    "branch_of",
    "fiscal_year",
    "measure_of",
    "percentage",
    "programme_key",
]

# PRESUPUESTO labels of the measure rows (everything else is a programme header row).
MEASURE_LABELS: dict[str, str] = {
    "aprobado": "approved",
    "modificado": "modified",
    "devengado": "accrued",
    "ejercicio": "executed",
    "porcentaje ejer/aprob": "executed_pct_of_approved",
    "porcentaje ejer/modif": "executed_pct_of_modified",
}
# Ramo name (as SHCP writes it, compared without accents or case) → ramo number of the
# Presupuesto de Egresos de la Federación. Names change with reorganisations.
BRANCH_CODES: dict[str, str] = {
    "gobernacion": "04",
    "relaciones exteriores": "05",
    "hacienda y credito publico": "06",
    "educacion publica": "11",
    "desarrollo social": "20",
    "desarrollo social (ahora bienestar)": "20",
    "bienestar": "20",
    "provisiones salariales y economicas": "23",
    "comision nacional de los derechos humanos": "35",
}
CENT = Decimal("0.01")
# Binary floating-point noise in SHCP's flattened files (45027291.220000006): values are
# rounded to centavos when they are within this distance of a whole centavo.
FLOAT_NOISE = Decimal("0.0001")
BLANKS = frozenset({"", "n.s."})  # n.s. = "no significativo" (percentages of zero)
_PLAIN = re.compile(r"-?[0-9]+(\.[0-9]+)?", re.ASCII)
_THOUSANDS = re.compile(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", re.ASCII)
_PROGRAMME = re.compile(r"[A-Z][0-9]{3}", re.ASCII)


def _number(raw: str) -> Decimal:
    if _PLAIN.fullmatch(raw):
        return Decimal(raw)
    if _THOUSANDS.fullmatch(raw):
        return Decimal(raw.replace(",", ""))
    try:
        float(raw)
    except ValueError:
        raise CellError("not a number") from None
    raise CellError("not a number written plainly (e.g. 1234567.89 or 1,234,567.89)")


def amount(value: str) -> Decimal | None:
    """Pesos: ``"1893912151.0"``, ``"1,893,912,151.00"`` → ``Decimal`` rounded to centavos.

    Blank (or a lone space) → ``None`` (not published). Thousand separators must be commas
    in groups of three. Float noise (``"44959095.38999999"`` → ``44959095.39``) is rounded;
    a real fraction of a centavo, ``n.s.``, text or scientific notation raise ``CellError``.
    """
    raw = value.strip()
    if raw == "":
        return None
    if raw == "n.s.":
        raise CellError("'n.s.' (not significant) where an amount is expected")
    number = _number(raw)
    rounded = number.quantize(CENT, rounding=ROUND_HALF_UP)
    if abs(number - rounded) > FLOAT_NOISE:
        raise CellError("fractions of a centavo")
    return rounded


def percentage(value: str) -> Decimal | None:
    """A percentage cell: number → ``Decimal`` (4 decimals); blank, space or ``n.s.`` → ``None``."""
    raw = value.strip()
    if raw in BLANKS:
        return None
    try:
        return _number(raw).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise CellError("percentage out of range") from None


def fiscal_year(value: str) -> int:
    """``CICLO``: the fiscal year, which is the calendar year in Mexico (``"2023"`` → 2023)."""
    raw = value.strip()
    if not re.fullmatch(r"20[0-9]{2}", raw, re.ASCII):
        raise CellError("not a fiscal year (2000-2099)")
    return int(raw)


def programme_key(value: str) -> str:
    """A programa presupuestario key: a modality letter and three digits (``"E008"``)."""
    raw = value.strip()
    if not _PROGRAMME.fullmatch(raw):
        raise CellError("not a programme key (a letter and three digits, e.g. E008)")
    return raw


def measure_of(label: str) -> str | None:
    """The measure of a ``PRESUPUESTO`` label (``"Ejercicio"`` → ``"executed"``).

    ``None`` when the label is not a measure: the row is then a programme header row and
    the label is the programme's name.
    """
    return MEASURE_LABELS.get(" ".join(label.casefold().split()))


def branch_of(ente: str, ramo: str, subramo: str) -> tuple[str, str]:
    """``(branch type, branch name)`` from the hierarchy columns, whose meaning shifts.

    2013–2014: ``ENTE`` = type ("Ramos Administrativos"), ``RAMO`` = name, no ``SUBRAMO``.
    From 2015: ``ENTE`` = power ("Poder Ejecutivo"), ``RAMO`` = type, ``SUBRAMO`` = name —
    except autonomous bodies (CNDH), whose name stays in ``RAMO`` with ``SUBRAMO`` blank.
    Raises ``CellError`` when no name is found.
    """
    ente, ramo, subramo = ente.strip(), ramo.strip(), subramo.strip()
    kind, name = (ramo, subramo) if subramo else (ente, ramo)
    if not name:
        raise CellError("no branch (ramo) name in RAMO or SUBRAMO")
    return kind, name


def branch_code(name: str) -> str:
    """The PEF ramo number of a branch name (``"Gobernación"`` → ``"04"``).

    Raises ``CellError`` for a name missing from :data:`BRANCH_CODES` (add it there).
    """
    try:
        return BRANCH_CODES[state_key(name)]
    except KeyError:
        raise CellError("unknown branch (ramo) name: add it to BRANCH_CODES") from None
