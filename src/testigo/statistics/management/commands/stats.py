"""``testigo stats [--kind KIND] --count UNITS --by DIMS [--where D=V] [--format csv|json]
[--lang es|en] [--public]``: count records of a kind (default events: as before) or persons;
``--public`` goes through the publication gate."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from testigo.core.checks import require_migrated
from testigo.core.commands import user_errors
from testigo.publication.gate import published
from testigo.statistics.counting import parse_names
from testigo.statistics.dimensions import DIMENSIONS
from testigo.statistics.engine import KINDS, count
from testigo.statistics.render import OutputRow, to_csv, to_json
from testigo.statistics.units import UNITS


class Command(BaseCommand):
    help = "Count records or persons by dimensions; --public applies disclosure control."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind",
            choices=sorted(KINDS),
            default="events",
            help="records to count (default: events)",
        )
        parser.add_argument("--count", required=True, help=f"units: {', '.join(UNITS)}")
        parser.add_argument("--by", required=True, help=f"dimensions: {', '.join(DIMENSIONS)}")
        parser.add_argument(
            "--where",
            action="append",
            default=[],
            metavar="DIM=VALUE",
            help="keep one category (code or label); repeatable",
        )
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--lang", choices=["es", "en"], default="es")
        parser.add_argument(
            "--public",
            action="store_true",
            help="apply the disclosure rule (suppressed values are 'x')",
        )

    def handle(self, *args: object, **options: object) -> None:
        require_migrated()
        with user_errors():
            kind = KINDS[str(options["kind"])]
            units = parse_names(str(options["count"]), {u: u for u in kind.units}, "unit")
            dims = parse_names(str(options["by"]), kind.paths, "dimension")
            where: dict[str, str] = {}
            for item in options["where"]:  # type: ignore[union-attr]  # list from argparse
                name, sep, value = str(item).partition("=")
                if not sep or name.strip() not in kind.paths:
                    raise CommandError(f"--where needs DIM=VALUE with a known dimension: {item!r}")
                if name.strip() in where:
                    raise CommandError(f"--where {name.strip()} given twice: give one value")
                where[name.strip()] = value.strip()
            if options["public"]:
                rows = published(
                    kind.name, units=units, by=dims, where=where, check_where=True
                ).rows
            else:
                table = count(kind.name, units=units, by=dims, where=where, check_where=True)
                rows = [OutputRow(k, dict(table.cells[k])) for k in table.sorted_keys()]
        if kind.name == "events" and "dataset" not in where and "dataset" not in dims:
            self._warn_mixed_datasets()
        render = to_json if options["format"] == "json" else to_csv
        self.stdout.write(render(dims, units, rows, str(options["lang"])), ending="")

    def _warn_mixed_datasets(self) -> None:
        """Events of several datasets are added together: say so (IOM MMP and Arizona OGIS
        report many of the same deaths; documented cases are not deaths in migration)."""
        from testigo.documentation.models import Event

        datasets = sorted(Event.objects.values_list("dataset", flat=True).distinct())
        if len(datasets) > 1:
            self.stderr.write(
                f"warning: these counts add up events of {len(datasets)} datasets "
                f"({', '.join(datasets)}); the same death may be counted twice: add "
                "--where dataset=NAME (or --by dataset)"
            )
