"""Activity-volume variability read per rep from the activity log, for the forecast."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import ibis
import pandas as pd
import pytest

from salesplan.analytics.activity_volume import RepVariability, rep_variability
from salesplan.crm.store import Workspace

MONDAY = dt.datetime.combine(
    dt.date(2026, 6, 1), dt.time(10)
)  # a Monday: every week is a whole ISO week


def _store(folder: Path, counts: dict[str, list[int]]) -> Workspace:
    """One done call per row: counts[rep][week] calls in each week from MONDAY on."""
    rows = [
        (f"{rep}-{week}-{k}", rep, MONDAY + dt.timedelta(weeks=week, hours=k % 40))
        for rep, weekly in counts.items()
        for week, n in enumerate(weekly)
        for k in range(n)
    ]
    frame = pd.DataFrame(rows, columns=["id", "owner", "done_at"])
    workspace = Workspace.open(folder)
    with workspace.connect() as db:
        db.register("frame", frame)
        db.execute(
            "INSERT INTO activities (source, id, type, owner, done_at, done)"
            " SELECT 't', id, 'call', owner, done_at, true FROM frame"
        )
    return workspace


def _read(workspace: Workspace, weeks: int = 20) -> RepVariability | None:
    con = ibis.duckdb.connect(str(workspace.store), read_only=True)
    try:
        return rep_variability(con.table("activities"), (MONDAY + dt.timedelta(weeks=weeks)).date())
    finally:
        con.disconnect()


def test_reps_out_of_step_vary_alone_and_cancel_in_the_team(tmp_path: Path) -> None:
    # ten reps at 50 a week ± 10, half of them up when the other half is down: the team's
    # total never moves, so nothing is common; each rep varies by 10 a week
    counts = {
        f"rep{r}": [50 + (10 if (week + r) % 2 else -10) for week in range(20)] for r in range(10)
    }
    found = _read(_store(tmp_path / "ws", counts))
    assert found is not None
    assert (found.reps, found.weeks) == (10, 20)
    assert found.mean == pytest.approx(50)
    assert found.within == pytest.approx(100 * 20 / 19)  # sample variance of ±10
    assert found.common_cv == pytest.approx(0.0)
    # a team of ten over one week: √(within ÷ (10 · 50²)); more people or weeks: less
    assert found.volume_cv(10, 1) == pytest.approx((100 * 20 / 19 / (10 * 2500)) ** 0.5)
    assert found.volume_cv(40, 1) < found.volume_cv(10, 1)
    assert found.volume_cv(10, 4) == pytest.approx(found.volume_cv(10, 1) / 2)


def test_reps_in_step_move_the_team_together(tmp_path: Path) -> None:
    counts = {f"rep{r}": [50 + (10 if week % 2 else -10) for week in range(20)] for r in range(10)}
    found = _read(_store(tmp_path / "ws", counts))
    assert found is not None
    # the total swings ±100 around 500: a 20% common swing, less what the reps alone explain
    assert found.common_cv == pytest.approx((100**2 * 20 / 19 - 10 * 100 * 20 / 19) ** 0.5 / 500)
    # common swings do not cancel however many people there are
    assert found.volume_cv(1_000, 1) == pytest.approx(found.common_cv, rel=0.01)


def test_too_little_log_says_so(tmp_path: Path) -> None:
    assert _read(_store(tmp_path / "one", {"solo": [50] * 20})) is None  # one rep
    assert _read(_store(tmp_path / "short", {"a": [5, 6], "b": [5, 4]}), weeks=2) is None
