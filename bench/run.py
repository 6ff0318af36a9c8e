"""Benchmarks: import and counting timings on the real MMP exports. Prints figures.

Usage: ``make bench`` or ``.venv/bin/python bench/run.py [--data DIR]``. Uses a fresh SQLite
database in a temporary folder (or ``DATABASE_URL`` if set). Reads ../shared/data in place.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    args = parser.parse_args()
    folder = args.data / "iom_missing_migrants"
    if not folder.is_dir():
        print(f"no MMP data in {folder}", file=sys.stderr)
        return 1
    tmp = tempfile.mkdtemp(prefix="testigo-bench-")
    os.environ.setdefault("TESTIGO_DATA_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "testigo.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from testigo.imports.services import import_run_start
    from testigo.publication.portal_tables import americas_by_year_and_route
    from testigo.statistics.counting import count_events

    call_command("migrate", verbosity=0)
    print(f"database: {django.db.connection.vendor}")
    xlsx = folder / "Missing_Migrants_Global_Figures_allData_2025-06.xlsx"
    for label, path in [
        ("import 2025 export (19,255 rows), new database", xlsx),
        ("re-import 2025 export (nothing changes)", xlsx),
        ("import 2022 export over it (10,274 rows, updates)",
         folder / "Missing_Migrants_Global_Figures_2022-05.csv"),
    ]:  # fmt: skip
        started = time.perf_counter()
        run = import_run_start(actor=None, source_kind="mmp", path=path).run
        seconds = time.perf_counter() - started
        counts = f"created {run.created}, updated {run.updated}, unchanged {run.unchanged}"
        print(f"{label}: {seconds:.2f} s ({counts})")
    for label, func in [
        ("count dead_and_missing by year x migration_route",
         lambda: count_events(units=("dead_and_missing",), by=("year", "migration_route"))),
        ("published Americas table (count + disclosure control)", americas_by_year_and_route),
    ]:  # fmt: skip
        started = time.perf_counter()
        for _ in range(5):
            func()
        print(f"{label}: {(time.perf_counter() - started) / 5 * 1000:.0f} ms per call")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
