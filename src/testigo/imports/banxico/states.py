"""Mexico's 32 states for Banxico's tables: INEGI ``CVE_ENT`` and name variants → ISO 3166-2.

Banxico's SIE writes states by short common names ("Coahuila", "Michoacán", "Veracruz",
"Estado de México"); other tables and the press use the official INEGI names ("Coahuila de
Zaragoza"), old ones ("Distrito Federal") or abbreviations ("CDMX", "Edo. Méx."). Every
spelling goes through :func:`mx_state_code`. Codes follow ISO 3166-2:MX and INEGI's Marco
Geoestadístico (``CVE_ENT`` 01–32).
"""

from __future__ import annotations

import re
import unicodedata

from testigo.imports.rnpdno.states import STATES

# INEGI CVE_ENT (unpadded integer) → ISO 3166-2:MX, from the one table of Mexico's states
# (``imports/rnpdno/states.py``, shared with the CONAPO and Cuenta Pública adapters).
INEGI_TO_ISO: dict[int, str] = {int(code): iso for code, (iso, _name) in STATES.items()}

# Every known spelling (compared after :func:`state_key`) → ISO 3166-2:MX.
STATE_NAMES: dict[str, str] = {
    "aguascalientes": "MX-AGU", "ags": "MX-AGU",
    "baja california": "MX-BCN", "bc": "MX-BCN", "baja california norte": "MX-BCN",
    "baja california sur": "MX-BCS", "bcs": "MX-BCS",
    "campeche": "MX-CAM", "camp": "MX-CAM",
    "coahuila": "MX-COA", "coahuila de zaragoza": "MX-COA", "coah": "MX-COA",
    "colima": "MX-COL", "col": "MX-COL",
    "chiapas": "MX-CHP", "chis": "MX-CHP",
    "chihuahua": "MX-CHH", "chih": "MX-CHH",
    "ciudad de mexico": "MX-CMX", "cdmx": "MX-CMX", "distrito federal": "MX-CMX",
    "df": "MX-CMX", "mexico city": "MX-CMX",
    "durango": "MX-DUR", "dgo": "MX-DUR",
    "guanajuato": "MX-GUA", "gto": "MX-GUA",
    "guerrero": "MX-GRO", "gro": "MX-GRO",
    "hidalgo": "MX-HID", "hgo": "MX-HID",
    "jalisco": "MX-JAL", "jal": "MX-JAL",
    "mexico": "MX-MEX", "estado de mexico": "MX-MEX", "edo de mexico": "MX-MEX",
    "edo mex": "MX-MEX", "edomex": "MX-MEX", "mex": "MX-MEX",
    "michoacan": "MX-MIC", "michoacan de ocampo": "MX-MIC", "mich": "MX-MIC",
    "morelos": "MX-MOR", "mor": "MX-MOR",
    "nayarit": "MX-NAY", "nay": "MX-NAY",
    "nuevo leon": "MX-NLE", "nl": "MX-NLE",
    "oaxaca": "MX-OAX", "oax": "MX-OAX",
    "puebla": "MX-PUE", "pue": "MX-PUE",
    "queretaro": "MX-QUE", "queretaro de arteaga": "MX-QUE", "qro": "MX-QUE",
    "quintana roo": "MX-ROO", "q roo": "MX-ROO", "qroo": "MX-ROO",
    "san luis potosi": "MX-SLP", "slp": "MX-SLP",
    "sinaloa": "MX-SIN", "sin": "MX-SIN",
    "sonora": "MX-SON", "son": "MX-SON",
    "tabasco": "MX-TAB", "tab": "MX-TAB",
    "tamaulipas": "MX-TAM", "tamps": "MX-TAM",
    "tlaxcala": "MX-TLA", "tlax": "MX-TLA",
    "veracruz": "MX-VER", "veracruz de ignacio de la llave": "MX-VER",
    "veracruz llave": "MX-VER", "ver": "MX-VER",
    "yucatan": "MX-YUC", "yuc": "MX-YUC",
    "zacatecas": "MX-ZAC", "zac": "MX-ZAC",
}  # fmt: skip


def state_key(name: str) -> str:
    """A state name for lookup: accents removed, lower case, punctuation as spaces, single
    spaces (``" Edo. Méx. "`` → ``"edo mex"``)."""
    text = unicodedata.normalize("NFKD", name.replace("\ufeff", ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def mx_state_code(name: str) -> str | None:
    """ISO 3166-2:MX code for any known spelling of a Mexican state, or ``None``.

    ``"Estado de México"`` / ``"México"`` / ``"EDOMEX"`` → ``"MX-MEX"``; ``"Distrito Federal"``
    / ``"CDMX"`` → ``"MX-CMX"``; ``"COAHUILA DE ZARAGOZA"`` → ``"MX-COA"``.
    """
    return STATE_NAMES.get(state_key(name))


def inegi_state_code(cve_ent: int) -> str | None:
    """ISO 3166-2:MX code for INEGI's ``CVE_ENT`` (1–32), or ``None`` outside that range."""
    return INEGI_TO_ISO.get(cve_ent)
