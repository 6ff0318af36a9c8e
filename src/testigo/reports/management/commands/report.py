"""``testigo report --period YYYY --out FILE.html|FILE.pdf [--lang es|en] [--organisation SLUG]``:
the annual transparency report, every figure through the publication gate."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from testigo.core.checks import require_migrated
from testigo.core.commands import user_errors
from testigo.reports.build import build_report, parse_period
from testigo.reports.render import output_format, write_report


class Command(BaseCommand):
    help = "Write the annual transparency report (HTML or PDF); figures pass disclosure control."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="the year reported, YYYY")
        parser.add_argument("--out", required=True, help="FILE.html or FILE.pdf")
        parser.add_argument("--lang", choices=["es", "en"], default="es")
        parser.add_argument("--organisation", default=None, metavar="SLUG",
                            help="one organisation's records only (default: all)")  # fmt: skip

    def handle(self, *args: object, **options: object) -> None:
        require_migrated()
        started = time.perf_counter()
        with user_errors():
            period = parse_period(str(options["period"]))
            out = Path(str(options["out"]))
            output_format(out)  # refuse a bad extension before any work
            report = build_report(
                period=period, lang=str(options["lang"]),
                organisation=str(options["organisation"]) if options["organisation"] else None,
            )  # fmt: skip
            kind = write_report(report, out)
        seconds = time.perf_counter() - started
        self.stdout.write(f"{kind.upper()} report for {period} written to {out} ({seconds:.1f} s)")
