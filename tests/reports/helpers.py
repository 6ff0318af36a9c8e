"""Reading the report's HTML back into tables (standard library only, none of Testigo's code)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class ShownCell:
    text: str = ""
    value: str | None = None  # data-value (a published count)
    derived: str | None = None  # data-derived (a change computed from published counts)
    suppressed: bool = False


@dataclass
class ShownTable:
    caption: str = ""
    head: list[str] = field(default_factory=list)
    rows: dict[str, list[ShownCell]] = field(default_factory=dict)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[ShownTable] = []
        self.figures: list[tuple[str, ShownCell]] = []
        self._table: ShownTable | None = None
        self._row: list[ShownCell | str] | None = None
        self._cell: ShownCell | None = None
        self._text: list[str] | None = None
        self._where = ""
        self._figure: ShownCell | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._table = ShownTable()
        elif tag == "caption":
            self._where, self._text = "caption", []
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell = ShownCell(
                value=a.get("data-value"),
                derived=a.get("data-derived"),
                suppressed="data-suppressed" in a,
            )
            self._where, self._text = tag, []
        elif tag == "span" and "n" in (a.get("class") or "").split():
            self._figure = ShownCell(value=a.get("data-value"), suppressed="data-suppressed" in a)
            self._where, self._text = "figure", []
        elif tag == "span" and a.get("class") == "what":
            self._where, self._text = "what", []

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        text = " ".join("".join(self._text or []).split())
        if tag == "caption" and self._table is not None:
            self._table.caption, self._text = text, None
        elif tag in ("th", "td") and self._cell is not None and self._row is not None:
            self._cell.text = text
            self._row.append(self._cell if tag == "td" else text)
            self._cell, self._text = None, None
        elif tag == "tr" and self._row is not None and self._table is not None:
            if all(isinstance(c, str) for c in self._row):
                self._table.head = [str(c) for c in self._row]
            elif self._row:
                self._table.rows[str(self._row[0])] = [
                    c for c in self._row[1:] if not isinstance(c, str)
                ]
            self._row = None
        elif tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None
        elif tag == "span" and self._where == "figure" and self._figure is not None:
            self._figure.text = text
            self._where, self._text = "", None
        elif tag == "span" and self._where == "what" and self._figure is not None:
            self.figures.append((text, self._figure))
            self._figure, self._where, self._text = None, "", None


def read_report(html: str) -> tuple[dict[str, ShownTable], dict[str, ShownCell]]:
    """Tables by caption and key figures by name, as the HTML shows them."""
    parser = _Parser()
    parser.feed(html)
    return {t.caption: t for t in parser.tables}, dict(parser.figures)


def shown(cell: ShownCell) -> int | None:
    """The published count a cell shows (``None`` when suppressed)."""
    assert cell.suppressed or cell.value is not None, cell
    return None if cell.suppressed else int(cell.value)  # type: ignore[arg-type]
