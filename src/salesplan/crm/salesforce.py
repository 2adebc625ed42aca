"""Salesforce Data Export files → deals, stage history, activities, people.

Files are recognised by their headers (Salesforce's API names, in any case):
``Opportunity`` (``Id, StageName, IsClosed, IsWon``), ``OpportunityHistory``
(``OpportunityId, StageName, CreatedDate``; its undocumented
``FromOpportunityStageName`` is used when present), ``Task`` and ``Event``
(``Id, WhatId, Subject``), ``User`` (``Id, Username``). An ``OpportunityStage`` file
(``MasterLabel, IsWon, IsClosed``) is recognised and left out: stage names come
from the opportunities themselves.

OpportunityHistory has a row for every change of stage, amount or close date;
a row is a stage change only when its stage differs from the row before it.
An opportunity's ``CloseDate`` is when it closed if it is closed, and when its
owner expects it to close if it is open. Deleted rows (``IsDeleted = 1``) are
left out and counted. Everything is written in one transaction, or not at all.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from salesplan.crm.loading import (
    SHOWN,
    ImportFailedError,
    ImportResult,
    RowProblem,
    count_problems,
    date_problems,
    file_problem,
    header_sql,
    id_problems,
    load_raw,
    recognise,
    record_import,
    set_aside,
    sha256_of,
    time_pattern,
    utc_now,
    utc_sql,
    utf8_copy,
)
from salesplan.crm.sample import FileSample, read_sample
from salesplan.crm.schema import TABLES
from salesplan.crm.store import Workspace, transaction, upsert

if TYPE_CHECKING:
    import datetime as dt

    import duckdb

__all__ = ["SHAPES", "import_salesforce"]

SHAPES: dict[str, frozenset[str]] = {
    "history": frozenset({"opportunityid", "stagename", "createddate"}),
    "opportunity": frozenset({"id", "stagename", "isclosed", "iswon"}),
    "stage": frozenset({"masterlabel", "iswon", "isclosed"}),
    "task": frozenset({"id", "whatid", "subject"}),
    "user": frozenset({"id", "username"}),
}
"""Headers that identify each Salesforce object's file (compared in lower case)."""

_TABLE_OF = {
    "opportunity": "deals",
    "history": "stage_changes",
    "task": "activities",
    "user": "people",
}


def _has(sample: FileSample, name: str) -> bool:
    return any(h.lower() == name for h in sample.header)


def _opt(sample: FileSample, name: str, cast: str = "VARCHAR") -> str:
    """The trimmed column, or NULL of *cast* when the file does not have it."""
    return (
        f"NULLIF(trim({header_sql(sample, name)}), '')"
        if _has(sample, name)
        else f"CAST(NULL AS {cast})"
    )


def _flag(sample: FileSample, name: str) -> str:
    return (
        f"(lower(trim({header_sql(sample, name)})) IN ('1', 'true'))"
        if _has(sample, name)
        else "false"
    )


def import_salesforce(
    workspace: Workspace,
    files: list[Path],
    *,
    timezone: str = "UTC",
    on_error: Literal["fail", "skip"] = "fail",
) -> list[ImportResult]:
    """Import Salesforce export files; raise :class:`ImportFailedError` and write nothing on problems."""
    started = utc_now()
    samples: dict[str, FileSample] = {}
    for path in files:
        sample = read_sample(path)
        kind = recognise(sample, SHAPES, "Salesforce export")
        if kind == "task" and "task" in samples:
            kind = "event"  # Task and Event share their shape
        if kind in samples:
            raise file_problem(
                path, "(file)", f"is a second {kind} file (the first is {samples[kind].path.name})"
            )
        samples[kind] = sample
    if not ({"opportunity", "history", "task", "event", "user"} & set(samples)):
        raise file_problem(
            files[0],
            "(file)",
            "gives nothing to import: add Opportunity, OpportunityHistory, Task, Event or User",
        )

    patterns = {
        (kind, column): time_pattern(sample, column_name)
        for kind, sample in samples.items()
        for column, column_name in _time_columns(sample, kind)
    }
    with (
        tempfile.TemporaryDirectory(prefix="salesplan-import-") as scratch,
        workspace.connect() as db,
    ):
        rows_read = {}
        for kind, sample in samples.items():
            readable = utf8_copy(sample.path, sample.encoding, Path(scratch))
            rows_read[kind] = load_raw(db, f"raw_{kind}", readable, sample.delimiter)
        problems = _problems(db, samples, patterns)
        if problems and on_error == "fail":
            raise ImportFailedError(
                problems[:SHOWN],
                total=len(problems),
                counts=count_problems(problems),
                hint="nothing was imported (--on-error skip imports the other rows)",
            )
        rejected = set_aside(db, workspace.folder, samples, problems)
        deleted = _convert(db, samples, patterns, timezone)
        notes = [
            f"{count} deleted {kind} rows (IsDeleted = 1) were left out"
            for kind, count in deleted.items()
            if count
        ]
        if "opportunity" in samples:
            early = db.execute(
                "SELECT count(*) FROM new_deals WHERE closed_at < created_at"
            ).fetchone()
            if early and early[0]:
                notes.append(
                    f"{early[0]} opportunities closed before their CreatedDate: the export's CreatedDate"
                    " may be when the records were loaded, so cycle times from it are not reliable"
                )
        return _write(db, samples, rows_read, rejected, started, tuple(notes))


