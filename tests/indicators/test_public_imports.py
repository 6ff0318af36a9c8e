"""Public indicator code reads only agreed, gated values: it imports no record module."""

from __future__ import annotations

import ast
from pathlib import Path

import testigo.indicators

PUBLIC_MODULES = ("public_views.py", "selectors.py", "sdmx.py", "scorecard.py", "labels.py")
FORBIDDEN = ("testigo.documentation", "testigo.indicators.counts", "testigo.indicators.sources")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_public_indicator_modules_import_no_records() -> None:
    folder = Path(testigo.indicators.__file__).parent
    for name in PUBLIC_MODULES:
        imported = _imports(folder / name)
        bad = sorted(i for i in imported if i.startswith(FORBIDDEN) or i.endswith(".services"))
        assert not bad, f"{name} imports {bad}"
