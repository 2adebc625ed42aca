"""``salesplan track``: the plan against the CRM — pace, status, forecast, catch-up lines."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

if TYPE_CHECKING:
    from salesplan.analytics.tracking import KpiLine, Tracking
    from salesplan.cli.render import NumberFormat
    from salesplan.crm.store import Workspace
    from salesplan.engine.results import PlanBuild
    from salesplan.plan.document import SalesPlan

__all__ = ["track_command"]

_stdout = Console(soft_wrap=True)
_stderr = Console(stderr=True, soft_wrap=True)
_WEEK = 5.0  # working days in a week, for per-week catch-up lines
_COLOURS = {
    "ahead": "green",
    "on track": "green",
    "behind": "yellow",
    "at risk": "red",
    "no target": "dim",
    "too early": "dim",
    "no data": "dim",
}


def track_command(
    plan_path: Annotated[Path, typer.Argument(help="The plan YAML file.", show_default=False)],
    data: Annotated[
        Path,
        typer.Option(
            "--data", help="The workspace folder with imported CRM data.", show_default=False
        ),
    ],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Track as of this date (YYYY-MM-DD). Default: today."),
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            help="A role's view: a plan role id or name, or sdr, ae, manager.",
            show_default=False,
        ),
    ] = None,
    rep: Annotated[
        str | None,
        typer.Option("--rep", help="One rep's view, by name or CRM id.", show_default=False),
    ] = None,
    scenario: Annotated[
        str | None, typer.Option("--scenario", "-s", help="Track a named scenario of the plan.")
    ] = None,
    seasonality: Annotated[
        bool,
        typer.Option(
            "--seasonality",
            help="Pace targets by the CRM's monthly seasonality, not evenly by working day.",
        ),
    ] = False,
    tree: Annotated[bool, typer.Option("--tree", help="Also show the KPI tree.")] = False,
    alerts: Annotated[
        bool,
        typer.Option(
            "--alerts",
            help="Print only the KPIs at risk and exit 1 when there are any (for cron jobs).",
        ),
    ] = False,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print JSON instead of tables.")
    ] = False,
) -> None:
    """Plan vs actual for each KPI: target to date (paced by working days), actual, pace, status, forecast to the period's end and the catch-up line."""
    from salesplan.analytics.tracking import TrackError
    from salesplan.cli.app import _as_of, _holidays, _load, _plan_errors, _workspace
    from salesplan.cli.render import NumberFormat
    from salesplan.engine.build import build, calendar_for
    from salesplan.plan.scenarios import apply_scenario

    if rep is not None and role is not None:
        _fail("give --role or --rep, not both (a rep's view follows their role)")
    store = _workspace(data)
    with _plan_errors():
        plan = _load(plan_path)
        day = _as_of(as_of)
        # targets are the plan's as written: built as of its own planning date, not today
        result = build(plan, scenario, holidays=_holidays().lookup)
    variant = apply_scenario(plan, scenario)
    days = calendar_for(variant, _holidays().lookup).working_days(
        result.period_start, result.period_end
    )
    try:
        tracking = _run(store, variant, result, days, day, role, rep, seasonality)
    except TrackError as error:
        _fail(str(error))
    numbers = NumberFormat(variant.effective_locale, variant.currency)
    if json_output:
        typer.echo(json.dumps(tracking.to_dict(), indent=2, ensure_ascii=False))
    elif alerts:
        _print_alerts(tracking, numbers)
    else:
        _print(tracking, numbers, tree)
    if alerts and tracking.alerts:
        raise typer.Exit(1)


def _fail(message: str) -> None:
    _stderr.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(2)


def _run(
    workspace: Workspace,
    plan: SalesPlan,
    result: PlanBuild,
    days: list[dt.date],
    day: dt.date,
    role: str | None,
    rep: str | None,
    seasonality: bool,
) -> Tracking:
    import ibis

    from salesplan.analytics import metrics
    from salesplan.analytics.tracking import track

    con = ibis.duckdb.connect(str(workspace.store), read_only=True)
    con.raw_sql("SET TimeZone = 'UTC'")
    try:
        tables = {
            name: con.table(name)
            for name in ("deals", "stage_changes", "activities", "leads", "people")
        }
        factors = None
        if seasonality:
            deals = tables["deals"]
            before = deals.filter(
                deals.created_at < dt.datetime.combine(result.period_start, dt.time())
            )
            factors = metrics.seasonality(before) or None
        return track(tables, plan, result, days, day, role=role, rep=rep, seasonality=factors)
    finally:
        con.disconnect()