def _time_columns(sample: FileSample, kind: str) -> list[tuple[str, str]]:
    wanted = {
        "opportunity": ("createddate", "closedate"),
        "history": ("createddate",),
        "task": ("createddate", "activitydate"),
        "event": ("createddate", "activitydatetime"),
        "user": (),
        "stage": (),
    }[kind]
    return [
        (name, next(h for h in sample.header if h.lower() == name))
        for name in wanted
        if _has(sample, name) and sample.column(next(h for h in sample.header if h.lower() == name))
    ]


def _when(
    sample: FileSample, kind: str, name: str, patterns: dict[tuple[str, str], str], tz: str
) -> str:
    if (kind, name) not in patterns:
        return "CAST(NULL AS TIMESTAMP)"
    return utc_sql(f"NULLIF(trim({header_sql(sample, name)}), '')", patterns[(kind, name)], tz)


def _problems(
    db: duckdb.DuckDBPyConnection,
    samples: dict[str, FileSample],
    patterns: dict[tuple[str, str], str],
) -> list[RowProblem]:
    found: list[RowProblem] = []
    for (kind, name), pattern in patterns.items():
        sample = samples[kind]
        label = next(h for h in sample.header if h.lower() == name)
        found += date_problems(
            db, f"raw_{kind}", sample.path.name, header_sql(sample, name), label, pattern
        )
    for kind in ("opportunity", "task", "event", "user"):
        if kind in samples:
            sample = samples[kind]
            found += id_problems(
                db, f"raw_{kind}", sample.path.name, header_sql(sample, "id"), "Id"
            )
    return sorted(found, key=lambda p: (p.file, p.row))


