"""``testigo demo --no-serve``: synthetic network, printed credentials, MMP import, idempotent."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from testigo.accounts.models import Membership, Organisation
from testigo.core.models import AuditEntry
from testigo.documentation.models import Event
from testigo.portal.management.commands import demo as demo_command

pytestmark = pytest.mark.django_db

# The header line of the 2026 (year-to-date) layout of the IOM Missing Migrants export.
HEADER_2026 = (
    '"Main ID","Incident ID",Region,"Incident Date",Year,"Reported Month","Number Dead",'
    '"Minimum Estimated Number of Missing","Number of Survivors","Number of Females",'
    '"Number of Males","Number of Children","Region of Origin","Cause of Death",'
    '"Country of Origin","Location of death","Information Source",Coordinates,'
    '"Migration route",URL,"UNSD Geographical Grouping","Source Quality"'
)
# Invented rows (ids 2026.MMP900x do not exist in the real data).
ROWS = [
    {
        "Main ID": "2026.MMP9001",
        "Incident ID": "2026.MMP9001",
        "Region": "North America",
        "Incident Date": "Thu, 01/15/2026 - 12:00",
        "Year": "2026",
        "Reported Month": "January",
        "Number Dead": "2",
        "Minimum Estimated Number of Missing": "",
        "Cause of Death": "Harsh environmental conditions / lack of adequate shelter, food, water",
        "Migration route": "US-Mexico border crossing",
        "Coordinates": "31.5, -110.25",
        "Source Quality": "3",
    },
    {
        "Main ID": "2026.MMP9002",
        "Incident ID": "2026.MMP9002",
        "Region": "Central America",
        "Incident Date": "Tue, 02/03/2026 - 12:00",
        "Year": "2026",
        "Reported Month": "February",
        "Number Dead": "1",
        "Minimum Estimated Number of Missing": "4",
        "Cause of Death": "Drowning",
        "Migration route": "Darien",
        "Source Quality": "2",
    },
    {
        "Main ID": "2026.MMP9003",
        "Incident ID": "2026.MMP9003",
        "Region": "North America",
        "Incident Date": "Tue, 03/10/2026 - 12:00",
        "Year": "2026",
        "Reported Month": "March",
        "Number Dead": "6",
        "Minimum Estimated Number of Missing": "0",
        "Cause of Death": "Violence",
        "Migration route": "US-Mexico border crossing",
        "Source Quality": "4",
    },
]
DEMO_ORGS = {"casa-demo", "red-demo", "gobierno-demo", "albergue-norte-demo", "derechos-demo"}
DEMO_USERS = {
    "lucia": "documentalist",
    "coordinacion": "org_admin",
    "tomas": "analyst",
    "marisol": "government_partner",
    "documentalista-norte": "documentalist",
    "abogada": "documentalist",
    "lectura": "read_only",
}
USER_LINE = re.compile(r"^  (\S+)\s+(\S+)  (\S+) — (.+)$")


@pytest.fixture
def mmp_csv(tmp_path) -> Path:
    header = next(csv.reader([HEADER_2026]))
    out = io.StringIO()
    out.write(HEADER_2026 + "\n")
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n", restval="")
    writer.writerows(ROWS)
    path = tmp_path / "MissingMigrants-Global-2026-05-06_ytd2026.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _demo(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("demo", "--no-serve", "--cases", "4", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _printed_users(output: str) -> dict[str, tuple[str, str]]:
    """username → (password, role) from the demo's user listing."""
    users = {}
    for line in output.splitlines():
        match = USER_LINE.match(line)
        if match:
            users[match.group(1)] = (match.group(2), match.group(3))
    return users


def _state() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
        "events": Event.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def test_demo_builds_synthetic_network_and_imports_the_export(mmp_csv):
    output, errors = _demo("--mmp", str(mmp_csv))

    assert errors == ""
    synthetic = Organisation.objects.filter(slug__in=DEMO_ORGS)
    assert set(synthetic.values_list("slug", flat=True)) == DEMO_ORGS
    assert all(org.is_synthetic for org in synthetic)
    assert all("sintético" in org.name for org in synthetic)
    mmp_owner = Organisation.objects.get(slug="iom-mmp")
    assert mmp_owner.is_synthetic is False  # real public data is not marked synthetic

    assert f"Imported {mmp_csv.name}: 3 new, 0 updated, 0 unchanged events" in output
    events = Event.objects.filter(dataset="mmp", organisation=mmp_owner)
    assert sorted(events.values_list("source_key", flat=True)) == [
        "2026.MMP9001",
        "2026.MMP9002",
        "2026.MMP9003",
    ]
    second = events.get(source_key="2026.MMP9002")
    assert (second.date_edtf, second.dead, second.missing, second.dead_and_missing) == (
        "2026-02-03",
        1,
        4,
        5,
    )
    assert second.region.code == "central_america"
    assert second.migration_route.code == "darien"

    printed = _printed_users(output)
    assert {name: role for name, (_, role) in printed.items()} == DEMO_USERS
    for username, (password, _) in printed.items():
        assert len(password) >= 12
        assert authenticate(username=username, password=password) is not None, username
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == DEMO_USERS


def test_demo_twice_creates_nothing_new(mmp_csv):
    first_output, _ = _demo("--mmp", str(mmp_csv))
    before = _state()

    output, errors = _demo("--mmp", str(mmp_csv))

    assert errors == ""
    assert _state() == before
    assert f"Imported {mmp_csv.name}: 0 new, 0 updated, 3 unchanged events" in output
    # Passwords are new each run: the old ones stop working, the printed ones work.
    old, new = _printed_users(first_output), _printed_users(output)
    assert set(new) == set(DEMO_USERS)
    for username in DEMO_USERS:
        assert new[username][0] != old[username][0]
        assert authenticate(username=username, password=new[username][0]) is not None
        assert authenticate(username=username, password=old[username][0]) is None


def test_demo_without_exports_says_so(tmp_path, monkeypatch):
    empty = tmp_path / "data"
    empty.mkdir()
    monkeypatch.setattr(demo_command, "default_data_folders", lambda: [empty])

    output, _ = _demo()

    assert "No IOM Missing Migrants Project export found" in output
    assert str(empty) in output
    assert "pass --mmp PATH" in output
    assert not Event.objects.filter(dataset="mmp").exists()
    assert set(_printed_users(output)) == set(DEMO_USERS)


def test_demo_with_empty_mmp_folder_says_no_export_found(tmp_path):
    empty = tmp_path / "nothing-here"
    empty.mkdir()

    output, errors = _demo("--mmp", str(empty))

    assert not Event.objects.filter(dataset="mmp").exists()
    assert "No IOM Missing Migrants Project export found" in output + errors


def test_demo_indicators_are_agreed_by_both_sides_once(db):
    """The demo's joint working group agrees every built-in indicator (government and civil
    society approve the same version), once: a second run changes nothing."""
    from testigo.indicators.library import builtin_definitions
    from testigo.indicators.models import Approval
    from testigo.portal.demo import demo_indicators_agree, demo_network_create

    demo_network_create()
    agreed = demo_indicators_agree()
    assert agreed == len(builtin_definitions())
    sides = set(Approval.objects.values_list("organisation__kind", flat=True))
    assert sides == {"government", "civil_society"}
    assert demo_indicators_agree() == 0
