"""``salesplan track`` on a small hand-computed fixture: January 2027 in the US.

January 2027 has 21 weekdays; New Year's Day (Fri 1st) and Martin Luther King Jr. Day
(Mon 18th) are public holidays, so the month has 19 working days. As of Monday the
18th (a holiday), 10 have gone — 4–8 and 11–15 January — and 9 are left, from the 19th.
So 10/19 of every target is due.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import ibis
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from salesplan.analytics.kpis import define_kpis, kpi_tree, match_metric
from salesplan.analytics.tracking import Tracking, track
from salesplan.cli.app import app
from salesplan.crm.store import Workspace
from salesplan.engine import build, pacing
from salesplan.engine.build import calendar_for
from salesplan.plan import loads
from salesplan.plan.measurement import Metric

PLAN = """\
name: January push
currency: USD
country: US
goals:
  period: {start: 2027-01-01, end: 2027-01-31}
  revenue_goal: 100k
  average_deal_value: 10k
  activities: {call: {name: Calls}}
team:
  roles:
    SDR: {name: Sales Development Rep, capacity: {call: 50}}
    AE: {name: Account Executive, capacity: {call: 10}, carries_quota: true}
    SM: {name: Sales Manager, manages: [SDR, AE], span_of_control: 5}
  people:
    - {name: Sam, role: SDR}
    - {name: Sue, role: SDR}
    - {name: Ann, role: AE}
    - {name: Max, role: SM}
strategy:
  stages:
    - {id: meeting, name: Meeting, owner: SDR, conversion: 50%, days_in_stage: 5, activities: {call: 10}}
    - {id: proposal, name: Proposal, owner: AE, conversion: 50%, days_in_stage: 10}
