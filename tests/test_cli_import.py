"""``salesplan import`` through the CLI: propose a mapping, import, and clean errors."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from salesplan.cli.app import app
from salesplan.crm.store import Workspace

runner = CliRunner()
EXPORT = (
    "Record ID,Deal Name,Deal Stage,Amount,Create Date\n"
    '1,Kopi,Closed Won,"1,200.50",2025-01-02\n'
    "2,Teh,Appointment Scheduled,300,2025-01-03\n"
    "3,Roti,Closed Lost,80,2025-01-04\n"
)


def test_suggest_then_import(tmp_path: Path) -> None:
    export = tmp_path / "hubspot-deals.csv"
    export.write_text(EXPORT, encoding="utf-8")
    proposal = tmp_path / "map.yaml"
    result = runner.invoke(app, ["import", "--suggest-mapping", str(export), "-o", str(proposal)])
    assert result.exit_code == 0, result.output
    text = proposal.read_text(encoding="utf-8")
    assert '"Closed Won": won' in text
    assert '"Appointment Scheduled": open' in text
    workspace = tmp_path / "ws"
    result = runner.invoke(app, ["import", str(workspace), str(export), "--map", str(proposal)])
    assert result.exit_code == 0, result.output
    assert "3 of 3 rows into deals" in result.stdout
    assert Workspace.open(workspace).counts()["deals"] == 3


def test_suggestion_to_stdout(tmp_path: Path) -> None:
    export = tmp_path / "deals.csv"
    export.write_text(EXPORT, encoding="utf-8")
    result = runner.invoke(app, ["import", "--suggest-mapping", str(export)])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Proposed by salesplan")


def test_errors_are_messages(tmp_path: Path) -> None:
    export = tmp_path / "deals.csv"
    export.write_text(EXPORT, encoding="utf-8")
    ws = str(tmp_path / "ws")
    result = runner.invoke(app, ["import", ws, str(export)])
    assert result.exit_code == 2
    assert "--map is needed" in result.stderr
    bad_map = tmp_path / "bad.yaml"
    bad_map.write_text(
        "table: deals\nsource: x\ncolumns: {id: 'Record ID', statsu: 'Deal Stage'}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import", ws, str(export), "--map", str(bad_map)])
    assert result.exit_code == 2
    assert "deals has no column 'statsu' — did you mean 'status'?" in result.stderr
    wrong_values = tmp_path / "values.yaml"
    wrong_values.write_text(
        "table: deals\nsource: x\ncolumns:\n  id: 'Record ID'\n"
        "  status: {column: 'Deal Stage', values: {'Closed Won': won}}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import", ws, str(export), "--map", str(wrong_values)])
    assert result.exit_code == 2
    assert (
        "row 3, column 'Deal Stage': 'Appointment Scheduled' is not in the mapping's values"
        in result.stderr
    )
    assert "nothing was imported" in result.stderr
    assert "Traceback" not in result.output
    result = runner.invoke(
        app, ["import", ws, str(export), "--map", str(wrong_values), "--dayfirst", "--monthfirst"]
    )
    assert result.exit_code == 2
    result = runner.invoke(app, ["import", "--suggest-mapping", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert "cannot read" in result.stderr
