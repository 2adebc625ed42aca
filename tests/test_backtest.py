"""The backtest and the forecast's timing model: honest intervals, no look-ahead, clean errors."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner, Result

from salesplan.analytics.backtest import BacktestError, backtest, backtest_split
from salesplan.analytics.deal_history import DealHistory, day_number, read_deal_history
from salesplan.analytics.deal_timing import timing_evidence
from salesplan.crm.pipedrive import import_pipedrive
from salesplan.crm.store import Workspace
from salesplan.crm.synthetic import write_history

START = dt.date(2024, 1, 1)
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def simulated_history(
    seed: int, days: int = 420, per_day: float = 6.0, cycle_scale: float = 12.0
) -> DealHistory:
    """Deals created at a steady pace; a third are won after a Gamma-distributed cycle
    (mean 3 × *cycle_scale* days), the rest lost after an exponential one (mean 25 days)."""
    rng = np.random.default_rng(seed)
    count = rng.poisson(per_day * days)
    created = day_number(START) + np.sort(rng.uniform(0, days, size=count))
    won = rng.uniform(size=count) < 1 / 3
    cycle = np.where(
        won, rng.gamma(3.0, cycle_scale, size=count), rng.exponential(25.0, size=count)
    )
    closed = created + cycle
    end = day_number(START) + days
    closed[closed >= end] = np.nan  # still open when the export was taken
    won &= ~np.isnan(closed)
    return DealHistory(
        created=created,
        closed=closed,
        won=won,
        value=np.where(won, rng.lognormal(8.0, 0.5, size=count), np.nan),
        change_deal=np.zeros(0, dtype=np.int64),
        change_day=np.zeros(0),
        change_stage=np.zeros(0, dtype=np.int64),
        stage_names=(),
    )


def test_the_interval_covers_the_truth_at_about_its_nominal_rate() -> None:
    """Over many simulated histories, P10–P90 of the horizon's wins holds the truth ~80%."""
    covered_deals = covered_revenue = 0
    runs = 80
    for seed in range(runs):
        history = simulated_history(seed)
        result = backtest_split(history, dt.date(2024, 11, 1), 60, trials=4_000, seed=seed)
        covered_deals += result.deals.covered
        assert result.revenue is not None
        covered_revenue += result.revenue.covered
    assert 0.68 <= covered_deals / runs <= 0.92
    assert 0.68 <= covered_revenue / runs <= 0.92


def test_the_model_before_timing_misses_on_the_same_histories() -> None:
    """Without timing, every converting deal closes in the horizon: with cycles of about
    four months and a horizon of one, far too many wins."""
    timed = staged = 0
    for seed in range(10):
        history = simulated_history(seed, cycle_scale=40.0)
        split = dt.date(2024, 11, 1)
        timed += backtest_split(history, split, 30, trials=4_000, seed=seed).deals.covered
        staged += backtest_split(
            history, split, 30, trials=4_000, seed=seed, model="stage"
        ).deals.covered
    assert timed >= 6
    assert staged <= 2


def test_nothing_after_the_split_is_seen() -> None:
    """Changing every outcome after the split changes the truth, never the forecast."""
    history = simulated_history(3)
    split = day_number(dt.date(2024, 11, 1))
    later = history.closed >= split
    flipped = DealHistory(
        created=history.created,
        closed=np.where(later, history.closed + 3.0, history.closed),
        won=np.where(later, ~history.won, history.won),
        value=np.where(later, 5.0, history.value),
        change_deal=history.change_deal,
        change_day=history.change_day,
        change_stage=history.change_stage,
        stage_names=history.stage_names,
    )
    one = backtest_split(history, dt.date(2024, 11, 1), 60, trials=4_000)
    two = backtest_split(flipped, dt.date(2024, 11, 1), 60, trials=4_000)
    assert (one.deals.p10, one.deals.p50, one.deals.p90) == (
        two.deals.p10,
        two.deals.p50,
        two.deals.p90,
    )
    assert one.deals.truth != two.deals.truth


def test_a_deal_won_after_the_split_was_open_at_it() -> None:
    history = simulated_history(4)
    moment = day_number(dt.date(2024, 11, 1))
    evidence = timing_evidence(history, moment, 60.0, given_new=True)
    assert evidence is not None
    open_then = int(((history.created < moment) & ~(history.closed < moment)).sum())
    assert sum(c.deals for c in evidence.cohorts if c.kind == "open") == open_then
    assert sum(c.deals for c in evidence.cohorts if c.kind == "new") == int(
        ((history.created >= moment) & (history.created < moment + 60)).sum()
    )
    # older open deals are less likely to be won in the window than fresh ones
    chances = {c.label: c.chance for c in evidence.cohorts if c.kind == "open"}
    assert (
        chances["no stage history, 14–30 days old"] > chances["no stage history, 60–120 days old"]
    )


def test_stages_come_from_changes_before_the_moment() -> None:
    history = DealHistory(
        created=np.array([0.0, 0.0, 0.0]),
        closed=np.array([np.nan, np.nan, np.nan]),
        won=np.zeros(3, dtype=bool),
        value=np.full(3, np.nan),
        change_deal=np.array([0, 0, 2]),
        change_day=np.array([1.0, 5.0, 2.0]),
        change_stage=np.array([0, 1, 1]),
        stage_names=("Lead", "Demo"),
    )
    assert history.stage_at(0.5).tolist() == [-1, -1, -1]
    assert history.stage_at(3.0).tolist() == [0, -1, 1]
    assert history.stage_at(5.0).tolist() == [0, -1, 1]  # a change at the moment is not yet seen
    assert history.stage_at(9.0).tolist() == [1, -1, 1]


