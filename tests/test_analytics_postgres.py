"""The same metric definitions give the same answers on PostgreSQL as on DuckDB.

Needs a PostgreSQL server: ``.ci/run`` starts one (``scripts/start-postgres``) and sets
``SALESPLAN_TEST_POSTGRES``. Elsewhere the test is skipped — except under CI, where a
missing server is a failure, so the check cannot silently stop running.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ibis
import pytest

from salesplan.analytics import metrics as m
from salesplan.crm.store import Workspace

URL = os.environ.get("SALESPLAN_TEST_POSTGRES")
if URL is None and os.environ.get("CI"):
    pytest.fail("SALESPLAN_TEST_POSTGRES is not set: .ci/run must start PostgreSQL", pytrace=False)
pytestmark = pytest.mark.skipif(
    URL is None, reason="no PostgreSQL server (set SALESPLAN_TEST_POSTGRES)"
)

D = dt.datetime


def _activities(changes: list[list[Any]]) -> list[list[Any]]:
    """A few activities per stage change, by reps who join over the year."""
    rows = []
    for index, (deal, _stage, when) in enumerate(changes):
        for k in range(index % 3 + 1):
            rows.append(
                [
                    f"a{index}-{k}",
                    ("call", "email", "meeting")[k],
                    f"rep{index % 11}",
                    deal,
                    when + dt.timedelta(hours=k + 1),
                ]
            )
    return rows


def _history(count: int) -> tuple[list[list[Any]], list[list[Any]]]:
    """A few hundred deals with varied paths, values and outcomes (deterministic)."""
    deals, changes = [], []
    stages = ["Lead", "Qualified", "Demo", "Proposal", "Negotiation"]
    for i in range(count):
        start = D(2025, 1, 1) + dt.timedelta(hours=7 * i)
        reach = (i * 7) % len(stages) + 1
        status = "open" if i % 5 == 0 else ("won" if i % 3 else "lost")
        when = start
        for step in range(reach):
            if step == 2 and i % 4 == 0:
                continue  # some deals skip the demo
            changes.append([f"d{i}", stages[step], when])
            when += dt.timedelta(days=(i % 9) + step + 1, hours=i % 5)
        closed = None if status == "open" else when
        deals.append(
            [f"d{i}", status, float(100 + (i * 37) % 900) if i % 7 else None, start, closed]
        )
    return deals, changes


@pytest.fixture(scope="module")
def backends(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[Any, Any]]]:
    folder: Path = tmp_path_factory.mktemp("pg")
    workspace = Workspace.open(folder / "ws")
    deals, changes = _history(300)
    with workspace.connect() as db:
        db.executemany(
            "INSERT INTO deals (source, id, status, value, created_at, closed_at) VALUES ('t', ?, ?, ?, ?, ?)",
            deals,
        )
        db.executemany(
            "INSERT INTO stage_changes (source, deal_id, to_stage, changed_at) VALUES ('t', ?, ?, ?)",
            changes,
        )
        db.executemany(
            "INSERT INTO activities (source, id, type, owner, deal_id, done_at, done) VALUES ('t', ?, ?, ?, ?, ?, true)",
            _activities(changes),
        )
        db.executemany(
            "INSERT INTO timesheets (source, person, date, activity_type, count, minutes) VALUES ('t', ?, ?, ?, ?, ?)",
            [
                [
                    f"rep{i % 7}",
                    (D(2025, 1, 1) + dt.timedelta(days=i % 90)).date(),
                    ("call", "email")[i % 2],
                    10 + i % 13,
                    30 + i % 41,
                ]
                for i in range(400)
            ],
        )
    duck = ibis.duckdb.connect(str(workspace.store), read_only=True)
    duck.raw_sql("SET TimeZone = 'UTC'")
    assert URL is not None
    pg = ibis.connect(URL)
    pg.raw_sql("SET TIME ZONE 'UTC'")
    suffix = uuid.uuid4().hex[:8]
    names = {}
    for table in ("deals", "stage_changes", "activities", "timesheets"):
        names[table] = f"{table}_{suffix}"
        pg.create_table(names[table], duck.table(table).to_pyarrow(), temp=False)
    try:
        yield {
            "duckdb": tuple(
                duck.table(name) for name in ("deals", "stage_changes", "activities", "timesheets")
            ),
            "postgres": tuple(
                pg.table(names[name])
                for name in ("deals", "stage_changes", "activities", "timesheets")
            ),
        }
    finally:
        for name in names.values():
            pg.drop_table(name, force=True)
        pg.disconnect()
        duck.disconnect()


def _same(left: Any, right: Any) -> None:
    if isinstance(left, float) or isinstance(right, float):
        assert left == pytest.approx(right, rel=1e-9, abs=1e-9)
    else:
        assert left == right


def test_every_metric_is_the_same_on_both(backends: dict[str, tuple[Any, Any]]) -> None:
    results = {}
    for engine, (deals, changes, activities, timesheets) in backends.items():
        order = m.stage_order(changes)
        results[engine] = {
            "counts": m.deal_counts(deals),
            "win_rate": m.win_rate(deals),
            "won_value": m.won_value(deals),
            "order": order,
            "reached": [
                (c.source, c.target, c.rate.successes, c.rate.n)
                for c in m.stage_conversions(changes, order)
            ],
            "next": [
                (c.source, c.target, c.rate.successes, c.rate.n)
                for c in m.stage_conversions(changes, order, "next")
            ],
            "stays": m.time_in_stage(changes, deals),
            "cycle": m.sales_cycle(deals),
            "by_closed": m.win_rate_by_month(deals, "closed"),
            "by_created": m.win_rate_by_month(deals, "created"),
            "seasonality": m.seasonality(deals),
            "segments": [(s.name, s.deals, s.win_rate) for s in m.segments(deals, "status")],
            "from_stage": m.win_rate_from_stage(changes, deals, "Demo", order),
            "per_won": m.activities_per_won_deal(activities, deals),
            "per_advance": m.activities_per_advance(changes, activities),
            "throughput": m.daily_throughput(activities),
            "reps": m.rep_history(activities, months=3),
            "timesheets": m.timesheet_capacity(timesheets),
        }
    duck, pg = results["duckdb"], results["postgres"]
    assert duck["counts"] == pg["counts"]
    assert duck["win_rate"] == pg["win_rate"]
    assert duck["order"] == pg["order"] == ["Lead", "Qualified", "Demo", "Proposal", "Negotiation"]
    assert duck["reached"] == pg["reached"]
    assert duck["next"] == pg["next"]
    for key in duck["won_value"]:
        _same(duck["won_value"][key], pg["won_value"][key])
    assert duck["stays"].keys() == pg["stays"].keys()
    for stage, stay in duck["stays"].items():
        other = pg["stays"][stage]
        assert (stay.n, stay.censored) == (other.n, other.censored)
        for field in ("median", "p75", "p90"):
            _same(getattr(stay, field), getattr(other, field))
    for field in ("n", "censored", "median", "p75", "p90"):
        _same(getattr(duck["cycle"], field), getattr(pg["cycle"], field))
    assert duck["by_closed"] == pg["by_closed"]
    assert duck["by_created"] == pg["by_created"]
    assert duck["seasonality"].keys() == pg["seasonality"].keys()
    for month, factor in duck["seasonality"].items():
        _same(factor, pg["seasonality"][month])
    assert duck["segments"] == pg["segments"]
    assert duck["from_stage"] == pg["from_stage"]
    assert duck["per_won"][0] == pg["per_won"][0]
    for kind, value in duck["per_won"][1].items():
        _same(value, pg["per_won"][1][kind])
    assert duck["per_advance"].keys() == pg["per_advance"].keys()
    for stage, types in duck["per_advance"].items():
        for kind, value in types.items():
            _same(value, pg["per_advance"][stage][kind])
    assert duck["throughput"] == pg["throughput"]
    assert (duck["reps"].reps, duck["reps"].leavers) == (pg["reps"].reps, pg["reps"].leavers)
    _same(duck["reps"].rep_years, pg["reps"].rep_years)
    assert duck["reps"].ramp == pg["reps"].ramp
    assert duck["timesheets"] == pg["timesheets"]


def test_tracking_actuals_are_the_same_on_both(backends: dict[str, tuple[Any, Any]]) -> None:
    from salesplan.analytics.actuals import Window, period_actuals, win_chances

    stages = {"lead": 0, "qualified": 1, "demo": 2, "proposal": 3, "negotiation": 4}
    activities = {"call": "call", "email": "email", "meeting": "meeting"}
    window = Window.of_days(dt.date(2025, 1, 20), dt.date(2025, 2, 28))
    found = {}
    for engine, (deals, changes, acts, _) in backends.items():
        tables = {"deals": deals, "stage_changes": changes, "activities": acts}
        actuals = period_actuals(tables, window, stages, activities)
        found[engine] = (actuals, win_chances(tables, window.end, stages))
    (duck, duck_chances), (pg, pg_chances) = found["duckdb"], found["postgres"]
    assert duck.won == pg.won
    assert duck.lost == pg.lost
    assert duck.entries == pg.entries
    assert duck.activities == pg.activities
    assert duck.open == pg.open
    assert sum(duck.entries.values()) > 0
    assert sum(n for n, _, _ in duck.open.values()) > 0
    assert duck_chances == pg_chances
    assert duck_chances.decided[0] > 0
    for owner, days in duck.cycle_days.items():
        assert sorted(days) == pytest.approx(sorted(pg.cycle_days[owner]))