def _value(line: KpiLine, value: float | None, numbers: NumberFormat) -> str:
    if value is None:
        return "—"
    kind = line.kpi.kind
    if kind == "money":
        return numbers.money(value)
    if kind == "rate":
        return numbers.percent(value)
    if kind in ("days", "hours", "ratio"):
        return numbers.number(value, 1) + ("×" if kind == "ratio" else "")
    magnitude = abs(value)
    return numbers.number(value, 2 if 0 < magnitude < 1 else 1 if magnitude < 10 else 0)


def _pace(line: KpiLine, numbers: NumberFormat) -> str:
    if line.pace is None:
        return "—"
    if math.isinf(line.pace):
        return "∞"
    return numbers.percent(line.pace)


def _heading(tracking: Tracking) -> str:
    who = {
        "leader": "the whole team",
        "role": f"the {tracking.role} role",
        "manager": f"the {tracking.role or 'managers'}' team",
        "rep": f"{tracking.rep.name if tracking.rep else ''}",
    }[tracking.view]
    clock = tracking.clock
    return (
        f"[bold]{tracking.plan_name}[/bold] — {who}, as of {clock.as_of}:"
        f" working day {clock.elapsed} of {clock.total}"
        f" ({clock.share_due:.0%} of the period's targets due"
        f"{', by seasonality' if tracking.seasonality else ''}), {clock.left} left"
    )


def catch_up_sentence(line: KpiLine, numbers: NumberFormat) -> str | None:
    """ "Calls made: 412 a day from 2027-02-16 — 52 per SDR (+12 over the plan's 40)"."""
    catch = line.catch_up
    if catch is None or line.target is None:
        return None
    if catch.remaining <= 0:
        return f"{line.kpi.name}: target reached"
    if catch.per_day is None:
        return f"{line.kpi.name}: {_value(line, catch.remaining, numbers)} short and the period is over"
    text = f"{line.kpi.name}: {_value(line, catch.per_day, numbers)} a working day from {catch.from_day}"
    if catch.per_person is not None and line.role:
        # under one a day per person reads better per week: "1.5 per AE a week"
        weekly = line.kpi.kind == "count" and catch.per_person < 1
        scale, unit = (_WEEK, " a week") if weekly else (1.0, "")
        text += f" — {_value(line, catch.per_person * scale, numbers)} per {line.role}{unit}"
        extra = catch.extra_per_person
        if extra is not None and catch.planned_per_person:
            text += (
                f" ({'+' if extra >= 0 else '−'}{_value(line, abs(extra) * scale, numbers)}"
                f" {'over' if extra >= 0 else 'under'} the plan's pace of"
                f" {_value(line, catch.planned_per_person * scale, numbers)})"
            )
    return text