def test_splits_outside_the_data_or_without_history_are_refused() -> None:
    history = simulated_history(5)
    with pytest.raises(BacktestError, match="outside the data"):
        backtest(history, [(dt.date(2030, 1, 1), 60)])
    with pytest.raises(BacktestError, match="ends after the data's last day"):
        backtest(history, [(dt.date(2025, 2, 1), 60)])
    with pytest.raises(BacktestError, match=r"too little history.*earliest split"):
        backtest(history, [(dt.date(2024, 2, 1), 60)])


# the CLI, on a synthetic Pipedrive history imported into a workspace


def cli() -> typer.Typer:
    """The ``salesplan`` app."""
    from salesplan.cli.app import app

    return app


runner = CliRunner()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("backtest")
    export = folder / "export"
    write_history(export, deals=1500, seed=11)
    import_pipedrive(
        Workspace.open(folder / "ws"),
        [export / name for name in ("deal_changes.csv", "stages.csv", "fields.csv", "users.csv")],
        won_stage="Won",
    )
    return folder / "ws"


def run(*args: str) -> Result:
    return runner.invoke(cli(), ["backtest", *args])


def test_json_per_split_and_summary(workspace: Path) -> None:
    result = run(
        str(workspace), "--split", "2025-03-01", "--split", "2025-06-01", "--horizon", "13w",
        "--trials", "5000", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["split"] for s in data["splits"]] == ["2025-03-01", "2025-06-01"]
    for split in data["splits"]:
        assert split["horizon_days"] == 91
        deals = split["won_deals"]
        assert deals["p10"] <= deals["p50"] <= deals["p90"]
        assert deals["covered"] == (deals["p10"] <= deals["truth"] <= deals["p90"])
        revenue = split["revenue"]  # the synthetic export has deal values
        assert revenue["p10"] <= revenue["p50"] <= revenue["p90"]
        assert revenue["covered"] == (revenue["p10"] <= revenue["truth"] <= revenue["p90"])
        assert split["reference_windows"] > 0
    summary = data["summary"]["won_deals"]
    assert summary["splits"] == 2
    assert 0 <= summary["covered"] <= 2
    # stage history is used: the open deals' cohorts are by stage
    history = read_deal_history(Workspace.open(workspace, create=False))
    evidence = timing_evidence(history, day_number(dt.date(2025, 3, 1)), 91.0)
    assert evidence is not None
    assert {c.stage for c in evidence.cohorts} <= {
        "Lead",
        "Qualified",
        "Demo",
        "Proposal",
        "Negotiation",
    }
    # the same seed, the same answer
    again = run(
        str(workspace), "--split", "2025-03-01", "--split", "2025-06-01", "--horizon", "13w",
        "--trials", "5000", "--json",
    )  # fmt: skip
    assert json.loads(again.stdout) == data


def test_tables(workspace: Path) -> None:
    result = run(str(workspace), "--split", "2025-06-01", "--horizon", "60d", "--trials", "2000")
    assert result.exit_code == 0, result.output
    assert "Backtest of won deals, horizon 60d (timing model)" in result.stdout
    assert "P10–P90 covered the truth" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--split", "2023-01-01"], "is outside the data"),
        (["--split", "2024-01-20"], "too little history before 2024-01-20"),
        (["--split", "2025-12-20"], "the outcome is not known yet"),
        (["--split", "2025-13-01"], "is not a date"),
        (["--split", "2025-06-01", "--horizon", "soon"], "is not a horizon"),
        (["--split", "2025-06-01", "--model", "magic"], "is not a model"),
    ],
)
def test_bad_input_is_a_clean_message(workspace: Path, args: list[str], message: str) -> None:
    result = run(str(workspace), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_not_a_workspace(tmp_path: Path) -> None:
    result = run(str(tmp_path), "--split", "2025-06-01")
    assert result.exit_code == 2
    assert "no workspace here" in result.stderr


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is not here")
def test_maven_backtest(tmp_path: Path) -> None:
    """The real Maven pipeline: the truth is what the file says, the model beats 0-of-N."""
    from salesplan.crm.csv_import import import_csv
    from salesplan.crm.mapping import Mapping

    copy = tmp_path / "sales_pipeline.csv"
    shutil.copyfile(SHARED / "maven_crm" / "sales_pipeline.csv", copy)
    mapping = {
        "table": "deals",
        "source": "maven",
        "columns": {
            "id": "opportunity_id",
            "value": "close_value",
            "created_at": "engage_date",
            "closed_at": "close_date",
            "status": {
                "column": "deal_stage",
                "values": {"Won": "won", "Lost": "lost", "Engaging": "open", "Prospecting": "open"},
            },
        },
    }
    import_csv(Workspace.open(tmp_path / "ws"), copy, Mapping.model_validate(mapping))
    history = read_deal_history(Workspace.open(tmp_path / "ws", create=False))
    assert history.undated == 500  # the Prospecting rows without an engage_date
    report = backtest(
        history,
        [(dt.date(2017, month, 1), 90) for month in (6, 7, 8, 9, 10)],
        trials=5_000,
    )
    assert report.splits[-1].deals.truth == 1150  # won 2017-10-01 .. 2017-12-29
    covered = report.summary("revenue")["covered"]
    assert covered is not None
    assert covered >= 3
