"""Form data for the workspace's POSTs, as a browser would send it."""

from __future__ import annotations

ROWS = 4


def management(prefix: str, total: int = ROWS) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "40",
    }


def event_form_data(
    event: dict[str, str],
    victims: list[dict[str, str]] = (),
    acts: list[dict[str, str]] = (),
    source: dict[str, str] | None = None,
) -> dict[str, str]:
    """The “document an event” POST: event fields, victim and act rows, source fields.

    Unused act rows carry the select's default victim (``1``) like a browser sends it."""
    data = {**management("victims"), **management("acts"), **event}
    for i, row in enumerate(victims):
        data.update({f"victims-{i}-{k}": v for k, v in row.items()})
    for i in range(ROWS):
        data[f"acts-{i}-victim"] = "1"
    for i, row in enumerate(acts):
        data.update({f"acts-{i}-{k}": v for k, v in row.items()})
    data.update({f"source-{k}": v for k, v in (source or {}).items()})
    return data
