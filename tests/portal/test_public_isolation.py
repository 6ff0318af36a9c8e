"""The public side reads only the publication gate, never records (design.md §1)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "testigo"
PORTAL = PACKAGE / "portal"
WORKSPACE_HOME = PACKAGE / "workspace" / "views" / "home.py"

# Private readers: records and the raw (undisclosed) count tables.
FORBIDDEN = (
    "testigo.documentation",
    "testigo.statistics.counting",
    "testigo.statistics.engine",
    "testigo.statistics.kinds",
)
GATE = "testigo.publication.gate"
# The gate may count through the statistics engine: that is what it exists for.
ALLOWED = {
    GATE: (
        "testigo.statistics.counting",
        "testigo.statistics.engine",
        "testigo.statistics.kinds",
    )
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str | None, level: int, importer: str, is_package: bool) -> str:
    if level == 0:
        return module or ""
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


def imported_modules(source: str, importer: str = "x", *, is_package: bool = False) -> set[str]:
    """Every module ``source`` imports: ``import a.b``, ``from a import b`` (both ``a`` and
    ``a.b``, since ``b`` may be a module), relative imports, and ``import_module("a.b")`` /
    ``__import__("a.b")`` calls with a literal name."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module, node.level, importer, is_package)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in {"import_module", "__import__"} and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.add(first.value)
    return found


def violations(source: str, importer: str, *, is_package: bool = False) -> list[str]:
    """The forbidden modules ``source`` (module ``importer``) imports directly."""
    allowed = ALLOWED.get(importer, ())
    return sorted(
        name
        for name in imported_modules(source, importer, is_package=is_package)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
        and not any(name == a or name.startswith(a + ".") for a in allowed)
    )


def _public_modules() -> list[Path]:
    return [
        PORTAL / "public_views.py",
        PORTAL / "charts.py",
        PORTAL / "dashboard.py",
        PORTAL / "maps.py",
        PORTAL / "state_names.py",
        *sorted((PORTAL / "geo").rglob("*.py")),
        *sorted((PACKAGE / "publication").rglob("*.py")),
    ]


def _check(path: Path) -> list[str]:
    return violations(
        path.read_text(encoding="utf-8"),
        _module_name(path),
        is_package=path.name == "__init__.py",
    )


