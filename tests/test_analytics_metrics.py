"""Calibration metrics on a small hand-built store, checked against counts done by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import ibis
import pytest

from salesplan.analytics import metrics as m
from salesplan.crm.store import Workspace

D = dt.datetime


@pytest.fixture
def tables(tmp_path: Path) -> tuple[object, object]:
    """Five deals: A and B won, C lost, D and E open; the stage history of each."""
    workspace = Workspace.open(tmp_path / "ws")
    with workspace.connect() as db:
        db.executemany(
            "INSERT INTO deals (source, id, status, value, created_at, closed_at) VALUES ('t', ?, ?, ?, ?, ?)",
            [
                ["A", "won", 1000.0, D(2025, 1, 1), D(2025, 1, 31)],
                ["B", "won", 3000.0, D(2025, 1, 1), D(2025, 1, 21)],
                ["C", "lost", 500.0, D(2025, 1, 1), D(2025, 1, 11)],
                ["D", "open", 800.0, D(2025, 1, 1), None],
                ["E", "open", None, D(2025, 1, 5), None],
            ],
        )
        history = [
            # A: lead → demo → proposal → won stage, the straight path
            ["A", "Lead", D(2025, 1, 1)],
            ["A", "Demo", D(2025, 1, 5)],
            ["A", "Proposal", D(2025, 1, 15)],
            ["A", "Closed", D(2025, 1, 31)],
            # B skips the demo
            ["B", "Lead", D(2025, 1, 1)],
            ["B", "Proposal", D(2025, 1, 11)],
            ["B", "Closed", D(2025, 1, 21)],
            # C is lost after its demo
            ["C", "Lead", D(2025, 1, 1)],
            ["C", "Demo", D(2025, 1, 3)],
            # D is still in its demo, E still a lead
            ["D", "Lead", D(2025, 1, 1)],
            ["D", "Demo", D(2025, 1, 2)],
            ["E", "Lead", D(2025, 1, 5)],
        ]
        db.executemany(
            "INSERT INTO stage_changes (source, deal_id, to_stage, changed_at) VALUES ('t', ?, ?, ?)",
            history,
        )
    con = ibis.duckdb.connect(str(workspace.store), read_only=True)
    return con.table("deals"), con.table("stage_changes")


def test_counts_win_rate_and_values(tables: tuple[object, object]) -> None:
    deals, _ = tables
    assert m.deal_counts(deals) == {"open": 2, "won": 2, "lost": 1}
    rate = m.win_rate(deals)
    assert (rate.successes, rate.n, rate.value) == (2, 3, 2 / 3)
    assert rate.interval == pytest.approx(m.wilson(2, 3))
    assert rate.warning is not None
    assert "fewer than 30" in rate.warning
    assert m.won_value(deals) == {
        "n": 2,
        "mean": 2000.0,
        "median": 2000.0,
        "p25": 1500.0,
        "p75": 2500.0,
    }


def test_stage_order_survives_skipped_stages(tables: tuple[object, object]) -> None:
    _, changes = tables
    assert m.stage_order(changes) == ["Lead", "Demo", "Proposal", "Closed"]


def test_conversions_in_both_definitions(tables: tuple[object, object]) -> None:
    _, changes = tables
    order = ["Lead", "Demo", "Proposal", "Closed"]
    reached = [
        (c.source, c.target, c.rate.successes, c.rate.n)
        for c in m.stage_conversions(changes, order)
    ]
    # reached Demo or later: A, B, C, D of 5 leads; Proposal or later: A, B of those 4 …
    assert reached == [
        ("Lead", "Demo", 4, 5),
        ("Demo", "Proposal", 2, 4),
        ("Proposal", "Closed", 2, 2),
    ]
    strict = [
        (c.source, c.target, c.rate.successes, c.rate.n)
        for c in m.stage_conversions(changes, order, "next")
    ]
    # … but strictly next: of 5 leads only A, C, D moved to Demo (B jumped to Proposal)
    assert strict == [
        ("Lead", "Demo", 3, 5),
        ("Demo", "Proposal", 1, 3),
        ("Proposal", "Closed", 2, 2),
    ]


def test_time_in_stage_counts_open_stays_as_censored(tables: tuple[object, object]) -> None:
    deals, changes = tables
    stays = m.time_in_stage(changes, deals)
    # Demo: A 10 days, C 8 days (then lost); D is still in it
    assert stays["Demo"] == m.Duration(n=2, censored=1, median=9.0, p75=9.5, p90=9.8)
    # Lead: A 4, B 10, C 2, D 1 days; E is still a lead
    assert (stays["Lead"].n, stays["Lead"].censored, stays["Lead"].median) == (4, 1, 3.0)


def test_sales_cycle_censors_open_deals(tables: tuple[object, object]) -> None:
    deals, _ = tables
    cycle = m.sales_cycle(deals)
    assert (cycle.n, cycle.censored, cycle.median) == (2, 2, 25.0)


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [(0, 10, 0.0, 0.27753), (5, 10, 0.23659, 0.76341), (10, 10, 0.72247, 1.0), (0, 0, 0.0, 1.0)],
)
def test_wilson_interval(successes: int, n: int, low: float, high: float) -> None:
    assert m.wilson(successes, n) == pytest.approx((low, high), abs=1e-5)


def test_win_rate_by_month_both_cohorts(tables: tuple[object, object]) -> None:
    deals, _ = tables
    closed = [(r.month, r.rate.successes, r.rate.n) for r in m.win_rate_by_month(deals, "closed")]
    created = [(r.month, r.rate.successes, r.rate.n) for r in m.win_rate_by_month(deals, "created")]
    assert closed == [("2025-01", 2, 3)]
    assert created == [("2025-01", 2, 3)]


def test_seasonality_and_segments(tables: tuple[object, object]) -> None:
    deals, _ = tables
    assert m.seasonality(deals) == {1: 1.0}
    ranked = m.segments(deals, "status")
    assert ranked[0].name == "won"
    assert ranked[0].expected_value == 2000.0


def test_rep_history_ramp_and_attrition(tmp_path: Path) -> None:
    """Veteran V works all year; newcomer N starts in March at a quarter, then half, then full
    pace; L leaves in June. The log runs January to December."""
    workspace = Workspace.open(tmp_path / "reps")
    rows = []
    start = D(2025, 1, 1)
    for day in range(0, 360, 3):  # V: 10 activities every third day, all year
        rows += [["V", start + dt.timedelta(days=day)]] * 10
    for day in range(0, 150, 3):  # L: the same pace until the end of May
        rows += [["L", start + dt.timedelta(days=day)]] * 10
    newcomer = D(2025, 3, 1)
    for day in range(0, 300, 3):
        pace = 2 if day < 30 else 5 if day < 61 else 10  # months 1, 2, then ramped
        rows += [["N", newcomer + dt.timedelta(days=day)]] * pace
    with workspace.connect() as db:
        db.executemany(
            "INSERT INTO activities (source, id, type, owner, done_at, done) VALUES ('t', ?, 'call', ?, ?, true)",
            [[f"a{i}", owner, when] for i, (owner, when) in enumerate(rows)],
        )
    con = ibis.duckdb.connect(str(workspace.store), read_only=True)
    history = m.rep_history(con.table("activities"), months=3)
    assert (history.reps, history.leavers) == (3, 1)
    # months are 30.44 days and the pace changes on day 30 and 61: a few days blur each edge
    assert history.ramp[0] == pytest.approx(0.2, abs=0.07)
    assert history.ramp[1] == pytest.approx(0.5, abs=0.07)
    assert history.ramp[2] == pytest.approx(1.0, abs=0.07)
    assert history.annual_attrition == pytest.approx(1 / history.rep_years)


def test_timesheet_capacity(tmp_path: Path) -> None:
    workspace = Workspace.open(tmp_path / "sheets")
    with workspace.connect() as db:
        db.executemany(
            "INSERT INTO timesheets (source, person, date, activity_type, count, minutes) VALUES ('t', ?, ?, ?, ?, ?)",
            [
                ["Ana", dt.date(2025, 3, 3), "call", 40, 200],
                ["Ana", dt.date(2025, 3, 4), "call", 50, 250],
                ["Budi", dt.date(2025, 3, 3), "call", 30, 150],
                ["Budi", dt.date(2025, 3, 3), "demo", 2, 90],
            ],
        )
    con = ibis.duckdb.connect(str(workspace.store), read_only=True)
    assert m.timesheet_capacity(con.table("timesheets")) == {
        "call": {"minutes_per_activity": 5.0, "median_per_day": 40.0, "person_days": 3},
        "demo": {"minutes_per_activity": 45.0, "median_per_day": 2.0, "person_days": 1},
    }
