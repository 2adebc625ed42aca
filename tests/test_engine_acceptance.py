"""Acceptance examples A and B, built from the files in ``examples/``."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import EXAMPLES, build_b
from salesplan.engine import build
from salesplan.engine.results import PlanBuild
from salesplan.plan import load

AS_OF = dt.date(2026, 11, 1)


@pytest.fixture(scope="module")
def result_b() -> PlanBuild:
    return build(load(EXAMPLES / "derived-quarter.yaml"), as_of=AS_OF)


def test_example_a_needs_ten_sdrs() -> None:
    result = build(load(EXAMPLES / "seed-quarter.yaml"))
    assert result.headcount["SDR"].required == 10
    # 200 emails a working day set directly, 20 per SDR
    assert result.activities["email"].source == "target"
    assert result.activities["email"].per_working_day == 200
    assert result.headcount["SDR"].fte == pytest.approx(10.0)


def test_example_b_working_days(result_b: PlanBuild) -> None:
    assert result_b.working_days == 58
    assert result_b.explain("working_days").formula == (
        "58 working days = 90 calendar days − 26 weekend days − 6 public holidays"
        " − 0 company days off"
    )


def test_example_b_deals_and_funnel(result_b: PlanBuild) -> None:
    assert result_b.deals_required == 50
    assert [(s.name, s.required) for s in result_b.funnel] == [
        ("Appointment", 250),
        ("Demo", 200),
        ("Proposal", 100),
    ]


@pytest.mark.parametrize(
    ("activity", "total", "per_day"),
    [("email", 10_000, 172.41), ("call", 5_000, 86.21)],
)
def test_example_b_activities(
    result_b: PlanBuild, activity: str, total: int, per_day: float
) -> None:
    volume = result_b.activities[activity]
    assert volume.total == total
    assert round(volume.per_working_day, 2) == per_day
    assert volume.source == "derived"
    assert volume.by_role == {"SDR": total}


@pytest.mark.parametrize(
    ("role", "fte", "required"),
    [("SDR", 4.31, 5), ("AE", 1.72, 2)],
)
def test_example_b_headcount(result_b: PlanBuild, role: str, fte: float, required: int) -> None:
    headcount = result_b.headcount[role]
    assert round(headcount.fte, 2) == fte
    assert headcount.required == required


def test_example_b_sdr_required_formula(result_b: PlanBuild) -> None:
    assert result_b.explain("headcount.SDR.required").formula == (
        "SDR required = ceil(172.41 emails/day ÷ 80 + 86.21 calls/day ÷ 40) = ceil(4.31) = 5"
    )
    assert result_b.explain("headcount.SDR.required").value == 5


def test_example_b_new_sdr_gives_half_an_fte(result_b: PlanBuild) -> None:
    # ramp 25%/50%/75% over January, February, March: 0.5 FTE over the quarter
    formula = result_b.explain("headcount.SDR.to_hire").formula
    assert "each new hire starting 2027-01-01 gives 0.5 FTE over the period" in formula
    assert "hires = ceil((4.31 − 3 − 0 from backfills) ÷ 0.5) = 3" in formula
    # month by month: 3 ramped SDRs plus 3 hires at 25%, 50% and 75%
    sdr = {m.month: m.effective_fte for m in result_b.capacity_by_month if m.role == "SDR"}
    assert sdr == pytest.approx({"2027-01": 3.75, "2027-02": 4.5, "2027-03": 5.25})


def test_example_b_hiring(result_b: PlanBuild) -> None:
    sdr = [h for h in result_b.hiring if h.role == "SDR"]
    assert [(h.count, h.start, h.hire_by, h.reason) for h in sdr] == [
        (3, dt.date(2027, 1, 1), dt.date(2026, 11, 17), "growth")
    ]
    assert result_b.headcount["SDR"].current == 3
    assert result_b.headcount["SDR"].to_hire == 3
    assert not [w for w in result_b.warnings if w.code == "hiring_late"]


def test_without_as_of_hires_can_still_start_on_time() -> None:
    # as of the earliest hire-by date: 1 Jan 2027 − 45 days to hire an SDR
    result = build(load(EXAMPLES / "derived-quarter.yaml"))
    assert result.as_of == dt.date(2026, 11, 17)
    assert [(h.role, h.count, h.start) for h in result.hiring] == [
        ("SDR", 3, dt.date(2027, 1, 1)),
        ("AE", 2, dt.date(2027, 1, 1)),
    ]
    assert "hiring_late" not in [w.code for w in result.warnings]


def test_example_b_late_hiring_warning_is_reproducible() -> None:
    late = dt.date(2026, 11, 27)
    first = build(load(EXAMPLES / "derived-quarter.yaml"), as_of=late)
    second = build(load(EXAMPLES / "derived-quarter.yaml"), as_of=late)
    messages = [w.message for w in first.warnings if w.code == "hiring_late"]
    assert messages == [w.message for w in second.warnings if w.code == "hiring_late"]
    assert len(messages) == 1
    assert "SDR hiring had to start on 2026-11-17" in messages[0]
    assert messages[0] == (
        "SDR hiring had to start on 2026-11-17 for new hires to be in seat on 2027-01-01;"
        " as of 2026-11-27 the earliest start is 2027-01-11, so 4 hires are needed instead of 3"
    )
    [sdr] = [h for h in first.hiring if h.role == "SDR"]
    assert (sdr.start, sdr.hire_by) == (dt.date(2027, 1, 11), late)


def test_example_b_data_matches_the_example_file(result_b: PlanBuild) -> None:
    """The data the other tests tweak is example B: same build, figure for figure."""
    from_data = build_b(as_of=AS_OF).to_dict()
    from_file = result_b.to_dict()
    assert from_data == from_file
