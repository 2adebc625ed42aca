"""Import a CSV export into the workspace through a mapping: checked, atomic, idempotent.

The work is split where each part is strongest:

- Python reads a sample to settle the format (encoding, delimiter, decimal mark,
  date pattern) and refuses to guess an ambiguous one;
- DuckDB reads the whole file as text, converts every cell with one SQL query
  and lists every cell it could not convert (row, column, value, reason);
- then, in one transaction, the accepted rows replace or extend the canonical
  table (keyed by source and id, so re-importing updates instead of duplicating)
  and the import's provenance is recorded. A failure anywhere rolls back: the
  store is exactly as it was.

By default any problem fails the whole import and reports the first 20;
``on_error="skip"`` imports the good rows and writes the rejected ones, with
their reasons, to ``rejected/`` in the workspace.
"""

from __future__ import annotations

import difflib
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from salesplan.crm.detect import (
    EXCEL_SERIAL,
    NumberStyle,
    detect_date_format,
    detect_number_style,
    is_excel_serial,
)
from salesplan.crm.loading import (
    SHOWN,
    ImportFailedError,
    ImportResult,
    RowProblem,
    file_problem,
    literal,
    load_raw,
    record_import,
    sha256_of,
    utc_now,
    utf8_copy,
    write_rejected,
)
from salesplan.crm.mapping import ColumnRule, Mapping
from salesplan.crm.sample import FileSample, read_sample
from salesplan.crm.schema import TABLES, Column, Table
from salesplan.crm.spreadsheet import as_csv
from salesplan.crm.store import Workspace, quote, transaction, upsert

if TYPE_CHECKING:
    import duckdb

__all__ = ["STEPS", "ImportFailedError", "ImportResult", "RowProblem", "import_csv"]

STEPS = ("reading", "converting", "checking", "writing")
"""The steps of an import, in order, as ``progress`` hears them."""

_TRUE = ("true", "1", "yes", "y", "done", "ya")
_FALSE = ("false", "0", "no", "n", "tidak")


def _check_headers(sample: FileSample, mapping: Mapping) -> None:
    for header in mapping.source_columns():
        if header not in sample.header:
            hint = difflib.get_close_matches(header, sample.header, n=1)
            suggestion = (
                f" — did you mean {hint[0]!r}?"
                if hint
                else f" — columns: {', '.join(sample.header)}"
            )
            raise file_problem(sample.path, header, f"is not a column of this file{suggestion}")


def _number_style(sample: FileSample, mapping: Mapping, numbers: list[str]) -> NumberStyle:
    if mapping.format.decimal is not None:
        return NumberStyle(mapping.format.decimal)
    style = detect_number_style(v for header in numbers for v in sample.column(header))
    if style.decimal is None:
        raise file_problem(
            sample.path,
            numbers[0],
            "reads either with a decimal point or a decimal comma — set format.decimal to '.' or ','",
            style.ambiguous_example or "",
        )
    return style


def _date_pattern(
    sample: FileSample, mapping: Mapping, rule: ColumnRule, order: Literal["dmy", "mdy"] | None
) -> str:
    assert rule.column is not None
    if rule.format or mapping.format.date_format:
        return rule.format or mapping.format.date_format  # type: ignore[return-value]
    guess = detect_date_format(sample.column(rule.column), order=order)
    if guess.pattern is None and is_excel_serial(sample.column(rule.column)):
        return EXCEL_SERIAL
    if guess.pattern:
        return guess.pattern  # cells it does not read are reported row by row
    if guess.ambiguous:
        example = next(iter(sample.column(rule.column)), "")
        raise file_problem(
            sample.path,
            rule.column,
            "dates read day-first or month-first — pass --dayfirst or --monthfirst"
            " (or set format.date_format)",
            example,
        )
    example = guess.unparsed[0] if guess.unparsed else ""
    raise file_problem(
        sample.path,
        rule.column,
        "is not a date in a known pattern — set format.date_format",
        example,
    )


