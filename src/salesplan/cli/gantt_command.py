"""``salesplan gantt``: the action plan scheduled — critical path, slack, overlaps — and its chart."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from salesplan.engine.schedule import ActionSchedule
    from salesplan.plan.document import SalesPlan
    from salesplan.reports.chart import Chart

__all__ = ["gantt_command"]

_stdout = Console(soft_wrap=True)
_stderr = Console(stderr=True, soft_wrap=True)


def gantt_command(
    plan_path: Annotated[Path, typer.Argument(help="The plan YAML file.", show_default=False)],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the Gantt chart: .svg, .png or .html (one offline file). Default: only the table.",
            show_default=False,
        ),
    ] = None,
    scenario: Annotated[
        str | None, typer.Option("--scenario", "-s", help="Schedule a named scenario's hiring.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Build the plan as of this date (YYYY-MM-DD): hiring dates and the chart's today line. Default: today.",
            show_default=False,
        ),
    ] = None,
    hiring: Annotated[
        bool,
        typer.Option(
            "--hiring/--no-hiring",
            help="Add the hiring steps (recruit, start, ramp-up) the plan's build calls for.",
        ),
    ] = True,
) -> None:
    """Schedule the action plan: dates, slack, the critical path, overlaps per owner; draw it."""
    from salesplan.cli.app import _as_of, _build, _load, _plan_errors
    from salesplan.cli.chart_output import check_chart_output, write_chart
    from salesplan.engine.schedule import plan_schedule
    from salesplan.plan.scenarios import apply_scenario

    check_chart_output(output)
    with _plan_errors():
        plan = _load(plan_path)
        day = _as_of(as_of)
        result = _build(plan, scenario, day)
    variant = apply_scenario(plan, scenario)
    schedule = plan_schedule(variant, result, with_hiring=hiring)
    if not schedule.items:
        _stdout.print("The plan has no action items (and no hires to schedule).", highlight=False)
        return
    _print_schedule(schedule)
    if output is not None:
        write_chart(_chart(variant, schedule, day), output, variant)
        _stdout.print(f"wrote {output}", highlight=False)


def _print_schedule(schedule: ActionSchedule) -> None:
    table = Table(title="Action plan", title_justify="left", title_style="bold")
    for column in ("item", "owner", "start", "end", "earliest", "slack (days)", ""):
        table.add_column(column, justify="right" if column == "slack (days)" else "left")
    for item in schedule.items:
        table.add_row(
            item.title,
            item.owner or "—",
            str(item.start),
            str(item.end),
            str(item.earliest_start),
            str(item.slack_days),
            "critical" if item.critical else ("generated" if item.generated else ""),
            style="bold" if item.critical else None,
        )
    _stdout.print(table)
    if schedule.critical_path:
        titles = [schedule.item(item_id).title for item_id in schedule.critical_path]
        _stdout.print(f"critical path: {' → '.join(titles)}", highlight=False)
    if schedule.start and schedule.end:
        _stdout.print(f"from {schedule.start} to {schedule.end}", highlight=False)
    for warning in schedule.warnings:
        _stdout.print(f"[yellow]warning:[/yellow] {warning.message}", highlight=False)


def _chart(plan: SalesPlan, schedule: ActionSchedule, as_of: object) -> Chart:
    """The documents' Gantt chart, drawn over the scheduled items (hiring steps included)."""
    import datetime as dt

    from salesplan.reports.charts.gantt import schedule_chart

    chart = schedule_chart(plan, schedule, as_of if isinstance(as_of, dt.date) else None)
    assert chart is not None  # the schedule has items
    return chart
