"""Calibration recovers the true parameters of a synthetic history within their intervals."""

from __future__ import annotations

import json
from pathlib import Path

import ibis
import pytest
from typer.testing import CliRunner

from salesplan.analytics import metrics as m
from salesplan.cli.app import app
from salesplan.crm.pipedrive import import_pipedrive
from salesplan.crm.store import Workspace
from salesplan.crm.synthetic import write_history

FILES = ("deal_changes.csv", "stages.csv", "fields.csv", "users.csv", "activity.csv")


@pytest.fixture(scope="module")
def connection(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], object]:
    folder = tmp_path_factory.mktemp("synthetic")
    truth = write_history(folder / "export", deals=8000, seed=11)
    workspace = Workspace.open(folder / "ws")
    import_pipedrive(workspace, [folder / "export" / name for name in FILES], won_stage="Won")
    return truth, ibis.duckdb.connect(str(workspace.store), read_only=True)


@pytest.fixture(scope="module")
def recovered(
    connection: tuple[dict[str, object], object],
) -> tuple[dict[str, object], object, object]:
    truth, con = connection
    return truth, con.table("deals"), con.table("stage_changes")  # type: ignore[attr-defined]


def test_activities_per_stage_advance_are_recovered(
    connection: tuple[dict[str, object], object],
) -> None:
    truth, con = connection
    found = m.activities_per_advance(con.table("stage_changes"), con.table("activities"))  # type: ignore[attr-defined]
    for index, stage in enumerate(truth["stages"][:-1]):  # type: ignore[index]
        assert found[stage]["call"] == pytest.approx(truth["calls_per_move"][index], rel=0.1)  # type: ignore[index]
        assert found[stage]["email"] == pytest.approx(truth["emails_per_move"][index], rel=0.1)  # type: ignore[index]


def test_conversions_are_recovered_within_their_intervals(
    recovered: tuple[dict[str, object], object, object],
) -> None:
    truth, _, changes = recovered
    order = m.stage_order(changes)
    assert order == truth["stages"]
    conversions = m.stage_conversions(changes, order)
    assert len(conversions) == len(truth["conversion"])  # type: ignore[arg-type]
    for found, true in zip(conversions, truth["conversion"], strict=True):  # type: ignore[call-overload]
        low, high = found.rate.interval
        assert low <= true <= high, (found.source, found.target, found.rate.value, true)


def test_win_rate_and_time_in_stage_are_recovered(
    recovered: tuple[dict[str, object], object, object],
) -> None:
    truth, deals, changes = recovered
    low, high = m.win_rate(deals).interval
    assert low <= truth["win_rate"] <= high  # type: ignore[operator]
    stays = m.time_in_stage(changes, deals)
    for stage, median in zip(truth["stages"], truth["median_days_in_stage"], strict=False):  # type: ignore[call-overload]
        # the median of an exponential sample of a few thousand is within ±12% of the true one
        assert stays[stage].median == pytest.approx(median, rel=0.12), stage


def test_same_seed_same_history(tmp_path: Path) -> None:
    write_history(tmp_path / "a", deals=50, seed=3)
    write_history(tmp_path / "b", deals=50, seed=3)
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_cli(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["demo-data", str(tmp_path / "out"), "--deals", "100", "--seed", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "--source pipedrive --won-stage Won" in result.stdout
    assert json.loads((tmp_path / "out" / "truth.json").read_text(encoding="utf-8"))["deals"] == 100
