"""Benchmark: deduplicate synthetic person records with known truth. Prints figures.

Usage: ``.venv/bin/python bench/linkage.py [--records 1000000] [--seed 7] [--threshold 0.95]``

The generator draws people (given names, two surnames, sex, birth date, nationality, INEGI
municipality) from Zipf-weighted lists of common corridor names (the head: ~170 surnames,
~90 given names per sex, including Maya and Nahuatl names) plus a long tail of rare
syllable-built names (35 % of surnames, 25 % of given names), so that name frequencies
resemble a real population's rather than a short list's, then writes 1–4 records per person as
different organisations would: typos, swapped or missing maternal surnames, nicknames
(Chuy for Jesús…), accents and case dropped, partial birth dates (year or year-month), age
told instead of a birth date (±1 year), another municipality, missing nationality. Every
record keeps its true person id, so F1 is exact. Prints wall time (generation, linkage),
peak resident memory (``getrusage`` maxrss), candidate pairs, precision, recall and F1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from testigo.linkage.engine.link import link_records
from testigo.linkage.engine.truth import accuracy_at, pairs_from_entities

MALE = [
    "José",
    "Juan",
    "Luis",
    "Carlos",
    "Jesús",
    "Miguel",
    "Francisco",
    "Antonio",
    "Jorge",
    "Pedro",
    "Manuel",
    "Alejandro",
    "Ricardo",
    "Roberto",
    "Fernando",
    "Eduardo",
    "Daniel",
    "Javier",
    "Rafael",
    "Mario",
    "Sergio",
    "Arturo",
    "Alberto",
    "Guillermo",
    "Ignacio",
    "Raúl",
    "Enrique",
    "Héctor",
    "Óscar",
    "Víctor",
    "Alfredo",
    "Martín",
    "Ángel",
    "Hugo",
    "Gerardo",
    "Rubén",
    "Salvador",
    "Andrés",
    "Cristian",
    "Kevin",
    "Brayan",
    "Wilmer",
    "Élmer",
    "Nelson",
    "Edwin",
    "Santos",
    "Marvin",
    "Cuauhtémoc",
    "Itzcóatl",
    "Tonatiuh",
    "Yaotl",
    "Xicoténcatl",
    "Ismael",
    "Efraín",
    "Abel",
    "Julio",
    "César",
    "Diego",
    "Emilio",
    "Esteban",
    "Gabriel",
    "Gustavo",
    "Iván",
    "Joel",
    "Leonardo",
    "Lorenzo",
    "Moisés",
    "Noé",
    "Omar",
    "Pablo",
    "Ramón",
    "Rodrigo",
    "Samuel",
    "Saúl",
    "Tomás",
    "Ulises",
    "Vicente",
    "Wilfredo",
    "Yahir",
    "Adrián",
    "Agustín",
    "Benito",
    "Cirilo",
    "Domingo",
    "Elías",
    "Felipe",
    "Gilberto",
    "Heriberto",
    "Isidro",
    "Jacinto",
    "Lázaro",
    "Marcos",
    "Nicolás",
    "Octavio",
]
FEMALE = [
    "María",
    "Guadalupe",
    "Juana",
    "Margarita",
    "Verónica",
    "Leticia",
    "Rosa",
    "Francisca",
    "Teresa",
    "Alejandra",
    "Patricia",
    "Elizabeth",
    "Gabriela",
    "Adriana",
    "Claudia",
    "Silvia",
    "Norma",
    "Laura",
    "Ana",
    "Martha",
    "Sandra",
    "Lucía",
    "Carmen",
    "Yolanda",
    "Alicia",
    "Dolores",
    "Isabel",
    "Gloria",
    "Angélica",
    "Karla",
    "Daniela",
    "Fernanda",
    "Xóchitl",
    "Itzel",
    "Citlali",
    "Nayeli",
    "Yatzil",
    "Ixchel",
    "Sac-Nicté",
    "Araceli",
    "Brenda",
    "Cecilia",
    "Diana",
    "Esperanza",
    "Fabiola",
    "Irma",
    "Josefina",
    "Liliana",
    "Mónica",
    "Olga",
    "Paola",
    "Raquel",
    "Susana",
    "Tania",
    "Wendy",
    "Yesenia",
    "Zulema",
    "Beatriz",
    "Concepción",
    "Refugio",
    "Rosario",
    "Graciela",
    "Consuelo",
    "Socorro",
    "Marisol",
    "Mayra",
    "Reyna",
    "Rocío",
    "Sonia",
    "Viridiana",
    "Jazmín",
    "Luz",
    "Esmeralda",
    "Estela",
    "Evelyn",
    "Heidy",
    "Ingrid",
    "Jessica",
    "Kenia",
    "Lesly",
    "Marlene",
    "Nancy",
    "Odalys",
    "Pamela",
    "Rebeca",
    "Sara",
    "Vanessa",
    "Ximena",
]
SURNAMES = [
    "Hernández",
    "García",
    "Martínez",
    "López",
    "González",
    "Rodríguez",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Gómez",
    "Morales",
    "Vázquez",
    "Reyes",
    "Jiménez",
    "Torres",
    "Díaz",
    "Gutiérrez",
    "Ruiz",
    "Mendoza",
    "Aguilar",
    "Ortiz",
    "Moreno",
    "Castillo",
    "Romero",
    "Álvarez",
    "Méndez",
    "Chávez",
    "Rivera",
    "Juárez",
    "Ramos",
    "Domínguez",
    "Herrera",
    "Medina",
    "Castro",
    "Vargas",
    "Guzmán",
    "Velázquez",
    "Muñoz",
    "Rojas",
    "Contreras",
    "Salazar",
    "Luna",
    "Ortega",
    "Santiago",
    "Guerrero",
    "Estrada",
    "Bautista",
    "Cortés",
    "Soto",
    "Alvarado",
    "Espinoza",
    "Lara",
    "Ávila",
    "Ríos",
    "Cervantes",
    "Silva",
    "Delgado",
    "Vega",
    "Márquez",
    "Sandoval",
    "Fernández",
    "León",
    "Carrillo",
    "Mejía",
    "Solís",
    "Núñez",
    "Rosas",
    "Valdez",
    "Ibarra",
    "Campos",
    "Santos",
    "Camacho",
    "Navarro",
    "Peña",
    "Maldonado",
    "Rosales",
    "Acosta",
    "Miranda",
    "Trejo",
    "Valencia",
    "Nava",
    "Pacheco",
    "Robles",
    "Molina",
    "Rangel",
    "Huerta",
    "Padilla",
    "Fuentes",
    "Escobar",
    "Cabrera",
    "Ávalos",
    "Zamora",
    "Tapia",
    "Cuevas",
    "Orozco",
    "Velasco",
    "Cano",
    "Xicará",
    "Tzoc",
    "Chuc",
    "Canul",
    "Pech",
    "Cocom",
    "Tun",
    "Chan",
    "Poot",
    "Tzul",
    "Quej",
    "Coc",
    "Caal",
    "Tiul",
    "Ixcoy",
    "Hernández-Xol",
    "Ajú",
    "Ajanel",
    "Tzunún",
    "Yax",
    "Pop",
    "Batz",
    "Xiloj",
    "Cumes",
    "Sicán",
    "Tuyuc",
    "Choc",
    "Ical",
]
PARTICLED = ("de la Cruz", "del Ángel", "de los Santos", "de la Rosa", "del Río", "de León")
NICK_OF = {
    "Jesús": "Chuy",
    "José": "Pepe",
    "Guadalupe": "Lupe",
    "Francisco": "Pancho",
    "Guillermo": "Memo",
    "Ignacio": "Nacho",
    "Alberto": "Beto",
    "Antonio": "Toño",
    "Eduardo": "Lalo",
    "Enrique": "Quique",
    "Salvador": "Chava",
    "Rosario": "Chayo",
    "Concepción": "Concha",
    "Dolores": "Lola",
    "Refugio": "Cuca",
    "Teresa": "Tere",
}
NATIONS = np.array(["MX", "GT", "HN", "SV", "NI", "VE", "CU", "HT", "EC", "CO"])
NATION_P = np.array([0.35, 0.2, 0.18, 0.1, 0.04, 0.05, 0.03, 0.02, 0.02, 0.01])
ALPHABET = "abcdefghijklmnopqrstuvwxyzáéíóúñ"


SYLLABLES = [
    "ca",
    "co",
    "cu",
    "ta",
    "te",
    "ti",
    "to",
    "tu",
    "la",
    "le",
    "li",
    "lo",
    "lu",
    "ma",
    "me",
    "mi",
    "mo",
    "mu",
    "na",
    "ne",
    "ni",
    "no",
    "ra",
    "re",
    "ri",
    "ro",
    "sa",
    "se",
    "si",
    "so",
    "xo",
    "xi",
    "tz",
    "ch",
    "qu",
    "ya",
    "yo",
    "ba",
    "be",
    "bi",
    "gu",
    "ga",
    "go",
    "hu",
    "pa",
    "pe",
    "po",
    "za",
    "zu",
    "ja",
    "jo",
]
ENDINGS = ("ez", "es", "al", "ar", "on", "ín", "ul", "oc", "uj", "án", "ado", "era", "illo", "ón")


def _zipf(n: int, size: int, rng: np.random.Generator, s: float = 0.6) -> np.ndarray:
    weights = 1 / np.arange(1, n + 1) ** s
    return rng.choice(n, size=size, p=weights / weights.sum())


def _tail_names(count: int, rng: np.random.Generator) -> np.ndarray:
    """Rare names for the long tail real name distributions have (syllables + ending)."""
    names: set[str] = set()
    while len(names) < count:
        parts = rng.choice(SYLLABLES, size=int(rng.integers(2, 4)))
        names.add(("".join(parts) + rng.choice(ENDINGS)).capitalize())
    return np.array(sorted(names), dtype=object)


def _draw(
    head: list[str], tail: np.ndarray, size: int, tail_share: float, rng: np.random.Generator
) -> np.ndarray:
    """Zipf-weighted common names (``head``), with ``tail_share`` drawn uniformly from ``tail``."""
    out = np.array(head, dtype=object)[_zipf(len(head), size, rng)]
    rare = rng.random(size) < tail_share
    out[rare] = tail[rng.integers(len(tail), size=int(rare.sum()))]
    return out


def _typo(word: str, rng: np.random.Generator) -> str:
    if len(word) < 3:
        return word
    i = int(rng.integers(1, len(word) - 1))
    kind = rng.integers(4)
    if kind == 0:
        return word[:i] + word[i + 1 :]  # deletion
    if kind == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # transposition
    if kind == 2:
        return word[:i] + ALPHABET[rng.integers(len(ALPHABET))] + word[i + 1 :]
    return word[:i] + ALPHABET[rng.integers(len(ALPHABET))] + word[i:]  # insertion


def _strip_accents(word: str) -> str:
    return word.translate(str.maketrans("áéíóúÁÉÍÓÚ", "aeiouAEIOU"))


def generate(records: int, seed: int) -> pd.DataFrame:
    """``records`` synthetic person records: persons input columns plus ``entity``."""
    rng = np.random.default_rng(seed)
    people = int(records / 1.6)
    sex = rng.choice(["m", "f"], size=people, p=[0.7, 0.3])
    given_tail = _tail_names(3000, rng)
    surname_tail = _tail_names(20000, rng)
    male = _draw(MALE, given_tail, people, 0.25, rng)
    female = _draw(FEMALE, given_tail, people, 0.25, rng)
    given = np.where(sex == "m", male, female)
    second = np.where(
        sex == "m",
        _draw(MALE, given_tail, people, 0.25, rng),
        _draw(FEMALE, given_tail, people, 0.25, rng),
    )
    given = np.where(rng.random(people) < 0.3, given + " " + second, given)
    head = SURNAMES + list(PARTICLED)
    sn1 = _draw(head, surname_tail, people, 0.35, rng)
    sn2 = _draw(head, surname_tail, people, 0.35, rng)
    birth = dt.date(1950, 1, 1).toordinal() + rng.integers(0, 365 * 58, size=people)
    nation = rng.choice(NATIONS, size=people, p=NATION_P)
    place = np.char.add(
        np.char.zfill(rng.integers(1, 33, size=people).astype(str), 2),
        np.char.zfill(rng.integers(1, 125, size=people).astype(str), 3),
    )

    # 1–4 records per person (≈1.6 on average), as many organisations would hold them.
    copies = 1 + rng.choice(4, size=people, p=[0.55, 0.3, 0.1, 0.05])
    entity = np.repeat(np.arange(people), copies)[:records]
    n = len(entity)
    first = np.r_[True, entity[1:] != entity[:-1]]
    g, s1, s2 = given[entity].copy(), sn1[entity].copy(), sn2[entity].copy()
    dup = ~first
    u = rng.random((12, n))
    for idx in np.flatnonzero(dup & (u[0] < 0.12)):
        g[idx] = _typo(g[idx], rng)
    for idx in np.flatnonzero(dup & (u[1] < 0.12)):
        s1[idx] = _typo(s1[idx], rng)
    for idx in np.flatnonzero(dup & (u[2] < 0.10)):
        s2[idx] = _typo(s2[idx], rng)
    swap = dup & (u[3] < 0.06)
    s1[swap], s2[swap] = s2[swap], s1[swap].copy()
    for idx in np.flatnonzero(dup & (u[4] < 0.5)):
        nick = NICK_OF.get(g[idx].split()[0])
        if nick:
            g[idx] = nick
    s2[dup & (u[5] < 0.10)] = ""
    for idx in np.flatnonzero(u[6] < 0.3):
        g[idx], s1[idx], s2[idx] = (
            _strip_accents(g[idx]).upper(),
            _strip_accents(s1[idx]).upper(),
            _strip_accents(s2[idx]).upper(),
        )
    # Birth: full date, year-month, year only, or age told at an event date (±1 year).
    b = pd.to_datetime(pd.Series(birth[entity]).map(dt.date.fromordinal))
    form = rng.choice(4, size=n, p=[0.45, 0.15, 0.1, 0.3])
    birth_text = np.where(
        form == 0,
        b.dt.strftime("%Y-%m-%d"),
        np.where(form == 1, b.dt.strftime("%Y-%m"), b.dt.strftime("%Y")),
    )
    birth_text = np.where(form == 3, None, birth_text)
    event = dt.date(2015, 1, 1).toordinal() + rng.integers(0, 3650, size=n)
    event_dates = pd.to_datetime(pd.Series(event).map(dt.date.fromordinal))
    age = (
        event_dates.dt.year
        - b.dt.year
        - (
            (event_dates.dt.month < b.dt.month)
            | ((event_dates.dt.month == b.dt.month) & (event_dates.dt.day < b.dt.day))
        )
    ).to_numpy()
    age = age + np.where(dup & (u[7] < 0.3), rng.choice([-1, 1], size=n), 0)
    moved = dup & (u[8] < 0.2)
    places = place[entity].copy()
    places[moved] = np.char.add(
        places[moved].astype("<U5").astype("<U2"),
        np.char.zfill(rng.integers(1, 125, size=int(moved.sum())).astype(str), 3),
    )
    nationality = nation[entity].astype(object)
    nationality[u[9] < 0.1] = None
    full = np.array(
        [" ".join(p for p in parts if p) for parts in zip(g, s1, s2, strict=True)], dtype=object
    )
    return pd.DataFrame({
        "unique_id": [f"rec:{i}" for i in range(n)],
        "source_dataset": "synthetic",
        "full_name": full,
        "birth_date": birth_text,
        "age": np.where(form == 3, age, np.nan),
        "age_date": np.where(form == 3, event_dates.dt.strftime("%Y-%m-%d"), None),
        "sex": sex[entity],
        "nationality": nationality,
        "place_code": places,
        "entity": entity,
    })  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threshold", type=float, default=0.95)
    args = parser.parse_args()
    started = time.perf_counter()
    frame = generate(args.records, args.seed)
    generated = time.perf_counter()
    print(
        f"records {len(frame):,}  persons {frame['entity'].nunique():,}  "
        f"generation {generated - started:.1f} s"
    )
    outcome = link_records(
        frame.drop(columns="entity"),
        kind="persons",
        link_type="dedupe_only",
        lower=0.5,
        upper=args.threshold,
    )
    linked = time.perf_counter()
    truth = pairs_from_entities(
        dict(zip(frame["unique_id"], frame["entity"].astype(str), strict=True))
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"linkage wall time {linked - generated:.1f} s  (engine reports {outcome.seconds:.1f} s)")
    print(f"peak memory (maxrss) {peak_mb:,.0f} MB")
    print(f"blocking rules {len(outcome.blocking_rules)}: {outcome.blocking_rules}")
    for line in outcome.training_log:
        print(f"  {line}")
    print(f"pairs ≥ 0.5: {len(outcome.pairs):,}  true pairs: {len(truth):,}")
    for threshold in (0.5, 0.8, args.threshold, 0.99):
        acc = accuracy_at(outcome.pairs, threshold, truth)
        print(
            f"threshold {threshold:.2f}: precision {acc.precision:.4f}  recall {acc.recall:.4f}  "
            f"F1 {acc.f1:.4f}  (tp {acc.true_positives:,} fp {acc.false_positives:,} "
            f"fn {acc.false_negatives:,})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
