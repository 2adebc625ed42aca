"""Named scenarios: overrides applied to a copy of the plan, and built side by side."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from conftest import make_plan
from salesplan.engine import build, compare_scenarios
from salesplan.plan import PlanError, SalesPlan, apply_scenario
from salesplan.plan.fields import Duration

AS_OF = dt.date(2026, 11, 1)


def with_scenarios(**scenarios: dict[str, Any]) -> SalesPlan:
    def tweak(data: dict[str, Any]) -> None:
        data["scenarios"] = {
            name: {"description": f"the {name} case", "overrides": overrides}
            for name, overrides in scenarios.items()
        }

    return make_plan(tweak)


def test_no_scenario_is_the_plan_itself() -> None:
    plan = with_scenarios(best={"goals.revenue_goal": 1})
    assert apply_scenario(plan, None) is plan


@pytest.mark.parametrize(
    ("path", "value", "where", "expected"),
    [
        ("goals.revenue_goal", "300k", ("goals", "revenue_goal"), 300_000.0),
        ("goals.average_deal_value", 4000, ("goals", "average_deal_value"), 4000.0),
        (
            "strategy.stages.demo.conversion",
            "60%",
            ("strategy", "stages", 1, "conversion"),
            0.6,
        ),
        (  # a stage by its name, a rate written as a fraction
            "strategy.stages.Proposal.conversion",
            0.75,
            ("strategy", "stages", 2, "conversion"),
            0.75,
        ),
        (  # a list item by position
            "strategy.stages.0.activities.email",
            30,
            ("strategy", "stages", 0, "activities", "email"),
            30.0,
        ),
        (
            "team.roles.SDR.capacity.email",
            100,
            ("team", "roles", "SDR", "capacity", "email"),
            100.0,
        ),
        (
            "team.roles.SDR.time_to_hire",
            "6w",
            ("team", "roles", "SDR", "time_to_hire"),
            Duration(6, "w"),
        ),
        ("team.roles.SDR.attrition", "15%", ("team", "roles", "SDR", "attrition"), 0.15),
        # optional inputs that the plan leaves unset can be overridden too
        ("team.roles.SDR.max_hires", 1, ("team", "roles", "SDR", "max_hires"), 1),
        ("goals.economics.ltv", "10k", ("goals", "economics", "ltv"), 10_000.0),
    ],
)
def test_scenario_changes_only_what_it_overrides(
    path: str, value: Any, where: tuple[Any, ...], expected: Any
) -> None:
    plan = with_scenarios(what_if={path: value})
    before = plan.model_dump(mode="python")
    variant = apply_scenario(plan, "what_if")
    assert walk(variant, where) == expected
    assert walk(plan, where) != expected, "the override must change something"

    # everything else is as it was: the plan's data with only this input replaced
    expected_data = copy.deepcopy(before)
    node = expected_data
    for part in where[:-1]:
        node = node[part]
    node[where[-1]] = value
    expected_data["scenarios"] = {}
    assert variant == SalesPlan.model_validate(expected_data)
    # the plan itself is left unchanged
    assert plan.model_dump(mode="python") == before


def walk(plan: SalesPlan, where: tuple[Any, ...]) -> Any:
    node: Any = plan
    for part in where:
        if isinstance(node, dict) or isinstance(part, int):
            node = node[part]
        else:
            node = getattr(node, part)
    return node


def test_open_pipeline_entry_by_stage() -> None:
    def tweak(data: dict[str, Any]) -> None:
        data["strategy"]["open_pipeline"] = [{"stage": "proposal", "count": 20}]
        data["scenarios"] = {"more": {"overrides": {"strategy.open_pipeline.proposal.count": 30}}}

    plan = make_plan(tweak)
    variant = apply_scenario(plan, "more")
    assert [(d.stage, d.count) for d in variant.strategy.open_pipeline] == [("proposal", 30)]
    # 30 × 50% = 15 expected wins → 35 proposals to create for the other 35 deals
    assert [s.to_create for s in build(plan, "more", as_of=AS_OF).funnel] == [175, 140, 70]


def test_several_overrides_at_once() -> None:
    plan = with_scenarios(
        best={
            "strategy.stages.demo.conversion": "60%",
            "team.roles.SDR.capacity.email": 100,
            "team.roles.SDR.time_to_hire": "30d",
        }
    )
    variant = apply_scenario(plan, "best")
    assert variant.strategy.stages[1].conversion == 0.6
    assert variant.team.roles["SDR"].capacity == {"email": 100, "call": 40}
    assert variant.team.roles["SDR"].time_to_hire == Duration(30, "d")
    assert variant.scenarios == {}
    assert plan.strategy.stages[1].conversion == 0.5


@pytest.mark.parametrize(
    ("scenarios", "expected"),
    [
        (
            {"best": {"goals.revenue_goal": 1}, "worst": {"goals.revenue_goal": 2}},
            "scenarios: unknown scenario 'wrost' — valid: best, worst",
        ),
        ({}, "scenarios: unknown scenario 'wrost' — valid: none are defined"),
    ],
)
def test_unknown_scenario_lists_the_valid_names(
    scenarios: dict[str, dict[str, Any]], expected: str
) -> None:
    plan = with_scenarios(**scenarios)
    with pytest.raises(PlanError) as caught:
        apply_scenario(plan, "wrost")
    assert str(caught.value) == expected
    with pytest.raises(PlanError, match="unknown scenario 'wrost'"):
        build(plan, "wrost", as_of=AS_OF)


def test_build_under_a_scenario() -> None:
    plan = with_scenarios(worst={"goals.revenue_goal": "300k", "goals.average_deal_value": 4000})
    result = build(plan, "worst", as_of=AS_OF)
    assert result.scenario == "worst"
    # 300,000 ÷ 4,000 = 75 deals → 150 proposals, 300 demos, 375 appointments
    assert result.deals_required == 75
    assert [s.required for s in result.funnel] == [375, 300, 150]
    assert result.revenue_goal == 300_000
    assert build(plan, as_of=AS_OF).deals_required == 50


def test_compare_scenarios_builds_each() -> None:
    plan = with_scenarios(
        best={"strategy.stages.demo.conversion": "60%", "team.roles.SDR.capacity.email": 100},
        worst={"goals.revenue_goal": "300k", "goals.average_deal_value": 4000},
    )
    builds = compare_scenarios(plan, as_of=AS_OF)
    assert list(builds) == ["base", "best", "worst"]
    assert builds["base"].scenario is None
    assert builds["base"].to_dict() == build(plan, as_of=AS_OF).to_dict()
    for name in ("best", "worst"):
        assert builds[name].scenario == name
        assert builds[name].to_dict() == build(plan, name, as_of=AS_OF).to_dict()
    assert {name: b.deals_required for name, b in builds.items()} == {
        "base": 50,
        "best": 50,
        "worst": 75,
    }
    # 60% demo → proposal: ceil(100 ÷ 0.6) = 167 demos, ceil(167 ÷ 0.8) = 209 appointments
    assert [s.required for s in builds["best"].funnel] == [209, 167, 100]
    assert builds["best"].headcount["SDR"].required == 4
    assert builds["worst"].headcount["SDR"].required == 7


def test_a_scenario_named_base_replaces_the_plan_as_written() -> None:
    plan = with_scenarios(base={"goals.revenue_goal": "100k"})
    builds = compare_scenarios(plan, as_of=AS_OF)
    assert list(builds) == ["base"]
    assert builds["base"].scenario == "base"
    assert builds["base"].deals_required == 20


def test_optional_inputs_can_be_overridden_while_unset() -> None:
    plan = with_scenarios(capped={"team.roles.SDR.max_hires": 1, "goals.economics.ltv": "20k"})
    capped = apply_scenario(plan, "capped")
    assert capped.team.roles["SDR"].max_hires == 1
    assert capped.goals.economics.ltv == 20_000.0
    result = build(plan, "capped", AS_OF)
    assert [w.code for w in result.warnings if w.role == "SDR"] == ["goal_unreachable"]


def test_open_deals_are_addressed_by_their_stage() -> None:
    def tweak(data: dict[str, Any]) -> None:
        data["strategy"]["open_pipeline"] = [{"stage": "demo", "count": 10}]
        data["scenarios"] = {"more": {"overrides": {"strategy.open_pipeline.demo.count": 40}}}

    plan = make_plan(tweak)
    assert apply_scenario(plan, "more").strategy.open_pipeline[0].count == 40
    fewer_to_create = build(plan, "more", AS_OF).funnel[0].to_create
    assert fewer_to_create < build(plan, None, AS_OF).funnel[0].to_create


def test_a_list_is_not_a_numeric_input() -> None:
    with pytest.raises(PlanError, match="is not a numeric input"):
        with_scenarios(odd={"mission.open_questions": 3})
