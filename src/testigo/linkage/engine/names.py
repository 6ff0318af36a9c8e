"""Name normalisation for the corridor: case and accent folding, Spanish compound surnames,
nicknames, and a Spanish-aware phonetic key for transliterated (e.g. Nahuatl, Maya) names.

All functions take and return plain ``str`` (``""`` for nothing) so they can be mapped over
pandas columns; the frame-level helpers cache on unique values.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from testigo.core.crypto import normalise_for_index

NICKNAMES_FILE = Path(__file__).parent / "data" / "nicknames.csv"

# Particles that join a surname to the next word: "de la Cruz", "del Río", "de los Santos".
PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "van", "von", "da", "dos", "di"})

_NON_LETTER = re.compile(r"[^a-z ]+")


def fold(value: object) -> str:
    """Fold case, accents, punctuation, spacing: ``" José-María  PÉREZ"`` → ``"jose maria perez"``.

    Non-strings (``None``, NaN) give ``""``. Uses the same folding as the blind index
    (:func:`testigo.core.crypto.normalise_for_index`), so tokens and indexes agree.
    """
    if not isinstance(value, str):
        return ""
    folded = normalise_for_index(value.replace("-", " "))
    return " ".join(_NON_LETTER.sub(" ", folded).split())


@cache
def nicknames() -> dict[str, str]:
    """The nickname table (``data/nicknames.csv``: ``nickname,name``), folded.

    ``{"chuy": "jesus", "pepe": "jose", …}``.
    """
    with NICKNAMES_FILE.open(encoding="utf-8", newline="") as fh:
        return {fold(row["nickname"]): fold(row["name"]) for row in csv.DictReader(fh)}


def canonical_given(value: object) -> str:
    """The first given name, folded, with a known nickname replaced by its full form.

    ``"Chuy"`` → ``"jesus"``, ``"Pepe Luis"`` → ``"jose"``, ``"María Guadalupe"`` → ``"maria"``.
    A nickname that stands for a compound name (``chema`` → ``jose maria``) gives its first part.
    """
    tokens = fold(value).split()
    if not tokens:
        return ""
    full = nicknames().get(tokens[0], tokens[0])
    return full.split()[0]


def surname_core(value: object) -> str:
    """A surname without its particles, folded: ``"de la Cruz"`` → ``"cruz"``.

    A surname made only of particles is kept as folded (``"De"`` → ``"de"``).
    """
    tokens = fold(value).split()
    core = [t for t in tokens if t not in PARTICLES]
    return " ".join(core or tokens)


def split_spanish_name(full_name: object) -> tuple[str, str, str]:
    """Split a full name written "given names, paternal surname, maternal surname".

    Returns ``(given, surname_1, surname_2)``, folded. Particles stay attached to the surname
    they introduce (``"María de la Luz Hernández de la Cruz"`` →
    ``("maria de la luz", "hernandez", "de la cruz")``). With three or more words (a
    particle group counting as one) the last two are the surnames and the rest the given
    names (``"José Luis García López"`` → ``("jose luis", "garcia", "lopez")``); with two
    words the second is the paternal surname; with one, it is the given name only.
    This is a heuristic for free-text names; structured sources should pass the parts.
    """
    tokens = fold(full_name).split()
    groups: list[list[str]] = []
    pending: list[str] = []
    for token in tokens:
        pending.append(token)
        if token not in PARTICLES:
            groups.append(pending)
            pending = []
    if pending:  # trailing particles: attach to the last group
        if groups:
            groups[-1].extend(pending)
        else:
            groups.append(pending)
    words = [" ".join(g) for g in groups]
    if not words:
        return "", "", ""
    if len(words) == 1:
        return words[0], "", ""
    if len(words) == 2:
        return words[0], words[1], ""
    return " ".join(words[:-2]), words[-2], words[-1]


_VOWELS = frozenset("aeiou")


def spanish_phonetic_key(value: object) -> str:
    """A phonetic key for Spanish and Spanish-transliterated indigenous names.

    Rules (applied left to right on the folded name, spaces and particles removed):
    ``h`` is silent (but ``ch`` → ``C``, ``sh``/``x`` → ``X``); ``hu``/``gu`` + vowel → ``w``
    (Huehuetán/Wewetán, Guadalupe/Wadalupe); ``qu``/``k``/hard ``c`` → ``k``; soft ``c``
    (``ce``/``ci``), ``z`` and ``s`` → ``s``; ``tz``/``ts`` → ``Z`` (Itzel/Itsel);
    ``gue``/``gui`` → ``g``; soft ``g`` (``ge``/``gi``) and ``j`` → ``J``; ``v`` → ``b``;
    ``ll`` and ``y`` → ``y`` (final ``y`` → ``i``); doubled letters collapse; a final ``h``
    is dropped. Vowels are kept (they are stable in Spanish spelling).
    ``"Cuauhtémoc"`` and ``"Kuautemok"`` both give ``"kuautemok"``.
    Empty input gives ``""``.
    """
    text = "".join(t for t in fold(value).split() if t not in PARTICLES)
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        nxt2 = text[i + 2] if i + 2 < n else ""
        if c in ("h", "g") and nxt == "u" and nxt2 in _VOWELS and nxt2 != "":
            if c == "g" and nxt2 in "ei":  # gue, gui: hard g, silent u
                out.append("g")
                i += 2
                continue
            out.append("w")
            i += 2
            continue
        if c == "c":
            if nxt == "h":
                out.append("C")
                i += 2
                continue
            out.append("s" if nxt in ("e", "i") else "k")
            i += 1
            continue
        if c == "s" and nxt == "h":
            out.append("X")
            i += 2
            continue
        if c == "t" and nxt in ("z", "s"):
            out.append("Z")
            i += 2
            continue
        if c == "q":
            out.append("k")
            i += 2 if nxt == "u" else 1
            continue
        if c == "l" and nxt == "l":
            out.append("y")
            i += 2
            continue
        if c == "g":
            out.append("J" if nxt in ("e", "i") else "g")
            i += 1
            continue
        mapped = {"h": "", "z": "s", "k": "k", "v": "b", "j": "J", "x": "X", "w": "w"}.get(c, c)
        if c == "y" and i == n - 1:
            mapped = "i"
        if c == "u" and out and out[-1] == "w" and nxt not in _VOWELS:
            # "uh" in Cuauhtémoc after w: the u is the glide itself
            mapped = "w"
        out.append(mapped)
        i += 1
    key = "".join(out)
    key = re.sub(r"(.)\1+", r"\1", key)
    return key.lower()
