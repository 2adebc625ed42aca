"""The chance of hitting the goal on the dashboard: ``salesplan forecast``'s simulation
of the rest of the period, run in the background.

The simulation reads the CRM's whole history (calibration, deal timing): about a
second on the demo's store, tens of seconds on a million deals. So a dashboard never
waits for it: the first request starts it in a thread and the page polls a small
partial until it is there. Results are kept per store state (an import invalidates
them), plan version and day.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from salesplan.crm.store import STORE, Workspace
from salesplan.engine import build
from salesplan.engine.build import calendar_for
from salesplan.plan import loads
from salesplan.web.dashboards.tracking import store_identity
from salesplan.web.plans.models import PlanVersion
from salesplan.web.store_access import reading

__all__ = ["TRIALS", "GoalChance", "goal_chance"]

TRIALS = 20_000
KEPT = 32
log = logging.getLogger(__name__)


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


_done: OrderedDict[tuple[object, ...], GoalChance] = OrderedDict()
_running: set[tuple[object, ...]] = set()
_guard = threading.Lock()


def _simulate(folder: Path, version_text: str, as_of: dt.date) -> GoalChance:
    from salesplan.analytics.forecast_inputs import forecast_inputs
    from salesplan.engine.forecast import simulate

    plan = loads(version_text)
    result = build(plan, as_of=as_of)
    first = max(result.period_start, as_of + dt.timedelta(days=1))
    calendar = calendar_for(plan)
    days_left = (
        len(calendar.working_days(first, result.period_end)) if first <= result.period_end else 0
    )
    with reading(folder / STORE):
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


def _run(key: tuple[object, ...], folder: Path, text: str, as_of: dt.date) -> None:
    try:
        chance = _simulate(folder, text, as_of)
    except Exception as error:
        log.exception("the goal's chance could not be computed")
        chance = GoalChance(0.0, 0.0, 0.0, 0.0, 0.0, 0, failed=str(error) or type(error).__name__)
    with _guard:
        _done[key] = chance
        _running.discard(key)
        while len(_done) > KEPT:
            _done.popitem(last=False)


def goal_chance(
    crm_folder: Path, version: PlanVersion, as_of: dt.date, *, wait: bool = False
) -> GoalChance | None:
    """The chance for *version* as of *as_of*, or None while it is being computed
    (started here when nobody has yet). *wait* computes it in the caller's thread."""
    store = crm_folder / STORE
    if not store.exists():
        return None
    key = (*store_identity(store), version.pk, as_of)
    with _guard:
        if key in _done:
            _done.move_to_end(key)
            return _done[key]
        if key in _running and not wait:
            return None
        _running.add(key)
    if wait:
        _run(key, crm_folder, version.text, as_of)
        return _done.get(key)
    threading.Thread(
        target=_run, args=(key, crm_folder, version.text, as_of), name="goal-chance", daemon=True
    ).start()
    return None
