"""The HubSpot deals export: properties, status and the stage history in "Date entered" columns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from salesplan.cli.app import app
from salesplan.crm.hubspot import import_hubspot
from salesplan.crm.loading import ImportFailedError
from salesplan.crm.store import Workspace

EXPORT = (
    "Record ID,Deal Name,Deal Stage,Pipeline,Amount,Create Date,Close Date,Deal owner,"
    '"Date entered ""Appointment Scheduled (Sales Pipeline)""","Date entered ""Presentation Scheduled (Sales Pipeline)""",'
    '"Date entered ""Closed Won (Sales Pipeline)""","Date exited ""Appointment Scheduled (Sales Pipeline)"""\n'
    '101,Kopi,Closed Won,Sales Pipeline,"1,200.50",2025-01-02 09:00,2025-02-10 10:00,Ann,2025-01-02 09:00,2025-01-15 11:00,2025-02-10 10:00,2025-01-15 11:00\n'
    "102,Teh,Presentation Scheduled,Sales Pipeline,300,2025-01-05 09:00,2025-04-30 00:00,Bo,2025-01-05 09:00,2025-01-20 09:00,,2025-01-20 09:00\n"
    "103,Roti,Closed Lost,Sales Pipeline,80,2025-01-06 09:00,2025-01-30 00:00,Bo,2025-01-06 09:00,,,\n"
)


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC).replace(tzinfo=None)  # type: ignore[misc]


def test_deals_and_stage_history(tmp_path: Path) -> None:
    path = tmp_path / "hubspot-deals.csv"
    path.write_text(EXPORT, encoding="utf-8")
    workspace = Workspace.open(tmp_path / "ws")
    results = import_hubspot(workspace, path)
    assert [(r.table, r.rows_written) for r in results] == [("deals", 3), ("stage_changes", 6)]
    with workspace.connect() as db:
        deals = db.execute(
            "SELECT id, status, value, closed_at, expected_close FROM deals ORDER BY id"
        ).fetchall()
        moves = db.execute(
            "SELECT from_stage, to_stage, changed_at FROM stage_changes WHERE deal_id = '101' ORDER BY changed_at"
        ).fetchall()
    assert deals == [
        ("101", "won", 1200.5, utc(2025, 2, 10, 10), None),
        ("102", "open", 300.0, None, dt.date(2025, 4, 30)),
        ("103", "lost", 80.0, utc(2025, 1, 30), None),
    ]
    assert moves == [
        (None, "Appointment Scheduled", utc(2025, 1, 2, 9)),
        ("Appointment Scheduled", "Presentation Scheduled", utc(2025, 1, 15, 11)),
        ("Presentation Scheduled", "Closed Won", utc(2025, 2, 10, 10)),
    ]


def test_bad_rows_fail_the_import(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(
        EXPORT + "101,Again,Closed Won,Sales Pipeline,1,soon,,Ann,,,,\n", encoding="utf-8"
    )
    workspace = Workspace.open(tmp_path / "ws")
    with pytest.raises(ImportFailedError) as caught:
        import_hubspot(workspace, path)
    assert [p.render() for p in caught.value.problems] == [
        "deals.csv: row 5, column 'Create Date': 'soon' is not a valid timestamp",
        "deals.csv: row 5, column 'Record ID': '101' repeats the id of row 2",
    ]
    assert workspace.counts()["deals"] == 0


def test_cli_hubspot_source(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(EXPORT, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["import", str(tmp_path / "ws"), str(path), "--source", "hubspot"]
    )
    assert result.exit_code == 0, result.output
    assert "deals.csv: 3 deals" in result.stdout
    assert "deals.csv: 6 stage_changes" in result.stdout
