"""``testigo import SOURCE PATH [--org SLUG] [--dry-run] [--mapping NAME|FILE.json] [--form
XLSFORM] [--repeat FILE]``: import a file, all or nothing; ``testigo import undo RUN_ID``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from testigo.accounts.models import Organisation
from testigo.core.checks import require_migrated
from testigo.core.commands import progress_bar, user_errors
from testigo.imports.models import ImportMapping, ImportRun
from testigo.imports.registry import all_sources, get_source
from testigo.imports.report import ImportRejected
from testigo.imports.services import import_run_start

# What each record type is called in the summary line.
RECORD_NAMES = {
    "documentation.Event": "events",
    "documentation.Intake": "intakes",
    "observations.Observation": "observations",
    "budget.BudgetLine": "budget lines",
}


class Command(BaseCommand):
    help = (
        "Import a file (an IOM Missing Migrants Project export, official statistics, a "
        "spreadsheet or Kobo/ODK export through a mapping). Writes nothing if any row is bad. "
        "`testigo import undo RUN_ID` undoes a finished import."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "source", help="source kind (" + ", ".join(sorted(all_sources())) + ") or 'undo'"
        )
        parser.add_argument("path", help="the file to import (.csv or .xlsx), or the run id")
        parser.add_argument(
            "--org", help="owning organisation's short name (default: the source's)"
        )
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument(
            "--mapping",
            help="spreadsheet/kobo: a saved mapping's name (with --org) or a mapping JSON file",
        )
        parser.add_argument("--form", type=Path, help="kobo: the XLSForm of the data")
        parser.add_argument("--repeat", type=Path, help="kobo: the export of the repeat group")

    def handle(self, *args: object, **options: object) -> None:
        require_migrated()
        if options["source"] == "undo":
            self._undo(str(options["path"]))
            return
        try:
            source = get_source(str(options["source"]))
        except KeyError as exc:
            raise CommandError(str(exc.args[0])) from None
        org = None
        if options["org"]:
            org = Organisation.objects.filter(slug=options["org"]).first()
            if org is None:
                raise CommandError(f"no organisation with short name {options['org']!r}")
        path = Path(str(options["path"]))
        with user_errors():
            read_options = self._read_options(options, org)
        with user_errors(), progress_bar(f"reading {path.name}") as update:
            try:
                result = import_run_start(
                    actor=None,
                    source_kind=source.name,
                    path=path,
                    organisation=org,
                    dry_run=bool(options["dry_run"]),
                    read_progress=update,
                    read_options=read_options,
                )
            except ImportRejected as exc:
                for issue in exc.report.errors:
                    self.stderr.write(str(issue))
                raise CommandError(f"{path.name}: {exc.message}") from None
        run = result.run
        verb = "would import" if options["dry_run"] else "imported"
        records = RECORD_NAMES.get(source.model, "records")
        layout = f" (layout {run.layout})" if run.layout else ""
        self.stdout.write(
            f"{verb} {path.name}{layout}: {run.rows} rows; {records} "
            f"{run.created} created, {run.updated} updated, {run.unchanged} unchanged "
            f"in {result.seconds:.1f} s (run {run.pk})"
        )
        for code, n in sorted(result.report.warning_counts().items()):
            self.stdout.write(f"  warning {code}: {n} rows")

    def _read_options(self, options: dict, org: Organisation | None) -> dict[str, object]:
        from testigo.imports.mapping.options import read_options_from_files
        from testigo.imports.mapping.spec import Mapping
        from testigo.imports.mapping.xlsform import FormSpec

        name = options.get("mapping")
        mapping_path = Path(name) if name and str(name).endswith(".json") else None
        read = read_options_from_files(
            mapping_path=mapping_path, form_path=options.get("form"),
            repeat_path=options.get("repeat"),
        )  # fmt: skip
        if name and mapping_path is None:
            saved = ImportMapping.objects.filter(name=name)
            if org is not None:
                saved = saved.filter(organisation=org)
            found = list(saved[:2])
            if len(found) != 1:
                raise CommandError(
                    f"no saved mapping called {name!r}"
                    if not found
                    else f"several organisations have a mapping called {name!r}: give --org"
                )
            read["mapping"] = Mapping.from_json(found[0].definition)
            if found[0].form and "form" not in read:
                read["form"] = FormSpec.from_json(found[0].form)
        return read

    def _undo(self, run_id: str) -> None:
        from testigo.imports.undo import import_run_undo

        run = ImportRun.objects.filter(pk=int(run_id) if run_id.isdigit() else -1).first()
        if run is None:
            raise CommandError(f"no import run {run_id!r}")
        with user_errors():
            result = import_run_undo(actor=None, run=run)
        self.stdout.write(
            f"undid import run {run.pk} ({run.file_name}): {result.deleted} records removed, "
            f"{result.restored} restored"
        )
