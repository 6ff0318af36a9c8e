"""A small world for the linkage storage and review tests (fixtures; imported by the other
``test_review_*`` and ``test_storage_*`` modules), and checks that the world is as described.

On top of the workspace world (organisation A with one member per role, B with a
documentalist, network N with A's sharing agreement): three more persons in A, one in B, a
reviewer who documents in both A and B, and a persons run of A with

- ``a1 ~ a2`` p = 0.80 (candidate, both in A),
- ``a1 ~ b1`` p = 0.70 (candidate, across A and B),
- ``a2 ~ a3`` p = 0.99 and ``a3 ~ a4`` p = 0.97 (linked automatically: one cluster of 3),
- ``a1 ~ a4`` p = 0.20 (below the lower threshold 0.5: not stored).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
import pytest

from testigo.accounts.services import membership_add, user_create
from testigo.documentation.models import Person
from testigo.documentation.services import person_record
from testigo.linkage.models import LinkageRun, RecordLink
from testigo.linkage.services import linkage_run_store
from tests.workspace import conftest as workspace
from tests.workspace.conftest import OTHER_ORG, World, term

world = workspace.world  # the workspace world, a fixture: lworld builds on it

BOTH = "documentalist_in_a_and_b"
LOWER, UPPER = 0.5, 0.95
B1_NAME = "Maria Socoy Peres"


@dataclass
class FakeOutcome:
    """The shape of the engine's ``LinkageOutcome`` that ``linkage_run_store`` reads."""

    pairs: pd.DataFrame
    settings: dict = field(default_factory=lambda: {"link_type": "dedupe_only", "em": [1, 2]})
    blocking_rules: list = field(default_factory=lambda: ["l.surname = r.surname"])
    lower: float = LOWER
    upper: float = UPPER
    seconds: float = 1.25


def pairs(*rows: tuple) -> pd.DataFrame:
    """``(left, right, probability[, evidence])`` rows → the engine's pairs DataFrame; the
    match weight is log2 of the Bayes factor p / (1 − p) (prior odds 1)."""
    records = []
    for row in rows:
        left, right, p = row[:3]
        evidence = row[3] if len(row) > 3 else {"surname": "exact", "age": "within 2 years"}
        weight = math.log2(p / (1 - p)) if 0 < p < 1 else (50.0 if p == 1 else -50.0)
        records.append((left, right, p, weight, evidence))
    columns = ["left_key", "right_key", "match_probability", "match_weight", "evidence"]
    return pd.DataFrame.from_records(records, columns=columns)


def key(person: Person) -> str:
    return f"person:{person.pk}"


@dataclass
class LinkageWorld:
    base: World
    persons: dict[str, Person]
    run: LinkageRun

    @property
    def users(self) -> dict[str, object]:
        return self.base.users

    def client(self, role: str, *, language: str = "en"):
        return self.base.client(role, language=language)

    def link(self, left: str, right: str) -> RecordLink:
        return RecordLink.objects.get(
            run=self.run, left_key=key(self.persons[left]), right_key=key(self.persons[right])
        )


@pytest.fixture
def lworld(world) -> LinkageWorld:
    base = world
    documentalist = base.users["documentalist"]
    female = term("sex", "female")
    persons = {
        "a1": base.intake.person,
        "a2": person_record(actor=documentalist, organisation=base.org_a, name="María Xocoy",
                            sex=female, age=34, nationality="GT"),
        "a3": person_record(actor=documentalist, organisation=base.org_a, name="M. Xocoy Pérez",
                            sex=female, age=35, nationality="GT"),
        "a4": person_record(actor=documentalist, organisation=base.org_a, name="Mari Xocoy",
                            age=33, nationality="GT"),
        "b1": person_record(actor=base.users[OTHER_ORG], organisation=base.org_b, name=B1_NAME,
                            sex=female, age=34, nationality="GT", age_is_estimate=True),
    }  # fmt: skip
    both = user_create(actor=None, username=BOTH, password="not-used-here")
    membership_add(actor=None, user=both, organisation=base.org_a, role="documentalist")
    membership_add(actor=None, user=both, organisation=base.org_b, role="documentalist")
    base.users[BOTH] = both
    k = {name: key(p) for name, p in persons.items()}
    outcome = FakeOutcome(
        pairs(
            (k["a1"], k["a2"], 0.80, {"surname": "jaro-winkler ≥ 0.92", "age": "exact"}),
            (k["a1"], k["b1"], 0.70),
            (k["a2"], k["a3"], 0.99),
            (k["a3"], k["a4"], 0.97),
            (k["a1"], k["a4"], 0.20),
        )
    )
    run = linkage_run_store(
        actor=documentalist, outcome=outcome, kind="persons", organisation=base.org_a
    )
    return LinkageWorld(base=base, persons=persons, run=run)


def test_the_world_is_as_described(lworld) -> None:
    statuses = dict(
        RecordLink.objects.filter(run=lworld.run).values_list("match_probability", "status")
    )
    assert statuses == {0.80: "candidate", 0.70: "candidate", 0.99: "linked", 0.97: "linked"}
