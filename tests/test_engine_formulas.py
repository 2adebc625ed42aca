"""Hand-checked tables for every formula of the engine.

Each expected value was worked out by hand (the comment beside it shows how);
none was copied from the engine's output.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest

from conftest import build_b, load_data, simple_plan_data
from salesplan.engine import build
from salesplan.engine.activities import months_in_period
from salesplan.engine.funnel import ceil_whole
from salesplan.engine.results import PlanBuild
from salesplan.engine.staffing import ramp_factor
from salesplan.plan.dates import add_months, shift

D = dt.date


def codes(result: PlanBuild) -> list[str]:
    return [w.code for w in result.warnings]


def warning(result: PlanBuild, code: str) -> str:
    [message] = [w.message for w in result.warnings if w.code == code]
    return message


# --- rounding -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (250.00000000000003, 250),  # 200 ÷ 0.8 in floating point: noise, not a deal
        (4.31, 5),
        (4.0, 4),
        (0.5, 1),
        (1.000001, 2),  # a real fraction of a deal rounds up
        (2.0000000001, 2),  # within the 1e-9 tolerance
        (0.0, 0),
        (-3.2, 0),
        (1e-12, 0),
    ],
)
def test_ceil_whole(value: float, expected: int) -> None:
    assert ceil_whole(value) == expected


# --- reverse funnel -------------------------------------------------------------------


def funnel_plan(conversions: list[Any], deals: int, deal: int = 1000) -> dict[str, Any]:
    data = simple_plan_data(goal=deals * deal, deal=deal)
    data["strategy"]["stages"] = [
        {"id": f"s{i}", "name": f"S{i}", "owner": "Rep", "conversion": rate}
        for i, rate in enumerate(conversions)
    ]
    return data


@pytest.mark.parametrize(
    ("conversions", "deals", "volumes"),
    [
        (["80%", "50%", "50%"], 50, [250, 200, 100]),  # 50÷.5=100, 100÷.5=200, 200÷.8=250
        (["10%"], 10, [100]),
        (["30%", "25%"], 7, [94, 28]),  # 7÷.25=28, 28÷.3=93.3→94
        (["33%"], 1, [4]),  # 1÷.33=3.03→4
        (["100%", "100%"], 3, [3, 3]),
        (["12.5%"], 5, [40]),
        (["70%", "70%", "70%"], 10, [32, 22, 15]),  # 14.3→15, 21.4→22, 31.4→32
        (["20%", "50%"], 3, [30, 6]),
        ([0.6, 0.9], 9, [17, 10]),  # 9÷.9=10, 10÷.6=16.7→17
    ],
)
def test_reverse_funnel(conversions: list[Any], deals: int, volumes: list[int]) -> None:
    result = build(load_data(funnel_plan(conversions, deals)))
    assert result.deals_required == deals
    assert [s.required for s in result.funnel] == volumes
    assert [s.to_create for s in result.funnel] == volumes


@pytest.mark.parametrize(
    ("goal", "deal", "deals"),
    [(10_500, 1000, 11), (10_000, 1000, 10), (1, 1000, 1), (250_000, 5_000, 50), (0, 1000, 0)],
)
def test_deals_round_up(goal: int, deal: int, deals: int) -> None:
    data = simple_plan_data(goal=goal, deal=deal)
    assert build(load_data(data)).deals_required == deals


def test_stage_formula_reads_like_the_hand_calculation() -> None:
    result = build(load_data(funnel_plan(["30%", "25%"], 7)))
    assert result.explain("funnel.s0.required").formula == (
        "S0 = ceil(28 S1 ÷ 30% conversion) = ceil(93.33) = 94"
    )
    assert result.explain("funnel.s1.required").formula == (
        "S1 = ceil(7 won ÷ 25% conversion) = ceil(28) = 28"
    )


@pytest.mark.parametrize(
    ("conversions", "coverage", "win_rates"),
    [
        (["80%", "50%", "50%"], 5.0, [0.2, 0.25, 0.5]),
        (["10%"], 10.0, [0.1]),
        (["50%", "40%"], 5.0, [0.2, 0.4]),
        (["12.5%"], 8.0, [0.125]),
    ],
)
def test_pipeline_coverage_is_one_over_win_rate(
    conversions: list[str], coverage: float, win_rates: list[float]
) -> None:
    result = build(load_data(funnel_plan(conversions, 10)))
    assert result.pipeline_coverage == pytest.approx(coverage)
    assert [s.win_rate for s in result.funnel] == pytest.approx(win_rates)
    assert [s.coverage for s in result.funnel] == pytest.approx([1 / w for w in win_rates])


def test_pipeline_coverage_explanation() -> None:
    assert build_b().explain("pipeline_coverage").formula == (
        "pipeline coverage at Appointment = 1 ÷ 20% win rate from Appointment = 5×"
    )


# --- calendar -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2027, 1, 1), D(2027, 3, 31), 3.0),
        (D(2027, 2, 1), D(2027, 2, 28), 1.0),
        (D(2027, 1, 16), D(2027, 1, 31), 16 / 31),
        (D(2028, 2, 15), D(2028, 3, 14), 15 / 29 + 14 / 31),  # leap February
        (D(2026, 12, 17), D(2027, 1, 15), 15 / 31 + 15 / 31),  # across the year end
        (D(2027, 1, 1), D(2027, 12, 31), 12.0),
        (D(2027, 4, 10), D(2027, 4, 10), 1 / 30),
    ],
)
def test_months_in_period(start: dt.date, end: dt.date, expected: float) -> None:
    assert months_in_period(start, end) == pytest.approx(expected)


RAMP = [0.25, 0.5, 0.75, 1.0]


@pytest.mark.parametrize(
    ("ramp", "start", "day", "factor"),
    [
        (RAMP, D(2027, 1, 1), D(2026, 12, 31), 0.0),  # not started yet
        (RAMP, D(2027, 1, 1), D(2027, 1, 1), 0.25),
        (RAMP, D(2027, 1, 1), D(2027, 1, 31), 0.25),
        (RAMP, D(2027, 1, 1), D(2027, 2, 1), 0.5),
        (RAMP, D(2027, 1, 1), D(2027, 2, 15), 0.5),
        (RAMP, D(2027, 1, 1), D(2027, 3, 31), 0.75),
        (RAMP, D(2027, 1, 1), D(2027, 4, 1), 1.0),
        (RAMP, D(2027, 1, 1), D(2028, 6, 1), 1.0),  # beyond the ramp list
        (RAMP, D(2027, 1, 15), D(2027, 2, 14), 0.25),  # month 1 runs to the 14th
        (RAMP, D(2027, 1, 15), D(2027, 2, 15), 0.5),
        ([0.5], D(2027, 1, 1), D(2027, 2, 1), 1.0),  # a short ramp then full
        (RAMP, None, D(2027, 1, 1), 1.0),  # no start date: fully ramped
    ],
)
def test_ramp_factor(ramp: list[float], start: dt.date | None, day: dt.date, factor: float) -> None:
    assert ramp_factor(ramp, start, day) == factor


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2027, 1, 31), 1, D(2027, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2027, 3, 15), -3, D(2026, 12, 15)),
        (D(2027, 12, 31), 2, D(2028, 2, 29)),
        (D(2027, 10, 31), -1, D(2027, 9, 30)),
        (D(2027, 8, 31), 1, D(2027, 9, 30)),
        (D(2027, 1, 1), 12, D(2028, 1, 1)),
        (D(2027, 1, 15), -13, D(2025, 12, 15)),
        (D(2027, 5, 20), 0, D(2027, 5, 20)),
    ],
)
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "amount", "unit", "expected"),
    [
        (D(2027, 1, 1), -45, "d", D(2026, 11, 17)),
        (D(2027, 1, 1), -6, "w", D(2026, 11, 20)),
        (D(2027, 1, 1), -3, "m", D(2026, 10, 1)),
        (D(2027, 3, 31), -1, "m", D(2027, 2, 28)),
        (D(2026, 11, 27), 45, "d", D(2027, 1, 11)),
        (D(2027, 1, 1), 0, "d", D(2027, 1, 1)),
    ],
)
def test_shift(day: dt.date, amount: int, unit: str, expected: dt.date) -> None:
    assert shift(day, amount, unit) == expected


def test_shift_rejects_unknown_unit() -> None:
    with pytest.raises(ValueError, match=r"^unknown duration unit 'y'; valid: d, w, m$"):
        shift(D(2027, 1, 1), 1, "y")


@pytest.mark.parametrize(
    ("country", "start", "end", "calendar", "expected"),
    [
        # Jan 2027: 21 weekdays; New Year (Fri 1st) and MLK day (Mon 18th)
        ("US", D(2027, 1, 1), D(2027, 1, 31), {}, 19),
        (None, D(2027, 1, 1), D(2027, 1, 31), {}, 21),  # no country: weekdays only
        (None, D(2027, 2, 1), D(2027, 2, 28), {}, 20),
        ("US", D(2027, 1, 1), D(2027, 3, 31), {}, 61),  # 21+20+23 − 3 (Presidents' Day)
        ("ID", D(2027, 1, 1), D(2027, 3, 31), {}, 58),
        ("GB", D(2027, 1, 1), D(2027, 1, 31), {}, 20),  # New Year only
        ("US", D(2027, 7, 1), D(2027, 7, 31), {}, 21),  # 22 − Jul 5 (the 4th observed)
        ("US", D(2026, 12, 21), D(2027, 1, 3), {}, 8),  # 10 weekdays − Christmas, New Year
        # company days off: a Monday counts, a Saturday or a holiday is not counted twice
        ("US", D(2027, 1, 1), D(2027, 1, 31), {"days_off": [{"date": D(2027, 1, 4)}]}, 18),
        ("US", D(2027, 1, 1), D(2027, 1, 31), {"days_off": [{"date": D(2027, 1, 2)}]}, 19),
        ("US", D(2027, 1, 1), D(2027, 1, 31), {"days_off": [{"date": D(2027, 1, 18)}]}, 19),
        # custom weekends: Fri 1 and Sat 2 January 2027
        (None, D(2027, 1, 1), D(2027, 1, 2), {}, 1),
        (None, D(2027, 1, 1), D(2027, 1, 2), {"weekend": ["fri", "sat"]}, 0),
        (None, D(2027, 1, 3), D(2027, 1, 9), {"weekend": ["fri", "sat"]}, 5),  # Sun–Thu
        (None, D(2027, 1, 1), D(2027, 1, 31), {"weekend": ["fri"]}, 26),  # 31 − 5 Fridays
        (None, D(2027, 1, 1), D(2027, 1, 31), {"weekend": []}, 31),
    ],
)
def test_working_days(
    country: str | None,
    start: dt.date,
    end: dt.date,
    calendar: dict[str, Any],
    expected: int,
) -> None:
    data = simple_plan_data(start=start, end=end)
    if country:
        data["country"] = country
    if calendar:
        data["calendar"] = calendar
    result = build(load_data(data))
    assert result.working_days == expected
    assert sum(result.working_days_by_month.values()) == expected


def test_working_days_explanation_counts_each_kind_of_day() -> None:
    data = simple_plan_data(start=D(2027, 1, 1), end=D(2027, 1, 31))
    data["country"] = "US"
    data["calendar"] = {"days_off": [{"date": D(2027, 1, 4), "name": "Kick-off"}]}
    assert build(load_data(data)).explain("working_days").formula == (
        "18 working days = 31 calendar days − 10 weekend days − 2 public holidays"
        " − 1 company days off"
    )


def test_period_without_working_days_warns() -> None:
    data = simple_plan_data(start=D(2027, 1, 2), end=D(2027, 1, 3))  # a weekend
    result = build(load_data(data))
    assert result.working_days == 0
    assert warning(result, "no_working_days") == (
        "the period 2027-01-02 to 2027-01-03 has no working days"
    )


def test_unreachable_message_never_lists_no_remedies() -> None:
    data = simple_plan_data(start=D(2027, 1, 2), end=D(2027, 1, 3))
    message = warning(build(load_data(data)), "goal_unreachable")
    assert not message.rstrip().endswith(":")


# --- capacity and headcount -----------------------------------------------------------


def target_plan(
    targets: dict[str, float],
    role: dict[str, Any],
) -> dict[str, Any]:
    """A plan whose activities are all set directly (per working day) for one role."""
    data = simple_plan_data()
    data["goals"]["activities"] = {
        activity: {"name": activity.capitalize() + "s", "target": {"per_working_day": per_day}}
        for activity, per_day in targets.items()
    }
    data["team"]["roles"] = {"Rep": {"name": "Rep", **role}}
    data["strategy"]["stages"][0]["activities"] = {}
    return data


@pytest.mark.parametrize(
    ("targets", "role", "fte", "required"),
    [
        # 16 calls × 45 min = 720 min ÷ (6 h × 60) = 2.0
        ({"call": 16}, {"minutes_per_activity": {"call": 45}, "selling_hours_per_day": 6}, 2.0, 2),
        # 30 × 20 = 600 ÷ 450 = 1.33
        (
            {"call": 30},
            {"minutes_per_activity": {"call": 20}, "selling_hours_per_day": 7.5},
            4 / 3,
            2,
        ),
        # 10 demos × 60 + 4 proposals × 90 = 960 ÷ 480 = 2.0
        (
            {"demo": 10, "proposal": 4},
            {"minutes_per_activity": {"demo": 60, "proposal": 90}, "selling_hours_per_day": 8},
            2.0,
            2,
        ),
        # per-day capacity and minutes together: 50 ÷ 100 + 15 × 10 ÷ 300 = 1.0
        (
            {"email": 50, "call": 15},
            {
                "capacity": {"email": 100},
                "minutes_per_activity": {"call": 10},
                "selling_hours_per_day": 5,
            },
            1.0,
            1,
        ),
        # per-day capacity only: 200 ÷ 20 + 50 ÷ 40 = 11.25
        ({"email": 200, "call": 50}, {"capacity": {"email": 20, "call": 40}}, 11.25, 12),
    ],
)
def test_fte_from_capacity(
    targets: dict[str, float], role: dict[str, Any], fte: float, required: int
) -> None:
    result = build(load_data(target_plan(targets, role)))
    assert result.headcount["Rep"].fte == pytest.approx(fte)
    assert result.headcount["Rep"].required == required


def test_minutes_formula() -> None:
    role = {
        "capacity": {"email": 100},
        "minutes_per_activity": {"call": 10},
        "selling_hours_per_day": 5,
    }
    result = build(load_data(target_plan({"email": 50, "call": 15}, role)))
    assert result.explain("headcount.Rep.required").formula == (
        "Rep required = ceil(50 emails/day ÷ 100 + (15 calls/day × 10 min) ÷ (5 h × 60 min))"
        " = ceil(1) = 1"
    )


def with_manager(manages: list[str], span: int, people: int = 0) -> Any:
    def tweak(data: dict[str, Any]) -> None:
        data["team"]["roles"]["Manager"] = {
            "name": "Sales manager",
            "manages": manages,
            "span_of_control": span,
        }
        data["team"]["people"] += [
            {"name": f"Boss {k}", "role": "Manager", "start": D(2023, 1, 1)} for k in range(people)
        ]

    return tweak


@pytest.mark.parametrize(
    ("manages", "span", "people", "required", "to_hire"),
    [
        # example B after hiring: SDR 3 + 3 hires = 6 (> 5 required), AE 0 + 2 = 2 → 8 people
        (["SDR", "AE"], 3, 0, 3, 3),  # ceil(8 ÷ 3)
        (["SDR", "AE"], 4, 0, 2, 2),
        (["SDR", "AE"], 10, 0, 1, 1),
        (["SDR", "AE"], 3, 1, 3, 2),  # one manager already in seat
        (["AE"], 1, 0, 2, 2),
        (["SDR"], 2, 0, 3, 3),  # ceil(6 ÷ 2)
    ],
)
def test_managers_follow_the_team_they_manage(
    manages: list[str], span: int, people: int, required: int, to_hire: int
) -> None:
    result = build_b(tweak=with_manager(manages, span, people))
    assert result.headcount["Manager"].required == required
    assert result.headcount["Manager"].to_hire == to_hire


def test_manager_formula() -> None:
    result = build_b(tweak=with_manager(["SDR", "AE"], 3))
    assert result.explain("headcount.Manager.required").formula == (
        "Manager required = ceil(8 people managed ÷ 3 per manager) = ceil(2.67) = 3"
    )


@pytest.mark.parametrize(
    ("fixed", "people", "to_hire"), [(2, 0, 2), (2, 1, 1), (0, 0, 0), (1, 3, 0)]
)
def test_fixed_headcount(fixed: int, people: int, to_hire: int) -> None:
    def tweak(data: dict[str, Any]) -> None:
        data["team"]["roles"]["Ops"] = {"name": "Sales ops", "fixed_headcount": fixed}
        data["team"]["people"] += [
            {"name": f"Ops {k}", "role": "Ops", "start": D(2024, 1, 1)} for k in range(people)
        ]

    result = build_b(tweak=tweak)
    assert result.headcount["Ops"].required == fixed
    assert result.headcount["Ops"].fte == fixed
    assert result.headcount["Ops"].to_hire == to_hire
    assert result.explain("headcount.Ops.required").formula == (
        f"Ops required = {fixed} (fixed headcount)"
    )
    # a fixed role does not change the roles that do the work
    assert result.headcount["SDR"].required == 5


def test_role_without_work_needs_nobody() -> None:
    def tweak(data: dict[str, Any]) -> None:
        data["team"]["roles"]["Advisor"] = {"name": "Advisor"}

    result = build_b(tweak=tweak)
    assert (result.headcount["Advisor"].fte, result.headcount["Advisor"].required) == (0, 0)
    assert result.explain("headcount.Advisor.required").formula == (
        "Advisor has no activities, span of control or fixed headcount: 0 required"
    )


# --- activity targets -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "total", "per_day"),
    [
        # 2027 Q1 without a country: 64 working days, 3 months, 5-day weeks
        ({"per_working_day": 200}, 12_800, 200),  # 200 × 64
        ({"per_week": 100}, 1_280, 20),  # 100 × 64 ÷ 5
        ({"per_month": 1000}, 3_000, 46.875),  # 1000 × 3
        ({"total": 5000}, 5_000, 78.125),  # 5000 ÷ 64
    ],
)
def test_activity_target_set_directly(
    target: dict[str, float], total: float, per_day: float
) -> None:
    data = simple_plan_data()  # funnel alone: 100 deals ÷ 50% = 200 calls
    data["goals"]["activities"]["call"]["target"] = target
    result = build(load_data(data))
    volume = result.activities["call"]
    assert result.working_days == 64
    assert volume.source == "target"
    assert volume.total == pytest.approx(total)
    assert volume.per_working_day == pytest.approx(per_day)
    assert volume.derived_total == 200
    assert result.headcount["Rep"].fte == pytest.approx(per_day / 10)
    assert "target_below_funnel" not in codes(result)


def test_per_week_target_uses_the_plans_working_week() -> None:
    data = simple_plan_data(start=D(2027, 1, 1), end=D(2027, 1, 31))
    data["calendar"] = {"weekend": ["fri"]}  # 6-day weeks, 26 working days
    data["goals"]["activities"]["call"]["target"] = {"per_week": 60}
    volume = build(load_data(data)).activities["call"]
    assert volume.total == pytest.approx(60 * 26 / 6)
    assert volume.per_week == pytest.approx(60)


def test_target_formula() -> None:
    data = simple_plan_data()
    data["goals"]["activities"]["call"]["target"] = {"per_week": 100}
    assert build(load_data(data)).explain("activities.call.total").formula == (
        "Calls set directly: 100/wk; total = 1,280 over 64 working days"
        " (the funnel alone would need 200)"
    )


def test_target_below_funnel_warns_and_is_used() -> None:
    def tweak(data: dict[str, Any]) -> None:
        data["goals"]["activities"]["email"]["target"] = {"per_working_day": 100}

    result = build_b(tweak=tweak)
    [found] = [w for w in result.warnings if w.code == "target_below_funnel"]
    assert found.message == (
        "Emails: the target set directly (100/day) is below what the funnel needs (172.41/day)"
    )
    assert found.role == "SDR"
    assert result.activities["email"].total == 5_800  # 100 × 58
    assert result.activities["email"].derived_total == 10_000
    # the target replaces the funnel's emails: 100 ÷ 80 + 86.21 ÷ 40
    assert result.headcount["SDR"].fte == pytest.approx(100 / 80 + 5000 / 58 / 40)


def test_target_above_funnel_does_not_warn() -> None:
    def tweak(data: dict[str, Any]) -> None:
        data["goals"]["activities"]["email"]["target"] = {"per_working_day": 200}

    result = build_b(tweak=tweak)
    assert "target_below_funnel" not in codes(result)
    assert result.headcount["SDR"].fte == pytest.approx(200 / 80 + 5000 / 58 / 40)


# --- open pipeline and post-sale stages -----------------------------------------------


@pytest.mark.parametrize(
    ("open_deals", "to_create", "from_open", "totals"),
    [
        # 20 proposals × 50% = 10 expected wins → 40 new: 80, 160, 200
        (
            {"proposal": 20},
            [200, 160, 80],
            [0, 0, 0],
            {"email": 8_000, "call": 4_000, "demo": 160, "proposal": 80},
        ),
        # 10 demos × 25% = 2.5 wins → 47.5: 95, 190, 237.5→238; 5 of them reach proposal
        (
            {"demo": 10},
            [238, 190, 95],
            [0, 0, 5],
            {"email": 9_520, "call": 4_760, "demo": 190, "proposal": 100},
        ),
        # 50 appointments × 20% = 10 wins; 40 of them reach demo, 20 reach proposal
        (
            {"appointment": 50},
            [200, 160, 80],
            [0, 40, 20],
            {"email": 8_000, "call": 4_000, "demo": 200, "proposal": 100},
        ),
        # more open pipeline than the goal needs: nothing new to create
        (
            {"proposal": 200},
            [0, 0, 0],
            [0, 0, 0],
            {"email": 0, "call": 0, "demo": 0, "proposal": 0},
        ),
    ],
)
def test_open_pipeline_reduces_what_to_create(
    open_deals: dict[str, int],
    to_create: list[int],
    from_open: list[float],
    totals: dict[str, float],
) -> None:
    def tweak(data: dict[str, Any]) -> None:
        data["strategy"]["open_pipeline"] = [
            {"stage": stage, "count": count} for stage, count in open_deals.items()
        ]

    result = build_b(tweak=tweak)
    assert [s.required for s in result.funnel] == [250, 200, 100]  # the goal is unchanged
    assert [s.to_create for s in result.funnel] == to_create
    assert [s.from_open_pipeline for s in result.funnel] == pytest.approx(from_open)
    assert [s.open for s in result.funnel] == [open_deals.get(s.stage, 0) for s in result.funnel]
    assert {a: v.total for a, v in result.activities.items()} == pytest.approx(totals)


def test_open_pipeline_explanation() -> None:
    def tweak(data: dict[str, Any]) -> None:
        data["strategy"]["open_pipeline"] = [{"stage": "proposal", "count": 20}]

    assert build_b(tweak=tweak).explain("funnel.proposal.required").formula == (
        "Proposal = ceil(50 won ÷ 50% conversion) = ceil(100) = 100;"
        " open pipeline expected to pass through: 20; to create: 80"
    )


def test_post_sale_stage_works_on_won_customers() -> None:
    def tweak(data: dict[str, Any]) -> None:
        data["goals"]["activities"]["ask"] = {"name": "Referral asks"}
        data["team"]["roles"]["AE"]["capacity"]["ask"] = 5
        data["strategy"]["stages"].append(
            {
                "id": "referral",
                "name": "Referral",
                "owner": "AE",
                "conversion": "10%",
                "post_sale": True,
                "activities": {"ask": 2},
            }
        )

    result = build_b(tweak=tweak)
    assert [(s.stage, s.required, s.post_sale) for s in result.funnel] == [
        ("appointment", 250, False),
        ("demo", 200, False),
        ("proposal", 100, False),
        ("referral", 50, True),  # the 50 won deals
    ]
    referral = result.funnel[-1]
    assert (referral.win_rate, referral.coverage, referral.to_create) == (None, None, 50)
    assert result.activities["ask"].total == 100  # 2 asks × 50 customers
    assert result.pipeline_coverage == pytest.approx(5.0)  # the post-sale stage is not pipeline
    # AE: 3.45 demos ÷ 4 + 1.72 proposals ÷ 2 + 1.72 asks ÷ 5
    assert result.headcount["AE"].fte == pytest.approx(200 / 58 / 4 + 100 / 58 / 2 + 100 / 58 / 5)
    assert result.explain("funnel.referral.required").formula == (
        "Referral = 50 won customers (post-sale stage)"
    )


# --- attrition, hiring limits and timing -----------------------------------------------


def attrition_plan(attrition: str) -> dict[str, Any]:
    """Four people needed (40 calls a day, 10 each) and four in seat, over 2027."""
    data = simple_plan_data(start=D(2027, 1, 1), end=D(2027, 12, 31), goal=1, deal=1)
    data["goals"]["activities"]["call"]["target"] = {"per_working_day": 40}
    data["team"]["roles"]["Rep"].update({"attrition": attrition, "time_to_hire": "30d"})
    data["team"]["people"] = [
        {"name": f"Rep {k}", "role": "Rep", "start": D(2025, 1, 1)} for k in range(4)
    ]
    return data


def test_attrition_backfills() -> None:
    result = build(load_data(attrition_plan("50%")))
    headcount = result.headcount["Rep"]
    # 4 × (1 − 0.5^(365/365)) = 2 expected leavers over the year
    assert headcount.expected_leavers == pytest.approx(2.0)
    assert headcount.backfills == 2
    backfills = [(h.count, h.start, h.hire_by) for h in result.hiring if h.reason == "backfill"]
    # k-th leaver at survival (k − ½) ÷ 4: ln(0.875) ÷ ln(0.5) × 365 = 70 days → 12 Mar,
    # ln(0.625) ÷ ln(0.5) × 365 = 247 days → 5 Sep; each backfill starts 30 days later
    assert backfills == [
        (1, D(2027, 4, 11), D(2027, 3, 12)),
        (1, D(2027, 10, 5), D(2027, 9, 5)),
    ]


@pytest.mark.parametrize(
    ("attrition", "leavers"),
    [
        ("0%", 0.0),
        ("20%", 4 * (1 - 0.8)),
        ("10%", 4 * (1 - 0.9)),
    ],
)
def test_expected_leavers(attrition: str, leavers: float) -> None:
    headcount = build(load_data(attrition_plan(attrition))).headcount["Rep"]
    assert headcount.expected_leavers == pytest.approx(leavers)
    assert headcount.backfills == math.floor(leavers + 0.5)


def test_quarter_attrition_prorates_the_annual_rate() -> None:
    def tweak(data: dict[str, Any]) -> None:
        data["team"]["roles"]["SDR"]["attrition"] = "20%"

    headcount = build_b(tweak=tweak).headcount["SDR"]
    # 5 SDRs needed × (1 − 0.8^(90/365)) = 0.2677: under half a person, no backfill
    assert headcount.expected_leavers == pytest.approx(5 * (1 - 0.8 ** (90 / 365)))
    assert round(headcount.expected_leavers, 4) == 0.2677
    assert headcount.backfills == 0


def test_max_hires_makes_the_goal_unreachable() -> None:
    def tweak(data: dict[str, Any]) -> None:
        data["team"]["roles"]["SDR"]["max_hires"] = 1

    result = build_b(tweak=tweak)
    assert [(h.role, h.count) for h in result.hiring if h.role == "SDR"] == [("SDR", 1)]
    [found] = [w for w in result.warnings if w.code == "goal_unreachable"]
    assert found.role == "SDR"
    # 3 SDRs + one hire at 0.5 = 3.5 of the 4.31 FTE: a factor of 4.31 ÷ 3.5 = 1.2315
    assert found.message == (
        "SDR: the goal cannot be reached in the period with the hiring this plan allows — it"
        " needs 3 hires but at most 1 can be hired. What would reach it: more time (end the"
        " period on 2027-04-30); a higher win rate at Proposal (50% → 61.58%); a bigger average"
        " deal (5,000 → 6,157.64)"
    )


def test_hires_that_cannot_start_in_the_period_make_the_goal_unreachable() -> None:
    # as of 1 March, 45 days to hire: the earliest start (15 April) is after the period
    result = build_b(as_of=D(2027, 3, 1))
    assert result.headcount["SDR"].to_hire == 0
    assert [h for h in result.hiring if h.role == "SDR"] == []
    [found] = [w for w in result.warnings if w.code == "goal_unreachable"]
    assert found.role == "SDR"
    assert found.message == (
        "SDR: the goal cannot be reached in the period with any hiring — a hire starting"
        " 2027-04-15 has no productive working days left in the period. What would reach it:"
        " more time (end the period on 2027-05-30); a higher win rate at Proposal"
        " (50% → 71.84%); a bigger average deal (5,000 → 7,183.91)"
    )
    assert any(w.code == "hiring_late" and w.role == "SDR" for w in result.warnings)


def test_ramped_by_is_the_first_day_at_full_capacity() -> None:
    data = simple_plan_data(start=D(2027, 1, 31), end=D(2027, 4, 30))
    data["team"]["roles"]["Rep"]["ramp"] = ["50%", "100%"]
    [hire] = build(load_data(data)).hiring
    assert hire.start == D(2027, 1, 31)
    assert ramp_factor([0.5, 1.0], hire.start, hire.ramped_by) == 1.0
    assert ramp_factor([0.5, 1.0], hire.start, hire.ramped_by - dt.timedelta(days=1)) < 1.0


# --- money ----------------------------------------------------------------------------


def money_plan(churn: str = "2%") -> Any:
    def tweak(data: dict[str, Any]) -> None:
        data["goals"]["quota"] = {"over_assignment": 1.2, "expected_attainment": "80%"}
        data["goals"]["economics"] = {
            "arpa_monthly": 500,
            "gross_margin": "80%",
            "monthly_churn": churn,
            "marketing_spend": "20k",
            "other_costs": 5000,
        }
        data["team"]["roles"]["AE"]["compensation"] = {
            "base": "120k",
            "variable": 60_000,
            "commission_rate": "5%",
        }

    return tweak


def test_budget() -> None:
    result = build_b(tweak=money_plan())
    budget = result.budget
    ae = budget.by_role["AE"]
    # 2 AEs hired for the whole quarter: 2 × 90 days ÷ 365 = 0.4932 years of pay
    years = 2 * 90 / 365
    assert ae.base == pytest.approx(120_000 * years)  # 59,178.08
    assert ae.variable == pytest.approx(60_000 * 0.8 * years)  # at 80% attainment
    assert ae.commission == pytest.approx(0.05 * 250_000 * 0.8)  # 5% of expected revenue
    assert budget.by_role["SDR"].total == 0
    compensation = 120_000 * years + 48_000 * years + 10_000
    assert budget.compensation == pytest.approx(compensation)
    assert budget.total == pytest.approx(compensation + 20_000 + 5_000)
    cac = (compensation + 25_000) / 50
    assert budget.cac == pytest.approx(cac)  # 2,356.99
    assert budget.cost_per_won_deal == pytest.approx(compensation / 50)
    assert budget.ltv == pytest.approx(500 * 0.8 / 0.02)  # 20,000
    assert budget.ltv_to_cac == pytest.approx(20_000 / cac)
    assert budget.payback_months == pytest.approx(cac / (500 * 0.8))  # 5.89
    # quota: goal × over-assignment ÷ ramped quota-carrying FTE (2 AEs)
    assert budget.quota_per_rep == pytest.approx(250_000 * 1.2 / 2)
    assert result.headcount["AE"].quota_per_rep == pytest.approx(150_000)
    assert result.headcount["SDR"].quota_per_rep is None
    assert "ltv_to_cac_low" not in codes(result)


def test_budget_explanations() -> None:
    result = build_b(tweak=money_plan())
    assert result.explain("budget.total").formula == (
        "compensation 92,849.32 + marketing 20,000 + other 5,000 = 117,849.32"
    )
    assert result.explain("budget.cac").formula == (
        "CAC = 117,849.32 sales and marketing cost ÷ 50 won deals = 2,356.99"
    )
    assert result.explain("budget.ltv").formula == (
        "LTV = 500 monthly revenue per account × 80% gross margin ÷ 2% monthly churn = 20,000"
    )
    assert result.explain("budget.quota_per_rep").formula == (
        "quota per ramped rep = 250,000 goal × 1.2 over-assignment ÷ 2 ramped quota FTE = 150,000"
    )


def test_low_ltv_to_cac_warns() -> None:
    result = build_b(tweak=money_plan(churn="20%"))
    assert result.budget.ltv == pytest.approx(2_000)  # 500 × 80% ÷ 20%
    # 2,000 ÷ 2,356.99 = 0.85
    assert warning(result, "ltv_to_cac_low") == (
        "LTV:CAC is 0.85 — below 3, new customers may not pay back their cost"
    )


def test_ltv_given_directly_is_used() -> None:
    def tweak(data: dict[str, Any]) -> None:
        money_plan()(data)
        data["goals"]["economics"]["ltv"] = 10_000

    result = build_b(tweak=tweak)
    assert result.budget.ltv == 10_000
    assert "budget.ltv" not in result.explanations


def test_pay_is_prorated_by_days_in_seat() -> None:
    # one person in seat for the whole of 2027 Q1 (90 days) and one who leaves on 14 Jan
    data = simple_plan_data(capacity=1000)
    data["team"]["roles"]["Rep"]["compensation"] = {"base": 36_500, "variable": 7_300}
    data["team"]["people"] = [
        {"name": "Stays", "role": "Rep", "start": D(2025, 1, 1)},
        {"name": "Leaves", "role": "Rep", "start": D(2025, 1, 1), "end": D(2027, 1, 14)},
    ]
    cost = build(load_data(data)).budget.by_role["Rep"]
    assert cost.base == pytest.approx(36_500 * (90 + 14) / 365)  # 100 a day
    assert cost.variable == pytest.approx(7_300 * (90 + 14) / 365)  # 20 a day at 100%


def test_velocity() -> None:
    def tweak(data: dict[str, Any]) -> None:
        for stage, days in zip(data["strategy"]["stages"], (10, 14, 6), strict=True):
            stage["days_in_stage"] = days

    result = build_b(tweak=tweak)
    velocity = result.velocity
    assert velocity is not None
    # Little's law: 250 appointments over 90 days, each open 30 days → 83.33 open at once
    assert velocity.opportunities == pytest.approx(250 * 30 / 90)
    assert (velocity.win_rate, velocity.cycle_days) == (0.2, 30)
    # velocity is then the revenue the plan wins per calendar day: 50 deals × 5,000 ÷ 90 days
    assert velocity.per_day == pytest.approx(50 * 5000 / 90)
    assert result.explain("velocity").formula == (
        "sales velocity = 83.33 opportunities open at once (250 × 30 cycle days ÷ 90 days)"
        " × 5,000 × 20% win rate ÷ 30 days = 2,777.78/day"
    )


def test_velocity_needs_a_cycle_length() -> None:
    result = build_b()
    assert result.velocity is not None
    assert result.velocity.cycle_days == 0
    assert result.velocity.per_day is None
    assert "velocity" not in result.explanations


def test_timeline_activities_add_up_to_the_activity_totals_with_open_pipeline() -> None:
    def tweak(data: dict[str, Any]) -> None:
        data["strategy"]["open_pipeline"] = [
            {"stage": "appointment", "count": 50},
            {"stage": "proposal", "count": 20},
        ]
        for stage, days in zip(data["strategy"]["stages"], (7, 14, 10), strict=True):
            stage["days_in_stage"] = days

    result = build_b(tweak=tweak)
    for activity, volume in result.activities.items():
        planned = sum(month.activities.get(activity, 0.0) for month in result.timeline)
        assert planned == pytest.approx(volume.total), activity


def test_overstaffed_role_gets_no_backfills() -> None:
    def tweak(data: dict[str, Any]) -> None:
        data["team"]["roles"]["SDR"]["attrition"] = "40%"
        data["team"]["people"] += [
            {"name": f"Extra {n}", "role": "SDR", "start": "2024-01-01"} for n in range(5)
        ]

    result = build_b(tweak=tweak)
    assert result.headcount["SDR"].current == 8
    assert result.headcount["SDR"].required == 5
    assert [h for h in result.hiring if h.role == "SDR"] == []


def test_backfills_never_start_before_as_of_allows() -> None:
    def tweak(data: dict[str, Any]) -> None:
        data["goals"]["period"] = {"start": "2027-01-01", "horizon": "year"}
        data["goals"]["revenue_goal"] = 1_200_000
        data["team"]["roles"]["SDR"]["attrition"] = "50%"

    as_of = dt.date(2027, 6, 1)
    result = build_b(tweak=tweak, as_of=as_of)
    backfills = [h for h in result.hiring if h.reason == "backfill"]
    assert backfills
    assert all(h.hire_by >= as_of for h in backfills)


@pytest.mark.parametrize(
    ("role", "expected_hires"),
    [
        (
            {
                "name": "Sales manager",
                "manages": ["SDR", "AE"],
                "span_of_control": 2,
                "max_hires": 0,
            },
            0,
        ),
        ({"name": "RevOps", "fixed_headcount": 3, "max_hires": 1}, 1),
    ],
)
def test_max_hires_caps_headcount_roles(role: dict[str, Any], expected_hires: int) -> None:
    def tweak(data: dict[str, Any]) -> None:
        data["team"]["roles"]["X"] = role

    result = build_b(tweak=tweak)
    assert result.headcount["X"].to_hire == expected_hires
    assert "goal_unreachable" in [w.code for w in result.warnings if w.role == "X"]


def test_hiring_explanation_value_matches_its_text() -> None:
    def tweak(data: dict[str, Any]) -> None:
        data["goals"]["period"] = {"start": "2027-01-01", "horizon": "year"}
        data["goals"]["revenue_goal"] = 1_200_000
        data["team"]["roles"]["SDR"]["attrition"] = "30%"

    result = build_b(tweak=tweak)
    explanation = result.explain("headcount.SDR.to_hire")
    sdr = result.headcount["SDR"]
    assert sdr.backfills > 0
    assert explanation.value == sdr.to_hire
    assert f"{sdr.backfills} backfill(s)" in explanation.formula
    assert "team.roles.SDR.attrition" in explanation.inputs
    assert result.explain("headcount.SDR.fte").formula.endswith(f"= {round(sdr.fte, 2)}")
