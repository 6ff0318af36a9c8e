"""Rendering the transparency report as one standalone HTML file or as a PDF (WeasyPrint).

The HTML has no script and no external resource: styles are inline (``<style>``), charts
are inline SVG. The PDF is WeasyPrint's rendering of the same HTML. Files are written to a
temporary file beside the target and renamed, so a failed run leaves nothing half-written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from testigo.reports.build import Report, ReportError

FORMATS = (".html", ".pdf")


def output_format(path: Path) -> str:
    """``html`` or ``pdf`` from the file name's extension. Raises :class:`ReportError`."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ReportError(f"cannot write {path.name!r}: the report is written as .html or .pdf")
    return suffix[1:]


def report_html(report: Report) -> str:
    """The report as a standalone HTML document (str) in the report's language."""
    with translation.override(report.lang):
        return render_to_string("reports/report.html", {"report": report})


def report_pdf(html: str) -> bytes:
    """The PDF bytes of a report's HTML (WeasyPrint; fonts from the system, no network)."""
    from weasyprint import HTML  # slow import: only for PDFs

    return HTML(string=html, base_url=None).write_pdf()


def write_report(report: Report, path: Path) -> str:
    """Write ``report`` to ``path`` (``.html`` or ``.pdf``); return the format written.

    Raises :class:`ReportError` for another extension or a place that cannot be written
    (missing folder, no permission); nothing is left behind on failure.
    """
    kind = output_format(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ReportError(f"cannot write {str(path)!r}: folder {str(folder)!r} does not exist")
    if path.is_dir():
        raise ReportError(f"cannot write {str(path)!r}: it is a folder")
    html = report_html(report)
    data = html.encode("utf-8") if kind == "html" else report_pdf(html)
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".report-", suffix=path.suffix)
    except OSError as error:
        raise ReportError(f"cannot write {str(path)!r}: {error.strerror}") from error
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise ReportError(f"cannot write {str(path)!r}: {error.strerror}") from error
    return kind
