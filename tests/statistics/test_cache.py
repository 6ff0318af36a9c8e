"""Cached figures: computed once, refreshed when the counted records change."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from testigo.accounts.services import organisation_create
from testigo.documentation.models import Event
from testigo.documentation.services import event_record
from testigo.imports.models import ImportRun
from testigo.statistics.cache import data_version
from testigo.statistics.engine import count

pytestmark = pytest.mark.django_db


def dead() -> int:
    return count("events", units=("dead",), by=("year",)).total("dead")


@pytest.fixture
def org():
    made = organisation_create(actor=None, slug="o", name="O", kind="civil_society")
    event_record(actor=None, organisation=made, title="E", date_edtf="2023", dead=3)
    return made


def test_a_cached_figure_changes_after_a_record_changes(org):
    version = data_version()
    assert version is not None  # the records above replaced it
    assert dead() == 3
    with CaptureQueriesContext(connection) as queries:
        assert dead() == 3
    assert len(queries) == 1  # only the data version is read: the figure is cached
    event_record(actor=None, organisation=org, title="F", date_edtf="2024", dead=10)
    assert data_version() != version
    assert dead() == 13
    Event.objects.get(title="F").delete()
    assert dead() == 3


def test_bulk_writes_refresh_when_the_import_run_finishes(org):
    assert dead() == 3
    Event.objects.filter(title="E").update(dead=7)  # a bulk write: no per-record signal
    assert dead() == 3  # still the cached figure
    run = ImportRun.objects.create(source_kind="mmp", organisation=org, file_name="f")
    assert dead() == 3  # a run that is still running changes nothing
    run.status = ImportRun.Status.DONE
    run.save()
    assert dead() == 7


def test_a_rolled_back_change_restores_the_figure(org):
    assert dead() == 3
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        event_record(actor=None, organisation=org, title="G", date_edtf="2022", dead=50)
        assert dead() == 53  # inside the transaction: its own data, its own version
        raise RuntimeError
    assert data_version() == before
    assert dead() == 3
