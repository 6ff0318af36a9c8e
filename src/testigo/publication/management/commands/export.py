"""``testigo export --format datapackage|csv|hxl|sdmx --out DIR --public [--lang es|en]``:
write the public tables (through the publication gate) as open data."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from testigo.core.checks import require_migrated
from testigo.core.commands import user_errors
from testigo.publication.export.write import FORMATS, LANGUAGES, write_export


class Command(BaseCommand):
    help = "Write the public tables (disclosure-controlled) as open data; needs --public."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=FORMATS, default="datapackage")
        parser.add_argument("--out", required=True, help="folder to write to (created if needed)")
        parser.add_argument("--lang", choices=LANGUAGES, default="es")
        parser.add_argument(
            "--public",
            action="store_true",
            help="publish only what passed disclosure control (required)",
        )

    def handle(self, *args: object, **options: object) -> None:
        lang = str(options["lang"])
        with translation.override(lang):
            if not options["public"]:
                raise CommandError(
                    _(
                        "testigo export writes public open data only: add --public (every "
                        "figure goes through disclosure control). There is no private export."
                    )
                )
            require_migrated()
            with user_errors():
                result = write_export(
                    Path(str(options["out"])), fmt=str(options["format"]), lang=lang
                )
            for written in result.files:
                if written.path == "datapackage.json":
                    count = _("%(n)d resources") % {"n": written.rows}
                else:
                    count = _("%(rows)d rows") % {"rows": written.rows}
                line = f"{written.path}\t{count}"
                if written.table:
                    line += "\t" + _("%(cells)d suppressed cells") % {
                        "cells": written.suppressed_cells
                    }
                self.stdout.write(line)
            for left in result.withheld:
                self.stderr.write(_("withheld %(table)s: %(reason)s") % {
                    "table": left.name, "reason": left.reason})  # fmt: skip
            self.stdout.write(
                _("%(n)d files written to %(out)s") % {"n": len(result.files), "out": result.out}
            )