def _convert(
    db: duckdb.DuckDBPyConnection,
    samples: dict[str, FileSample],
    patterns: dict[tuple[str, str], str],
    tz: str,
) -> dict[str, int]:
    """Temp tables ``new_<table>`` in canonical shape; return deleted rows left out per kind."""
    deleted: dict[str, int] = {}
    for kind, sample in samples.items():
        if _has(sample, "isdeleted"):
            count = db.execute(
                f"SELECT count(*) FROM raw_{kind} WHERE {_flag(sample, 'isdeleted')}"
            ).fetchone()
            deleted[kind] = int(count[0]) if count else 0
            db.execute(f"DELETE FROM raw_{kind} WHERE {_flag(sample, 'isdeleted')}")
    if "opportunity" in samples:
        s = samples["opportunity"]
        close = _when(s, "opportunity", "closedate", patterns, tz)
        closed, won = _flag(s, "isclosed"), _flag(s, "iswon")
        db.execute(
            "CREATE TEMP TABLE new_deals AS SELECT 'salesforce' AS source,"
            f" trim({header_sql(s, 'id')}) AS id, {_opt(s, 'name')} AS title, CAST(NULL AS VARCHAR) AS pipeline,"
            f" {_opt(s, 'stagename')} AS stage,"
            f" CASE WHEN {won} THEN 'won' WHEN {closed} THEN 'lost' ELSE 'open' END AS status,"
            f" TRY_CAST({_opt(s, 'amount')} AS DOUBLE) AS value, {_opt(s, 'currencyisocode')} AS currency,"
            f" {_opt(s, 'ownerid')} AS owner, {_opt(s, 'accountid')} AS organization,"
            f" {_opt(s, 'leadsource')} AS source_channel, CAST(NULL AS VARCHAR) AS industry,"
            " CAST(NULL AS BIGINT) AS employee_count,"
            f" {_when(s, 'opportunity', 'createddate', patterns, tz)} AS created_at,"
            f" CASE WHEN {closed} THEN {close} END AS closed_at,"
            f" CASE WHEN NOT {closed} THEN CAST({close} AS DATE) END AS expected_close,"
            " CAST(NULL AS VARCHAR) AS lost_reason"
            " FROM raw_opportunity"
        )
    if "history" in samples:
        s = samples["history"]
        stage, when = _opt(s, "stagename"), _when(s, "history", "createddate", patterns, tz)
        previous = _opt(s, "fromopportunitystagename")
        db.execute(
            "CREATE TEMP TABLE history AS SELECT _row, trim("
            + header_sql(s, "opportunityid")
            + f") AS deal_id, {stage} AS stage, {previous} AS from_given, {when} AS changed_at,"
            f" {_opt(s, 'createdbyid')} AS changed_by FROM raw_history"
        )
        db.execute(
            "CREATE TEMP TABLE new_stage_changes AS SELECT DISTINCT ON (deal_id, changed_at, to_stage) *"
            " FROM (SELECT 'salesforce' AS source, deal_id, coalesce(from_given, before) AS from_stage,"
            " stage AS to_stage, changed_at, changed_by FROM (SELECT *, lag(stage) OVER"
            " (PARTITION BY deal_id ORDER BY changed_at, _row) AS before FROM history)"
            " WHERE stage IS NOT NULL AND stage IS DISTINCT FROM before)"
            " ORDER BY deal_id, changed_at, to_stage"
        )
    activity_parts = []
    for kind in ("task", "event"):
        if kind not in samples:
            continue
        s = samples[kind]
        due = "activitydate" if kind == "task" else "activitydatetime"
        done = _flag(s, "isclosed") if _has(s, "isclosed") else "NULL"
        activity_parts.append(
            f"SELECT 'salesforce' AS source, trim({header_sql(s, 'id')}) AS id,"
            f" lower(coalesce({_opt(s, 'tasksubtype')}, {_opt(s, 'type')}, {_opt(s, 'subject')}, '{kind}')) AS type,"
            f" {_opt(s, 'ownerid')} AS owner, {_opt(s, 'whatid')} AS deal_id,"
            f" {_when(s, kind, 'createddate', patterns, tz)} AS created_at,"
            f" {_when(s, kind, due, patterns, tz)} AS due_at, CAST(NULL AS TIMESTAMP) AS done_at,"
            f" {done} AS done, TRY_CAST({_opt(s, 'durationinminutes')} AS DOUBLE) AS duration_minutes"
            f" FROM raw_{kind}"
        )
    if activity_parts:
        db.execute("CREATE TEMP TABLE new_activities AS " + " UNION ALL ".join(activity_parts))
    if "user" in samples:
        s = samples["user"]
        db.execute(
            "CREATE TEMP TABLE new_people AS SELECT 'salesforce' AS source,"
            f" trim({header_sql(s, 'id')}) AS id, {_opt(s, 'name')} AS name, {_opt(s, 'email')} AS email,"
            " CAST(NULL AS VARCHAR) AS role, CAST(NULL AS VARCHAR) AS team,"
            f" {_opt(s, 'managerid')} AS manager, CAST(NULL AS DATE) AS started_at,"
            " CAST(NULL AS DATE) AS left_at FROM raw_user"
        )
    return deleted


def _write(
    db: duckdb.DuckDBPyConnection,
    samples: dict[str, FileSample],
    rows_read: dict[str, int],
    rejected: dict[str, tuple[int, Path]],
    started: dt.datetime,
    notes: tuple[str, ...],
) -> list[ImportResult]:
    plan = [
        (kind, _TABLE_OF.get(kind, "activities"))
        for kind in ("opportunity", "history", "task", "event", "user")
        if kind in samples
    ]
    staged = {
        "deals": "new_deals",
        "stage_changes": "new_stage_changes",
        "activities": "new_activities",
        "people": "new_people",
    }
    results = []
    written_tables: set[str] = set()
    with transaction(db):
        for kind, table in plan:
            if table not in written_tables:
                upsert(db, TABLES[table], staged[table])
                written_tables.add(table)
            sample = samples[kind]
            skipped, rejected_file = rejected.get(kind, (0, None))
            accepted = rows_read[kind] - skipped
            record_import(
                db,
                file=sample.path,
                sha256=sha256_of(sample.path),
                table=table,
                source="salesforce",
                rows_read=rows_read[kind],
                rows_accepted=accepted,
                started_at=started,
                details={"reader": f"salesforce {kind}"},
                rejected_file=rejected_file,
            )
            count = db.execute(f"SELECT count(*) FROM {staged[table]}").fetchone()
            results.append(
                ImportResult(
                    sample.path,
                    table,
                    "salesforce",
                    rows_read[kind],
                    accepted,
                    skipped,
                    rejected_file,
                    {},
                    notes,
                    int(count[0]) if count else 0,
                )
            )
    return results
