"""Small hand-made MMP exports (invented rows) in the real layouts."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

HEADER_2022 = [
    "Main ID", "Incident ID", "Incident Type", "Region of Incident", "Incident Date",
    "Incident year", "Reported Month", "Number of Dead", "Minimum Estimated Number of Missing",
    "Total Number of Dead and Missing", "Number of Survivors", "Number of Females",
    "Number of Males", "Number of Children", "Region of Origin", "Cause of Death",
    "Migration route", "Location of death", "Information Source", "Coordinates",
    "UNSD Geographical Grouping", "Article title", "Source Quality", "URL",
]  # fmt: skip


def row_2022(incident_id: str, **values: object) -> dict[str, object]:
    """An invented incident on the US–Mexico border; override any column by keyword
    (spaces in header names become underscores: ``Number_of_Dead=3``)."""
    row: dict[str, object] = {
        "Main ID": incident_id, "Incident ID": incident_id, "Incident Type": "Incident",
        "Region of Incident": "North America", "Incident Date": "2021-03-04",
        "Incident year": "2021", "Reported Month": "March", "Number of Dead": "2",
        "Minimum Estimated Number of Missing": "", "Total Number of Dead and Missing": "2",
        "Number of Survivors": "", "Number of Females": "", "Number of Males": "2",
        "Number of Children": "", "Region of Origin": "Central America",
        "Cause of Death": "Violence", "Migration route": "US-Mexico border crossing",
        "Location of death": "invented place", "Information Source": "invented source",
        "Coordinates": "POINT (-106.4 31.7)", "UNSD Geographical Grouping": "Northern America",
        "Article title": "", "Source Quality": "3", "URL": "",
    }  # fmt: skip
    for key, value in values.items():
        row[key.replace("_", " ")] = value
    return row


def write_csv(path: Path, rows: list[dict[str, object]], header: list[str] = HEADER_2022) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[dict[str, object]], header: list[str] = HEADER_2022) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(h) for h in header])
    book.save(path)
    return path
