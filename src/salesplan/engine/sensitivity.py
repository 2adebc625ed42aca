"""Scenarios side by side, and the sensitivity of the outcome to each input.

Sensitivity moves one numeric input at a time by ±10% (rates are capped at
100%) and rebuilds the plan, then ranks the inputs by how much they move the
total headcount, then activities, then deals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from salesplan.engine.build import build
from salesplan.engine.calendar import HolidayLookup
from salesplan.engine.results import PlanBuild
from salesplan.plan.document import SalesPlan, Scenario

__all__ = ["Sensitivity", "compare_scenarios", "numeric_inputs", "sensitivity"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """The three outcomes sensitivity compares."""

    deals: int
    activities: float
    headcount: int

    @classmethod
    def of(cls, result: PlanBuild) -> Outcome:
        return cls(
            result.deals_required,
            sum(a.total for a in result.activities.values()),
            sum(h.required for h in result.headcount.values()),
        )


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """Effect of moving one input down and up by the step (10% by default)."""

    input: str
    value: float
    low: Outcome
    base: Outcome
    high: Outcome

    @property
    def swing(self) -> tuple[int, float, int]:
        """How far the outcomes move between low and high: headcount, activities, deals."""
        return (
            abs(self.high.headcount - self.low.headcount),
            abs(self.high.activities - self.low.activities),
            abs(self.high.deals - self.low.deals),
        )


def numeric_inputs(plan: SalesPlan) -> dict[str, float]:
    """The plan's main numeric inputs by override path: goal, deal size, rates, capacities."""
    inputs: dict[str, float] = {
        "goals.revenue_goal": plan.goals.revenue_goal,
        "goals.average_deal_value": plan.goals.average_deal_value,
    }
    for stage in plan.strategy.pipeline_stages:
        inputs[f"strategy.stages.{stage.id}.conversion"] = stage.conversion
        for activity, amount in stage.activities.items():
            inputs[f"strategy.stages.{stage.id}.activities.{activity}"] = amount
    for role_id, role in plan.team.roles.items():
        for activity, amount in role.capacity.items():
            inputs[f"team.roles.{role_id}.capacity.{activity}"] = amount
        for activity, amount in role.minutes_per_activity.items():
            inputs[f"team.roles.{role_id}.minutes_per_activity.{activity}"] = amount
    for activity_id, defined in plan.goals.activities.items():
        target = defined.target
        if target is not None and target.per_working_day is not None:
            inputs[f"goals.activities.{activity_id}.target.per_working_day"] = (
                target.per_working_day
            )
    return inputs


def _moved(plan: SalesPlan, path: str, value: float) -> SalesPlan:
    scenarios = {"_sensitivity": Scenario(overrides={path: value})}
    return plan.model_copy(update={"scenarios": scenarios})


def sensitivity(
    plan: SalesPlan,
    scenario: str | None = None,
    as_of: dt.date | None = None,
    step: float = 0.10,
    *,
    holidays: HolidayLookup | None = None,
) -> list[Sensitivity]:
    """Every numeric input moved by ±*step*, ranked by effect (largest first)."""
    from salesplan.plan.scenarios import apply_scenario

    base_plan = apply_scenario(plan, scenario)
    base = Outcome.of(build(base_plan, as_of=as_of, holidays=holidays))
    results = []
    for path, value in numeric_inputs(base_plan).items():
        low_value = value * (1 - step)
        high_value = value * (1 + step)
        if path.endswith(".conversion"):
            high_value = min(high_value, 1.0)
        if path.endswith((".conversion", "average_deal_value")) or ".capacity." in path:
            low_value = max(low_value, 1e-6)
        low = Outcome.of(
            build(_moved(base_plan, path, low_value), "_sensitivity", as_of, holidays=holidays)
        )
        high = Outcome.of(
            build(_moved(base_plan, path, high_value), "_sensitivity", as_of, holidays=holidays)
        )
        results.append(Sensitivity(path, value, low, base, high))
    return sorted(results, key=lambda s: s.swing, reverse=True)


def compare_scenarios(
    plan: SalesPlan, as_of: dt.date | None = None, *, holidays: HolidayLookup | None = None
) -> dict[str, PlanBuild]:
    """The plan as written (``base`` unless a scenario has that name) and every scenario."""
    builds: dict[str, PlanBuild] = {}
    if "base" not in plan.scenarios:
        builds["base"] = build(plan, as_of=as_of, holidays=holidays)
    for name in plan.scenarios:
        builds[name] = build(plan, name, as_of, holidays=holidays)
    return builds
