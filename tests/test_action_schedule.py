"""The action plan as a schedule: validation, critical path, slack, overlaps, hiring steps, gantt."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import build_b, make_plan
from salesplan.cli.app import app
from salesplan.engine.schedule import plan_schedule
from salesplan.plan import PlanError

D = dt.date


def _items(*items: dict[str, Any]) -> Any:
    def tweak(data: dict[str, Any]) -> None:
        data["action_plan"] = {"items": list(items)}

    return tweak


KICKOFF = {
    "id": "kickoff",
    "title": "Kick-off",
    "owner": "SDR",
    "start": D(2027, 1, 4),
    "end": D(2027, 1, 15),
}
SEQUENCES = {
    "id": "sequences",
    "title": "Rewrite sequences",
    "owner": "SDR",
    "start": D(2027, 1, 18),
    "duration": "1w",
    "depends_on": ["kickoff"],
}
REVIEW = {
    "id": "review",
    "title": "Review",
    "kind": "milestone",
    "owner": "AE",
    "start": D(2027, 1, 24),
    "depends_on": ["sequences"],
}
ROI = {
    "id": "roi",
    "title": "ROI calculator",
    "owner": "AE",
    "start": D(2027, 1, 4),
    "end": D(2027, 1, 8),
}


def test_a_dependency_that_starts_after_its_dependent_is_an_error() -> None:
    late = {**SEQUENCES, "start": D(2027, 1, 2)}
    with pytest.raises(PlanError) as caught:
        make_plan(_items(KICKOFF, late))
    assert (
        "action_plan.items[1].depends_on[0]: 'sequences' starts 2027-01-02, before 'kickoff',"
        " which it depends on, starts (2027-01-04)" in caught.value.render()
    )


def test_a_cycle_is_spelled_out() -> None:
    looped = {**KICKOFF, "depends_on": ["review"]}
    with pytest.raises(PlanError) as caught:
        make_plan(_items(looped, SEQUENCES, REVIEW))
    assert "dependency cycle: kickoff → review → sequences → kickoff" in caught.value.render()


def test_duration_ends_the_day_before_start_plus_duration() -> None:
    plan = make_plan(_items(KICKOFF, SEQUENCES))
    assert plan.action_plan.items[1].last_day == D(2027, 1, 24)


def test_critical_path_and_slack_by_hand() -> None:
    schedule = plan_schedule(make_plan(_items(KICKOFF, SEQUENCES, REVIEW, ROI)))
    # kickoff 4–15 → sequences 18–24 (pinned to its start) → review on the 24th, the last
    # day of sequences (a milestone may fall on it)
    assert schedule.start == D(2027, 1, 4)
    assert schedule.end == D(2027, 1, 24)
    assert schedule.critical_path == ["sequences", "review"]
    # kickoff could end two days later without moving anything: sequences waits for the 18th
    assert schedule.item("kickoff").slack_days == 2
    roi = schedule.item("roi")
    assert (roi.earliest_start, roi.latest_start, roi.slack_days) == (
        D(2027, 1, 4),
        D(2027, 1, 20),
        16,
    )
    assert not roi.critical
    # sequences could start on the 16th (the day after kickoff ends) but is planned for the 18th
    sequences = schedule.item("sequences")
    assert (sequences.earliest_start, sequences.slack_days) == (D(2027, 1, 18), 0)
    assert schedule.warnings == []


def test_an_item_planned_before_what_it_waits_for_ends_is_a_warning() -> None:
    early = {**SEQUENCES, "start": D(2027, 1, 10)}
    schedule = plan_schedule(make_plan(_items(KICKOFF, early)))
    assert schedule.item("sequences").earliest_start == D(2027, 1, 16)
    assert [w.code for w in schedule.warnings] == [
        "action_starts_before_dependency_ends",
        "owner_overlap",
    ]
    assert schedule.warnings[0].message.startswith(
        "'Rewrite sequences' starts 2027-01-10, before 'Kick-off', which it waits for, ends (2027-01-15)"
    )


def test_overlaps_per_owner_skip_milestones_and_finished_items() -> None:
    calls = {
        "id": "calls",
        "title": "Call blitz",
        "owner": "AE",
        "start": D(2027, 1, 6),
        "end": D(2027, 1, 12),
    }
    done = {**calls, "id": "old", "title": "Old project", "status": "done"}
    schedule = plan_schedule(make_plan(_items(ROI, calls, done, REVIEW | {"depends_on": []})))
    assert [(o.owner, o.items, o.start, o.end) for o in schedule.overlaps] == [
        ("AE", ("roi", "calls"), D(2027, 1, 6), D(2027, 1, 8))
    ]
    assert schedule.warnings[0].message == (
        "AE has 2 items at once between 2027-01-06 and 2027-01-08: ROI calculator; Call blitz"
    )


def test_hiring_steps_come_from_the_build() -> None:
    result = build_b()
    plan = make_plan()
    schedule = plan_schedule(plan, result)
    hire = result.hiring[0]
    recruit, start, ramp = [item for item in schedule.items if item.owner == hire.role][:3]
    assert (recruit.kind, recruit.owner, recruit.start, recruit.end) == (
        "hiring",
        "SDR",
        hire.hire_by,
        hire.start - dt.timedelta(days=1),
    )
    assert recruit.title == "Open the Sales Development Representative role and recruit 3"
    assert (start.kind, start.start, start.depends_on) == ("milestone", hire.start, (recruit.id,))
    assert (ramp.start, ramp.end) == (hire.start, hire.ramped_by - dt.timedelta(days=1))
    assert all(item.generated for item in schedule.items)
    assert len(schedule.items) == sum(3 if h.ramped_by > h.start else 2 for h in result.hiring)
    assert plan_schedule(plan, result, with_hiring=False).items == []


def test_indonesian_plans_get_indonesian_hiring_steps() -> None:
    from salesplan.engine import build

    plan = make_plan(language="id")
    assert plan_schedule(plan).items == []  # without a build there are no hires to schedule
    steps = plan_schedule(plan, build(plan, as_of=D(2026, 11, 1))).items
    assert steps[0].title == "Buka posisi Sales Development Representative dan rekrut 3 orang"


runner = CliRunner()


@pytest.mark.parametrize("suffix", [".svg", ".png", ".html"])
def test_gantt_command_prints_the_schedule_and_draws_the_chart(tmp_path: Path, suffix: str) -> None:
    plan = Path(__file__).resolve().parent.parent / "src/salesplan/plan/templates/en/quarter.yaml"
    out = tmp_path / f"gantt{suffix}"
    result = runner.invoke(app, ["gantt", str(plan), "--as-of", "2027-01-20", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "critical path:" in result.stdout
    assert f"wrote {out}" in result.stdout
    data = out.read_bytes()
    if suffix == ".svg":
        assert b"Today, Jan 20, 2027" in data
        assert b"Open the Sales Development" in data  # the hiring steps are drawn too
    elif suffix == ".png":
        assert data.startswith(b"\x89PNG")
    else:
        assert b"vegaEmbed" in data
        assert b"Content-Security-Policy" in data


def test_gantt_command_refuses_other_suffixes(tmp_path: Path) -> None:
    plan = Path(__file__).resolve().parent.parent / "examples/derived-quarter.yaml"
    result = runner.invoke(app, ["gantt", str(plan), "-o", str(tmp_path / "g.pdf")])
    assert result.exit_code == 2
    assert "use .svg, .png or .html" in result.stderr
