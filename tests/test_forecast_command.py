"""``salesplan forecast`` on a synthetic CRM history: JSON, tables, the histogram, clean errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from salesplan.cli.app import app
from salesplan.crm.pipedrive import import_pipedrive
from salesplan.crm.store import Workspace
from salesplan.crm.synthetic import write_history

PLAN = """\
name: Demo quarter
currency: USD
country: US
goals:
  period: {start: 2026-01-01, horizon: quarter}
  revenue_goal: 150k
  average_deal_value: 5000
  activities: {call: {name: Calls}}
team:
  roles:
    AE: {name: Account Executive, capacity: {call: 40}}
  people:
    - {name: Ana, role: AE, start: 2024-01-01}
strategy:
  stages:
    - {id: lead, name: Lead, owner: AE, conversion: 60%, days_in_stage: 5, activities: {call: 2}}
    - {id: qualified, name: Qualified, owner: AE, conversion: 55%, days_in_stage: 8}
    - {id: demo, name: Demo, owner: AE, conversion: 50%, days_in_stage: 10}
    - {id: proposal, name: Proposal, owner: AE, conversion: 45%, days_in_stage: 12}
    - {id: negotiation, name: Negotiation, owner: AE, conversion: 60%, days_in_stage: 7}
"""

runner = CliRunner()


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("forecast")
    export = folder / "export"
    write_history(export, deals=1500, seed=11)
    workspace = Workspace.open(folder / "ws")
    import_pipedrive(
        workspace,
        [
            export / name
            for name in (
                "deal_changes.csv",
                "stages.csv",
                "fields.csv",
                "users.csv",
                "activity.csv",
            )
        ],
        won_stage="Won",
    )
    plan = folder / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    return plan, folder / "ws"


def forecast(history: tuple[Path, Path], *options: str) -> Result:
    """``salesplan forecast`` of the fixture's plan and workspace, as of 2026-01-20."""
    plan, workspace = history
    return runner.invoke(
        app, ["forecast", str(plan), "--data", str(workspace), "--as-of", "2026-01-20", *options]
    )


def test_json_has_the_probability_the_percentiles_and_the_levers(
    history: tuple[Path, Path],
) -> None:
    result = forecast(history, "--trials", "20000", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert 0.0 <= data["probability"] <= 1.0
    revenue = data["revenue"]
    assert data["won_to_date"] <= revenue["p10"] <= revenue["p50"] <= revenue["p90"]
    assert data["working_days_left"] > 0
    levers = [lever["lever"] for lever in data["goal_seek"]["levers"]]
    assert {"volume", "headcount:AE", "deal_size", "days"} <= set(levers)
    assert sum(row[2] for row in data["histogram"]) == 20000
    # the same seed gives the same answer
    again = forecast(history, "--trials", "20000", "--json")
    assert json.loads(again.stdout)["probability"] == data["probability"]


def test_tables_and_the_histogram(history: tuple[Path, Path], tmp_path: Path) -> None:
    chart = tmp_path / "forecast.svg"
    result = forecast(history, "--trials", "5000", "-o", str(chart))
    assert result.exit_code == 0, result.output
    assert "P(revenue ≥ 150,000) =" in result.stdout
    assert "To reach 80%, change one lever" in result.stdout
    assert "Revenue forecast" in chart.read_text(encoding="utf-8")


def test_not_a_workspace_is_a_clean_error(history: tuple[Path, Path], tmp_path: Path) -> None:
    plan, _ = history
    result = runner.invoke(app, ["forecast", str(plan), "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "no workspace here" in result.stderr
