"""Pipedrive's deal changelog (deal-flow) export → deals, stage history, activities, people.

The changelog has one row per change of a deal field (``deal_id, change_time,
changed_field_key, new_value``): ``add_time`` creates the deal, ``user_id``
sets its owner, ``value`` its value, ``stage_id`` moves it and ``lost_reason``
loses it. Stage ids become names through ``stages.csv`` or the option list of
``stage_id`` in ``fields.csv``; lost reasons through the option list of
``lost_reason``.
Alongside it, ``activity.csv``, ``users.csv`` and ``activity_types.csv`` may be
given. Files are recognised by their headers, in any order.

A changelog does not say which stage means *won*. Pass ``won_stage``: a deal
that reached it is won; otherwise a deal with a lost reason is lost and any
other is open. Everything is written in one transaction, or not at all.
"""

from __future__ import annotations

import datetime as dt
import difflib
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from salesplan.crm.loading import (
    SHOWN,
    ImportFailedError,
    ImportResult,
    RowProblem,
    count_problems,
    file_problem,
    header_sql,
    id_problems,
    literal,
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
from salesplan.crm.store import Workspace, transaction, upsert

if TYPE_CHECKING:
    import duckdb

__all__ = ["SHAPES", "import_pipedrive"]

SHAPES: dict[str, frozenset[str]] = {
    "changes": frozenset({"deal_id", "change_time", "changed_field_key", "new_value"}),
    "stages": frozenset({"stage_id", "stage_name"}),
    "fields": frozenset({"field_key", "field_value_options"}),
    "activities": frozenset({"activity_id", "type", "deal_id"}),
    "users": frozenset({"id", "name", "email"}),
    "activity_types": frozenset({"id", "name", "type"}),
}
"""The headers that identify each file of a Pipedrive export (compared in lower case)."""


def import_pipedrive(
    workspace: Workspace,
    files: list[Path],
    *,
    won_stage: str | None = None,
    timezone: str = "UTC",
    on_error: Literal["fail", "skip"] = "fail",
) -> list[ImportResult]:
    """Import a Pipedrive changelog export; raise :class:`ImportFailedError` and write nothing on problems."""
    started = utc_now()
    samples: dict[str, FileSample] = {}
    for path in files:
        sample = read_sample(path)
        kind = recognise(sample, SHAPES, "Pipedrive")
        if kind in samples:
            raise file_problem(
                path, "(file)", f"is a second {kind} file (the first is {samples[kind].path.name})"
            )
        samples[kind] = sample
    if "changes" not in samples:
        raise file_problem(
            files[0],
            "(file)",
            "a Pipedrive import needs the deal changelog (deal_id, change_time, changed_field_key, new_value)",
        )
    changes = samples["changes"]
    change_pattern = time_pattern(changes, header_sql(changes, "change_time").strip('"'))
    add_values = [
        r[header_sql(changes, "new_value").strip('"')]
        for r in changes.rows
        if r.get(header_sql(changes, "changed_field_key").strip('"')) == "add_time"
    ]
    add_pattern = time_pattern(changes, "new_value", add_values) if add_values else change_pattern

    with (
        tempfile.TemporaryDirectory(prefix="salesplan-import-") as scratch,
        workspace.connect() as db,
    ):
        rows_read: dict[str, int] = {}
        for kind, sample in samples.items():
            readable = utf8_copy(sample.path, sample.encoding, Path(scratch))
            rows_read[kind] = load_raw(db, f"raw_{kind}", readable, sample.delimiter)
        _stage_names(db, samples)
        problems = _problems(db, samples, change_pattern)
        if won_stage is not None:
            names = [
                row[0]
                for row in db.execute("SELECT DISTINCT name FROM stage_names ORDER BY 1").fetchall()
            ]
            if won_stage not in names:
                hint = difflib.get_close_matches(won_stage, names, n=1)
                suggestion = (
                    f" — did you mean {hint[0]!r}?" if hint else f" — stages: {', '.join(names)}"
                )
                raise file_problem(
                    changes.path, "stage_id", f"has no stage called {won_stage!r}{suggestion}"
                )
        if problems and on_error == "fail":
            raise ImportFailedError(
                problems[:SHOWN],
                total=len(problems),
                counts=count_problems(problems),
                hint="nothing was imported (--on-error skip imports the other rows)",
            )
        rejected = set_aside(db, workspace.folder, samples, problems)
        _convert(db, samples, change_pattern, add_pattern, timezone, won_stage)
        notes = _notes(db, won_stage)
        return _write(db, samples, rows_read, started, won_stage, notes, rejected)


def _stage_names(db: duckdb.DuckDBPyConnection, samples: dict[str, FileSample]) -> None:
    """``stage_names(id, name)`` and ``lost_reasons(id, name)`` from stages.csv and fields.csv."""
    db.execute("CREATE TEMP TABLE stage_names (id VARCHAR, name VARCHAR)")
    db.execute("CREATE TEMP TABLE lost_reasons (id VARCHAR, name VARCHAR)")
    if "fields" in samples:
        fields = samples["fields"]
        key, options = header_sql(fields, "field_key"), header_sql(fields, "field_value_options")
        for target, field_key in (("stage_names", "stage_id"), ("lost_reasons", "lost_reason")):
            db.execute(
                f"INSERT INTO {target} SELECT o.id, o.label FROM ("
                f'SELECT unnest(from_json({options}, \'[{{"id": "VARCHAR", "label": "VARCHAR"}}]\')) AS o '
                f"FROM raw_fields WHERE {key} = {literal(field_key)} AND coalesce({options}, '') <> '')"
            )
    if "stages" in samples:
        stages = samples["stages"]
        # stages.csv is the stage list itself: it wins over the field's option labels
        db.execute("DELETE FROM stage_names")
        db.execute(
            f"INSERT INTO stage_names SELECT trim({header_sql(stages, 'stage_id')}), trim({header_sql(stages, 'stage_name')}) FROM raw_stages"
        )


def _problems(
    db: duckdb.DuckDBPyConnection, samples: dict[str, FileSample], change_pattern: str
) -> list[RowProblem]:
    changes = samples["changes"]
    deal, time, key, value = (
        header_sql(changes, n) for n in ("deal_id", "change_time", "changed_field_key", "new_value")
    )
    checks = [
        f"SELECT _row, 'deal_id', '', 'required value missing' FROM raw_changes WHERE coalesce(trim({deal}), '') = ''",
        f"SELECT _row, 'change_time', {time}, 'is not a valid timestamp' FROM raw_changes "
        f"WHERE try_strptime(trim({time}), {literal(change_pattern)}) IS NULL",
    ]
    checks.append(
        f"SELECT _row, 'new_value', {value}, 'is not a number' FROM raw_changes "
        f"WHERE {key} = 'value' AND coalesce(trim({value}), '') <> '' "
        f"AND try_cast(replace(trim({value}), ',', '') AS DOUBLE) IS NULL"
    )
    known = int(db.execute("SELECT count(*) FROM stage_names").fetchone()[0])  # type: ignore[index]
    if known:
        checks.append(
            f"SELECT _row, 'new_value', {value}, 'is a stage id with no name in stages.csv or fields.csv' "
            f"FROM raw_changes WHERE {key} = 'stage_id' AND trim({value}) NOT IN (SELECT id FROM stage_names)"
        )
    query = " UNION ALL ".join(f"({c})" for c in checks) + " ORDER BY 1"
    file = changes.path.name
    found = [
        RowProblem(file, int(r), str(c), str(v or ""), str(reason))
        for r, c, v, reason in db.execute(query).fetchall()
    ]
    # ids must be unique: two different activities under one id cannot both be kept
    for kind, key in (("activities", "activity_id"), ("users", "id")):
        if kind in samples:
            sample = samples[kind]
            found += id_problems(
                db, f"raw_{kind}", sample.path.name, header_sql(sample, key), key, required=False
            )
    return found


def _convert(
    db: duckdb.DuckDBPyConnection,
    samples: dict[str, FileSample],
    change_pattern: str,
    add_pattern: str,
    timezone: str,
    won_stage: str | None,
) -> None:
    """Temp tables ``new_stage_changes``, ``new_deals``, ``new_activities``, ``new_people``."""
    changes = samples["changes"]
    deal, time, key, value = (
        header_sql(changes, n) for n in ("deal_id", "change_time", "changed_field_key", "new_value")
    )
    db.execute(
        "CREATE TEMP TABLE events AS SELECT _row, trim("
        + deal
        + ") AS deal_id, "
        + utc_sql(f"trim({time})", change_pattern, timezone)
        + f" AS changed_at, {key} AS field, trim({value}) AS value FROM raw_changes"
    )
    db.execute(
        "CREATE TEMP TABLE new_stage_changes AS SELECT 'pipedrive' AS source, deal_id,"
        " lag(coalesce(n.name, e.value)) OVER (PARTITION BY deal_id ORDER BY changed_at, _row) AS from_stage,"
        " coalesce(n.name, e.value) AS to_stage, changed_at, CAST(NULL AS VARCHAR) AS changed_by"
        " FROM events e LEFT JOIN stage_names n ON n.id = e.value WHERE field = 'stage_id'"
    )
    # a deal entered the same stage twice at the same instant: keep one row (the key)
    db.execute(
        "CREATE OR REPLACE TEMP TABLE new_stage_changes AS SELECT DISTINCT ON (deal_id, changed_at, to_stage) *"
        " FROM new_stage_changes ORDER BY deal_id, changed_at, to_stage"
    )
    won = literal(won_stage) if won_stage is not None else "NULL"
    db.execute(
        f"""
        CREATE TEMP TABLE new_deals AS
        WITH per_deal AS (
            SELECT deal_id,
                min(CASE WHEN field = 'add_time' THEN {utc_sql("value", add_pattern, timezone)} END) AS created_at,
                arg_max(CASE WHEN field = 'user_id' THEN value END, CASE WHEN field = 'user_id' THEN changed_at END) AS owner,
                arg_max(CASE WHEN field = 'lost_reason' THEN value END, CASE WHEN field = 'lost_reason' THEN changed_at END) AS lost_id,
                max(CASE WHEN field = 'lost_reason' THEN changed_at END) AS lost_at,
                arg_max(try_cast(replace(CASE WHEN field = 'value' THEN value END, ',', '') AS DOUBLE),
                        CASE WHEN field = 'value' THEN changed_at END) AS value,
                count(*) FILTER (WHERE field = 'add_time') AS creations
            FROM events GROUP BY deal_id
        ),
        stages AS (
            SELECT deal_id, arg_max(to_stage, changed_at) AS stage,
                min(CASE WHEN to_stage = {won} THEN changed_at END) AS won_at
            FROM new_stage_changes GROUP BY deal_id
        )
        SELECT 'pipedrive' AS source, p.deal_id AS id, CAST(NULL AS VARCHAR) AS title,
            CAST(NULL AS VARCHAR) AS pipeline, s.stage,
            CASE WHEN s.won_at IS NOT NULL THEN 'won' WHEN p.lost_id IS NOT NULL THEN 'lost' ELSE 'open' END AS status,
            p.value, CAST(NULL AS VARCHAR) AS currency, p.owner,
            CAST(NULL AS VARCHAR) AS organization, CAST(NULL AS VARCHAR) AS source_channel,
            CAST(NULL AS VARCHAR) AS industry, CAST(NULL AS BIGINT) AS employee_count, p.created_at,
            CASE WHEN s.won_at IS NOT NULL THEN s.won_at ELSE p.lost_at END AS closed_at,
            CAST(NULL AS DATE) AS expected_close,
            CASE WHEN s.won_at IS NULL THEN coalesce(r.name, p.lost_id) END AS lost_reason,
            p.creations, p.lost_id IS NOT NULL AND s.won_at IS NOT NULL AS won_and_lost
        FROM per_deal p LEFT JOIN stages s USING (deal_id) LEFT JOIN lost_reasons r ON r.id = p.lost_id
        """
    )
    if "activities" in samples:
        acts = samples["activities"]
        due = (
            header_sql(acts, "due_to") if any(h.lower() == "due_to" for h in acts.header) else None
        )
        due_pattern = time_pattern(acts, due.strip('"')) if due else ""
        owner = (
            header_sql(acts, "assigned_to_user")
            if any(h.lower() == "assigned_to_user" for h in acts.header)
            else "NULL"
        )
        done = header_sql(acts, "done") if any(h.lower() == "done" for h in acts.header) else "NULL"
        db.execute(
            "CREATE TEMP TABLE new_activities AS SELECT 'pipedrive' AS source,"
            f" trim({header_sql(acts, 'activity_id')}) AS id, trim({header_sql(acts, 'type')}) AS type,"
            f" NULLIF(trim({owner}), '') AS owner, NULLIF(trim({header_sql(acts, 'deal_id')}), '') AS deal_id,"
            " CAST(NULL AS TIMESTAMP) AS created_at,"
            f" {utc_sql(f'trim({due})', due_pattern, timezone) if due else 'CAST(NULL AS TIMESTAMP)'} AS due_at,"
            " CAST(NULL AS TIMESTAMP) AS done_at,"
            f" CASE lower(trim({done})) WHEN 'true' THEN true WHEN 'false' THEN false END AS done,"
            " CAST(NULL AS DOUBLE) AS duration_minutes FROM raw_activities"
        )
    if "users" in samples:
        users = samples["users"]
        db.execute(
            "CREATE TEMP TABLE new_people AS SELECT 'pipedrive' AS source,"
            f" trim({header_sql(users, 'id')}) AS id, trim({header_sql(users, 'name')}) AS name,"
            f" NULLIF(trim({header_sql(users, 'email')}), '') AS email, CAST(NULL AS VARCHAR) AS role,"
            " CAST(NULL AS VARCHAR) AS team, CAST(NULL AS VARCHAR) AS manager,"
            " CAST(NULL AS DATE) AS started_at, CAST(NULL AS DATE) AS left_at FROM raw_users"
        )


def _notes(db: duckdb.DuckDBPyConnection, won_stage: str | None) -> tuple[str, ...]:
    notes = []
    twice = db.execute("SELECT count(*) FROM new_deals WHERE creations > 1").fetchone()[0]  # type: ignore[index]
    if twice:
        notes.append(
            f"{twice} deals were created twice in the changelog: the first creation time is kept"
        )
    both = db.execute("SELECT count(*) FROM new_deals WHERE won_and_lost").fetchone()[0]  # type: ignore[index]
    if both:
        notes.append(
            f"{both} deals reached {won_stage!r} and also have a lost reason: they count as won"
        )
    if won_stage is None:
        notes.append(
            "no won stage given (--won-stage): deals are lost (with a lost reason) or open, never won"
        )
    return tuple(notes)


def _write(
    db: duckdb.DuckDBPyConnection,
    samples: dict[str, FileSample],
    rows_read: dict[str, int],
    started: dt.datetime,
    won_stage: str | None,
    notes: tuple[str, ...],
    rejected: dict[str, tuple[int, Path]],
) -> list[ImportResult]:
    from salesplan.crm.schema import TABLES

    plan = [("deals", "new_deals", "changes"), ("stage_changes", "new_stage_changes", "changes")]
    if "activities" in samples:
        plan.append(("activities", "new_activities", "activities"))
    if "users" in samples:
        plan.append(("people", "new_people", "users"))
    results = []
    with transaction(db):
        for table, staged, kind in plan:
            written = upsert(db, TABLES[table], staged)
            sample = samples[kind]
            skipped, rejected_file = rejected.get(kind, (0, None))
            record_import(
                db,
                file=sample.path,
                sha256=sha256_of(sample.path),
                table=table,
                source="pipedrive",
                rows_read=rows_read[kind],
                rows_accepted=rows_read[kind] - skipped,
                started_at=started,
                details={
                    "reader": "pipedrive changelog",
                    "won_stage": won_stage,
                    "rows_written": written,
                },
                rejected_file=rejected_file,
            )
            results.append(
                ImportResult(
                    sample.path,
                    table,
                    "pipedrive",
                    rows_read[kind],
                    rows_read[kind] - skipped,
                    skipped,
                    rejected_file,
                    {},
                    notes,
                    written,
                )
            )
    return results
