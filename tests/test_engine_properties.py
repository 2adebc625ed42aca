"""Properties of the engine over generated plans (strategies in ``tests/strategies.py``)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesplan.engine import build
from salesplan.engine.results import PlanBuild
from salesplan.plan import SalesPlan
from strategies import plan_data


def built(data: dict[str, Any]) -> PlanBuild:
    return build(SalesPlan.model_validate(data))


def assert_never_more(smaller: PlanBuild, larger: PlanBuild) -> None:
    """Every deal, activity and person *smaller* needs, *larger* needs too (or more)."""
    assert smaller.deals_required <= larger.deals_required
    for stage_small, stage_large in zip(smaller.funnel, larger.funnel, strict=True):
        assert stage_small.required <= stage_large.required, stage_small.stage
    for activity, volume in smaller.activities.items():
        assert volume.total <= larger.activities[activity].total + 1e-9, activity
        assert volume.per_working_day <= larger.activities[activity].per_working_day + 1e-9
    for role, headcount in smaller.headcount.items():
        assert headcount.fte <= larger.headcount[role].fte + 1e-9, role
        assert headcount.required <= larger.headcount[role].required, role


@given(plan_data(), st.integers(1, 2_000_000))
def test_higher_goal_never_needs_less(data: dict[str, Any], more: int) -> None:
    higher = copy.deepcopy(data)
    higher["goals"]["revenue_goal"] += more
    assert_never_more(built(data), built(higher))


@given(plan_data(), st.data())
def test_higher_conversion_never_needs_more(data: dict[str, Any], draw: st.DataObject) -> None:
    plan = SalesPlan.model_validate(data)
    pipeline = [i for i, stage in enumerate(plan.strategy.stages) if not stage.post_sale]
    index = draw.draw(st.sampled_from(pipeline), label="stage")
    current = plan.strategy.stages[index].conversion
    raised = draw.draw(st.floats(current, 1.0), label="raised conversion")
    better = copy.deepcopy(data)
    better["strategy"]["stages"][index]["conversion"] = raised
    assert_never_more(built(better), build(plan))


@given(
    plan_data(targets=False, managers=False),
    st.integers(2, 7),
    st.lists(st.sampled_from(["100%", "50%", "25%", "20%", "10%", 0.5, 0.25]), min_size=3),
)
def test_activity_per_day_scales_linearly_with_the_goal(
    data: dict[str, Any], factor: int, rates: list[Any]
) -> None:
    """With whole deals and conversions of 1/n no rounding happens: k × goal → k × work."""
    deal = data["goals"]["average_deal_value"]
    data["goals"]["revenue_goal"] = deal * (data["goals"]["revenue_goal"] // deal + 1)
    for stage, rate in zip(data["strategy"]["stages"], rates, strict=False):
        if not stage.get("post_sale"):
            stage["conversion"] = rate
    scaled = copy.deepcopy(data)
    scaled["goals"]["revenue_goal"] *= factor
    base, big = built(data), built(scaled)
    assert big.deals_required == factor * base.deals_required
    assert [s.required for s in big.funnel] == [factor * s.required for s in base.funnel]
    assert set(big.activities) == set(base.activities)
    for activity, volume in base.activities.items():
        assert big.activities[activity].total == pytest.approx(factor * volume.total)
        assert big.activities[activity].per_working_day == pytest.approx(
            factor * volume.per_working_day
        )
    for role, headcount in base.headcount.items():
        assert big.headcount[role].fte == pytest.approx(factor * headcount.fte)


@given(plan_data(targets=False, managers=False))
def test_per_day_activity_is_the_funnel_work_over_working_days(data: dict[str, Any]) -> None:
    """Before rounding: Σ per-deal activity × deals the stage works ÷ working days."""
    plan = SalesPlan.model_validate(data)
    result = build(plan)
    worked = {s.stage: s.to_create + s.from_open_pipeline for s in result.funnel}
    expected: dict[str, float] = {}
    for stage in plan.strategy.stages:
        for activity, per_deal in stage.activities.items():
            expected[activity] = expected.get(activity, 0.0) + per_deal * worked[stage.id]
    days = max(result.working_days, 1)
    assert set(result.activities) == set(expected)
    for activity, total in expected.items():
        assert result.activities[activity].total == pytest.approx(total)
        assert result.activities[activity].per_working_day == pytest.approx(total / days)


@given(plan_data(), st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)))
def test_build_is_deterministic_and_never_reads_the_clock(
    data: dict[str, Any], as_of: dt.date
) -> None:
    plan = SalesPlan.model_validate(data)
    first = build(plan, as_of=as_of).to_dict()
    assert first == build(plan, as_of=as_of).to_dict()
    assert first["as_of"] == as_of.isoformat()
