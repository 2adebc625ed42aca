"""The plan as one self-contained HTML file: interactive charts, print stylesheet, no network.

Everything the page needs is inline: the stylesheet, the Vega bundle from
vl-convert, and each chart's spec. A Content-Security-Policy forbids loading
anything else, so the file works offline and cannot phone home. Jinja2
escapes every string of the report (user text included); chart specs are
JSON with ``<``, ``>`` and ``&`` escaped, so no text can close a script.

``render_html(report, print_mode=True)`` is the variant WeasyPrint turns into
the PDF: charts as static SVG images, no scripts.
"""

from __future__ import annotations

import base64
import functools
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from salesplan.reports.chart import javascript_bundle
from salesplan.reports.document import (
    Block,
    BulletList,
    Callout,
    Cards,
    Figure,
    KeyFigures,
    Paragraph,
    Report,
    Table,
)

__all__ = ["render_html", "write_html"]

_HERE = Path(__file__).parent


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(_HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@functools.cache
def _stylesheet() -> str:
    return (_HERE / "templates" / "report.css").read_text(encoding="utf-8")


def _figure(figure: Figure, *, print_mode: bool, index: int) -> Markup:
    chart = figure.chart
    caption = escape(figure.caption)
    if print_mode:
        svg = base64.b64encode(chart.to_svg().encode("utf-8")).decode("ascii")
        body = Markup(
            '<img class="chart-image" src="data:image/svg+xml;base64,{}" alt="{}">'
        ).format(svg, figure.caption or chart.title)
    else:
        spec_id = f"spec-{index}-{chart.id}"
        body = Markup(
            '<div class="chart-holder" data-chart="{}"></div>'
            '<script type="application/json" id="{}">{}</script>'
        ).format(spec_id, spec_id, Markup(chart.spec_json()))
    if figure.caption:
        body += Markup("<figcaption>{}</figcaption>").format(caption)
    return Markup('<figure class="chart chart-{}">{}</figure>').format(chart.id, body)


def column_widths(table: Table) -> list[float]:
    """Each column's share of the width (percent), from the text it holds.

    Figures and single words never break: a right-aligned column gets its widest
    figure, every column its longest word, header words included. Prose columns
    share what is left, by how much text they hold (up to 60 characters a line).

    >>> column_widths(Table(["Role", "Hires"], [["Account Executive", "12"]], ["left", "right"]))
    [73.1, 26.9]
    """
    wide = len(table.columns) > 7
    # characters a line holds at the print font size (8.5 pt, or 7 pt for wide tables),
    # less each cell's padding, which the +2 below stands for
    capacity = 118.0 if wide else 96.0
    minimum: list[float] = []
    desired: list[float] = []
    for index, column in enumerate(table.columns):
        cells = [row[index] for row in table.rows if index < len(row)]
        header_word = max((len(word) for word in column.split()), default=1)
        longest_word = max((len(word) for cell in cells for word in cell.split()), default=1)
        longest_cell = max((len(cell) for cell in cells), default=1)
        if table.alignment(index) == "right":
            low = float(max(header_word, longest_cell) + 2)
            high = low
        else:
            low = float(max(header_word, longest_word) + 2)
            high = max(low, float(min(60, longest_cell) + 2))
        minimum.append(max(3.0, low))
        desired.append(max(3.0, high))
    if sum(desired) <= capacity:
        widths = desired
    elif sum(minimum) >= capacity:
        widths = minimum  # too many columns: words may still break, the page holds
    else:
        spare = capacity - sum(minimum)
        growth = [high - low for low, high in zip(minimum, desired, strict=True)]
        total_growth = sum(growth) or 1.0
        widths = [
            low + spare * extra / total_growth for low, extra in zip(minimum, growth, strict=True)
        ]
    total = sum(widths)
    return [round(100 * width / total, 1) for width in widths]


class _Renderer:
    def __init__(self, report: Report, print_mode: bool) -> None:
        self.report = report
        self.print_mode = print_mode
        self.macros = _environment().get_template("blocks.html.j2").module
        self.figures = 0

    def __call__(self, block: Block) -> Markup:
        macros: Any = self.macros
        if isinstance(block, Paragraph):
            return Markup(macros.paragraph(block))
        if isinstance(block, BulletList):
            return Markup(macros.bullet_list(block))
        if isinstance(block, Callout):
            return Markup(macros.callout(block))
        if isinstance(block, Table):
            widths = column_widths(block) if self.print_mode else None
            return Markup(macros.table(block, widths))
        if isinstance(block, KeyFigures):
            return Markup(macros.key_figures(block))
        if isinstance(block, Cards):
            return Markup(macros.cards(block))
        self.figures += 1
        return _figure(block, print_mode=self.print_mode, index=self.figures)


def render_html(
    report: Report,
    *,
    print_mode: bool = False,
    part: Literal["all", "cover", "body"] = "all",
    pages: dict[str, int] | None = None,
) -> str:
    """The report as an HTML document (interactive, or static for printing to PDF).

    The PDF writer renders the ``body`` (with an empty first page) and then the
    ``cover`` with its table of contents, given the page each section starts on.
    """
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report,
        print=print_mode,
        part=part,
        pages=pages or {},
        css=Markup(_stylesheet()),
        bundle=Markup("") if print_mode else Markup(javascript_bundle()),
        render_block=_Renderer(report, print_mode),
    )


def write_html(report: Report, path: Path) -> None:
    """Write the interactive, self-contained HTML file."""
    path.write_text(render_html(report), encoding="utf-8")
