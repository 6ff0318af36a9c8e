"""The demo observatory: a synthetic network of organisations and users plus real MMP data."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from testigo.accounts.models import Membership, Organisation
from testigo.accounts.services import membership_add, organisation_create, user_create
from testigo.documentation.models import Intake
from testigo.portal.synthetic import Generated, synthetic_network_generate

MMP_NAME = re.compile(r"missing.?migrants.*?(\d{4})-(\d{2})(?:-(\d{2}))?", re.IGNORECASE)

# (slug, name, kind, country, [(username, role)]) — all invented, marked synthetic.
DEMO_NETWORK = [
    (
        "casa-demo",
        "Casa del Migrante Demo (sintético)",
        "civil_society",
        "MX",
        [("lucia", Membership.Role.DOCUMENTALIST), ("coordinacion", Membership.Role.ORG_ADMIN)],
    ),
    (
        "red-demo",
        "Red de Documentación Demo (sintético)",
        "civil_society",
        "MX",
        [("tomas", Membership.Role.ANALYST)],
    ),
    (
        "gobierno-demo",
        "Oficina Estatal de Atención a Migrantes Demo (sintético)",
        "government",
        "MX",
        [("marisol", Membership.Role.GOVERNMENT_PARTNER)],
    ),
    ("albergue-norte-demo", "Albergue del Norte Demo (sintético)", "civil_society", "MX",
     [("documentalista-norte", Membership.Role.DOCUMENTALIST)]),
    ("derechos-demo", "Centro de Derechos Humanos Demo (sintético)", "civil_society", "MX",
     [("abogada", Membership.Role.DOCUMENTALIST), ("lectura", Membership.Role.READ_ONLY)]),
]  # fmt: skip
# The organisations whose synthetic case records the demo generates, and their network.
CASE_ORGANISATIONS = ("casa-demo", "albergue-norte-demo", "derechos-demo")
NETWORK = "red-demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    organisation: str
    role: str


@transaction.atomic
def demo_network_create() -> list[DemoUser]:
    """Create (or refresh) the synthetic demo network; return users with fresh passwords.

    Safe to run twice: existing demo organisations are kept and passwords are reset.
    """
    users: list[DemoUser] = []
    user_model = get_user_model()
    for slug, name, kind, country, members in DEMO_NETWORK:
        org = Organisation.objects.filter(slug=slug).first() or organisation_create(
            actor=None, slug=slug, name=name, kind=kind, country=country, is_synthetic=True
        )
        for username, role in members:
            password = secrets.token_urlsafe(12)
            user = user_model.objects.filter(username=username).first()
            if user is None:
                user = user_create(actor=None, username=username, password=password)
                membership_add(actor=None, user=user, organisation=org, role=role)
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            users.append(DemoUser(username, password, org.name, str(role)))
    return users


def demo_cases_create(*, intakes_per_org: int = 100, events_per_org: int = 50) -> Generated | None:
    """Generate the synthetic case records once; ``None`` when they already exist."""
    orgs = list(Organisation.objects.filter(slug__in=CASE_ORGANISATIONS).order_by("slug"))
    if Intake.objects.filter(organisation__in=orgs).exists():
        return None
    return synthetic_network_generate(
        organisations=orgs, network=Organisation.objects.get(slug=NETWORK),
        intakes_per_org=intakes_per_org, events_per_org=events_per_org,
    )  # fmt: skip


def _export_date(path: Path) -> tuple[int, int, int]:
    match = MMP_NAME.search(path.name)
    if not match:
        return (0, 0, 0)
    return (int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))


def find_mmp_exports(folder: Path) -> list[Path]:
    """The MMP exports to load from ``folder``, oldest first.

    The newest full export (all years) and any newer year-to-date export (``ytd`` in its
    name). Older full exports are left out: a newer one revises them, and the 2019 layout's
    ids cannot be matched to later ones. Returns ``[]`` when none is found.
    """
    files = [
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in {".csv", ".xlsx"}
        and "missing" in p.name.lower()
        and "migrants" in p.name.lower()
    ]
    full = sorted((p for p in files if "ytd" not in p.name.lower()), key=_export_date)
    if not full:
        return sorted((p for p in files if "ytd" in p.name.lower()), key=_export_date)[-1:]
    newest = full[-1]
    ytd = [p for p in files if "ytd" in p.name.lower() and _export_date(p) > _export_date(newest)]
    return [newest, *sorted(ytd, key=_export_date)]


def default_data_folders() -> list[Path]:
    """Where the demo looks for public data when not told: ``../shared/data`` near here."""
    here = Path.cwd().resolve()
    repo = Path(__file__).resolve().parents[3]
    return [here.parent / "shared" / "data", repo.parent / "shared" / "data"]


# The demo's joint working group: the synthetic government office and two civil-society
# organisations, who agree the built-in indicators (as the demo users marisol and coordinacion).
WORKING_GROUP = ("mesa-demo", "Mesa de trabajo conjunta Demo (sintético)")
GROUP_MEMBERS = ("gobierno-demo", "casa-demo", "derechos-demo")
APPROVERS = (("marisol", "gobierno-demo"), ("coordinacion", "casa-demo"))


def demo_indicators_agree() -> int:
    """Seat the demo's joint working group, propose the built-in indicators and approve them
    on both sides (synthetic users), so the demo's scorecard has agreed indicators. Returns
    how many versions were agreed now (0 when the group already exists)."""
    from testigo.indicators.models import JointWorkingGroup
    from testigo.indicators.services import (
        group_create,
        indicator_version_decide,
        library_propose,
    )

    if JointWorkingGroup.objects.filter(slug=WORKING_GROUP[0]).exists():
        return 0
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=GROUP_MEMBERS)}
    group = group_create(
        actor=None, slug=WORKING_GROUP[0], name=WORKING_GROUP[1],
        organisations=[orgs[s] for s in GROUP_MEMBERS],
    )  # fmt: skip
    versions = library_propose(actor=None, group=group)
    user_model = get_user_model()
    for version in versions:
        for username, slug in APPROVERS:
            indicator_version_decide(
                actor=user_model.objects.get(username=username), version=version,
                organisation=orgs[slug], decision="approve",
            )  # fmt: skip
    return len(versions)


def find_public_file(folders: list[Path], relative: str) -> Path | None:
    """The first ``folder/relative`` that exists (public data the demo imports if present)."""
    for folder in folders:
        candidate = folder / relative
        if candidate.is_file():
            return candidate
    return None
