"""The documentation model (HURIDOCS events-based, extended for migration; design.md §2)."""

from testigo.documentation.models.acts import Act, Involvement
from testigo.documentation.models.events import Event, MigrationPhase, Source, term_fk, term_m2m
from testigo.documentation.models.intakes import Intake
from testigo.documentation.models.interventions import Intervention, InterventionStatusChange
from testigo.documentation.models.persons import Person, new_person_code

__all__ = [
    "Act", "Event", "Intake", "Intervention", "InterventionStatusChange", "Involvement",
    "MigrationPhase", "Person", "Source", "new_person_code", "term_fk", "term_m2m",
]  # fmt: skip
