"""``testigo link events|persons …``: run a record linkage and store it for review.

- ``testigo link events --dataset arizona-ogis --dataset mmp --org SLUG``: link the events of
  two (or more) datasets, e.g. the Arizona OpenGIS deaths with IOM's Missing Migrants
  incidents (``--where-route`` keeps only MMP's US–Mexico border crossing route).
- ``testigo link persons --org SLUG [--org SLUG2…] [--dedupe]``: link (or deduplicate) the
  persons of one or more organisations.

Pairs at or above ``--upper`` are linked, those between ``--lower`` and ``--upper`` wait in
the workspace's review queue (Record linkage); the run belongs to the first ``--org``.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from testigo.accounts.models import Organisation
from testigo.core.checks import require_migrated
from testigo.core.commands import user_errors
from testigo.documentation.models import Event, Person
from testigo.linkage.engine.link import link_records
from testigo.linkage.persons import event_frame, person_frame
from testigo.linkage.services import linkage_run_store

US_MEXICO_ROUTE = "us_mexico_border_crossing"


class Command(BaseCommand):
    help = "Link events of several datasets, or persons of organisations, for clerical review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["events", "persons"])
        parser.add_argument("--dataset", action="append", default=[], help="events: a dataset")
        parser.add_argument(
            "--org", action="append", default=[], required=True,
            help="owner of the run (first); persons: the organisations whose persons to link",
        )  # fmt: skip
        parser.add_argument(
            "--where-route", default=US_MEXICO_ROUTE,
            help="events of the 'mmp' dataset: keep this migration route ('' for all)",
        )  # fmt: skip
        parser.add_argument("--dedupe", action="store_true", help="persons: find duplicates too")
        parser.add_argument("--lower", type=float, default=0.5)
        parser.add_argument("--upper", type=float, default=0.95)

    def handle(self, *args: object, **options: object) -> None:
        require_migrated()
        orgs = list(Organisation.objects.filter(slug__in=options["org"]))
        if len(orgs) != len(set(options["org"])):
            raise CommandError("unknown organisation among: " + ", ".join(options["org"]))
        owner = next(o for o in orgs if o.slug == options["org"][0])
        with user_errors():
            if options["kind"] == "events":
                frames = self._event_frames(options)
                link_type = "link_only"
            else:
                persons = Person.objects.filter(organisation__in=orgs).select_related(
                    "organisation", "sex", "language"
                )
                frames = [person_frame(persons)]
                link_type = "link_and_dedupe" if options["dedupe"] else "link_only"
                if not options["dedupe"] and len(orgs) < 2:
                    raise CommandError("persons: give two --org to link, or --dedupe")
            outcome = link_records(
                frames, kind=str(options["kind"]), link_type=link_type,
                lower=float(options["lower"]), upper=float(options["upper"]),
            )  # fmt: skip
            run = linkage_run_store(
                actor=None, outcome=outcome, kind=str(options["kind"]), organisation=owner,
                link_type=link_type,
            )  # fmt: skip
        pairs = outcome.pairs
        linked = int((pairs["match_probability"] >= outcome.upper).sum())
        self.stdout.write(
            f"linkage run {run.pk}: {sum(len(f) for f in frames)} records, {len(pairs)} pairs ≥ "
            f"{outcome.lower}: {linked} linked (≥ {outcome.upper}), {len(pairs) - linked} "
            f"for review, in {outcome.seconds:.1f} s"
        )

    def _event_frames(self, options: dict) -> list:
        datasets = options["dataset"]
        if len(datasets) < 2:
            raise CommandError("events: give at least two --dataset")
        frames = []
        for dataset in datasets:
            events = Event.objects.filter(dataset=dataset).select_related(
                "organisation", "cause_of_death"
            )
            if dataset == "mmp" and options["where_route"]:
                events = events.filter(migration_route=self._route(options["where_route"]))
            frame = event_frame(events, source_dataset=dataset)
            if frame.empty:
                raise CommandError(f"no events in dataset {dataset!r}: import it first")
            frames.append(frame)
        return frames

    def _route(self, given: str) -> object:
        """The migration route named by its code or label (Spanish or English)."""
        from testigo.vocab.loader import normalise_label
        from testigo.vocab.selectors import term_index

        term = term_index("migration_route").get(normalise_label(given))
        if term is None:
            raise CommandError(f"no migration route called {given!r}")
        return term
