"""``salesplan backtest``: how well the forecast would have done, split by split."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, cast

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from salesplan.analytics.backtest import BacktestReport, Model, Outcome

__all__ = ["backtest_command", "horizon_days"]

_stdout = Console(soft_wrap=True)
_stderr = Console(stderr=True, soft_wrap=True)
_HORIZON = re.compile(r"^\s*(\d+)\s*([dwm])\s*$", re.IGNORECASE)


def horizon_days(value: str, split: dt.date) -> int:
    """Days in a horizon written ``90d``, ``13w`` or ``3m`` (months counted from *split*).

    >>> horizon_days("13w", dt.date(2017, 7, 1)), horizon_days("3m", dt.date(2017, 7, 1))
    (91, 92)
    """
    from salesplan.plan.dates import shift

    match = _HORIZON.match(value)
    if not match or int(match.group(1)) == 0:
        raise typer.BadParameter(
            f"{value!r} is not a horizon — write days, weeks or months: 90d, 13w or 3m",
            param_hint="--horizon",
        )
    return (shift(split, int(match.group(1)), match.group(2).lower()) - split).days


def backtest_command(
    workspace: Annotated[
        Path, typer.Argument(help="The workspace folder with imported CRM history.")
    ],
    split: Annotated[
        list[str],
        typer.Option(
            "--split",
            help="Pretend it is this day (YYYY-MM-DD); repeat for several splits.",
            show_default=False,
        ),
    ],
    horizon: Annotated[
        str, typer.Option(help="How far to forecast from each split: 90d, 13w or 3m.")
    ] = "90d",
    trials: Annotated[int, typer.Option(help="Monte Carlo trials.", min=1_000)] = 20_000,
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed gives the same result.")
    ] = 0,
    model: Annotated[
        str,
        typer.Option(
            help="timing: the forecast as it is; stage: as it was before deal timing"
            " (every converting deal closes in the horizon), for comparison."
        ),
    ] = "timing",
    json_output: Annotated[
        bool, typer.Option("--json", help="Print JSON instead of tables.")
    ] = False,
) -> None:
    """Forecast from each split with only what was known then, given the deals actually created after it, and compare with what was won; beside a naive run-rate baseline."""
    from salesplan.cli.app import _workspace
    from salesplan.cli.dates import parse_date

    if model not in ("timing", "stage"):
        raise typer.BadParameter(
            f"{model!r} is not a model — valid: timing, stage", param_hint="--model"
        )
    store = _workspace(workspace)
    days = [parse_date(value, "--split") for value in split]
    splits = [(day, horizon_days(horizon, day)) for day in days if day is not None]

    from salesplan.analytics.backtest import BacktestError, backtest
    from salesplan.analytics.deal_history import read_deal_history

    history = read_deal_history(store)
    try:
        report = backtest(history, splits, trials=trials, seed=seed, model=cast("Model", model))
    except BacktestError as error:
        _stderr.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(2) from None
    if json_output:
        typer.echo(json.dumps(report.to_dict(), indent=2))
        return
    _show(report, horizon)
    left_out = history.undated + history.unclosed
    if left_out:
        _stdout.print(
            f"[yellow]note:[/yellow] {history.undated} deals without a creation date and"
            f" {history.unclosed} closed deals without a close date are left out",
            highlight=False,
        )


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:+.0%}"


def _show(report: BacktestReport, horizon: str) -> None:
    measures: list[tuple[str, Literal["deals", "revenue"], str]] = [("won deals", "deals", ",.0f")]
    if any(s.revenue is not None for s in report.splits):
        measures.append(("revenue", "revenue", ",.0f"))
    for title, measure, number in measures:
        table = Table(
            title=f"Backtest of {title}, horizon {horizon} ({report.model} model)",
            title_justify="left",
        )
        for column in (
            "split",
            "truth",
            "P10",
            "P50",
            "P90",
            "P50 err",
            "baseline",
            "err",
            "covered",
        ):
            # figures and dates never wrap: a narrow terminal narrows the headings instead
            table.add_column(column, justify="left" if column == "split" else "right", no_wrap=True)
        for result in report.splits:
            outcome: Outcome | None = result.deals if measure == "deals" else result.revenue
            if outcome is None:
                continue
            table.add_row(
                result.split.isoformat(),
                *(
                    format(v, number)
                    for v in (outcome.truth, outcome.p10, outcome.p50, outcome.p90)
                ),
                _percent(outcome.error),
                format(outcome.baseline, number),
                _percent(outcome.baseline_error),
                "yes" if outcome.covered else "no",
            )
        _stdout.print(table)
        summary = report.summary(measure)
        model_error, baseline_error = (
            summary["median_abs_error"],
            summary["baseline_median_abs_error"],
        )
        _stdout.print(
            f"P10–P90 covered the truth {summary['covered']} of {summary['splits']} times;"
            f" median absolute error {_unsigned(model_error)} (baseline {_unsigned(baseline_error)})",
            highlight=False,
        )
    for result in report.splits:
        for note in result.notes:
            _stdout.print(f"[yellow]note:[/yellow] {result.split}: {note}", highlight=False)


def _unsigned(value: float | int | None) -> str:
    return "—" if value is None else f"{value:.0%}"