def _converted(column: Column, rule: ColumnRule, style: NumberStyle, pattern: str, tz: str) -> str:
    """SQL turning the raw text of *rule*'s column into *column*'s type (NULL when it cannot)."""
    if rule.value is not None:
        raw = literal(rule.value)
    else:
        assert rule.column is not None
        raw = f"NULLIF(trim(raw.{quote(rule.column)}), '')"
    if rule.values is not None:
        cases = " ".join(f"WHEN {literal(k)} THEN {literal(v)}" for k, v in rule.values.items())
        raw = f"(CASE {raw} {cases} END)"
    if column.type == "text":
        return raw
    if column.type in ("float", "integer"):
        negative = (
            f"(starts_with({raw}, '-') OR starts_with({raw}, '(') OR starts_with({raw}, '−'))"
        )
        digits = f"regexp_replace({raw}, '[^0-9{style.decimal}{style.thousands}]', '', 'g')"
        plain = f"replace(replace({digits}, '{style.thousands}', ''), '{style.decimal}', '.')"
        ok = f"regexp_full_match(regexp_replace({raw}, '[\\s\\x{{00A0}}$€£¥₹()+\\-−]|^[A-Z]{{3}}|[A-Z]{{3}}$|^Rp\\.?', '', 'g'), '[0-9{style.decimal}{style.thousands}]+')"
        number = f"TRY_CAST({plain} AS DOUBLE)"
        value = f"(CASE WHEN {ok} THEN (CASE WHEN {negative} THEN -{number} ELSE {number} END) END)"
        return value if column.type == "float" else f"TRY_CAST(round({value}) AS BIGINT)"
    if column.type == "boolean":
        truthy = ", ".join(literal(t) for t in _TRUE)
        falsy = ", ".join(literal(f) for f in _FALSE)
        return f"(CASE WHEN lower({raw}) IN ({truthy}) THEN true WHEN lower({raw}) IN ({falsy}) THEN false END)"
    if pattern == EXCEL_SERIAL:  # day numbers since 1899-12-30, as Excel keeps dates
        micros = f"TRY_CAST(round(TRY_CAST({raw} AS DOUBLE) * 86400000000) AS BIGINT)"
        parsed = f"(TIMESTAMP '1899-12-30' + to_microseconds({micros}))"
    else:
        parsed = f"try_strptime({raw}, {literal(pattern)})"
    if "%z" in pattern or "%Z" in pattern:
        utc = f"timezone('UTC', {parsed})"
    elif tz.upper() == "UTC":
        utc = parsed
    else:
        utc = f"timezone('UTC', timezone({literal(tz)}, {parsed}))"
    return f"CAST({utc} AS DATE)" if column.type == "date" else utc


