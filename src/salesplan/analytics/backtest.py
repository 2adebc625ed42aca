"""Backtest the forecast: pretend it is an earlier day, forecast, and compare with what happened.

For a split day *S* and a horizon of *H* days:

1. **Known at S.** Only what was known before S is used: deals created before S,
   their outcomes and stage changes before S (a deal won after S was open at S),
   won deals' values before S. The timing model (``analytics.deal_timing``) is
   estimated from reference windows that ended before S.
2. **Given the activity that happened.** The deals actually created in
   ``[S, S + H)`` are given (how many, and when each was created) — the backtest
   measures how well the forecast turns pipeline into wins, not how well anyone
   could guess next quarter's lead flow.
3. **Forecast.** The product's own Monte Carlo (``engine.forecast.simulate``, the
   same model ``salesplan forecast`` runs) gives P10/P50/P90 of the deals won in
   the horizon and of their revenue.
4. **Compare.** The truth is the deals won in ``[S, S + H)`` and their value. The
   baseline is a naive run rate: what was won in the *H* days before S.

``model="stage"`` runs the forecast as it was before deal timing (an open deal
that converts closes inside the horizon), for comparison.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np

from salesplan.analytics.deal_history import DealHistory, day_number
from salesplan.analytics.deal_timing import history_start, timing_evidence
from salesplan.engine.forecast import ForecastInputs, ForecastResult, simulate

__all__ = ["BacktestError", "BacktestReport", "Outcome", "SplitResult", "backtest"]

Model = Literal["timing", "stage"]


class BacktestError(Exception):
    """A backtest that cannot be run as asked (the message says why and what would work)."""


@dataclass(frozen=True)
class Outcome:
    """One measure (won deals or revenue) at one split: the forecast, the baseline, the truth."""

    truth: float
    p10: float
    p50: float
    p90: float
    baseline: float

    @property
    def error(self) -> float | None:
        """The P50's error relative to the truth (+0.1: 10% too high); None when the truth is 0."""
        return (self.p50 - self.truth) / self.truth if self.truth else None

    @property
    def baseline_error(self) -> float | None:
        return (self.baseline - self.truth) / self.truth if self.truth else None

    @property
    def covered(self) -> bool:
        """Whether the P10–P90 interval contains the truth."""
        return self.p10 <= self.truth <= self.p90

    def to_dict(self) -> dict[str, Any]:
        return {
            "truth": self.truth,
            "p10": self.p10,
            "p50": self.p50,
            "p90": self.p90,
            "error": self.error,
            "baseline": self.baseline,
            "baseline_error": self.baseline_error,
            "covered": self.covered,
        }


@dataclass(frozen=True)
class SplitResult:
    """The backtest at one split day."""

    split: dt.date
    horizon_days: int
    open_at_split: int
    created_in_horizon: int
    reference_windows: int
    window_cv: float | None
    deals: Outcome
    revenue: Outcome | None  # None when no won deal before the split has a value
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "split": self.split.isoformat(),
            "horizon_days": self.horizon_days,
            "open_at_split": self.open_at_split,
            "created_in_horizon": self.created_in_horizon,
            "reference_windows": self.reference_windows,
            "window_cv": self.window_cv,
            "won_deals": self.deals.to_dict(),
            "revenue": self.revenue.to_dict() if self.revenue else None,
            "notes": self.notes,
        }


