"""The Pipedrive changelog reader: stage history, deal status, owners, activities, people."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from salesplan.crm.loading import ImportFailedError
from salesplan.crm.pipedrive import import_pipedrive
from salesplan.crm.store import Workspace

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "pipedrive_changelog_synthetic"

CHANGES = """deal_id,change_time,changed_field_key,new_value
10,2025-01-02 09:00:00,add_time,2025-01-02T09:00:00
10,2025-01-02 09:05:00,user_id,7
10,2025-01-03 09:00:00,stage_id,1
10,2025-01-10 09:00:00,stage_id,2
10,2025-01-20 09:00:00,stage_id,3
11,2025-01-05 09:00:00,add_time,2025-01-05T09:00:00
11,2025-01-06 09:00:00,stage_id,1
11,2025-01-09 09:00:00,lost_reason,2
12,2025-01-07 09:00:00,add_time,2025-01-07T09:00:00
12,2025-01-07 10:00:00,user_id,7
12,2025-01-08 10:00:00,user_id,8
12,2025-01-09 10:00:00,stage_id,1
"""
STAGES = "stage_id,stage_name\n1,Lead\n2,Demo\n3,Won\n"
OPTIONS = json.dumps([{"id": "1", "label": "Price"}, {"id": "2", "label": "No budget"}])
FIELDS = (
    'ID,FIELD_KEY,NAME,FIELD_VALUE_OPTIONS\n23,lost_reason,Lost reason,"'
    + OPTIONS.replace('"', '""')
    + '"\n'
)
ACTIVITIES = "activity_id,type,assigned_to_user,deal_id,done,due_to\n1,call,7,10,True,2025-01-04T10:00:00\n2,meeting,8,12,False,2025-01-12T10:00:00\n"
USERS = (
    "id,name,email,modified\n7,Ana,ana@example.org,2025-01-01\n8,Budi,budi@example.org,2025-01-01\n"
)


def export(tmp_path: Path, **overrides: str) -> list[Path]:
    files = {
        "deal_changes": CHANGES,
        "stages": STAGES,
        "fields": FIELDS,
        "activity": ACTIVITIES,
        "users": USERS,
    }
    files.update(overrides)
    paths = []
    for name, text in files.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC).replace(tzinfo=None)  # type: ignore[misc]


def test_changelog_becomes_deals_and_stage_history(tmp_path: Path) -> None:
    workspace = Workspace.open(tmp_path / "ws")
    results = import_pipedrive(workspace, export(tmp_path), won_stage="Won")
    assert [(r.table, r.rows_written) for r in results] == [
        ("deals", 3),
        ("stage_changes", 5),
        ("activities", 2),
        ("people", 2),
    ]
    with workspace.connect() as db:
        deals = db.execute(
            "SELECT id, stage, status, owner, created_at, closed_at, lost_reason FROM deals ORDER BY id"
        ).fetchall()
        history = db.execute(
            "SELECT from_stage, to_stage, changed_at FROM stage_changes WHERE deal_id = '10' ORDER BY changed_at"
        ).fetchall()
    assert deals == [
        ("10", "Won", "won", "7", utc(2025, 1, 2, 9), utc(2025, 1, 20, 9), None),
        ("11", "Lead", "lost", None, utc(2025, 1, 5, 9), utc(2025, 1, 9, 9), "No budget"),
        ("12", "Lead", "open", "8", utc(2025, 1, 7, 9), None, None),
    ]
    assert history == [
        (None, "Lead", utc(2025, 1, 3, 9)),
        ("Lead", "Demo", utc(2025, 1, 10, 9)),
        ("Demo", "Won", utc(2025, 1, 20, 9)),
    ]
    assert workspace.counts()["people"] == 2
    assert [record.table for record in workspace.imports()] == [
        "deals",
        "stage_changes",
        "activities",
        "people",
    ]


def test_reimport_is_idempotent(tmp_path: Path) -> None:
    workspace = Workspace.open(tmp_path / "ws")
    files = export(tmp_path)
    import_pipedrive(workspace, files, won_stage="Won")
    before = workspace.counts()
    import_pipedrive(workspace, files, won_stage="Won")
    assert workspace.counts() == before


def test_times_in_a_local_zone_are_stored_in_utc(tmp_path: Path) -> None:
    workspace = Workspace.open(tmp_path / "ws")
    import_pipedrive(workspace, export(tmp_path), won_stage="Won", timezone="Asia/Jakarta")
    with workspace.connect() as db:
        created = db.execute("SELECT created_at FROM deals WHERE id = '10'").fetchone()
    assert created == (utc(2025, 1, 2, 2),)


def test_without_a_won_stage_nothing_is_won_and_a_note_says_so(tmp_path: Path) -> None:
    workspace = Workspace.open(tmp_path / "ws")
    results = import_pipedrive(workspace, export(tmp_path))
    assert any("no won stage given" in note for note in results[0].notes)
    with workspace.connect() as db:
        statuses = dict(db.execute("SELECT id, status FROM deals").fetchall())
    assert statuses == {"10": "open", "11": "lost", "12": "open"}


def test_problems_fail_the_import_and_write_nothing(tmp_path: Path) -> None:
    workspace = Workspace.open(tmp_path / "ws")
    broken = CHANGES + "13,yesterday,stage_id,1\n14,2025-01-09 10:00:00,stage_id,9\n"
    duplicate_activity = ACTIVITIES + "1,email,7,12,False,2025-01-13T10:00:00\n"
    with pytest.raises(ImportFailedError) as caught:
        import_pipedrive(
            workspace,
            export(tmp_path, deal_changes=broken, activity=duplicate_activity),
            won_stage="Won",
        )
    assert [p.render() for p in caught.value.problems] == [
        "deal_changes.csv: row 14, column 'change_time': 'yesterday' is not a valid timestamp",
        "deal_changes.csv: row 15, column 'new_value': '9' is a stage id with no name in stages.csv or fields.csv",
        "activity.csv: row 4, column 'activity_id': '1' repeats the id of row 2",
    ]
    assert workspace.counts() == dict.fromkeys(workspace.counts(), 0)


def test_unknown_won_stage_and_unknown_files(tmp_path: Path) -> None:
    workspace = Workspace.open(tmp_path / "ws")
    with pytest.raises(ImportFailedError, match="has no stage called 'Wonn' — did you mean 'Won'"):
        import_pipedrive(workspace, export(tmp_path), won_stage="Wonn")
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportFailedError, match="is not a Pipedrive file this reader knows"):
        import_pipedrive(workspace, [odd])
    with pytest.raises(ImportFailedError, match="needs the deal changelog"):
        import_pipedrive(workspace, export(tmp_path)[1:])


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is not here")
def test_real_pipedrive_export(tmp_path: Path) -> None:
    workspace = Workspace.open(tmp_path / "ws")
    files = [
        SHARED / f"{name}.csv" for name in ("deal_changes", "stages", "fields", "activity", "users")
    ]
    with pytest.raises(ImportFailedError, match="repeats the id of row"):
        import_pipedrive(workspace, files, won_stage="Implementation/Onboarding")
    results = import_pipedrive(
        workspace, files, won_stage="Implementation/Onboarding", on_error="skip"
    )
    assert workspace.counts() == {
        "deals": 1995,
        "stage_changes": 8906,
        "activities": 4568,
        "people": 1787,
        "timesheets": 0,
        "leads": 0,
    }
    assert results[2].rows_rejected == 11
    assert any("created twice" in note for note in results[0].notes)