def import_csv(
    workspace: Workspace,
    path: Path,
    mapping: Mapping,
    *,
    on_error: Literal["fail", "skip"] = "fail",
    date_order: Literal["dmy", "mdy"] | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Import *path* (CSV or XLSX) into *mapping*'s table; raise :class:`ImportFailedError`
    and write nothing on failure. *progress* is told each step as it starts (see ``STEPS``)."""
    step = progress or (lambda _name: None)
    with tempfile.TemporaryDirectory(prefix="salesplan-sheet-") as sheets:
        step("reading")
        readable = as_csv(path, Path(sheets))
        return _import(workspace, path, readable, mapping, on_error, date_order, step)


def _import(
    workspace: Workspace,
    path: Path,
    readable_path: Path,
    mapping: Mapping,
    on_error: Literal["fail", "skip"],
    date_order: Literal["dmy", "mdy"] | None,
    step: Callable[[str], None],
) -> ImportResult:
    started = utc_now()
    sample = replace(read_sample(readable_path), path=path)
    _check_headers(sample, mapping)
    table = TABLES[mapping.table]
    encoding = mapping.format.encoding or sample.encoding
    delimiter = mapping.format.delimiter or sample.delimiter
    numbers = [
        rule.column
        for c in table.columns
        if c.type in ("float", "integer") and c.name in mapping.columns
        for rule in [mapping.rule(c.name)]
        if rule.column is not None and rule.values is None
    ]
    style = _number_style(sample, mapping, numbers) if numbers else NumberStyle(".")

    expressions: dict[str, str] = {}
    for column in table.columns:
        if column.name == "source":
            expressions["source"] = literal(mapping.source)
            continue
        if column.name not in mapping.columns:
            expressions[column.name] = f"CAST(NULL AS {_sql_type(column)})"
            continue
        rule = mapping.rule(column.name)
        pattern = ""
        if column.type in ("timestamp", "date") and rule.column is not None and rule.values is None:
            pattern = _date_pattern(sample, mapping, rule, date_order)
        expressions[column.name] = _converted(column, rule, style, pattern, mapping.format.timezone)

    with (
        tempfile.TemporaryDirectory(prefix="salesplan-import-") as scratch,
        workspace.connect() as db,
    ):
        try:
            readable = utf8_copy(readable_path, encoding, Path(scratch))
        except UnicodeDecodeError as error:
            raise file_problem(
                path, "(file)", f"is not valid {encoding} text at byte {error.start}"
            ) from None
        rows_read = load_raw(db, "raw", readable, delimiter)
        step("converting")
        select = ", ".join(f"{expr} AS {quote(name)}" for name, expr in expressions.items())
        cells = ", ".join(
            f"trim(raw.{quote(header)}) AS {quote('raw:' + header)}"
            for header in dict.fromkeys(mapping.source_columns())
        )
        db.execute(f"CREATE TEMP TABLE converted AS SELECT raw._row, {select}, {cells} FROM raw")
        step("checking")
        _find_problems(db, mapping, table)
        found = db.execute("SELECT count(*), count(DISTINCT _row) FROM problems").fetchone()
        total, rejected = (int(found[0]), int(found[1])) if found else (0, 0)
        counts = _problem_counts(db)
        if total and on_error == "fail":
            raise ImportFailedError(
                _first_problems(db, path),
                total=total,
                counts=counts,
                hint=f"nothing was imported ({rejected} of {rows_read} rows have problems;"
                " --on-error skip imports the others)",
            )
        rejected_file = (
            write_rejected(db, workspace.folder, "raw", path, "problems") if total else None
        )
        digest = sha256_of(path)
        details = {
            "mapping": mapping.model_dump(mode="json"),
            "format": {"encoding": encoding, "delimiter": delimiter, "decimal": style.decimal},
        }
        accepted = rows_read - rejected
        step("writing")
        with transaction(db):
            upsert(db, table, "converted", "_row NOT IN (SELECT _row FROM problems)")
            record_import(
                db,
                file=path,
                sha256=digest,
                table=mapping.table,
                source=mapping.source,
                rows_read=rows_read,
                rows_accepted=accepted,
                started_at=started,
                details=details,
                rejected_file=rejected_file,
            )
    return ImportResult(
        path, mapping.table, mapping.source, rows_read, accepted, rejected, rejected_file, counts
    )


def _sql_type(column: Column) -> str:
    from salesplan.crm.store import SQL_TYPES

    return SQL_TYPES[column.type]


def _find_problems(db: duckdb.DuckDBPyConnection, mapping: Mapping, table: Table) -> None:
    """Temp table ``problems(_row, column, value, reason)``: every cell that did not convert,
    every missing required value and every key repeated within the file."""
    checks: list[str] = []
    for column in table.columns:
        if column.name not in mapping.columns:
            if column.required and column.name != "source":
                checks.append(
                    f"SELECT _row, {literal(column.name)}, '', 'required value missing' FROM converted"
                )
            continue
        rule = mapping.rule(column.name)
        if rule.column is None:
            continue
        cell = quote("raw:" + rule.column)
        reason = (
            "is not in the mapping's values"
            if rule.values is not None
            else f"is not a valid {column.type}"
        )
        checks.append(
            f"SELECT _row, {literal(rule.column)}, {cell}, {literal(reason)} FROM converted"
            f" WHERE {cell} <> '' AND {quote(column.name)} IS NULL"
        )
        if column.required:
            checks.append(
                f"SELECT _row, {literal(rule.column)}, '', 'required value missing' FROM converted"
                f" WHERE coalesce({cell}, '') = ''"
            )
    keys = ", ".join(quote(name) for name in table.key_names)
    last = quote(table.key_names[-1])
    checks.append(
        f"SELECT c._row, {literal(table.key_names[-1])}, CAST(c.{last} AS VARCHAR),"
        " 'repeats the key of row ' || CAST(d.first_row AS VARCHAR)"
        f" FROM converted c JOIN (SELECT {keys}, min(_row) AS first_row FROM converted"
        f" GROUP BY {keys} HAVING count(*) > 1) d USING ({keys}) WHERE c._row > d.first_row"
    )
    db.execute(
        'CREATE TEMP TABLE problems (_row BIGINT, "column" VARCHAR, value VARCHAR, reason VARCHAR)'
    )
    db.execute("INSERT INTO problems " + " UNION ALL ".join(f"({check})" for check in checks))


def _first_problems(db: duckdb.DuckDBPyConnection, path: Path) -> list[RowProblem]:
    rows = db.execute(
        f'SELECT _row, "column", value, reason FROM problems ORDER BY _row, "column" LIMIT {SHOWN}'
    ).fetchall()
    return [RowProblem(path.name, int(r), str(c), str(v or ""), str(why)) for r, c, v, why in rows]


def _problem_counts(db: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = db.execute(
        "SELECT \"column\" || ': ' || regexp_replace(reason, '[0-9]+', 'N', 'g') AS kind, count(*) AS n"
        " FROM problems GROUP BY kind ORDER BY n DESC, kind"
    ).fetchall()
    return {str(kind): int(n) for kind, n in rows}
