"""``salesplan forecast``: the probability of hitting the goal, and what would raise it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from salesplan.engine.forecast import ForecastResult
    from salesplan.plan.document import SalesPlan

__all__ = ["forecast_command"]

_stdout = Console(soft_wrap=True)
_stderr = Console(stderr=True, soft_wrap=True)
_LEVERS = {
    "volume": "activity volume (new pipeline per day)",
    "capacity": "headcount (team capacity)",
    "deal_size": "average deal size",
    "days": "period length (working days)",
}


def forecast_command(
    plan_path: Annotated[Path, typer.Argument(help="The plan YAML file.", show_default=False)],
    data: Annotated[
        Path,
        typer.Option(
            "--data", help="The workspace folder with imported CRM history.", show_default=False
        ),
    ],
    trials: Annotated[int, typer.Option(help="Monte Carlo trials.", min=1_000)] = 100_000,
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed gives the same result.")
    ] = 0,
    target: Annotated[
        float,
        typer.Option(help="Probability to goal-seek for (0.8 = 80%).", min=0.01, max=0.99),
    ] = 0.8,
    scenario: Annotated[
        str | None, typer.Option("--scenario", "-s", help="Forecast a named scenario of the plan.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Forecast as of this date (YYYY-MM-DD). Default: today."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Draw the revenue histogram: .svg, .png or .html."),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print JSON instead of tables.")
    ] = False,
) -> None:
    """Simulate the rest of the period: P(revenue ≥ goal), P10/P50/P90, and the smallest change of each lever that reaches the target."""
    from salesplan.cli.app import _as_of, _build, _holidays, _load, _plan_errors, _workspace
    from salesplan.cli.chart_output import check_chart_output
    from salesplan.engine.build import calendar_for
    from salesplan.engine.forecast import goal_seek, simulate
    from salesplan.plan.scenarios import apply_scenario

    store = _workspace(data)
    check_chart_output(output)
    from salesplan.analytics.forecast_inputs import forecast_inputs

    with _plan_errors():
        plan = _load(plan_path)
        day = _as_of(as_of)
        result = _build(plan, scenario, day)
    variant = apply_scenario(plan, scenario)
    calendar = calendar_for(variant, _holidays().lookup)
    first = max(result.period_start, day + dt.timedelta(days=1))
    days_left = (
        len(calendar.working_days(first, result.period_end)) if first <= result.period_end else 0
    )
    evidence = forecast_inputs(store, variant, result, days_left=days_left)
    inputs = evidence.inputs
    forecast = simulate(inputs, trials=trials, seed=seed)
    levers = goal_seek(inputs, target, trials=min(trials, 20_000), seed=seed)
    stages = [stage.name for stage in variant.strategy.pipeline_stages]

    def lever_name(lever: str) -> str:
        if lever.startswith("headcount:"):
            role = lever.split(":", 1)[1]
            known = variant.team.roles.get(role)
            return f"headcount of {known.name if known else role}"
        if lever.startswith("conversion:"):
            return f"conversion at {stages[int(lever.split(':')[1])]}"
        return _LEVERS.get(lever, lever)

    if json_output:
        typer.echo(
            json.dumps(
                {
                    "as_of": day.isoformat(),
                    "goal": inputs.goal,
                    "won_to_date": inputs.won_to_date,
                    "working_days_left": days_left,
                    "trials": forecast.trials,
                    "seed": seed,
                    "probability": forecast.probability,
                    "revenue": {
                        "p10": forecast.revenue_p10,
                        "p50": forecast.revenue_p50,
                        "p90": forecast.revenue_p90,
                    },
                    "won_deals": {
                        "p10": forecast.deals_p10,
                        "p50": forecast.deals_p50,
                        "p90": forecast.deals_p90,
                    },
                    "goal_seek": {
                        "target": target,
                        "levers": [
                            {"lever": c.lever, "factor": c.factor, "probability": c.probability}
                            for c in levers
                        ],
                    },
                    "histogram": [list(row) for row in forecast.histogram],
                    "notes": evidence.notes,
                },
                indent=2,
            )
        )
    else:
        _stdout.print(
            f"P(revenue ≥ {inputs.goal:,.0f}) = [bold]{forecast.probability:.1%}[/bold]"
            f" as of {day} ({days_left} working days left, {inputs.won_to_date:,.0f} won so far)",
            highlight=False,
        )
        table = Table(title_justify="left")
        for column in ("", "P10", "P50", "P90"):
            table.add_column(column, justify="right" if column else "left")
        table.add_row(
            "revenue",
            *(
                f"{v:,.0f}"
                for v in (forecast.revenue_p10, forecast.revenue_p50, forecast.revenue_p90)
            ),
        )
        table.add_row(
            "won deals",
            *(f"{v:,.0f}" for v in (forecast.deals_p10, forecast.deals_p50, forecast.deals_p90)),
        )
        _stdout.print(table)
        seek = Table(title=f"To reach {target:.0%}, change one lever", title_justify="left")
        seek.add_column("lever")
        seek.add_column("change", justify="right")
        seek.add_column("P", justify="right")
        for change in levers:
            moved = "not within ×3" if change.factor is None else f"{change.factor - 1:+.1%}"
            seek.add_row(lever_name(change.lever), moved, f"{change.probability:.1%}")
        _stdout.print(seek)
        for note in evidence.notes:
            _stdout.print(f"[yellow]note:[/yellow] {note}", highlight=False)
    if output is not None:
        _draw(forecast, inputs.goal, variant, output)
        if not json_output:
            _stdout.print(f"wrote {output}", highlight=False)


def _draw(forecast: ForecastResult, goal: float, plan: SalesPlan, output: Path) -> None:
    from salesplan.cli.chart_output import write_chart
    from salesplan.reports.charts.forecast import forecast_chart
    from salesplan.reports.formatting import Formatter
    from salesplan.reports.i18n import translator

    chart = forecast_chart(
        forecast, goal, translator(plan.language), Formatter(plan.effective_locale, plan.currency)
    )
    if chart is not None:
        write_chart(chart, output, plan)
