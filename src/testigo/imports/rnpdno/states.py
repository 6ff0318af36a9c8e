"""Mexico's 32 states: INEGI codes, ISO 3166-2 codes and every spelling the sources use.

Used by the RNPDNO and CONAPO adapters. Codes follow INEGI's Marco Geoestadístico
(``CVE_ENT`` 01–32, in alphabetical order of the official names, Coahuila and Michoacán
and Veracruz by their full names) and ISO 3166-2:MX (``MX-AGU`` … ``MX-ZAC``).
"""

from __future__ import annotations

import unicodedata

# INEGI CVE_ENT → (ISO 3166-2 code, official name as INEGI writes it).
STATES: dict[str, tuple[str, str]] = {
    "01": ("MX-AGU", "Aguascalientes"),
    "02": ("MX-BCN", "Baja California"),
    "03": ("MX-BCS", "Baja California Sur"),
    "04": ("MX-CAM", "Campeche"),
    "05": ("MX-COA", "Coahuila de Zaragoza"),
    "06": ("MX-COL", "Colima"),
    "07": ("MX-CHP", "Chiapas"),
    "08": ("MX-CHH", "Chihuahua"),
    "09": ("MX-CMX", "Ciudad de México"),
    "10": ("MX-DUR", "Durango"),
    "11": ("MX-GUA", "Guanajuato"),
    "12": ("MX-GRO", "Guerrero"),
    "13": ("MX-HID", "Hidalgo"),
    "14": ("MX-JAL", "Jalisco"),
    "15": ("MX-MEX", "México"),
    "16": ("MX-MIC", "Michoacán de Ocampo"),
    "17": ("MX-MOR", "Morelos"),
    "18": ("MX-NAY", "Nayarit"),
    "19": ("MX-NLE", "Nuevo León"),
    "20": ("MX-OAX", "Oaxaca"),
    "21": ("MX-PUE", "Puebla"),
    "22": ("MX-QUE", "Querétaro"),
    "23": ("MX-ROO", "Quintana Roo"),
    "24": ("MX-SLP", "San Luis Potosí"),
    "25": ("MX-SIN", "Sinaloa"),
    "26": ("MX-SON", "Sonora"),
    "27": ("MX-TAB", "Tabasco"),
    "28": ("MX-TAM", "Tamaulipas"),
    "29": ("MX-TLA", "Tlaxcala"),
    "30": ("MX-VER", "Veracruz de Ignacio de la Llave"),
    "31": ("MX-YUC", "Yucatán"),
    "32": ("MX-ZAC", "Zacatecas"),
}

# Every spelling seen in the sources (compared after :func:`state_key`) → ISO 3166-2.
# The official names come from STATES; these are the variants besides them.
STATE_NAME_VARIANTS: dict[str, str] = {
    # RNPDNO writes names lower-case without accents, some both short and long:
    "coahuila": "MX-COA",
    "michoacan": "MX-MIC",
    "veracruz": "MX-VER",
    # Other common spellings (CONAPO, SHCP, press):
    "estado de mexico": "MX-MEX",
    "distrito federal": "MX-CMX",
    "cdmx": "MX-CMX",
    "queretaro de arteaga": "MX-QUE",
}

# Names that mean "state not known" (RNPDNO code 99): kept, never guessed.
UNKNOWN_STATE_NAMES = frozenset({"unknown", "unresolved", "se desconoce", "no especificado"})
UNKNOWN_STATE_CODE = "99"


def state_key(name: str) -> str:
    """A state name reduced for comparison: no accents, lower case, single spaces.

    ``"  Michoacán de  Ocampo "`` → ``"michoacan de ocampo"``.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


_BY_NAME: dict[str, str] = {
    **{state_key(name): iso for iso, name in STATES.values()},
    **STATE_NAME_VARIANTS,
}
_BY_ISO: dict[str, str] = {iso: code for code, (iso, _name) in STATES.items()}


def state_iso_from_name(name: str) -> str | None:
    """ISO 3166-2 code for a state name in any known spelling; ``None`` for unknown-state names.

    ``"veracruz"`` and ``"Veracruz de Ignacio de la Llave"`` → ``"MX-VER"``; ``"unknown"`` →
    ``None``. Raises ``KeyError`` for a name that is neither a state nor an unknown-state name.
    """
    key = state_key(name)
    if key in UNKNOWN_STATE_NAMES:
        return None
    return _BY_NAME[key]


def state_iso_from_code(code: str) -> str:
    """ISO 3166-2 code for an INEGI state code (``"16"`` or ``"016"`` → ``"MX-MIC"``).

    Raises ``KeyError`` for a code outside 01–32 (99, unknown state, included).
    """
    digits = code[-2:] if len(code) == 3 and code.startswith("0") else code
    return STATES[digits][0]


def inegi_code_from_iso(iso: str) -> str:
    """INEGI two-digit code for an ISO 3166-2:MX code (``"MX-MIC"`` → ``"16"``)."""
    return _BY_ISO[iso]
