"""Sensitivity: every numeric input moved ±10%, ranked by how much it moves the plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conftest import load_data, make_plan, simple_plan_data
from salesplan.engine import build, sensitivity
from salesplan.engine.results import PlanBuild
from salesplan.engine.sensitivity import Outcome, Sensitivity, numeric_inputs

AS_OF = dt.date(2026, 11, 1)

EXAMPLE_B_INPUTS = {
    "goals.revenue_goal": 250_000,
    "goals.average_deal_value": 5_000,
    "strategy.stages.appointment.conversion": 0.8,
    "strategy.stages.appointment.activities.email": 40,
    "strategy.stages.appointment.activities.call": 20,
    "strategy.stages.demo.conversion": 0.5,
    "strategy.stages.demo.activities.demo": 1,
    "strategy.stages.proposal.conversion": 0.5,
    "strategy.stages.proposal.activities.proposal": 1,
    "team.roles.SDR.capacity.email": 80,
    "team.roles.SDR.capacity.call": 40,
    "team.roles.AE.capacity.demo": 4,
    "team.roles.AE.capacity.proposal": 2,
}


@pytest.fixture(scope="module")
def ranked() -> list[Sensitivity]:
    return sensitivity(make_plan(), as_of=AS_OF)


def by_input(results: list[Sensitivity]) -> dict[str, Sensitivity]:
    return {result.input: result for result in results}


def test_numeric_inputs_of_example_b() -> None:
    assert numeric_inputs(make_plan()) == EXAMPLE_B_INPUTS


def test_every_numeric_input_is_moved_once(ranked: list[Sensitivity]) -> None:
    assert sorted(r.input for r in ranked) == sorted(EXAMPLE_B_INPUTS)
    assert {r.input: r.value for r in ranked} == EXAMPLE_B_INPUTS


def test_ranked_by_swing(ranked: list[Sensitivity]) -> None:
    swings = [r.swing for r in ranked]
    assert swings == sorted(swings, reverse=True)
    assert ranked[0].swing > ranked[-1].swing


def test_base_outcome_is_the_plan_as_built(ranked: list[Sensitivity]) -> None:
    base = Outcome.of(build(make_plan(), as_of=AS_OF))
    assert base == Outcome(deals=50, activities=15_300, headcount=7)  # 10,000+5,000+200+100
    assert all(r.base == base for r in ranked)


def test_goal_up_ten_percent_needs_more_deals(ranked: list[Sensitivity]) -> None:
    goal = by_input(ranked)["goals.revenue_goal"]
    assert (goal.low.deals, goal.base.deals, goal.high.deals) == (45, 50, 55)
    assert goal.high.activities > goal.base.activities > goal.low.activities
    assert goal.swing[2] == 10


def test_bigger_deals_need_fewer(ranked: list[Sensitivity]) -> None:
    deal = by_input(ranked)["goals.average_deal_value"]
    # 250,000 ÷ 4,500 = 55.6 → 56; 250,000 ÷ 5,500 = 45.5 → 46
    assert (deal.low.deals, deal.high.deals) == (56, 46)


def test_more_activity_per_deal_means_more_activity(ranked: list[Sensitivity]) -> None:
    email = by_input(ranked)["strategy.stages.appointment.activities.email"]
    # 40 ± 4 emails × 250 appointments = ±1,000
    assert email.low.activities == pytest.approx(15_300 - 1_000)
    assert email.high.activities == pytest.approx(15_300 + 1_000)
    assert email.low.deals == email.high.deals == 50


def test_conversion_is_capped_at_one_hundred_percent() -> None:
    data = simple_plan_data()
    data["strategy"]["stages"][0]["conversion"] = "100%"
    results = by_input(sensitivity(load_data(data)))
    conversion = results["strategy.stages.close.conversion"]
    assert conversion.value == 1.0
    assert conversion.high == conversion.base  # cannot go above 100%
    assert conversion.low.activities > conversion.base.activities


def test_direct_targets_are_inputs_too() -> None:
    data: dict[str, Any] = simple_plan_data()
    data["goals"]["activities"]["call"]["target"] = {"per_working_day": 200}
    results = by_input(sensitivity(load_data(data)))
    target = results["goals.activities.call.target.per_working_day"]
    # 200 ± 20 calls a day at 10 per rep: 18, 20, 22 reps
    assert (target.low.headcount, target.base.headcount, target.high.headcount) == (18, 20, 22)


def test_sensitivity_under_a_scenario() -> None:
    def tweak(data: dict[str, Any]) -> None:
        data["scenarios"] = {"big": {"overrides": {"goals.revenue_goal": 500_000}}}

    results = by_input(sensitivity(make_plan(tweak), scenario="big", as_of=AS_OF))
    assert results["goals.revenue_goal"].value == 500_000
    assert results["goals.revenue_goal"].base.deals == 100


def test_sensitivity_does_not_change_the_plan() -> None:
    plan = make_plan()
    before: PlanBuild = build(plan, as_of=AS_OF)
    sensitivity(plan, as_of=AS_OF)
    assert plan.scenarios == {}
    assert build(plan, as_of=AS_OF).to_dict() == before.to_dict()
