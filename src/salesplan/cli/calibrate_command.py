"""``salesplan calibrate``: what the CRM history says about a plan's assumptions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from salesplan.cli.dates import parse_date

if TYPE_CHECKING:
    from salesplan.analytics.calibration import Calibration

__all__ = ["calibrate_command"]

_stdout = Console(soft_wrap=True)
_stderr = Console(stderr=True, soft_wrap=True)


def _number(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:.1%}" if percent else f"{value:,.2f}".rstrip("0").rstrip(".")


def calibrate_command(
    workspace: Annotated[
        Path,
        typer.Argument(help="The workspace folder with imported CRM history.", show_default=False),
    ],
    plan_path: Annotated[
        Path | None,
        typer.Option("--plan", help="The plan whose assumptions to compare.", show_default=False),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="Only deals created on or after this date (YYYY-MM-DD).", show_default=False
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            help="Only deals created on or before this date (YYYY-MM-DD).", show_default=False
        ),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the documented JSON instead of tables.")
    ] = False,
    write: Annotated[
        bool,
        typer.Option(
            "--write", help="Write the calibrated values into the plan (comments are kept)."
        ),
    ] = False,
) -> None:
    """Compute the plan's assumptions from the CRM history, beside the plan's own figures."""
    from salesplan.analytics.calibration import calibrate
    from salesplan.crm.store import Workspace, WorkspaceError
    from salesplan.plan.errors import PlanError
    from salesplan.plan.yaml_io import load

    first, last = parse_date(since, "--since"), parse_date(until, "--until")
    if write and plan_path is None:
        _stderr.print(
            "[red]error:[/red] --write needs --plan PLAN: the plan to write into", highlight=False
        )
        raise typer.Exit(2)
    try:
        store = Workspace.open(workspace, create=False)
        plan = load(plan_path) if plan_path is not None else None
        with _stdout.status("Calibrating …"):
            result = calibrate(store, plan, first, last)
    except WorkspaceError as error:
        _stderr.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(2) from None
    except PlanError as error:
        for line in error.render().splitlines():
            _stderr.print(f"[red]error:[/red] {line}", highlight=False)
        raise typer.Exit(2) from None
    if write:
        assert plan_path is not None
        _write(plan_path, workspace, result, first, last)
    if json_output:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    counts = result.deals
    _stdout.print(
        f"Deals: {counts['won']:,} won, {counts['lost']:,} lost, {counts['open']:,} open",
        highlight=False,
    )
    if result.comparisons:
        table = Table(title="Plan assumptions beside the CRM history", title_justify="left")
        for column in ("Assumption", "Plan", "CRM", "n", "95% interval", "Note"):
            table.add_column(column, justify="right" if column in ("Plan", "CRM", "n") else "left")
        for row in result.comparisons:
            percent = row.path.endswith(".conversion") or row.label == "Win rate"
            interval = (
                f"{_number(row.low, percent)} – {_number(row.high, percent)}"
                if row.low is not None
                else ""
            )
            table.add_row(
                row.label,
                _number(row.plan, percent),
                _number(row.crm, percent),
                f"{row.n:,}",
                interval,
                row.note,
            )
        _stdout.print(table)
    conversions = Table(
        title="Stage conversion (reached this stage or a later one)", title_justify="left"
    )
    for column in ("From", "To", "Rate", "n", "95% interval"):
        conversions.add_column(column)
    for c in result.conversions:
        low, high = c.rate.interval
        conversions.add_row(
            c.source,
            c.target,
            _number(c.rate.value, True),
            f"{c.rate.n:,}",
            f"{low:.1%} – {high:.1%}",
        )
    if result.conversions:
        _stdout.print(conversions)
    _offer_team_figures(result)
    for reason in result.cannot:
        _stdout.print(f"[yellow]cannot calibrate:[/yellow] {reason}", highlight=False)


def _written_value(path: str, value: float) -> float | str:
    """How a calibrated value is written into the YAML: rates as percentages."""
    if path.endswith(".conversion"):
        return f"{round(value * 100, 1):g}%"
    return round(value, 1) if path.endswith(".days_in_stage") else round(value, 2)


def _write(
    plan_path: Path,
    workspace: Path,
    result: Calibration,
    since: dt.date | None,
    until: dt.date | None,
) -> None:
    """Set every calibrated value the data supports in the plan file, with its provenance."""
    from salesplan.plan.errors import PlanError
    from salesplan.plan.yaml_edit import set_values
    from salesplan.plan.yaml_io import loads

    values: dict[str, float | str] = {}
    record: dict[str, dict[str, object]] = {}
    for row in result.comparisons:
        if row.crm is None or row.n == 0 or row.path.startswith("("):
            continue
        if row.path.endswith(".conversion") and row.crm <= 0:
            _stdout.print(
                f"[yellow]not written:[/yellow] {row.label}: the CRM shows 0% (n={row.n})",
                highlight=False,
            )
            continue
        values[row.path] = _written_value(row.path, row.crm)
        entry: dict[str, object] = {"value": round(row.crm, 6), "n": row.n, "metric": row.label}
        if row.low is not None and row.high is not None:
            entry |= {"low": round(row.low, 6), "high": round(row.high, 6)}
        record[row.path] = entry
    provenance: dict[str, object] = {
        "workspace": str(workspace),
        "calibrated_on": dt.datetime.now(tz=dt.UTC).astimezone().date(),
        "values": record,
    }
    if since:
        provenance["since"] = since
    if until:
        provenance["until"] = until
    text = plan_path.read_text(encoding="utf-8")
    updated = set_values(text, values, extra={"calibration": provenance})
    try:
        loads(updated, source=plan_path)
    except PlanError as error:  # never leave a plan that does not load
        for line in error.render().splitlines():
            _stderr.print(f"[red]error:[/red] not written: {line}", highlight=False)
        raise typer.Exit(2) from None
    partial = plan_path.with_name(f".{plan_path.name}.tmp")
    partial.write_text(updated, encoding="utf-8")
    partial.replace(plan_path)
    for path, value in values.items():
        n = record[path]["n"]
        few = " — few records, check it" if isinstance(n, int) and n < 30 else ""
        _stdout.print(f"wrote {path}: {value} (n={n}){few}", highlight=False)
    _stdout.print(
        f"Recorded where each value came from under calibration: in {plan_path}", highlight=False
    )


def _offer_team_figures(result: Calibration) -> None:
    """What the history says for the plan's team section: capacity, ramp, attrition."""
    if result.timesheets:
        table = Table(
            title="From timesheets, for team.roles (minutes_per_activity, capacity)",
            title_justify="left",
        )
        for column in ("Activity", "Minutes each", "Median per person-day", "Person-days"):
            table.add_column(column, justify="left" if column == "Activity" else "right")
        for kind, figures in result.timesheets.items():
            table.add_row(
                kind,
                _number(figures["minutes_per_activity"]),
                _number(figures["median_per_day"]),
                f"{figures['person_days']:,}",
            )
        _stdout.print(table)
    if result.daily_throughput:
        done = ", ".join(
            f"{kind} {_number(value)}" for kind, value in result.daily_throughput.items()
        )
        _stdout.print(
            f"Done per person-day (median), from the activity log: {done}", highlight=False
        )
    reps = result.reps
    if reps is not None and reps.ramp:
        ramp = " / ".join(f"{share:.0%}" for share in reps.ramp)
        _stdout.print(f"Ramp by month since start (for team.roles.*.ramp): {ramp}", highlight=False)
    if reps is not None and reps.annual_attrition is not None:
        _stdout.print(
            f"Attrition: {reps.leavers} of {reps.reps} people left over {reps.rep_years:,.1f} person-years"
            f" = {reps.annual_attrition:.0%} a year (for team.roles.*.attrition)",
            highlight=False,
        )
