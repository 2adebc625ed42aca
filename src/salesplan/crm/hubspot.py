"""HubSpot's deals export → deals and their stage history.

HubSpot writes one row per deal. Besides the deal's properties (``Record ID``,
``Deal Name``, ``Deal Stage``, ``Amount``, ``Create Date``, ``Close Date``,
``Deal owner``, ``Pipeline``), an export may include, for each stage, the
columns ``Date entered "<stage> (<pipeline>)"`` and ``Date exited …``: the
stage history. Every non-empty "Date entered" cell becomes a row of
``stage_changes``, ordered in time to find the stage each move came from.
Status comes from ``Is Closed Won`` / ``Is closed`` when present, otherwise
from stage names (``Closed Won``, ``Closed Lost``).
"""

from __future__ import annotations

import re
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
    id_problems,
    literal,
    load_raw,
    record_import,
    sha256_of,
    time_pattern,
    utc_now,
    utc_sql,
    utf8_copy,
    write_rejected,
)
from salesplan.crm.sample import FileSample, read_sample
from salesplan.crm.schema import TABLES
from salesplan.crm.store import Workspace, quote, transaction, upsert

if TYPE_CHECKING:
    import duckdb

__all__ = ["import_hubspot", "stage_columns"]

_ENTERED = re.compile(
    r"^Date entered [\"'“]?(?P<stage>.+?)(?: \((?P<pipeline>[^)]*)\))?[\"'”]?$", re.IGNORECASE
)
_PROPERTIES = {
    "id": ("record id", "deal id", "hs_object_id"),
    "title": ("deal name", "dealname"),
    "stage": ("deal stage", "dealstage"),
    "pipeline": ("pipeline",),
    "value": ("amount", "amount in company currency"),
    "currency": ("currency", "deal currency code"),
    "owner": ("deal owner", "hubspot_owner_id", "owner"),
    "source_channel": ("original source type", "original traffic source", "source"),
    "created_at": ("create date", "createdate"),
    "closed_at": ("close date", "closedate"),
    "lost_reason": ("closed lost reason", "closed_lost_reason"),
    "won": ("is closed won", "hs_is_closed_won"),
    "closed": ("is closed", "hs_is_closed"),
}


def stage_columns(header: list[str]) -> dict[str, str]:
    """``{header: stage}`` for every "Date entered <stage> (<pipeline>)" column.

    >>> stage_columns(['Record ID', 'Date entered "Demo (Sales Pipeline)"', 'Date exited "Demo (Sales Pipeline)"'])
    {'Date entered "Demo (Sales Pipeline)"': 'Demo'}
    """
    found = {}
    for name in header:
        match = _ENTERED.match(name.strip())
        if match:
            found[name] = match.group("stage").strip()
    return found


def _property(sample: FileSample, key: str) -> str | None:
    for header in sample.header:
        if header.strip().lower() in _PROPERTIES[key]:
            return header
    return None