def _print(tracking: Tracking, numbers: NumberFormat, show_tree: bool) -> None:
    _stdout.print(_heading(tracking), highlight=False)
    table = Table(
        title_justify="left",
        caption="Due: the part of the target due by now. (n): the records behind a ratio.",
        caption_justify="left",
    )
    for column in ("KPI", "Target", "Due", "Actual", "Pace", "Status", "Forecast"):
        # figures never wrap or shorten: a narrow terminal wraps the KPI's name instead
        table.add_column(
            column,
            justify="left" if column in ("KPI", "Status") else "right",
            no_wrap=column != "KPI",
            overflow="fold",
            min_width=16 if column == "KPI" else None,
        )
    for line in tracking.lines:
        colour = _COLOURS[line.status]
        table.add_row(
            ("[bold]" + line.kpi.name + "[/bold]") if line.kpi.primary else line.kpi.name,
            _value(line, line.target, numbers),
            _value(line, line.due, numbers) if line.kpi.paced else "",
            _value(line, line.actual, numbers)
            + (f" [dim]({line.n:,})[/dim]" if line.n is not None and not line.kpi.paced else ""),
            _pace(line, numbers),
            f"[{colour}]{line.status}[/{colour}]",
            _value(line, line.forecast, numbers),
        )
    _stdout.print(table)
    parts = tracking.forecast_parts
    if parts and any(line.kpi.id == "revenue" for line in tracking.lines):
        _stdout.print(
            f"Revenue forecast {numbers.money(parts['revenue'])} = won {numbers.money(parts['won_value'])}"
            f" + open pipeline {numbers.money(parts['pipeline_value'])} (weighted by calibrated"
            f" stage-to-win chances and time left) + new pipeline {numbers.money(parts['new_pipeline_value'])}",
            highlight=False,
        )
    behind = [
        sentence
        for line in tracking.lines
        if line.status in ("behind", "at risk")
        and (sentence := catch_up_sentence(line, numbers)) is not None
    ]
    if behind:
        _stdout.print("\n[bold]To catch up[/bold]")
        for sentence in behind:
            _stdout.print(f"  • {sentence}", highlight=False)
    if tracking.leaderboard:
        board = Table(title="Leaderboard (attainment of the target to date)", title_justify="left")
        for column in ("#", "Rep", "Role", "KPI", "Actual", "Due to date", "Attainment"):
            board.add_column(
                column,
                justify="right"
                if column in ("#", "Actual", "Due to date", "Attainment")
                else "left",
            )
        by_id = {line.kpi.id: line for line in tracking.lines}
        for rank, row in enumerate(tracking.leaderboard, 1):
            kpi_line = by_id.get(row.kpi)
            money = row.kpi == "revenue"
            board.add_row(
                str(rank),
                row.member.name,
                row.member.role or "",
                kpi_line.kpi.name if kpi_line else row.kpi,
                numbers.money(row.actual) if money else numbers.number(row.actual, 0),
                numbers.money(row.due) if money else numbers.number(row.due, 1),
                numbers.percent(row.attainment) if row.attainment is not None else "—",
            )
        _stdout.print(board)
        _stdout.print(
            "Attainment bands: "
            + ", ".join(f"{label} {count}" for label, count in tracking.bands.items()),
            highlight=False,
        )
    if tracking.hiring:
        hires = Table(title="Hiring on schedule", title_justify="left")
        for column in ("Role", "Plan now", "In seat", "Status", "Next hire"):
            hires.add_column(
                column, justify="right" if column in ("Plan now", "In seat") else "left"
            )
        for h in tracking.hiring:
            nxt = h.next_hire
            hires.add_row(
                h.name,
                numbers.number(h.planned, 1),
                "—" if h.in_seat is None else str(h.in_seat),
                h.status,
                f"{nxt.count} by {nxt.hire_by} (start {nxt.start})" if nxt else "—",
            )
        _stdout.print(hires)
    if show_tree:
        _print_tree(tracking, numbers)
    for note in tracking.notes:
        _stdout.print(f"[dim]note: {note}[/dim]", highlight=False)


def _print_tree(tracking: Tracking, numbers: NumberFormat) -> None:
    by_id = {line.kpi.id: line for line in tracking.lines}
    root = Tree("[bold]KPI tree[/bold] (activities → stages → won deals → revenue)")

    def add(node: Tree, kpi_id: str) -> None:
        line = by_id[kpi_id]
        colour = _COLOURS[line.status]
        branch = node.add(
            f"{line.kpi.name}: {_value(line, line.actual, numbers)}"
            f" [{colour}]{line.status}[/{colour}]"
        )
        for child in tracking.tree.get(kpi_id, []):
            add(branch, child)

    for top in tracking.tree.get(None, []):
        add(root, top)
    _stdout.print(root)


def _print_alerts(tracking: Tracking, numbers: NumberFormat) -> None:
    if not tracking.alerts:
        _stdout.print(f"No KPI at risk as of {tracking.clock.as_of}.", highlight=False)
        return
    _stdout.print(
        f"{len(tracking.alerts)} KPI{'s' if len(tracking.alerts) > 1 else ''} at risk"
        f" as of {tracking.clock.as_of} ({tracking.plan_name}):",
        highlight=False,
    )
    for line in tracking.alerts:
        text = (
            f"- {line.kpi.name}: {_value(line, line.actual, numbers)}"
            f" vs {_value(line, line.due, numbers)} {'due' if line.kpi.paced else 'target'}"
            f" ({_pace(line, numbers)} of {'pace' if line.kpi.paced else 'target'})"
        )
        sentence = catch_up_sentence(line, numbers)
        if sentence and line.catch_up and line.catch_up.per_day is not None:
            text += "; catch-up: " + sentence.split(": ", 1)[1]
        _stdout.print(text, highlight=False)
