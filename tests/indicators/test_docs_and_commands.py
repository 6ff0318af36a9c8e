"""Docs pages generated from definitions; the library validates; the commands run."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from testigo.indicators.docs import DOCS_DIR, expected_pages
from testigo.indicators.library import (
    DefinitionError,
    builtin_definition,
    builtin_definitions,
    parse_definition,
    validate_definition,
)
from testigo.indicators.models import Approval
from testigo.indicators.sdmx import HEADER
from testigo.indicators.services import indicator_version_decide, indicator_version_propose


def test_every_builtin_indicator_has_an_up_to_date_page() -> None:
    pages = expected_pages()
    for code in builtin_definitions():
        path = DOCS_DIR / f"{code}.md"
        assert path.is_file(), f"missing docs page for {code}: run `testigo indicators docs`"
        assert path.read_text(encoding="utf-8") == pages[f"{code}.md"], (
            f"{path.name} is out of date: run `testigo indicators docs`"
        )
    assert (DOCS_DIR / "README.md").read_text(encoding="utf-8") == pages["README.md"]
    extra = {p.name for p in DOCS_DIR.glob("*.md")} - set(pages)
    assert not extra, f"pages without a definition: {sorted(extra)}"


def test_library_holds_the_issue_indicators() -> None:
    library = builtin_definitions()
    assert {
        "sdg-10-7-3",
        "sdg-10-c-1",
        "complaint-share",
        "acts-by-authorities",
        "intakes-unmet-needs",
        "unaccompanied-children-share",
    } <= set(library)
    types = {c["type"] for c in library.values()}
    assert types == {"structural", "process", "outcome"}
    assert library["sdg-10-7-3"]["gcm"][0] == 8 and library["sdg-10-c-1"]["gcm"] == [20]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c.update(type="impact"), "type"),
        (lambda c: c["name"].pop("en"), "name"),
        (lambda c: c["formula"]["numerator"].update(source="rumours"), "numerator"),
        (lambda c: c.update(gcm=[24]), "GCM"),
        (lambda c: c["targets"].append({"series": "NOPE", "direction": "decrease"}), "series"),
    ],
)
def test_bad_definitions_are_refused(change, message) -> None:
    content = builtin_definition("sdg-10-7-3")
    change(content)
    with pytest.raises(DefinitionError, match=message):
        validate_definition(content)


def test_yaml_errors_are_clear() -> None:
    with pytest.raises(DefinitionError, match="YAML"):
        parse_definition("code: [unclosed")


@pytest.mark.django_db
def test_compute_and_export_commands(world) -> None:
    version = indicator_version_propose(
        actor=world.cso_user,
        group=world.group,
        organisation=world.cso,
        content=builtin_definition("structural-search-protocol"),
    )
    for user, org in ((world.cso_user, world.cso), (world.gov_user, world.gov)):
        indicator_version_decide(
            actor=user, version=version, organisation=org, decision=Approval.Decision.APPROVE
        )
    from testigo.indicators.services import structural_score_record

    structural_score_record(
        actor=world.gov_user,
        indicator=version.indicator,
        organisation=world.gov,
        period="2024",
        value=1,
        evidence="DOF 2024-01-15",
    )
    out = io.StringIO()
    call_command("indicators", "compute", stdout=out)
    assert out.getvalue().startswith("1 values computed")
    out = io.StringIO()
    call_command("indicators", "export", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == HEADER
    assert rows[1][3:12] == [
        "structural-search-protocol",
        "1",
        "MX",
        "2024",
        "_T",
        "_T",
        "1",
        "A",
        "F",
    ]
    with pytest.raises(CommandError, match="Unknown indicator"):
        call_command("indicators", "compute", "no-such-code")


@pytest.mark.django_db
def test_load_proposes_the_library_once(world) -> None:
    out = io.StringIO()
    call_command("indicators", "load", "--group", world.group.slug, stdout=out)
    assert out.getvalue().startswith(f"{len(builtin_definitions())} definitions proposed")
    out = io.StringIO()
    call_command("indicators", "load", "--group", world.group.slug, stdout=out)
    assert out.getvalue().startswith("0 definitions proposed")
    with pytest.raises(CommandError, match="no working group"):
        call_command("indicators", "load", "--group", "nope")
