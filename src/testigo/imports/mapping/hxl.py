"""HXL (Humanitarian Exchange Language, standard 1.1) hashtag rows: a row under the header
whose cells are hashtags with attributes (``#affected +f +children``)."""

from __future__ import annotations

import re

_TAG = re.compile(r"#[A-Za-z][A-Za-z0-9_]*(\s*\+[A-Za-z][A-Za-z0-9_]*)*")


def parse_hashtag(value: str) -> tuple[str, frozenset[str]] | None:
    """``"#date +Registered"`` → ``("#date", {"registered"})``; ``None`` if not a hashtag."""
    raw = (value or "").strip()
    if not _TAG.fullmatch(raw):
        return None
    tag, *attributes = [p.strip().lower() for p in raw.split("+")]
    return tag, frozenset(a for a in attributes if a)


def is_hashtag_row(cells: list[object]) -> bool:
    """Whether a row is an HXL hashtag row: at least one cell, and every non-blank cell
    a hashtag (HXL 1.1 §3: the first row where that holds is the hashtag row)."""
    filled = [str(c).strip() for c in cells if c is not None and str(c).strip()]
    return bool(filled) and all(parse_hashtag(c) is not None for c in filled)


def hashtag_score(column_tag: str, field_tag: str) -> int | None:
    """How well a column's hashtag matches a field's: ``None`` when the hashtags differ or
    the column lacks one of the field's attributes; else the number of shared attributes."""
    column, wanted = parse_hashtag(column_tag), parse_hashtag(field_tag)
    if column is None or wanted is None or column[0] != wanted[0]:
        return None
    if not wanted[1] <= column[1]:
        return None
    return len(wanted[1] & column[1])
