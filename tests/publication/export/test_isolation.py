"""The export reads only the publication gate: static imports, and a run with a fake gate."""

from __future__ import annotations

import ast
import csv
from pathlib import Path

import pytest

from testigo.publication import portal_tables
from testigo.publication.export import tables as export_tables
from testigo.publication.export.write import write_export
from testigo.publication.gate import PublishedTable
from testigo.statistics.disclosure import TOTAL
from testigo.statistics.render import OutputRow

PACKAGE = Path(export_tables.__file__).resolve().parent
COMMAND = PACKAGE.parent / "management" / "commands" / "export.py"
# Records, the raw count tables, and other private stores: never imported by the export.
FORBIDDEN = (
    "testigo.documentation",
    "testigo.statistics.counting",
    "testigo.statistics.engine",
    "testigo.statistics.kinds",
    "testigo.imports",
    "testigo.linkage",
    "testigo.estimation",
    "testigo.workspace",
    "django.db",
)


def imported(source: str, package: str) -> set[str]:
    """Absolute names of every module ``source`` imports (relative imports resolved)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            names.add(base)
            names.update(f"{base}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            names.update(a.value for a in node.args if isinstance(a, ast.Constant))
    return names


def forbidden(source: str, package: str = "testigo.publication.export") -> list[str]:
    return sorted(
        n
        for n in imported(source, package)
        if any(n == f or n.startswith(f + ".") for f in FORBIDDEN)
    )


MODULES = [*sorted(PACKAGE.glob("*.py")), COMMAND]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_export_modules_import_no_private_reader(path: Path) -> None:
    assert forbidden(path.read_text(encoding="utf-8")) == []


def test_only_the_observations_module_reads_official_statistics() -> None:
    """Observations are already-published aggregates; one module reads them, nothing else."""
    readers = {
        p.name
        for p in MODULES
        if any(n.startswith("testigo.observations") for n in imported(p.read_text("utf-8"), "x"))
    }
    assert readers == {"observations.py"}


def test_every_export_module_is_checked() -> None:
    names = {p.name for p in MODULES}
    assert {"tables.py", "datapackage.py", "hxl.py", "sdmx.py", "write.py", "export.py"} <= names


@pytest.mark.parametrize(
    "source",
    [
        "from testigo.documentation.models import Event",
        "from testigo.statistics.counting import count_events",
        "import testigo.documentation.access",
        "from django.db.models import Sum",
        "from ...documentation import models",
        "import importlib\nimportlib.import_module('testigo.documentation.models')",
    ],
)
def test_checker_flags_private_imports(source: str) -> None:
    assert forbidden(source) != []


def _fake(dims: tuple[str, ...], units: tuple[str, ...], base: int) -> PublishedTable:
    """A gate answer with distinctive values (``base + …``); two-way tables hide one row."""
    if len(dims) == 1:
        keys, hidden = [("americas",)], set()
    else:
        keys = [(2001, "a"), (2001, "b"), (None, "a")]
        hidden = {keys[0]}
    rows = [
        OutputRow(
            key, {u: None if key in hidden else base + 10 * i + j for j, u in enumerate(units)}
        )
        for i, key in enumerate(keys)
    ]
    margins = {tuple(TOTAL for _ in dims): {u: base + 900 + j for j, u in enumerate(units)}}
    return PublishedTable(dims, units, rows, margins, threshold=5, suppressed_cells=len(hidden))


@pytest.mark.django_db
def test_every_value_comes_from_the_gate(monkeypatch, tmp_path: Path) -> None:
    """With the gate replaced (empty database), the export writes exactly the fake values."""
    given: set[str] = set()
    calls: list[tuple[str, ...]] = []

    def fake_counts(*, units, by, where=None, **kwargs) -> PublishedTable:
        calls.append(tuple(by))
        table = _fake(tuple(by), tuple(units), 1000 * (6 + len(calls)))
        for values in [*(r.values for r in table.rows), *table.margins.values()]:
            given.update(str(v) for v in values.values() if v is not None)
        return table

    monkeypatch.setattr(portal_tables, "published_counts", fake_counts)
    monkeypatch.setattr(export_tables, "published_counts", fake_counts)
    result = write_export(tmp_path, fmt="csv", lang="en")
    assert len(result.files) == len(export_tables.TABLES)
    written: set[str] = set()
    marks = 0
    for f in result.files:
        with (tmp_path / f.path).open(encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            counts = [c for c in reader.fieldnames if c in {"dead", "missing", "dead_and_missing"}]
            for row in reader:
                for c in counts:
                    if row[c] == "x":
                        marks += 1
                    else:
                        written.add(row[c])
    assert written == {v for v in given if v.isdigit()}  # every number is the gate's, all used
    assert marks == 2  # the one suppressed row of each two-way table, never a number
