"""The goal's chance, computed in a worker process: only analytics, engine and plan are
imported here (no Django), so a spawned process can run it on its own."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from salesplan.crm.store import Workspace
from salesplan.engine import build
from salesplan.engine.build import calendar_for
from salesplan.plan import loads

__all__ = ["TRIALS", "GoalChance", "lower_priority", "simulate_chance"]

TRIALS = 20_000


@dataclass(frozen=True)
class GoalChance:
    """P(revenue ≥ goal) and the revenue's P10–P50–P90 by the period's end."""

    probability: float
    revenue_p10: float
    revenue_p50: float
    revenue_p90: float
    goal: float
    trials: int
    failed: str = ""
    version: int = 0  # the plan version it was simulated for
    finished: float = 0.0  # time.monotonic() when it was


def simulate_chance(folder: Path, version_text: str, as_of: dt.date) -> GoalChance:
    """The simulation itself: pure analytics, run in the worker process."""
    from salesplan.analytics.forecast_inputs import forecast_inputs
    from salesplan.engine.forecast import simulate

    plan = loads(version_text)
    result = build(plan, as_of=as_of)
    first = max(result.period_start, as_of + dt.timedelta(days=1))
    calendar = calendar_for(plan)
    days_left = (
        len(calendar.working_days(first, result.period_end)) if first <= result.period_end else 0
    )
    evidence = forecast_inputs(Workspace(folder), plan, result, days_left=days_left)
    found = simulate(evidence.inputs, trials=TRIALS, seed=0)
    return GoalChance(
        found.probability,
        found.revenue_p10,
        found.revenue_p50,
        found.revenue_p90,
        evidence.inputs.goal,
        found.trials,
    )


def lower_priority() -> None:
    os.nice(10)  # the pages come first