@pytest.mark.parametrize("path", _public_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_public_module_imports_no_private_reader(path):
    assert path.exists()
    assert _check(path) == []


def test_publication_package_is_covered():
    names = {p.name for p in _public_modules()}
    assert {"public_views.py", "charts.py", "gate.py", "portal_tables.py"} <= names


def test_gate_is_the_one_that_counts():
    """The exception is used, not dead: the gate really imports the counting module."""
    gate = PACKAGE / "publication" / "gate.py"
    source = gate.read_text(encoding="utf-8")
    assert "testigo.statistics.counting" in imported_modules(source, GATE)
    assert violations(source, GATE) == []
    assert violations(source, "testigo.publication.portal_tables") == [
        "testigo.statistics.counting",
        "testigo.statistics.counting.CountTable",
        "testigo.statistics.counting.count_events",
        "testigo.statistics.engine",
    ]


def _local_graph() -> dict[str, set[str]]:
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = _module_name(path)
        imports = imported_modules(
            path.read_text(encoding="utf-8"), name, is_package=path.name == "__init__.py"
        )
        graph[name] = {i for i in imports if i.startswith("testigo")}
    return graph


def test_public_views_reach_records_only_through_the_gate():
    """Transitively too: no chain of imports from the public views around the gate."""
    graph = _local_graph()
    seen: set[str] = set()
    todo = [
        "testigo.portal.public_views",
        "testigo.portal.charts",
        "testigo.portal.dashboard",
        "testigo.portal.maps",
    ]
    while todo:
        name = todo.pop()
        if name in seen or name not in graph:
            continue
        seen.add(name)
        if name == GATE:
            continue  # behind the gate is the private side, by design
        todo.extend(graph[name])
        todo.extend(name.rsplit(".", i)[0] for i in range(1, name.count(".")))  # packages
    private = sorted(n for n in seen if any(n.startswith(f) for f in FORBIDDEN))
    assert private == []
    assert GATE in seen


@pytest.mark.parametrize(
    "source",
    [
        "from testigo.documentation.models import Event",
        "import testigo.documentation.access",
        "from testigo.documentation import services",
        "from testigo import documentation",
        "from testigo.statistics import counting",
        "from testigo.statistics.counting import count_events",
        "import importlib\nimportlib.import_module('testigo.documentation.models')",
        "def f():\n    from testigo.documentation.access import access_events_for_user\n",
        "from ..documentation.models import Event",
    ],
)
def test_checker_detects_a_direct_import_of_records(source):
    """The checker is not vacuous: it flags these synthetic sources."""
    assert violations(source, "testigo.portal.public_views") != []


def test_checker_allows_the_gate_and_unrelated_modules():
    source = (
        "from testigo.publication.gate import PublishedTable\n"
        "from testigo.statistics.render import labelled\n"
        "import testigo.documentation_notes_are_not_documentation\n"
    )
    assert violations(source, "testigo.portal.public_views") == []


# --- templates -------------------------------------------------------------------------------

TEMPLATES = PORTAL / "templates"
VARIABLE = re.compile(r"\{\{\s*([A-Za-z_]\w*)|\{%\s*(?:if|elif|for\s+[\w\s,]+\s+in|with)\s+(\w+)")


def _context_keys(module: Path, function: str) -> set[str]:
    """The keys of the ``context = {…}`` dict literal in ``function`` of ``module``."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    func = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function)
    keys: set[str] = set()
    for node in ast.walk(func):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Dict)
            and any(isinstance(t, ast.Name) and t.id == "context" for t in node.targets)
        ):
            keys |= {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
    return keys


def _rendered_templates(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    return {
        node.args[1].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") == "render"
        and len(node.args) > 1
        and isinstance(node.args[1], ast.Constant)
    }


def _with_parents(name: str) -> list[Path]:
    chain = []
    while name:
        path = TEMPLATES / name
        chain.append(path)
        parent = re.search(r"\{%\s*extends\s+\"([^\"]+)\"", path.read_text(encoding="utf-8"))
        name = parent.group(1) if parent else ""
    return chain


def _public_templates() -> list[Path]:
    names = _rendered_templates(PORTAL / "public_views.py") | {"portal/login.html"}
    return sorted({p for name in names for p in _with_parents(name)})


def _variables(template: Path) -> set[str]:
    text = template.read_text(encoding="utf-8")
    return {a or b for a, b in VARIABLE.findall(text)}


def test_workspace_context_keys_are_known():
    keys = _context_keys(WORKSPACE_HOME, "home")
    assert keys == {
        "memberships", "can_read", "can_write_any", "event_count", "events", "intake_count",
        "intervention_count",
    }  # fmt: skip


def test_public_templates_are_found():
    names = {p.relative_to(TEMPLATES).as_posix() for p in _public_templates()}
    assert names == {
        "portal/home.html", "portal/base.html", "portal/login.html", "portal/dashboard.html",
    }  # fmt: skip


@pytest.mark.parametrize(
    "template", _public_templates(), ids=lambda p: p.relative_to(TEMPLATES).as_posix()
)
def test_public_template_uses_no_workspace_context(template):
    workspace_only = _context_keys(WORKSPACE_HOME, "home") - _context_keys(
        PORTAL / "public_views.py", "home"
    )
    used = _variables(template)
    assert used  # the template does use variables: the scan is not vacuous
    assert used & workspace_only == set()
    assert "workspace.html" not in template.read_text(encoding="utf-8")


def test_template_scan_detects_workspace_variables():
    assert _variables(PACKAGE / "workspace" / "templates" / "workspace" / "home.html") >= {
        "memberships",
        "event_count",
        "events",
    }
