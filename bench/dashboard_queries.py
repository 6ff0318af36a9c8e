"""Benchmark: the dashboard's statistics queries on a large synthetic database, beside DuckDB.

Usage::

    .venv/bin/python bench/dashboard_queries.py [--acts 1000000] [--intakes 200000] [--repeat 5]

Builds a fresh SQLite database in a temporary ``TESTIGO_DATA_DIR`` (``migrate`` loads the
vocabularies), bulk-inserts synthetic records (seeded; no real person) — ``acts / 4`` events,
``--acts`` acts each with one involvement (perpetrator type and government level),
``--intakes`` persons each with one intake (90% consenting to statistical use) — then
times each of the dashboard's queries ``--repeat`` times:

- **engine**: ``testigo.statistics.engine.count(kind, ..., cache=False)`` — the private count;
- **gate**: the same count plus disclosure control (``testigo.publication.gate.protect``),
  i.e. what ``published(...)`` computes on a cache miss;
- **duckdb**: the same aggregation in DuckDB over the same rows. DuckDB's ``sqlite``
  extension is not available offline, so the rows are exported once to pandas DataFrames
  (time printed) and DuckDB queries those.

Prints p50 and p95 (seconds) per query and the ratio engine p50 / DuckDB p50. Figures from a
run are in ``docs/trends.md``. The counts of both sides are checked equal before timing.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the standard library's ``statistics`` (which Django's SQLite backend
# imports): run as a script, its folder comes first on sys.path and would shadow it.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable

REPO = Path(__file__).resolve().parents[1]
SEED = 20131003  # the High-Level Dialogue on Migration, 3–4 October 2013


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _time(fn: Callable[[], object], repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return times, result


def _ids(cursor, vocabulary: str) -> list[int]:
    cursor.execute(
        "SELECT t.id FROM vocab_term t JOIN vocab_vocabulary v ON t.vocabulary_id = v.id "
        "WHERE v.name = %s ORDER BY t.code",
        [vocabulary],
    )
    return [r[0] for r in cursor.fetchall()]


def build(acts: int, intakes: int) -> dict[str, float]:
    """Bulk-insert the synthetic records; returns seconds per step."""
    from django.db import connection, transaction

    rng = random.Random(SEED)  # noqa: S311 - synthetic data, not security
    now = dt.datetime.now(dt.UTC).isoformat()
    timings: dict[str, float] = {}
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous = OFF")
        routes = _ids(cursor, "migration_route")
        regions = _ids(cursor, "region_of_incident")
        act_types = _ids(cursor, "act_type")
        perpetrators = _ids(cursor, "perpetrator_type")
        levels = _ids(cursor, "government_level")
        sexes = _ids(cursor, "sex")
    countries = ["MX", "GT", "HN", "SV", "VE", "HT", "CU", "EC", "CO", "NI", "US", ""]
    start_day = dt.date(2014, 1, 1).toordinal()
    days = dt.date(2025, 12, 31).toordinal() - start_day

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO accounts_organisation (slug, name, kind, country, is_synthetic, "
            "created_at) VALUES (%s, %s, %s, %s, %s, %s)",
            [(f"bench-{i}", f"Bench shelter {i}", "civil_society", "MX", True, now)
             for i in range(3)],
        )  # fmt: skip
        cursor.execute("SELECT id FROM accounts_organisation WHERE slug LIKE 'bench-%%'")
        orgs = [r[0] for r in cursor.fetchall()]

        persons = []
        for i in range(intakes):
            persons.append((
                f"B{i:011d}", False, 1, "", "", "", "", False, rng.choice(countries), "", 1,
                now, now, orgs[i % 3], "bench", str(i), rng.choice(sexes), rng.randint(0, 70),
            ))  # fmt: skip
        cursor.executemany(
            "INSERT INTO documentation_person (code, is_group, group_size, name, name_index, "
            "contact, birth_date_edtf, age_is_estimate, nationality, indigenous_people, "
            "version, created_at, updated_at, organisation_id, dataset, source_key, sex_id, "
            "age) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
            "%s, %s)",
            persons,
        )
        cursor.execute("SELECT MIN(id), MAX(id) FROM documentation_person WHERE dataset='bench'")
        first_person, last_person = cursor.fetchone()
        timings["persons"] = time.perf_counter() - started

        started = time.perf_counter()
        rows = []
        for i in range(intakes):
            day = dt.date.fromordinal(start_day + rng.randrange(days)).isoformat()
            rows.append((
                day, True, rng.random() < 0.5, rng.random() < 0.9, "", 1, now, now, orgs[i % 3],
                first_person + i, "bench", rng.choice(["US", "MX", ""]), "", str(i),
                rng.choice(routes),
            ))  # fmt: skip
        cursor.executemany(
            "INSERT INTO documentation_intake (date, consent_services, consent_network, "
            "consent_statistics, notes, version, created_at, updated_at, organisation_id, "
            "person_id, dataset, destination_country, destination_state, source_key, "
            "migration_route_id) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
            "%s, %s)",
            rows,
        )
        timings["intakes"] = time.perf_counter() - started

        started = time.perf_counter()
        n_events = max(1, acts // 4)
        rows = []
        for i in range(n_events):
            day = dt.date.fromordinal(start_day + rng.randrange(days))
            precise = rng.random() < 0.95
            edtf = day.isoformat() if precise else str(day.year)
            lo = day if precise else dt.date(day.year, 1, 1)
            hi = day if precise else dt.date(day.year, 12, 31)
            dead = rng.choice((0, 0, 0, 1, 1, 2, 3))
            rows.append((
                orgs[i % 3], "bench", str(i), f"Bench event {i}", edtf, lo.isoformat(),
                hi.isoformat(), day.year, day.month if precise else None, "MX", "", "", "",
                rng.choice(regions), rng.choice(routes), "transit", dead, 0, dead, None,
                "{}", "", 1, now, now,
            ))  # fmt: skip
        cursor.executemany(
            "INSERT INTO documentation_event (organisation_id, dataset, source_key, title, "
            "date_edtf, date_start, date_end, year, month, country, state_code, "
            "municipality_code, place_text, region_id, migration_route_id, migration_phase, "
            "dead, missing, dead_and_missing, survivors, source_values, description, version, "
            "created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
            "%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            rows,
        )
        cursor.execute("SELECT MIN(id) FROM documentation_event WHERE dataset='bench'")
        first_event = cursor.fetchone()[0]
        timings["events"] = time.perf_counter() - started

        started = time.perf_counter()
        chunk = 200_000
        for offset in range(0, acts, chunk):
            rows = [
                (
                    "", "", 1, now, first_event + (i // 4),
                    rng.randint(first_person, last_person), rng.choice(act_types),
                )
                for i in range(offset, min(acts, offset + chunk))
            ]  # fmt: skip
            cursor.executemany(
                "INSERT INTO documentation_act (date_edtf, consequences, version, created_at, "
                "event_id, victim_id, act_type_id) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                rows,
            )
        cursor.execute("SELECT MIN(id) FROM documentation_act")
        first_act = cursor.fetchone()[0]
        for offset in range(0, acts, chunk):
            cursor.executemany(
                "INSERT INTO documentation_involvement (act_id, perpetrator_type_id, "
                "government_level_id) VALUES (%s, %s, %s)",
                [
                    (first_act + i, rng.choice(perpetrators), rng.choice(levels))
                    for i in range(offset, min(acts, offset + chunk))
                ],
            )
        timings["acts + involvements"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("ANALYZE")
        timings["analyze"] = time.perf_counter() - started
    return timings


def export_frames() -> dict[str, object]:
    """The same rows as pandas DataFrames (DuckDB's sqlite extension is not available)."""
    import pandas as pd
    from django.db import connection

    queries = {
        "term": "SELECT id, code FROM vocab_term",
        "event": "SELECT id, date_start, date_end, year, month, migration_route_id, "
        "dead_and_missing, incident_type_id FROM documentation_event",
        "act": "SELECT id, event_id, act_type_id, date_edtf FROM documentation_act",
        "intake": "SELECT id, person_id, date, consent_statistics FROM documentation_intake",
        "person": "SELECT id, nationality, sex_id FROM documentation_person",
    }
    frames = {}
    with connection.cursor() as cursor:
        for name, sql in queries.items():
            cursor.execute(sql)
            columns = [c[0] for c in cursor.description]
            frames[name] = pd.DataFrame.from_records(cursor.fetchall(), columns=columns)
    for name in ("event",):
        for col in ("date_start", "date_end"):
            frames[name][col] = pd.to_datetime(frames[name][col])
    frames["intake"]["date"] = pd.to_datetime(frames["intake"]["date"])
    return frames


# (label, kind, units, by, DuckDB SQL giving the same cells). Events' year: the stored year
# (Testigo files an event under its EDTF year). Acts' period: the act's own date, else the
# event's bounds when they fall in one period (all bench acts use their event's date).
QUERIES = [
    ("events by year", "events", ("dead_and_missing",), ("year",),
     "SELECT year, SUM(dead_and_missing) FROM event GROUP BY ALL"),
    ("events by route", "events", ("dead_and_missing",), ("migration_route",),
     "SELECT t.code, SUM(dead_and_missing) FROM event e LEFT JOIN term t "
     "ON e.migration_route_id = t.id GROUP BY ALL"),
    ("events by year × route", "events", ("dead_and_missing",), ("year", "migration_route"),
     "SELECT year, t.code, SUM(dead_and_missing) FROM event e LEFT JOIN term t "
     "ON e.migration_route_id = t.id GROUP BY ALL"),
    ("acts by year", "acts", ("acts",), ("year",),
     "SELECT CASE WHEN year(e.date_start) = year(e.date_end) THEN year(e.date_start) END, "
     "COUNT(*) FROM act a JOIN event e ON a.event_id = e.id GROUP BY ALL"),
    ("acts by type", "acts", ("acts",), ("act_type",),
     "SELECT t.code, COUNT(*) FROM act a LEFT JOIN term t ON a.act_type_id = t.id GROUP BY ALL"),
    ("acts by year × type", "acts", ("acts",), ("year", "act_type"),
     "SELECT CASE WHEN year(e.date_start) = year(e.date_end) THEN year(e.date_start) END, "
     "t.code, COUNT(*) FROM act a JOIN event e ON a.event_id = e.id "
     "LEFT JOIN term t ON a.act_type_id = t.id GROUP BY ALL"),
    ("intakes by month", "intakes", ("intakes",), ("month",),
     "SELECT strftime(date, '%Y-%m'), COUNT(*) FROM intake WHERE consent_statistics "
     "GROUP BY ALL"),
    ("intakes by nationality", "intakes", ("intakes",), ("nationality",),
     "SELECT NULLIF(p.nationality, ''), COUNT(*) FROM intake i JOIN person p "
     "ON i.person_id = p.id WHERE consent_statistics GROUP BY ALL"),
]  # fmt: skip


def _norm(key: object) -> object:
    if key is None or key == "":
        return None
    if isinstance(key, float):
        return int(key)
    return key


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--acts", type=int, default=1_000_000)
    parser.add_argument("--intakes", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if args.acts < 1 or args.intakes < 1 or args.repeat < 1:
        print("--acts, --intakes and --repeat must be positive", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="testigo-bench-stats-")
    os.environ["TESTIGO_DATA_DIR"] = tmp
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "testigo.settings")
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    import duckdb
    from django.core.management import call_command

    from testigo.publication.gate import protect
    from testigo.statistics import engine

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database: SQLite in {tmp}; migrate {time.perf_counter() - started:.1f} s")
    timings = build(args.acts, args.intakes)
    total = sum(timings.values())
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
    print(f"built {args.acts:,} acts ({args.acts // 4:,} events) and {args.intakes:,} intakes "
          f"in {total:.1f} s ({steps})")  # fmt: skip
    started = time.perf_counter()
    frames = export_frames()
    print(f"rows exported to pandas for DuckDB {duckdb.__version__}: "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    con = duckdb.connect()
    for name, frame in frames.items():
        con.register(name, frame)

    header = (
        f"{'query':<24} {'engine p50':>10} {'p95':>7} {'gate p50':>9} {'p95':>7} "
        f"{'duckdb p50':>10} {'p95':>7} {'ratio':>7}"
    )
    print(f"\nseconds over {args.repeat} runs; ratio = engine p50 / DuckDB p50\n{header}")
    print("-" * len(header))
    for label, kind, units, by, sql in QUERIES:
        engine_times, table = _time(
            lambda k=kind, u=units, b=by: engine.count(k, units=u, by=b, cache=False),
            args.repeat,
        )
        gate_times, _published = _time(lambda t=table: protect(t), args.repeat)
        gate_times = [e + g for e, g in zip(engine_times, gate_times, strict=True)]
        duck_times, result = _time(lambda s=sql: con.execute(s).fetchall(), args.repeat)
        ours = {tuple(map(_norm, key)): cell[units[0]] for key, cell in table.cells.items()}
        theirs = {tuple(map(_norm, row[:-1])): int(row[-1]) for row in result}
        same = "" if ours == theirs else "  (cells differ!)"
        e50, d50 = statistics.median(engine_times), statistics.median(duck_times)
        print(
            f"{label:<24} {e50:>10.3f} {_percentile(engine_times, 0.95):>7.3f} "
            f"{statistics.median(gate_times):>9.3f} {_percentile(gate_times, 0.95):>7.3f} "
            f"{d50:>10.4f} {_percentile(duck_times, 0.95):>7.4f} {e50 / d50:>6.1f}×{same}"
        )
    started = time.perf_counter()
    engine.count("events", units=("dead_and_missing",), by=("year", "migration_route"))
    first = time.perf_counter() - started
    cached, _t = _time(
        lambda: engine.count("events", units=("dead_and_missing",), by=("year", "migration_route")),
        args.repeat,
    )
    print(f"\nengine cache (events by year × route): first {first:.3f} s, "
          f"then p50 {statistics.median(cached) * 1000:.2f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
