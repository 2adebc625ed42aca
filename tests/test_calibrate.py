"""``salesplan calibrate``: the CRM's figures beside the plan's, and what cannot be calibrated."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from salesplan.analytics.calibration import calibrate
from salesplan.cli.app import app
from salesplan.crm.csv_import import import_csv
from salesplan.crm.mapping import Mapping
from salesplan.crm.store import Workspace
from salesplan.plan.yaml_io import loads

D = dt.datetime
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
PLAN = """
name: Calibrated
goals:
  period: {start: 2027-01-01, horizon: quarter}
  revenue_goal: 100k
  average_deal_value: 2500
  activities: {call: {name: Calls}}
team:
  roles: {SDR: {name: SDR, capacity: {call: 40}}}
strategy:
  stages:
    - {id: lead, name: Lead, owner: SDR, conversion: 50%, days_in_stage: 5, activities: {call: 5}}
    - {id: demo, name: Demo, owner: SDR, conversion: 40%, days_in_stage: 7}
    - {id: proposal, name: Proposal, owner: SDR, conversion: 60%, days_in_stage: 10}
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    store = Workspace.open(tmp_path / "ws")
    with store.connect() as db:
        db.executemany(
            "INSERT INTO deals (source, id, status, value, created_at, closed_at) VALUES ('t', ?, ?, ?, ?, ?)",
            [
                ["A", "won", 1000.0, D(2025, 1, 1), D(2025, 1, 31)],
                ["B", "won", 3000.0, D(2025, 1, 1), D(2025, 1, 21)],
                ["C", "lost", 500.0, D(2025, 1, 1), D(2025, 1, 11)],
                ["D", "open", 800.0, D(2025, 1, 1), None],
                ["E", "open", None, D(2025, 3, 5), None],
            ],
        )
        db.executemany(
            "INSERT INTO stage_changes (source, deal_id, to_stage, changed_at) VALUES ('t', ?, ?, ?)",
            [
                ["A", "Lead", D(2025, 1, 1)],
                ["A", "Demo", D(2025, 1, 5)],
                ["A", "Proposal", D(2025, 1, 15)],
                ["B", "Lead", D(2025, 1, 1)],
                ["B", "Proposal", D(2025, 1, 11)],
                ["C", "Lead", D(2025, 1, 1)],
                ["C", "Demo", D(2025, 1, 3)],
                ["D", "Lead", D(2025, 1, 1)],
                ["D", "Demo", D(2025, 1, 2)],
                ["E", "Lead", D(2025, 3, 5)],
            ],
        )
    return store


def test_assumptions_beside_the_plan(workspace: Workspace) -> None:
    result = calibrate(workspace, loads(PLAN))
    rows = {row.path: row for row in result.comparisons}
    assert rows["goals.average_deal_value"].crm == 2000.0
    assert rows["(product of the stage conversions)"].crm == pytest.approx(2 / 3)
    assert rows["(product of the stage conversions)"].plan == pytest.approx(0.5 * 0.4 * 0.6)
    lead = rows["strategy.stages.lead.conversion"]
    assert (lead.crm, lead.n) == (4 / 5, 5)  # A, B, C, D of 5 leads reached Demo or later
    demo = rows["strategy.stages.demo.conversion"]
    assert (demo.crm, demo.n) == (2 / 4, 4)
    assert rows["strategy.stages.demo.days_in_stage"].crm == 9.0  # A 10 days, C 8 days
    last = rows["strategy.stages.proposal.conversion"]  # the last stage converts into a win
    assert (last.crm, last.n) == (1.0, 2)  # A and B reached Proposal, and both were won
    data = result.to_dict()
    for key in (
        "win_rate",
        "avg_won_value",
        "median_won_value",
        "median_cycle_days",
        "stage_conversion",
        "activities_per_won_deal",
        "per_rep_daily_throughput",
        "lead_response_hours_median",
        "deals",
    ):
        assert key in data
    assert data["deals"] == {"open": 2, "won": 2, "lost": 1}
    assert data["stage_conversion"][0] == {
        "from": "Lead",
        "to": "Demo",
        "rate": 0.8,
        "n": 5,
        "interval": pytest.approx(list(result.conversions[0].rate.interval)),
    }
    assert (
        "lead response time: no lead with a first activity on its deal" in data["cannot_calibrate"]
    )


