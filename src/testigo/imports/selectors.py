"""Which import runs and mappings a user may see."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from testigo.accounts.permissions import scope_for
from testigo.core.errors import AccessDenied
from testigo.imports.models import ImportMapping, ImportRun


def runs_for_user(user: AbstractBaseUser) -> QuerySet[ImportRun]:
    """Runs of the organisations whose records the user reads (not shared networks' runs)."""
    return ImportRun.objects.filter(organisation_id__in=scope_for(user).read).select_related(
        "organisation", "user"
    )


def run_by_id(*, user: AbstractBaseUser, run_id: int) -> ImportRun:
    """One run the user may see. Raises ``AccessDenied`` (also for a missing id)."""
    run = runs_for_user(user).filter(pk=run_id).first()
    if run is None:
        raise AccessDenied("no such import run")
    return run


def mappings_for_user(user: AbstractBaseUser) -> QuerySet[ImportMapping]:
    """Saved mappings of the organisations the user may write for."""
    return ImportMapping.objects.filter(organisation_id__in=scope_for(user).write).select_related(
        "organisation"
    )