def import_hubspot(
    workspace: Workspace,
    path: Path,
    *,
    timezone: str = "UTC",
    on_error: Literal["fail", "skip"] = "fail",
) -> list[ImportResult]:
    """Import a HubSpot deals export; raise :class:`ImportFailedError` and write nothing on problems."""
    started = utc_now()
    sample = read_sample(path)
    columns = {key: _property(sample, key) for key in _PROPERTIES}
    if columns["id"] is None:
        raise file_problem(
            path, "(header)", "has no Record ID column: is this a HubSpot deals export?"
        )
    entered = stage_columns(sample.header)
    date_headers = [
        h for h in (columns["created_at"], columns["closed_at"], *entered) if h and sample.column(h)
    ]
    patterns = {h: time_pattern(sample, h) for h in date_headers}

    def when(header: str | None) -> str:
        if header is None or header not in patterns:
            return "CAST(NULL AS TIMESTAMP)"
        return utc_sql(f"NULLIF(trim(raw.{quote(header)}), '')", patterns[header], timezone)

    def text(key: str) -> str:
        header = columns[key]
        return f"NULLIF(trim(raw.{quote(header)}), '')" if header else "CAST(NULL AS VARCHAR)"

    def flag(key: str) -> str:
        header = columns[key]
        return f"lower(trim(raw.{quote(header)})) IN ('true', '1', 'yes')" if header else "NULL"

    with (
        tempfile.TemporaryDirectory(prefix="salesplan-import-") as scratch,
        workspace.connect() as db,
    ):
        readable = utf8_copy(path, sample.encoding, Path(scratch))
        rows_read = load_raw(db, "raw", readable, sample.delimiter)
        problems = _problems(db, path.name, columns["id"], patterns)
        if problems and on_error == "fail":
            raise ImportFailedError(
                problems[:SHOWN],
                total=len(problems),
                counts=count_problems(problems),
                hint="nothing was imported (--on-error skip imports the other rows)",
            )
        rejected_file = None
        rejected_rows = sorted({p.row for p in problems})
        if problems:
            rejected_file = write_rejected(db, workspace.folder, "raw", path, problems)
            db.execute("DELETE FROM raw WHERE _row IN (SELECT unnest(?))", [rejected_rows])
        stage = text("stage")
        won = flag("won") if columns["won"] else f"lower({stage}) = 'closed won'"
        closed = (
            flag("closed")
            if columns["closed"]
            else f"lower({stage}) IN ('closed won', 'closed lost')"
        )
        value = f"TRY_CAST(replace({text('value')}, ',', '') AS DOUBLE)"
        db.execute(
            "CREATE TEMP TABLE new_deals AS SELECT 'hubspot' AS source,"
            f" {text('id')} AS id, {text('title')} AS title, {text('pipeline')} AS pipeline, {stage} AS stage,"
            f" CASE WHEN {won} THEN 'won' WHEN {closed} THEN 'lost' ELSE 'open' END AS status,"
            f" {value} AS value, {text('currency')} AS currency, {text('owner')} AS owner,"
            " CAST(NULL AS VARCHAR) AS organization,"
            f" {text('source_channel')} AS source_channel, CAST(NULL AS VARCHAR) AS industry,"
            f" CAST(NULL AS BIGINT) AS employee_count, {when(columns['created_at'])} AS created_at,"
            f" CASE WHEN {closed} THEN {when(columns['closed_at'])} END AS closed_at,"
            f" CASE WHEN NOT ({closed}) THEN CAST({when(columns['closed_at'])} AS DATE) END AS expected_close,"
            f" CASE WHEN NOT ({won}) THEN {text('lost_reason')} END AS lost_reason FROM raw"
        )
        moves = [
            f"SELECT {text('id')} AS deal_id, {literal(name)} AS to_stage, {when(header)} AS changed_at FROM raw"
            for header, name in entered.items()
        ]
        if moves:
            db.execute(
                "CREATE TEMP TABLE new_stage_changes AS SELECT 'hubspot' AS source, deal_id,"
                " lag(to_stage) OVER (PARTITION BY deal_id ORDER BY changed_at, to_stage) AS from_stage,"
                " to_stage, changed_at, CAST(NULL AS VARCHAR) AS changed_by FROM ("
                + " UNION ALL ".join(moves)
                + ") WHERE changed_at IS NOT NULL"
            )
        tables = ["deals", *(["stage_changes"] if moves else [])]
        results = []
        digest = sha256_of(path)
        with transaction(db):
            for table in tables:
                written = upsert(db, TABLES[table], f"new_{table}")
                accepted = rows_read - len(rejected_rows)
                record_import(
                    db,
                    file=path,
                    sha256=digest,
                    table=table,
                    source="hubspot",
                    rows_read=rows_read,
                    rows_accepted=accepted,
                    started_at=started,
                    details={"reader": "hubspot deals", "stage_columns": len(entered)},
                    rejected_file=rejected_file,
                )
                notes = (
                    ()
                    if entered
                    else ('the export has no "Date entered" columns: no stage history',)
                )
                results.append(
                    ImportResult(
                        path,
                        table,
                        "hubspot",
                        rows_read,
                        accepted,
                        len(rejected_rows),
                        rejected_file,
                        {},
                        notes,
                        written,
                    )
                )
    return results


def _problems(
    db: duckdb.DuckDBPyConnection, file: str, id_header: str, patterns: dict[str, str]
) -> list[RowProblem]:
    found: list[RowProblem] = []
    for header, pattern in patterns.items():
        found += date_problems(db, "raw", file, f"raw.{quote(header)}", header, pattern)
    found += id_problems(db, "raw", file, f"raw.{quote(id_header)}", id_header)
    return sorted(found, key=lambda p: p.row)
