"""Signal receivers that mark counted records as changed (see ``statistics.cache``)."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from testigo.statistics.cache import records_changed

COUNTED = (
    "documentation.Event", "documentation.Act", "documentation.Involvement",
    "documentation.Person", "documentation.Intake", "documentation.Intervention",
    "documentation.InterventionStatusChange", "observations.Observation", "vocab.Term",
    "accounts.Organisation",
)  # fmt: skip
FINISHED = ("done", "undone")  # ImportRun statuses after which bulk-written records changed


def _changed(sender: object, **kwargs: object) -> None:
    records_changed()


def _m2m_changed(sender: object, action: str = "", **kwargs: object) -> None:
    if action.startswith("post_"):
        records_changed()


def _import_finished(sender: object, instance: object = None, **kwargs: object) -> None:
    if getattr(instance, "status", None) in FINISHED:
        records_changed()


def connect() -> None:
    """Connect the receivers (called once from ``StatisticsConfig.ready``)."""
    from django.apps import apps

    for label in COUNTED:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"stats-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"stats-delete-{label}")
    act, person = apps.get_model("documentation.Act"), apps.get_model("documentation.Person")
    intake = apps.get_model("documentation.Intake")
    for through in (act.rights.through, person.characteristics.through, intake.needs.through):
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"stats-m2m-{through}")
    run = apps.get_model("imports.ImportRun")
    post_save.connect(_import_finished, sender=run, dispatch_uid="stats-import-run")