@dataclass(frozen=True)
class BacktestReport:
    """Every split, and how the forecast did overall against the baseline."""

    model: Model
    trials: int
    seed: int
    splits: list[SplitResult]

    def summary(self, measure: Literal["deals", "revenue"]) -> dict[str, float | int | None]:
        """Coverage of P10–P90 and the median absolute error of the P50 and the baseline."""
        outcomes = [
            o
            for o in (s.deals if measure == "deals" else s.revenue for s in self.splits)
            if o is not None
        ]
        errors = [abs(o.error) for o in outcomes if o.error is not None]
        baseline = [abs(o.baseline_error) for o in outcomes if o.baseline_error is not None]
        return {
            "splits": len(outcomes),
            "covered": sum(o.covered for o in outcomes),
            "coverage": sum(o.covered for o in outcomes) / len(outcomes) if outcomes else None,
            "median_abs_error": statistics.median(errors) if errors else None,
            "baseline_median_abs_error": statistics.median(baseline) if baseline else None,
        }

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON of ``salesplan backtest --json``."""
        return {
            "model": self.model,
            "trials": self.trials,
            "seed": self.seed,
            "splits": [s.to_dict() for s in self.splits],
            "summary": {
                "won_deals": self.summary("deals"),
                "revenue": self.summary("revenue"),
            },
        }


def _date(day: float) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=int(np.floor(day)))


def _check_range(history: DealHistory, split: dt.date, horizon: int) -> None:
    if history.created.size == 0:
        raise BacktestError("the workspace has no deals with a creation date to backtest on")
    first = float(history.created.min())
    closed = history.closed[~np.isnan(history.closed)]
    last = float(max(history.created.max(), closed.max() if closed.size else -np.inf))
    moment = day_number(split)
    if moment <= first or moment > last:
        raise BacktestError(
            f"split {split} is outside the data: deals run from {_date(first)} to"
            f" {_date(last)} — choose a split between them"
        )
    if moment + horizon > last + 1:
        latest = _date(last + 1 - horizon)
        raise BacktestError(
            f"split {split} + {horizon} days ends after the data's last day ({_date(last)}):"
            f" the outcome is not known yet — the latest split for this horizon is {latest}"
        )


def _inputs(
    history: DealHistory, moment: float, horizon: int, model: Model
) -> tuple[ForecastInputs, int, float | None, list[str]]:
    """The forecast's inputs as known at *moment*: (inputs, reference windows, cv, notes)."""
    before = history.closed < moment
    won_before = history.won & before
    values = history.value[won_before & ~np.isnan(history.value)]
    deal_values = tuple(float(v) for v in values) or (1.0,)
    conversions = ((int(won_before.sum()), int(before.sum())),)
    base = ForecastInputs(
        goal=0.0,
        won_to_date=0.0,
        open_deals=(0,),
        conversions=conversions,
        new_per_day=0.0,
        volume_cv=0.0,
        days_left=horizon,
        cycle_days=0.0,
        deal_values=deal_values,
    )
    start = history_start(history, moment)
    evidence = timing_evidence(history, moment, float(horizon), given_new=True)
    if start is None or evidence is None:
        earliest = "" if start is None else f" — the earliest split is {_date(start + horizon)}"
        raise BacktestError(
            f"too little history before {_date(moment)}: the timing model needs at least one"
            f" earlier window of {horizon} days after the record of outcomes begins"
            f" ({_date(start) if start is not None else 'no deal closed before it'}){earliest}"
        )
    if model == "timing":
        timing = evidence.to_timing(horizon, lambda _stage: 0)
        return (
            replace(base, timing=timing),
            evidence.windows,
            evidence.window_cv,
            evidence.notes,
        )
    # the model before timing: every open deal, and every new one created at least a cycle
    # before the end, is won with the win rate — and closes inside the horizon
    cycles = history.closed[won_before] - history.created[won_before]
    cycle = float(np.median(cycles)) if cycles.size else 0.0
    open_now = (history.created < moment) & ~before
    created = (history.created >= moment) & (history.created < moment + horizon - cycle)
    counted = int(open_now.sum() + created.sum())
    return replace(base, open_deals=(counted,)), 0, None, []


def _outcome(result: ForecastResult, truth: float, baseline: float, revenue: bool) -> Outcome:
    if revenue:
        return Outcome(truth, result.revenue_p10, result.revenue_p50, result.revenue_p90, baseline)
    return Outcome(truth, result.deals_p10, result.deals_p50, result.deals_p90, baseline)


def backtest_split(
    history: DealHistory,
    split: dt.date,
    horizon: int,
    *,
    trials: int = 20_000,
    seed: int = 0,
    model: Model = "timing",
) -> SplitResult:
    """Forecast the *horizon* days from *split* with what was known before it; compare."""
    _check_range(history, split, horizon)
    moment = day_number(split)
    inputs, windows, cv, notes = _inputs(history, moment, horizon, model)
    result = simulate(inputs, trials=trials, seed=seed)
    end = moment + horizon
    won = history.won & (history.closed >= moment) & (history.closed < end)
    start = max(moment - horizon, float(history.created.min()))
    earlier = history.won & (history.closed >= start) & (history.closed < moment)
    scale = horizon / (moment - start)
    has_values = bool(np.any(~np.isnan(history.value[history.won & (history.closed < moment)])))
    revenue = None
    if has_values:
        revenue = _outcome(
            result,
            float(np.nansum(history.value[won])),
            float(np.nansum(history.value[earlier])) * scale,
            revenue=True,
        )
    return SplitResult(
        split=split,
        horizon_days=horizon,
        open_at_split=int(((history.created < moment) & ~(history.closed < moment)).sum()),
        created_in_horizon=int(((history.created >= moment) & (history.created < end)).sum()),
        reference_windows=windows,
        window_cv=cv,
        deals=_outcome(result, float(won.sum()), float(earlier.sum()) * scale, revenue=False),
        revenue=revenue,
        notes=notes,
    )


def backtest(
    history: DealHistory,
    splits: Sequence[tuple[dt.date, int]],
    *,
    trials: int = 20_000,
    seed: int = 0,
    model: Model = "timing",
) -> BacktestReport:
    """Backtest every ``(split day, horizon in days)``; the first impossible one raises."""
    results = [
        backtest_split(history, split, horizon, trials=trials, seed=seed, model=model)
        for split, horizon in splits
    ]
    return BacktestReport(model=model, trials=trials, seed=seed, splits=results)
