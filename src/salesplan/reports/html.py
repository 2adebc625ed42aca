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
            return Markup(macros.table(block))
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