"""
AS_OF = dt.date(2027, 1, 18)
D = dt.datetime
runner = CliRunner()


def _fill(workspace: Workspace, extra_calls: int = 0, extra_won: float | None = None) -> None:
    """Three deals won in January (35k), four open in Proposal (10k each), twelve deals
    into Meeting and five into Proposal in the window, 150 calls in it (Sam 90, Sue 60)
    and a few outside it that must not count."""
    deals: list[list[Any]] = [
        ["w1", "won", 10_000.0, "a1", D(2026, 12, 1), D(2027, 1, 5)],
        ["w2", "won", 20_000.0, "a1", D(2026, 12, 2), D(2027, 1, 8)],
        ["w3", "won", 5_000.0, "a1", D(2026, 12, 3), D(2027, 1, 12)],
        ["late", "won", 50_000.0, "a1", D(2026, 12, 3), D(2027, 1, 20)],  # after as_of
        ["dec", "won", 70_000.0, "a1", D(2026, 11, 3), D(2026, 12, 20)],  # before the period
    ]
    if extra_won is not None:
        deals.append(["extra", "won", extra_won, "a1", D(2026, 12, 5), D(2027, 1, 14)])
    changes: list[list[Any]] = []
    for i in range(4):
        deals.append([f"p{i}", "open", 10_000.0, "a1", D(2027, 1, 4), None])
        changes.append([f"p{i}", "Meeting", D(2027, 1, 4, 10)])
        changes.append([f"p{i}", "Proposal", D(2027, 1, 6 + i, 10)])
    for i in range(8):
        deals.append([f"m{i}", "open", None, "s1" if i % 2 else "s2", D(2027, 1, 5 + i), None])
        changes.append([f"m{i}", "Meeting", D(2027, 1, 5 + i, 11)])
    deals.append(["q", "open", None, "a1", D(2027, 1, 4), None])
    changes.append(["q", "Proposal", D(2027, 1, 11, 9)])
    changes.append(["m0", "Meeting", D(2026, 12, 30)])  # before the window: not counted
    calls = [["s1", D(2027, 1, 4 + (i % 12), 9)] for i in range(90)]
    calls += [["s2", D(2027, 1, 4 + (i % 12), 9)] for i in range(60 + extra_calls)]
    calls += [["s1", D(2026, 12, 31, 9)], ["s2", D(2027, 1, 19, 9)]]  # outside: not counted
    with workspace.connect() as db:
        db.executemany(
            "INSERT INTO deals (source, id, status, value, owner, created_at, closed_at)"
            " VALUES ('t', ?, ?, ?, ?, ?, ?)",
            deals,
        )
        db.executemany(
            "INSERT INTO stage_changes (source, deal_id, to_stage, changed_at) VALUES ('t', ?, ?, ?)",
            changes,
        )
        db.executemany(
            "INSERT INTO activities (source, id, type, owner, done_at, done)"
            " VALUES ('t', ?, 'call', ?, ?, true)",
            [[f"c{i}", owner, when] for i, (owner, when) in enumerate(calls)],
        )
        db.executemany(
            "INSERT INTO people (source, id, name) VALUES ('t', ?, ?)",
            [["s1", "Sam"], ["s2", "Sue"], ["a1", "Ann"]],
        )


@pytest.fixture(scope="module")
def january(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("track")
    workspace = Workspace.open(folder / "ws")
    _fill(workspace)
    plan = folder / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    return plan, folder / "ws"


def _track(workspace: Path, **options: Any) -> Tracking:
    plan = loads(PLAN)
    result = build(plan)
    days = calendar_for(plan).working_days(result.period_start, result.period_end)
    con = ibis.duckdb.connect(str(workspace / "store.duckdb"), read_only=True)
    try:
        tables = {
            name: con.table(name)
            for name in ("deals", "stage_changes", "activities", "leads", "people")
        }
        return track(tables, plan, result, days, options.pop("as_of", AS_OF), **options)
    finally:
        con.disconnect()


def _line(tracking: Tracking, kpi: str) -> Any:
    return next(line for line in tracking.lines if line.kpi.id == kpi)


def test_pacing_by_working_days_with_holidays_by_hand(january: tuple[Path, Path]) -> None:
    tracking = _track(january[1])
    clock = tracking.clock
    assert (clock.total, clock.elapsed, clock.left) == (19, 10, 9)
    assert clock.share_due == pytest.approx(10 / 19)
    assert clock.next_day == dt.date(2027, 1, 19)  # the 18th is a holiday

    revenue = _line(tracking, "revenue")
    assert revenue.target == 100_000
    assert revenue.due == pytest.approx(100_000 * 10 / 19)  # 52,631.58
    assert revenue.actual == 35_000  # w1 + w2 + w3; not the deal won on the 20th
    assert revenue.pace == pytest.approx(35_000 / (100_000 * 10 / 19))  # 66.5%
    assert revenue.status == "at risk"
    assert revenue.catch_up.per_day == pytest.approx(65_000 / 9)
    assert revenue.catch_up.per_person == pytest.approx(65_000 / 9)  # Ann, the only AE
    # won 35k + five open Proposal deals (four at 10k, one without a value: the plan's
    # 10k) × 50% + eight open Meeting deals × 10k × 25% (no decided history: the plan's
    # rates; 12.5 days still to go fit in the 13 left) + no new pipeline (a 15-day
    # cycle cannot close in the 13 days left)
    assert revenue.forecast == pytest.approx(35_000 + 5 * 10_000 * 0.5 + 8 * 10_000 * 0.25)

    calls = _line(tracking, "activity:call")
    assert calls.target == 400
    assert calls.actual == 150
    assert calls.due == pytest.approx(400 * 10 / 19)
    assert calls.pace == pytest.approx(150 / (400 * 10 / 19))  # 71.3%
    assert calls.status == "at risk"
    assert calls.forecast == pytest.approx(150 + 15 * 9)  # the run rate
    assert calls.catch_up.per_day == pytest.approx(250 / 9)
    assert calls.catch_up.per_person == pytest.approx(250 / 9 / 2)  # Sam and Sue
    assert calls.catch_up.planned_per_person == pytest.approx(400 / 19 / 2)

    meetings = _line(tracking, "entered:meeting")
    assert meetings.actual == 12  # p0–p3 and m0–m7 entered Meeting in January
    proposals = _line(tracking, "entered:proposal")
    assert proposals.actual == 5  # p0–p3 and q
    conversion = _line(tracking, "conversion:meeting")
    assert conversion.actual == pytest.approx(5 / 12)
    assert conversion.n == 12
    assert conversion.status == "behind"  # 41.7% against 50%: 83% of the target
    win_rate = _line(tracking, "win_rate")
    assert (win_rate.actual, win_rate.n, win_rate.status) == (1.0, 3, "too early")


def test_seasonality_weights_the_days_due() -> None:
    days = [dt.date(2027, 1, 29), dt.date(2027, 2, 1), dt.date(2027, 2, 2)]
    even = pacing.PeriodClock.from_days(days, dt.date(2027, 1, 31))
    assert even.share_due == pytest.approx(1 / 3)
    heavy_february = pacing.PeriodClock.from_days(days, dt.date(2027, 1, 31), {1: 0.5, 2: 1.5})
    assert heavy_february.share_due == pytest.approx(0.5 / 3.5)


def test_before_and_after_the_period(january: tuple[Path, Path]) -> None:
    before = _track(january[1], as_of=dt.date(2026, 12, 20))
    assert before.clock.elapsed == 0
    assert _line(before, "revenue").actual == 0
    assert _line(before, "revenue").status == "too early"
    after = _track(january[1], as_of=dt.date(2027, 2, 10))
    assert after.clock.left == 0
    assert _line(after, "revenue").actual == 85_000  # the deal won on the 20th counts now
    assert _line(after, "revenue").catch_up.per_day is None


def test_role_rep_and_manager_views(january: tuple[Path, Path]) -> None:
    sdr = _track(january[1], role="sdr")
    assert sdr.view == "role"
    assert sdr.role == "SDR"
    ids = [line.kpi.id for line in sdr.lines]
    assert "activity:call" in ids
    assert "entered:meeting" in ids
    assert "revenue" not in ids
    assert "response_hours" in ids

    sam = _track(january[1], rep="Sam")
    assert sam.view == "rep"
    assert sam.rep is not None
    assert sam.rep.id == "s1"
    calls = _line(sam, "activity:call")
    assert calls.actual == 90
    assert calls.target == pytest.approx(200)  # the SDRs' 400 split between two
    assert calls.catch_up.per_person == pytest.approx((200 - 90) / 9)

    manager = _track(january[1], role="manager")
    assert manager.view == "manager"
    assert manager.role == "SM"
    board = {row.member.name: row for row in manager.leaderboard}
    assert board["Ann"].kpi == "revenue"
    assert board["Ann"].attainment == pytest.approx(35_000 / (100_000 * 10 / 19))
    assert board["Ann"].band == "50–79%"
    assert board["Sam"].kpi == "entered:proposal"  # what an SDR hands to the AE
    assert manager.bands["50–79%"] >= 1
    assert sum(manager.bands.values()) == len(manager.leaderboard) == 3
    hiring = {line.role: line for line in manager.hiring}
    assert hiring["SDR"].in_seat == 2
    assert hiring["AE"].in_seat == 1


def test_more_activity_or_revenue_never_lowers_the_forecast(tmp_path: Path) -> None:
    forecasts = []
    for extra_calls, extra_won in ((0, None), (30, None), (30, 4_000.0)):
        workspace = Workspace.open(tmp_path / f"ws{extra_calls}{extra_won}")
        _fill(workspace, extra_calls, extra_won)
        tracking = _track(tmp_path / f"ws{extra_calls}{extra_won}")
        forecasts.append(
            (_line(tracking, "activity:call").forecast, _line(tracking, "revenue").forecast)
        )
    assert forecasts[0][0] < forecasts[1][0] <= forecasts[2][0]
    assert forecasts[0][1] <= forecasts[1][1] < forecasts[2][1]


@given(
    actual=st.floats(0, 1e6),
    more=st.floats(0, 1e6),
    target=st.floats(1, 1e6),
    elapsed=st.integers(1, 60),
    left=st.integers(0, 60),
)
def test_pacing_properties(
    actual: float, more: float, target: float, elapsed: int, left: int
) -> None:
    days = [dt.date(2027, 1, 1) + dt.timedelta(days=i) for i in range(elapsed + left)]
    clock = pacing.PeriodClock.from_days(days, days[elapsed - 1])
    low = pacing.run_rate_forecast(actual, clock)
    high = pacing.run_rate_forecast(actual + more, clock)
    assert low is not None
    assert high is not None
    assert high >= low
    behind = pacing.catch_up(target, actual, clock, people=3)
    ahead = pacing.catch_up(target, actual + more, clock, people=3)
    if left:
        assert ahead.per_day is not None
        assert behind.per_day is not None
        assert ahead.per_day <= behind.per_day
    order = list(pacing.STATUSES[:4])
    due = target * clock.share_due
    first = pacing.status(pacing.pace(actual, due))
    second = pacing.status(pacing.pace(actual + more, due))
    assert order.index(second) <= order.index(first)  # more actual: never a worse status


def test_attainment_bands() -> None:
    assert [pacing.attainment_band(x) for x in (0.0, 0.49, 0.5, 0.8, 0.99, 1.0, 1.2, 1.21)] == [
        "<50%",
        "<50%",
        "50–79%",
        "80–99%",
        "80–99%",
        "100–120%",
        ">120%",
        ">120%",
    ]


def test_section_seven_metrics_name_and_set_targets() -> None:
    plan = loads(
        PLAN
        + """\
