"""``loads(dumps(plan)) == plan``: saving a plan never loses or changes anything."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given

from conftest import PlanFactory, load_data, simple_plan_data
from salesplan.plan import SalesPlan, dumps, load, loads, save
from salesplan.plan.fields import Duration, parse_money
from strategies import plans, rich_plans


@given(rich_plans())
def test_rich_plan_round_trips(plan: SalesPlan) -> None:
    assert loads(dumps(plan)) == plan


@given(plans())
def test_plan_round_trips_twice_to_the_same_text(plan: SalesPlan) -> None:
    text = dumps(plan)
    assert loads(text) == plan
    assert dumps(loads(text)) == text


def test_example_b_round_trips(plan_b: SalesPlan, tmp_path: Any) -> None:
    plan = plan_b
    path = tmp_path / "plan.yaml"
    save(plan, path)
    assert load(path) == plan
    assert not list(tmp_path.glob(".*.tmp"))  # the atomic write leaves no temporary file


@pytest.mark.parametrize(
    ("written", "value", "saved"),
    [
        ("40%", 0.4, "40%"),
        ("12.5%", 0.125, "12.5%"),
        ("0.4", 0.4, "40%"),
        (0.125, 0.125, "12.5%"),
        ("33.3%", 0.333, "33.3%"),
        ("100%", 1.0, "100%"),
        ("0.05%", 0.0005, "0.05%"),
    ],
)
def test_rates_are_saved_as_percentages(written: Any, value: float, saved: str) -> None:
    data = simple_plan_data()
    data["strategy"]["stages"][0]["conversion"] = written
    plan = load_data(data)
    assert plan.strategy.stages[0].conversion == pytest.approx(value)
    text = dumps(plan)
    assert f"conversion: {saved}\n" in text
    assert loads(text) == plan


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("250k", 250_000),
        ("1.5m", 1_500_000),
        ("1,250,000", 1_250_000),
        ("1_250_000", 1_250_000),
        (250_000, 250_000),
        (2_500.75, 2_500.75),
        ("2b", 2_000_000_000),
    ],
)
def test_money_forms(written: Any, value: float) -> None:
    assert parse_money(written) == value
    data = simple_plan_data()
    data["goals"]["revenue_goal"] = written
    plan = load_data(data)
    assert plan.goals.revenue_goal == value
    assert loads(dumps(plan)) == plan


@pytest.mark.parametrize(
    ("written", "duration", "days"),
    [
        ("45d", Duration(45, "d"), 45),
        ("6w", Duration(6, "w"), 42),
        ("3m", Duration(3, "m"), 90),
        ("2 weeks", Duration(2, "w"), 14),
        ("1 month", Duration(1, "m"), 30),
        (10, Duration(10, "d"), 10),
    ],
)
def test_durations(written: Any, duration: Duration, days: int) -> None:
    assert Duration.parse(written) == duration
    assert duration.days_approx == days
    data = simple_plan_data()
    data["team"]["roles"]["Rep"]["time_to_hire"] = written
    plan = load_data(data)
    assert plan.team.roles["Rep"].time_to_hire == duration
    assert f"time_to_hire: {duration}\n" in dumps(plan)
    assert loads(dumps(plan)) == plan


def test_factory_tweaks_round_trip(plan_factory: PlanFactory) -> None:
    def tweak(data: dict[str, Any]) -> None:
        data["calendar"] = {"weekend": ["fri", "sat"], "days_off": [{"date": dt.date(2027, 2, 1)}]}
        data["team"]["people"][0]["end"] = dt.date(2027, 2, 28)

    plan = plan_factory(tweak)
    assert plan.calendar.weekend == ["fri", "sat"]
    assert plan.team.people[0].end == dt.date(2027, 2, 28)
    assert loads(dumps(plan)) == plan


@pytest.mark.parametrize(
    ("horizon", "last_day"),
    [
        ("30d", dt.date(2027, 1, 30)),
        ("90d", dt.date(2027, 3, 31)),
        ("month", dt.date(2027, 1, 31)),
        ("quarter", dt.date(2027, 3, 31)),
        ("year", dt.date(2027, 12, 31)),
    ],
)
def test_horizon_round_trips(horizon: str, last_day: dt.date) -> None:
    data = simple_plan_data()
    data["goals"]["period"] = {"start": dt.date(2027, 1, 1), "horizon": horizon}
    plan = load_data(data)
    assert plan.goals.period.last_day == last_day
    assert f"horizon: {horizon}\n" in dumps(plan)
    assert loads(dumps(plan)) == plan


@pytest.mark.parametrize("rate", [1 / 6, 0.8052228154368051])
def test_full_precision_rate_round_trips(rate: float) -> None:
    data = simple_plan_data()
    data["strategy"]["stages"][0]["conversion"] = rate
    plan = SalesPlan.model_validate(data)
    assert plan.strategy.stages[0].conversion == rate
    assert loads(dumps(plan)).strategy.stages[0].conversion == rate
