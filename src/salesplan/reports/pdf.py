"""The plan as a PDF, laid out by WeasyPrint from the print variant of the HTML.

Page size follows the locale (Letter for ``en_US``, A4 elsewhere); the
stylesheet adds running headers (plan name, section) and page numbers.

The table of contents needs the page each section starts on. CSS
``target-counter()`` would make WeasyPrint lay the whole document out twice,
so the body is laid out once with an empty first page, the page of every
section is read from that layout, and only the first page (cover and
contents) is laid out again with those numbers and put in front.
"""

from __future__ import annotations

import logging
from pathlib import Path

from salesplan.reports.chart import start_rendering
from salesplan.reports.document import Report
from salesplan.reports.html import render_html

__all__ = ["render_pdf", "write_pdf"]


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes."""
    finish = start_rendering([figure.chart for figure in report.figures()], "svg")
    from weasyprint import HTML

    finish()
    # WeasyPrint logs each CSS property it ignores at WARNING: ours to fix, not the reader's to see
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    body = HTML(string=render_html(report, print_mode=True, part="body")).render()
    starts: dict[str, int] = {}
    for number, page in enumerate(body.pages, start=1):
        for anchor in page.anchors:
            starts.setdefault(anchor, number)
    cover = HTML(string=render_html(report, print_mode=True, part="cover", pages=starts)).render()
    if len(cover.pages) != 1:  # a contents list longer than a page: let WeasyPrint count
        whole = HTML(string=render_html(report, print_mode=True)).render()
        pdf: bytes = whole.write_pdf()
        return pdf
    combined = body.copy([cover.pages[0], *body.pages[1:]])
    document: bytes = combined.write_pdf()
    return document


def write_pdf(report: Report, path: Path) -> None:
    path.write_bytes(render_pdf(report))
