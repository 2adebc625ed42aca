"""The Salesforce Data Export reader: opportunities, their stage history, tasks, events, users."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from salesplan.crm.loading import ImportFailedError
from salesplan.crm.salesforce import import_salesforce
from salesplan.crm.store import Workspace

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "salesforce_export_sample"

OPPORTUNITY = (
    '"Id","IsDeleted","Name","StageName","Amount","CloseDate","IsClosed","IsWon","OwnerId","CreatedDate","LeadSource"\n'
    '"006A","0","Big","Closed Won","120000","2025-03-01 00:00:00","1","1","005X","2025-01-05 10:00:00","Web"\n'
    '"006B","0","Small","Closed Lost","5000","2025-02-01 00:00:00","1","0","005Y","2025-01-06 10:00:00",""\n'
    '"006C","0","Open","Negotiation/Review","8000","2025-06-30 00:00:00","0","0","005X","2025-01-07 10:00:00","Partner"\n'
    '"006D","1","Gone","Prospecting","1","2025-06-30 00:00:00","0","0","005X","2025-01-07 10:00:00",""\n'
)
# the history export's header is in another case, as different extractors write it
HISTORY = (
    "ID,OPPORTUNITYID,CREATEDBYID,CREATEDDATE,STAGENAME,AMOUNT,FROMOPPORTUNITYSTAGENAME\n"
    "h1,006A,005X,2025-01-05 10:00:00,Prospecting,100000,\n"
    "h2,006A,005X,2025-01-20 10:00:00,Prospecting,120000,\n"
    "h3,006A,005X,2025-02-01 10:00:00,Negotiation/Review,120000,Prospecting\n"
    "h4,006A,005X,2025-03-01 10:00:00,Closed Won,120000,Negotiation/Review\n"
    "h5,006B,005Y,2025-01-06 10:00:00,Prospecting,5000,\n"
    "h6,006B,005Y,2025-02-01 10:00:00,Closed Lost,5000,\n"
)
TASK = "Id,WhatId,Subject,TaskSubtype,OwnerId,CreatedDate,ActivityDate,IsClosed\nt1,006A,Call Ann,Call,005X,2025-01-06 09:00:00,2025-01-07,true\n"
EVENT = "Id,WhatId,Subject,OwnerId,CreatedDate,ActivityDateTime,DurationInMinutes\ne1,006A,Demo,005X,2025-01-08 09:00:00,2025-01-10 14:00:00,45\n"
USER = "Id,Username,Name,Email,ManagerId\n005X,ann@x.org,Ann,ann@x.org,\n005Y,bo@x.org,Bo,bo@x.org,005X\n"


def export(tmp_path: Path, **texts: str) -> list[Path]:
    files = {
        "Opportunity": OPPORTUNITY,
        "OpportunityHistory": HISTORY,
        "Task": TASK,
        "Event": EVENT,
        "User": USER,
    }
    files.update(texts)
    paths = []
    for name, text in files.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC).replace(tzinfo=None)  # type: ignore[misc]


def test_opportunities_history_and_activities(tmp_path: Path) -> None:
    workspace = Workspace.open(tmp_path / "ws")
    results = import_salesforce(workspace, export(tmp_path))
    assert any("1 deleted opportunity rows" in note for note in results[0].notes)
    with workspace.connect() as db:
        deals = db.execute(
            "SELECT id, status, value, closed_at, expected_close, source_channel FROM deals ORDER BY id"
        ).fetchall()
        history = db.execute(
            "SELECT deal_id, from_stage, to_stage, changed_at FROM stage_changes ORDER BY deal_id, changed_at"
        ).fetchall()
        activities = db.execute(
            "SELECT id, type, deal_id, due_at, done, duration_minutes FROM activities ORDER BY id"
        ).fetchall()
        people = db.execute("SELECT id, name, manager FROM people ORDER BY id").fetchall()
    assert deals == [
        ("006A", "won", 120000.0, utc(2025, 3, 1), None, "Web"),
        ("006B", "lost", 5000.0, utc(2025, 2, 1), None, None),
        ("006C", "open", 8000.0, None, dt.date(2025, 6, 30), "Partner"),
    ]
    # amount-only changes (h2) are not stage changes; the previous stage is filled in when missing
    assert history == [
        ("006A", None, "Prospecting", utc(2025, 1, 5, 10)),
        ("006A", "Prospecting", "Negotiation/Review", utc(2025, 2, 1, 10)),
        ("006A", "Negotiation/Review", "Closed Won", utc(2025, 3, 1, 10)),
        ("006B", None, "Prospecting", utc(2025, 1, 6, 10)),
        ("006B", "Prospecting", "Closed Lost", utc(2025, 2, 1, 10)),
    ]
    assert activities == [
        ("e1", "demo", "006A", utc(2025, 1, 10, 14), None, 45.0),
        ("t1", "call", "006A", utc(2025, 1, 7), True, None),
    ]
    assert people == [("005X", "Ann", None), ("005Y", "Bo", "005X")]


def test_problems_write_nothing(tmp_path: Path) -> None:
    workspace = Workspace.open(tmp_path / "ws")
    bad = HISTORY + "h7,006A,005X,not a date,Closed Won,1,\n"
    twice = (
        OPPORTUNITY
        + '"006A","0","Again","Prospecting","1","2025-06-30 00:00:00","0","0","005X","2025-01-07 10:00:00",""\n'
    )
    with pytest.raises(ImportFailedError) as caught:
        import_salesforce(workspace, export(tmp_path, OpportunityHistory=bad, Opportunity=twice))
    assert [p.render() for p in caught.value.problems] == [
        "Opportunity.csv: row 6, column 'Id': '006A' repeats the id of row 2",
        "OpportunityHistory.csv: row 8, column 'CREATEDDATE': 'not a date' is not a valid timestamp",
    ]
    assert sum(workspace.counts().values()) == 0


def test_unknown_files_are_named(tmp_path: Path) -> None:
    odd = tmp_path / "Account.csv"
    odd.write_text("Id,Name\n1,A\n", encoding="utf-8")
    with pytest.raises(
        ImportFailedError, match="is not a Salesforce export file this reader knows"
    ):
        import_salesforce(Workspace.open(tmp_path / "ws"), [odd])


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is not here")
def test_real_salesforce_sample(tmp_path: Path) -> None:
    workspace = Workspace.open(tmp_path / "ws")
    results = import_salesforce(
        workspace, [SHARED / "opportunity.csv", SHARED / "OpportunityHistory.csv"]
    )
    assert workspace.counts()["deals"] == 31
    assert workspace.counts()["stage_changes"] == 31
    assert any("closed before their CreatedDate" in note for note in results[0].notes)
