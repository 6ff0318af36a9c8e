"""Writes of documentation records: atomic, audited, checked against the writer's role."""

from testigo.documentation.services.cases import (
    StatusTransitionError,
    event_document,
    event_update,
    intake_register,
    intervention_record,
    intervention_status_change,
    person_record,
    require_writer,
)
from testigo.documentation.services.events import (
    EventInput,
    UpsertCounts,
    event_record,
    events_upsert,
)
from testigo.documentation.services.locking import StaleVersionError, record_update

__all__ = [
    "EventInput",
    "StaleVersionError",
    "StatusTransitionError",
    "UpsertCounts",
    "event_document",
    "event_record",
    "event_update",
    "events_upsert",
    "intake_register",
    "intervention_record",
    "intervention_status_change",
    "person_record",
    "record_update",
    "require_writer",
]  # fmt: skip
