"""Benchmark: importing a synthetic intake spreadsheet, beside a bare ``executemany``.

Usage::

    .venv/bin/python bench/imports.py [--rows 1000000] [--keep]
    scripts/with-postgres .venv/bin/python bench/imports.py --rows 1000000   # PostgreSQL

(``make bench-imports`` runs both.) Writes a CSV of ``--rows`` invented intakes (date, name,
sex, age, nationality, language, three consent columns, a key) to a temporary folder,
imports it into a fresh database (SQLite in a temporary ``TESTIGO_DATA_DIR``, or
``DATABASE_URL``) with the ``spreadsheet`` source and a mapping — the whole path a user's
import takes: strict reading, value mapping, one transaction, persons and intakes, an audit
row per record, names encrypted — then inserts the same rows' values with one bare
``cursor.executemany`` into a plain table in the same database, and prints rows per second
for both and their ratio. Nothing from ../shared/data is read.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEADER = [
    "folio", "fecha", "nombre", "sexo", "edad", "nacionalidad", "lengua",
    "consentimiento servicios", "consentimiento red", "consentimiento estadística",
]  # fmt: skip
GIVEN = ["María", "José", "Juana", "Luis", "Rosa", "Pedro", "Ana", "Jorge", "Carmen", "Juan"]
SURNAMES = ["López", "Pérez", "Xocoy", "Tax", "García", "Hernández", "Ixcot", "Ramírez"]
COUNTRIES = ["Guatemala", "Honduras", "El Salvador", "Venezuela", "Haití", "México"]
LANGUAGES = ["Español", "K'iche'", "Mam", "Q'eqchi'", "Criollo haitiano", "Garífuna"]


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)  # noqa: S311 - invented data, not secrets
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for i in range(rows):
            writer.writerow([
                f"F-{i:07d}", f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}",
                rng.choice(["Mujer", "Hombre"]), str(rng.randint(0, 80)),
                rng.choice(COUNTRIES), rng.choice(LANGUAGES),
                rng.choice(["sí", "no"]), rng.choice(["sí", "no"]), rng.choice(["sí", "no"]),
            ])  # fmt: skip


MAPPING = {
    "target": "intakes", "source_kind": "spreadsheet", "key_column": "folio",
    "dataset": "bench", "constants": {},
    "columns": [
        {"column": "fecha", "field": "date", "values": {}},
        {"column": "nombre", "field": "name", "values": {}},
        {"column": "sexo", "field": "sex", "values": {"Mujer": "female", "Hombre": "male"}},
        {"column": "edad", "field": "age", "values": {}},
        {"column": "nacionalidad", "field": "nationality", "values": {}},
        {"column": "lengua", "field": "language", "values": {}},
        {"column": "consentimiento servicios", "field": "consent_services", "values": {}},
        {"column": "consentimiento red", "field": "consent_network", "values": {}},
        {"column": "consentimiento estadística", "field": "consent_statistics", "values": {}},
    ],
}  # fmt: skip


def bare_executemany(path: Path) -> float:
    """Seconds to insert the file's rows with one ``executemany`` into a plain table."""
    from django.db import connection, transaction

    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        rows = [tuple(r) for r in reader]
    columns = ", ".join(f"c{i} text" for i in range(len(HEADER)))
    marks = ", ".join(["%s"] * len(HEADER))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare_intakes")
        cursor.execute(f"CREATE TABLE bench_bare_intakes ({columns})")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO bench_bare_intakes VALUES ({marks})", rows)  # noqa: S608
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="testigo-bench-imports-"))
    os.environ.setdefault("TESTIGO_DATA_DIR", str(tmp / "data"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "testigo.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from testigo.accounts.services import organisation_create
    from testigo.imports.mapping.spec import Mapping
    from testigo.imports.services import import_run_start

    call_command("migrate", verbosity=0)
    engine = connection.vendor
    source = tmp / "intakes.csv"
    t = time.perf_counter()
    write_csv(source, args.rows)
    size = source.stat().st_size / 1e6
    print(f"database: {engine}; rows: {args.rows:,}; CSV ({size:.0f} MB) written in "
          f"{time.perf_counter() - t:.1f} s")  # fmt: skip
    org = organisation_create(actor=None, slug="bench", name="Bench", kind="civil_society")
    result = import_run_start(
        actor=None, source_kind="spreadsheet", path=source, organisation=org,
        read_options={"mapping": Mapping.from_json(MAPPING)},
    )  # fmt: skip
    run = result.run
    assert run.status == "done" and run.created == args.rows, (run.status, run.message)
    testigo_rate = args.rows / result.seconds
    again = import_run_start(
        actor=None, source_kind="spreadsheet", path=source, organisation=org,
        read_options={"mapping": Mapping.from_json(MAPPING)},
    )  # fmt: skip
    assert again.run.created == 0 and again.run.unchanged == args.rows
    bare = bare_executemany(source)
    bare_rate = args.rows / bare
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"testigo import:   {result.seconds:8.1f} s  {testigo_rate:10,.0f} rows/s "
          f"(persons + intakes + audit rows, names encrypted)")  # fmt: skip
    print(f"re-import:        {again.seconds:8.1f} s  {args.rows / again.seconds:10,.0f} rows/s "
          "(nothing changes)")  # fmt: skip
    print(f"bare executemany: {bare:8.1f} s  {bare_rate:10,.0f} rows/s (one table, text columns)")
    print(f"ratio bare/testigo: {bare_rate / testigo_rate:.1f}x; peak memory {peak:,.0f} MB")
    if not args.keep:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