measurement:
  secondary_metrics:
    - {id: calls_made, name: Calls made, stage: meeting, unit: calls, target: 500}
    - {id: meeting_to_proposal, name: Meeting to proposal, stage: meeting, unit: '%', target: 60}
    - {id: response_time, name: Speed to lead, unit: minutes, target: 30}
    - {id: nps, name: Net promoter score, target: 40}
"""
    )
    kpis = {kpi.id: kpi for kpi in define_kpis(plan, build(plan))}
    assert (kpis["activity:call"].name, kpis["activity:call"].target) == ("Calls made", 500)
    assert kpis["conversion:meeting"].target == pytest.approx(0.6)
    assert kpis["response_hours"].target == pytest.approx(0.5)
    assert match_metric(Metric(id="nps", name="NPS", target=40), list(kpis.values())) is None
    tree = kpi_tree(list(kpis.values()))
    assert tree[None] == ["revenue"]
    assert "won_deals" in tree["revenue"]
    assert "activity:call" in tree["entered:proposal"]  # calls in Meeting feed Proposal


# ── the command ────────────────────────────────────────────────────────────────


def run(january: tuple[Path, Path], *options: str) -> Result:
    plan, workspace = january
    return runner.invoke(
        app, ["track", str(plan), "--data", str(workspace), "--as-of", "2027-01-18", *options]
    )


def test_cli_leader_view(january: tuple[Path, Path]) -> None:
    result = run(january, "--tree")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "working day 10 of 19" in out
    assert "New-business revenue" in out
    assert "at risk" in out
    assert "To catch up" in out
    assert "a working day from 2027-01-19" in out
    assert "Leaderboard" in out
    assert "Attainment bands" in out
    assert "Hiring on schedule" in out
    assert "KPI tree" in out


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (("--role", "sdr"), "Calls"),
        (("--role", "AE"), "New-business revenue"),
        (("--role", "manager"), "Leaderboard"),
        (("--rep", "Sue"), "Sue"),
    ],
)
def test_cli_views(january: tuple[Path, Path], options: tuple[str, ...], expected: str) -> None:
    result = run(january, *options)
    assert result.exit_code == 0, result.output
    assert expected in result.stdout


def test_cli_json(january: tuple[Path, Path]) -> None:
    result = run(january, "--json", "--role", "sdr")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["view"] == "role"
    assert data["role"] == "SDR"
    assert data["working_days"] == {"total": 19, "elapsed": 10, "left": 9, "share_due": 10 / 19}
    calls = next(k for k in data["kpis"] if k["id"] == "activity:call")
    assert calls["actual"] == 150
    assert calls["status"] == "at risk"
    assert calls["catch_up"]["from"] == "2027-01-19"
    assert "activity:call" in data["alerts"]


def test_cli_alerts_exit_1_with_a_concise_list(january: tuple[Path, Path]) -> None:
    result = run(january, "--alerts")
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith(f"{len(lines) - 1} KPIs at risk as of 2027-01-18")
    assert any(line.startswith("- New-business revenue:") for line in lines)
    assert any("catch-up:" in line for line in lines)


def test_cli_alerts_exit_0_when_nothing_is_at_risk(january: tuple[Path, Path]) -> None:
    result = run(january, "--alerts", "--rep", "Max")  # a manager with no KPI of his own
    assert result.exit_code == 0, result.output
    assert "No KPI at risk" in result.stdout


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--role", "CFO"), "--role 'CFO': the plan has no such role; valid: SDR, AE, SM"),
        (("--rep", "Zed"), "--rep 'Zed': no one of that name"),
        (("--rep", "Sam", "--role", "SDR"), "give --role or --rep, not both"),
    ],
)
def test_cli_errors(january: tuple[Path, Path], options: tuple[str, ...], message: str) -> None:
    result = run(january, *options)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_cli_not_a_workspace(january: tuple[Path, Path], tmp_path: Path) -> None:
    result = runner.invoke(app, ["track", str(january[0]), "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "no workspace here" in result.stderr


def test_what_the_crm_does_not_record_is_no_data_not_at_risk(tmp_path: Path) -> None:
    """A CRM with deals but no stage history and no activity log (Maven's shape)."""
    workspace = Workspace.open(tmp_path / "ws")
    with workspace.connect() as db:
        db.executemany(
            "INSERT INTO deals (source, id, status, value, owner, stage, created_at, closed_at)"
            " VALUES ('t', ?, ?, ?, 'a1', ?, ?, ?)",
            [[f"d{i}", "open", 10_000.0, "Meeting", D(2027, 1, 4 + i), None] for i in range(7)]
            + [["w", "won", 10_000.0, "Proposal", D(2026, 12, 1), D(2027, 1, 6)]],
        )
    tracking = _track(tmp_path / "ws")
    assert _line(tracking, "entered:meeting").actual == 7  # created in January: entered
    for kpi in ("entered:proposal", "conversion:meeting", "conversion:proposal", "activity:call"):
        assert _line(tracking, kpi).status == "no data"
        assert _line(tracking, kpi).actual is None
    assert all(line.status != "no data" for line in tracking.alerts)
    assert "activity:call" not in {line.kpi.id for line in tracking.alerts}
