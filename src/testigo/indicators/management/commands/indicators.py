"""``testigo indicators compute|export|docs|library|load``: compute, export (SDMX-CSV), document,
list or propose the built-in library."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from testigo.core.commands import user_errors
from testigo.indicators.docs import write_docs
from testigo.indicators.library import builtin_definitions, text
from testigo.indicators.models import JointWorkingGroup
from testigo.indicators.sdmx import to_sdmx_csv
from testigo.indicators.services import indicators_compute, library_propose


class Command(BaseCommand):
    help = "Indicators: compute agreed ones, export them as SDMX-CSV, write their docs pages."

    def add_arguments(self, parser: CommandParser) -> None:
        """Subcommands ``compute``, ``export``, ``docs`` and ``library``."""
        sub = parser.add_subparsers(dest="action", required=True)
        compute = sub.add_parser("compute", help="compute every agreed indicator")
        compute.add_argument("codes", nargs="*", help="only these indicator codes")
        export = sub.add_parser("export", help="write agreed, computed values as SDMX-CSV")
        export.add_argument("codes", nargs="*", help="only these indicator codes")
        export.add_argument("--output", "-o", type=Path, help="file to write (default stdout)")
        docs = sub.add_parser("docs", help="write docs/indicators/ from the definition files")
        docs.add_argument("--folder", type=Path, help="folder (default docs/indicators)")
        sub.add_parser("library", help="list the built-in definitions")
        load = sub.add_parser("load", help="propose the built-in definitions to a working group")
        load.add_argument("--group", required=True, help="the working group's short name")

    def handle(self, *args: object, **options: object) -> None:
        """Run the subcommand."""
        action = options["action"]
        with user_errors():
            if action == "compute":
                run = indicators_compute(actor=None, codes=list(options["codes"]) or None)
                self.stdout.write(f"{run.values_written} values computed (run {run.pk})")
            elif action == "export":
                body = to_sdmx_csv(list(options["codes"]) or None)
                output = options.get("output")
                if output:
                    Path(output).write_text(body, encoding="utf-8")
                    self.stdout.write(f"written {output}")
                else:
                    self.stdout.write(body, ending="")
            elif action == "docs":
                folder = options.get("folder")
                paths = write_docs(folder) if folder else write_docs()
                self.stdout.write(f"{len(paths)} pages written")
            elif action == "load":
                group = JointWorkingGroup.objects.filter(slug=options["group"]).first()
                if group is None:
                    raise CommandError(f"no working group {options['group']!r}")
                created = library_propose(actor=None, group=group)
                self.stdout.write(f"{len(created)} definitions proposed (approval needed)")
            else:
                for code, content in builtin_definitions().items():
                    self.stdout.write(f"{code}\t{content['type']}\t{text(content, 'name', 'en')}")
