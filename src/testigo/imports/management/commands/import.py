"""``testigo import SOURCE PATH [--org SLUG] [--dry-run]``: import a file, all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from testigo.accounts.models import Organisation
from testigo.core.checks import require_migrated
from testigo.core.commands import progress_bar, user_errors
from testigo.imports.registry import get_source
from testigo.imports.report import ImportRejected
from testigo.imports.services import import_run_start


class Command(BaseCommand):
    help = (
        "Import a file (e.g. an IOM Missing Migrants Project export). "
        "Writes nothing if any row is bad."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="source kind: mmp")
        parser.add_argument("path", type=Path, help="the file to import (.csv or .xlsx)")
        parser.add_argument(
            "--org", help="owning organisation's short name (default: the source's)"
        )
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, *args: object, **options: object) -> None:
        require_migrated()
        try:
            get_source(str(options["source"]))
        except KeyError as exc:
            raise CommandError(str(exc.args[0])) from None
        org = None
        if options["org"]:
            org = Organisation.objects.filter(slug=options["org"]).first()
            if org is None:
                raise CommandError(f"no organisation with short name {options['org']!r}")
        path: Path = options["path"]  # type: ignore[assignment]  # argparse gives a Path
        with user_errors(), progress_bar(f"reading {path.name}") as update:
            try:
                result = import_run_start(
                    actor=None,
                    source_kind=str(options["source"]),
                    path=path,
                    organisation=org,
                    dry_run=bool(options["dry_run"]),
                    read_progress=update,
                )
            except ImportRejected as exc:
                for issue in exc.report.errors:
                    self.stderr.write(str(issue))
                raise CommandError(f"{path.name}: {exc.message}") from None
        run = result.run
        verb = "would import" if options["dry_run"] else "imported"
        self.stdout.write(
            f"{verb} {path.name} (layout {run.layout}): {run.rows} rows; events "
            f"{run.created} created, {run.updated} updated, {run.unchanged} unchanged "
            f"in {result.seconds:.1f} s"
        )
        for code, n in sorted(result.report.warning_counts().items()):
            self.stdout.write(f"  warning {code}: {n} rows")
