"""``testigo demo [--port N] [--no-serve] [--mmp PATH]``: build the demo and serve it."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from testigo.core.commands import progress_bar, user_errors
from testigo.imports.report import ImportRejected
from testigo.imports.services import import_run_start
from testigo.indicators.services import indicators_compute
from testigo.portal.demo import (
    default_data_folders,
    demo_cases_create,
    demo_indicators_agree,
    demo_network_create,
    find_mmp_exports,
    find_public_file,
)

PUBLIC_FILES = (
    ("worldbank-rpw", "worldbank_remittances/rpw_corridors_databank_2011Q1-2020Q3.csv"),
    (
        "arizona-ogis",
        "arizona_ogis_deceased_migrants/humane_borders_ogis_deceased_migrants_thru_2022-03.csv",
    ),
)


class Command(BaseCommand):
    help = "Create the demo database, load a synthetic network and real MMP data, and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-serve", action="store_true", help="build only, do not serve")
        parser.add_argument(
            "--cases",
            type=int,
            default=100,
            help="synthetic intakes per organisation (events: half as many)",
        )
        parser.add_argument(
            "--mmp",
            type=Path,
            action="append",
            default=[],
            help="an MMP export or a folder holding some (repeatable)",
        )

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write("Creating the database and loading vocabularies…")
        call_command("migrate", interactive=False, verbosity=0)
        users = demo_network_create()
        per_org = max(int(options["cases"]), 2)  # type: ignore[call-overload]
        cases = demo_cases_create(intakes_per_org=per_org, events_per_org=per_org // 2)
        if cases is not None:
            self.stdout.write(
                f"Generated SYNTHETIC case records: {cases.intakes} intakes, {cases.events} "
                f"events with {cases.acts} acts, {cases.interventions} interventions"
            )
        for path in self._exports(options["mmp"]):  # type: ignore[arg-type]
            with user_errors(), progress_bar(f"importing {path.name}") as update:
                try:
                    result = import_run_start(
                        actor=None, source_kind="mmp", path=path, read_progress=update
                    )
                except ImportRejected as exc:
                    self.stderr.write(f"{path.name}: {exc.message}; skipped")
                    continue
            run = result.run
            self.stdout.write(
                f"Imported {path.name}: {run.created} new, {run.updated} updated, "
                f"{run.unchanged} unchanged events ({result.seconds:.1f} s)"
            )
        self._public_data()
        agreed = demo_indicators_agree()
        if agreed:
            computed = indicators_compute(actor=None)
            self.stdout.write(
                f"Indicators: {agreed} built-in definitions agreed by the demo's joint working "
                f"group (SYNTHETIC), {computed.values_written} values computed"
            )
        self.stdout.write("\nDemo users (SYNTHETIC organisations; passwords are new each run):")
        for user in users:
            self.stdout.write(
                f"  {user.username:<14} {user.password}  {user.role} — {user.organisation}"
            )
        if not options["no_serve"]:
            call_command("serve", host=options["host"], port=options["port"])

    def _public_data(self) -> None:
        """Import the public files the indicators and the map use, when found beside the
        checkout (World Bank remittance prices for SDG 10.c.1; Arizona OpenGIS deaths)."""
        for source_kind, relative in PUBLIC_FILES:
            path = find_public_file(default_data_folders(), relative)
            if path is None:
                continue
            with user_errors(), progress_bar(f"importing {path.name}") as update:
                try:
                    result = import_run_start(
                        actor=None, source_kind=source_kind, path=path, read_progress=update
                    )
                except ImportRejected as exc:
                    self.stderr.write(f"{path.name}: {exc.message}; skipped")
                    continue
            run = result.run
            self.stdout.write(
                f"Imported {path.name}: {run.created} new, {run.unchanged} unchanged "
                f"({result.seconds:.1f} s)"
            )

    def _exports(self, given: list[Path]) -> list[Path]:
        if given:
            found: list[Path] = []
            for path in given:
                found.extend(find_mmp_exports(path) if path.is_dir() else [path])
            if found:
                return found
            looked = given
        else:
            looked = default_data_folders()
            for folder in looked:
                if folder.is_dir():
                    exports = find_mmp_exports(folder)
                    if exports:
                        self.stdout.write(f"Using MMP exports found in {folder}")
                        return exports
        self.stdout.write(
            self.style.WARNING(
                "No IOM Missing Migrants Project export found (looked in "
                + ", ".join(str(f) for f in looked)
                + "). The portal will show no figures; pass --mmp PATH."
            )
        )
        return []
