"""Charts the commands draw to a file (``gantt -o``, ``forecast -o``): SVG, PNG or offline HTML."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

if TYPE_CHECKING:
    from salesplan.plan.document import SalesPlan
    from salesplan.reports.chart import Chart

__all__ = ["CHART_SUFFIXES", "check_chart_output", "write_chart"]

CHART_SUFFIXES = (".svg", ".png", ".html")
_stderr = Console(stderr=True, soft_wrap=True)


def check_chart_output(output: Path | None) -> None:
    """Refuse, before any work, a file the chart cannot be written as (exit code 2)."""
    if output is not None and output.suffix.lower() not in CHART_SUFFIXES:
        _stderr.print(
            f"[red]error:[/red] cannot draw a chart as {output.name!r} — use .svg, .png or .html",
            highlight=False,
        )
        raise typer.Exit(2)


def write_chart(chart: Chart, output: Path, plan: SalesPlan) -> None:
    """Write *chart* to *output*; a file that cannot be written is a message (exit code 1)."""
    try:
        _write(chart, output, plan)
    except OSError as error:
        _stderr.print(
            f"[red]error:[/red] could not write {output}: {error.strerror or error}",
            highlight=False,
        )
        raise typer.Exit(1) from None


def _write(chart: Chart, output: Path, plan: SalesPlan) -> None:
    """Write the file atomically: SVG, PNG, or an offline HTML page with the chart."""
    suffix = output.suffix.lower()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial")
    try:
        if suffix == ".svg":
            partial.write_text(chart.to_svg(), encoding="utf-8")
        elif suffix == ".png":
            partial.write_bytes(chart.to_png(2.0))
        else:
            from salesplan.reports.content import page_size_for
            from salesplan.reports.document import Figure, Report, Section
            from salesplan.reports.html import render_html

            report = Report(
                title=plan.name,
                subtitle=chart.title,
                language=plan.language,
                locale=plan.effective_locale,
                page_size="Letter" if page_size_for(plan.effective_locale) == "Letter" else "A4",
                sections=[Section("gantt", chart.title, blocks=[Figure(chart)])],
            )
            partial.write_text(render_html(report), encoding="utf-8")
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