def test_period_filter(workspace: Workspace) -> None:
    result = calibrate(workspace, None, since=dt.date(2025, 3, 1))
    assert result.deals == {"open": 1, "won": 0, "lost": 0}
    assert result.win_rate.n == 0


def test_cli(workspace: Workspace, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["calibrate", str(workspace.folder), "--plan", str(plan)])
    assert result.exit_code == 0, result.output
    assert "Plan assumptions beside the CRM history" in result.stdout
    assert "Lead → Demo" in result.stdout
    result = runner.invoke(app, ["calibrate", str(workspace.folder), "--json"])
    assert json.loads(result.stdout)["deals"]["won"] == 2
    result = runner.invoke(app, ["calibrate", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "no workspace here" in result.stderr


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is not here")
def test_outcomes_without_stage_history(tmp_path: Path) -> None:
    """The Maven pipeline has outcomes but no stage history: calibrate what can be, say what cannot."""
    store = Workspace.open(tmp_path / "ws")
    copy = tmp_path / "sales_pipeline.csv"
    shutil.copyfile(SHARED / "maven_crm" / "sales_pipeline.csv", copy)
    mapping = Mapping.model_validate(
        {
            "table": "deals",
            "source": "maven",
            "columns": {
                "id": "opportunity_id",
                "owner": "sales_agent",
                "stage": "deal_stage",
                "value": "close_value",
                "created_at": "engage_date",
                "closed_at": "close_date",
                "status": {
                    "column": "deal_stage",
                    "values": {
                        "Won": "won",
                        "Lost": "lost",
                        "Engaging": "open",
                        "Prospecting": "open",
                    },
                },
            },
        }
    )
    import_csv(store, copy, mapping)
    result = calibrate(store)
    assert result.deals == {"open": 2089, "won": 4238, "lost": 2473}
    assert result.win_rate.value == pytest.approx(4238 / (4238 + 2473))
    assert result.cycle.median is not None
    assert (
        "stage conversions and days in stage: the workspace has no stage history" in result.cannot
    )


def test_write_sets_values_keeps_comments_and_records_provenance(
    workspace: Workspace, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "# my notes\n"
        + PLAN.replace("average_deal_value: 2500", "average_deal_value: 2500  # a guess"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["calibrate", str(workspace.folder), "--plan", str(plan), "--write"]
    )
    assert result.exit_code == 0, result.output
    text = plan.read_text(encoding="utf-8")
    assert text.startswith("# my notes\n")
    assert "# a guess" in text
    written = loads(text)
    assert written.goals.average_deal_value == 2000.0
    assert written.strategy.stages[0].conversion == 0.8
    assert written.strategy.stages[1].days_in_stage == 9.0
    assert written.calibration is not None
    record = written.calibration.values["strategy.stages.lead.conversion"]
    assert (record.value, record.n) == (0.8, 5)
    assert record.low is not None
    assert "few records" in result.stdout


def test_write_needs_a_plan(workspace: Workspace) -> None:
    result = CliRunner().invoke(app, ["calibrate", str(workspace.folder), "--write"])
    assert result.exit_code == 2
    assert "--write needs --plan" in result.stderr


def test_team_figures_are_offered(workspace: Workspace) -> None:
    with workspace.connect() as db:
        db.executemany(
            "INSERT INTO timesheets (source, person, date, activity_type, count, minutes) VALUES ('t', ?, ?, ?, ?, ?)",
            [
                ["Ana", dt.date(2025, 3, 3), "call", 40, 200],
                ["Budi", dt.date(2025, 3, 3), "call", 30, 150],
            ],
        )
    result = CliRunner().invoke(app, ["calibrate", str(workspace.folder)])
    assert result.exit_code == 0, result.output
    assert "From timesheets, for team.roles" in result.stdout
    assert "call" in result.stdout
    data = json.loads(
        CliRunner().invoke(app, ["calibrate", str(workspace.folder), "--json"]).stdout
    )
    assert data["timesheets"]["call"] == {
        "minutes_per_activity": 5.0,
        "median_per_day": 35.0,
        "person_days": 2,
    }
