"""What every importer shares: problems by row and column, safe reading, provenance.

Importers convert in DuckDB and report what they could not convert as
:class:`RowProblem` rows; :class:`ImportFailedError` carries them to the edge,
which shows the first 20 and the counts. Nothing is written when it is raised.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesplan.cells import SIGNED_NUMBER
from salesplan.crm.detect import detect_date_format
from salesplan.crm.store import quote

if TYPE_CHECKING:
    import duckdb

    from salesplan.crm.sample import FileSample

__all__ = [
    "SHOWN",
    "ImportFailedError",
    "ImportResult",
    "RowProblem",
    "count_problems",
    "date_problems",
    "file_problem",
    "header_sql",
    "id_problems",
    "literal",
    "load_raw",
    "recognise",
    "record_import",
    "set_aside",
    "sha256_of",
    "time_pattern",
    "utc_now",
    "utc_sql",
    "utf8_copy",
    "write_rejected",
]

SHOWN = 20


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One cell (or row) that could not be imported."""

    file: str
    row: int  # as a spreadsheet counts: the header is row 1
    column: str
    value: str
    reason: str

    def render(self) -> str:
        shown = f" {self.value!r}" if self.value else ""
        return f"{self.file}: row {self.row}, column {self.column!r}:{shown} {self.reason}"


class ImportFailedError(Exception):
    """An import that cannot go ahead; nothing was written."""

    def __init__(
        self,
        problems: list[RowProblem],
        total: int | None = None,
        hint: str = "",
        counts: dict[str, int] | None = None,
    ) -> None:
        self.problems = problems
        self.total = len(problems) if total is None else total
        self.hint = hint
        self.counts = counts or {}
        super().__init__(self.render())

    def render(self) -> str:
        lines = [problem.render() for problem in self.problems[:SHOWN]]
        if self.total > SHOWN:
            lines.append(f"… and {self.total - SHOWN} more problems")
        if len(self.counts) > 1 or self.total > SHOWN:
            lines += [f"{count:>8,} × {what}" for what, count in self.counts.items()]
        if self.hint:
            lines.append(self.hint)
        return "\n".join(lines)


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    file: Path
    table: str
    source: str
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    rejected_file: Path | None
    reasons: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    rows_written: int | None = None  # rows of the table written, when not one per row read


def count_problems(problems: list[RowProblem]) -> dict[str, int]:
    """How many problems of each kind, most common first (row numbers left out of the kind)."""
    kinds = Counter(re.sub(r"\d+", "N", f"{p.column}: {p.reason}") for p in problems)
    return dict(kinds.most_common())


def file_problem(path: Path, column: str, reason: str, value: str = "") -> ImportFailedError:
    return ImportFailedError([RowProblem(path.name, 1, column, value, reason)])


def load_raw(db: duckdb.DuckDBPyConnection, name: str, path: Path, delimiter: str) -> int:
    """Read a UTF-8 CSV into temp table *name*, every cell as text, with its spreadsheet row
    number in ``_row`` (the header is row 1); return the number of data rows."""
    import duckdb

    try:
        db.execute(
            f'CREATE TEMP TABLE "{name}" AS SELECT row_number() OVER () + 1 AS _row, * FROM '
            "read_csv(?, header = true, all_varchar = true, delim = ?, quote = '\"', "
            "escape = '\"', strict_mode = true, null_padding = false)",
            [str(path), delimiter],
        )
    except duckdb.Error as error:
        reason = f"cannot be read as CSV: {str(error).splitlines()[0]}"
        raise file_problem(path, "(file)", reason) from None
    return int(db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])  # type: ignore[index]


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def utf8_copy(path: Path, encoding: str, folder: Path) -> Path:
    """*path* as UTF-8, transcoded in 1 MiB chunks into *folder* when it is not already."""
    if encoding in ("utf-8", "utf-8-sig"):
        return path
    target = folder / (path.stem + ".utf8.csv")
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    first = True
    with path.open("rb") as source, target.open("w", encoding="utf-8", newline="") as sink:
        while chunk := source.read(1 << 20):
            text = decoder.decode(chunk)
            if first and text:
                text, first = text.removeprefix("\ufeff"), False
            sink.write(text)
        sink.write(decoder.decode(b"", final=True))
    return target


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def utc_now() -> dt.datetime:
    """Now, in UTC, without a zone (as the store keeps times)."""
    return dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)


def record_import(
    db: duckdb.DuckDBPyConnection,
    *,
    file: Path,
    sha256: str,
    table: str,
    source: str,
    rows_read: int,
    rows_accepted: int,
    started_at: dt.datetime,
    details: dict[str, Any],
    rejected_file: Path | None = None,
) -> None:
    """Add the provenance row of an import (inside the import's transaction)."""
    db.execute(
        'INSERT INTO imports (file, sha256, "table", source, rows_read, rows_accepted,'
        " rows_rejected, started_at, finished_at, mapping, rejected_file)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            str(file.resolve()),
            sha256,
            table,
            source,
            rows_read,
            rows_accepted,
            rows_read - rows_accepted,
            started_at,
            utc_now(),
            json.dumps(details),
            str(rejected_file) if rejected_file else None,
        ],
    )


def write_rejected(
    db: duckdb.DuckDBPyConnection,
    workspace_folder: Path,
    raw: str,
    path: Path,
    problems: list[RowProblem] | str,
) -> Path:
    """The rejected rows of temp table *raw*, as they were in the file, with their problems,
    in the workspace's ``rejected/`` folder. *problems* is a list, or the name of a table
    with columns ``_row``, ``column``, ``value``, ``reason``."""
    folder = workspace_folder / "rejected"
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now(tz=dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"{path.stem}-{stamp}.csv"
    if isinstance(problems, str):
        db.execute(
            "CREATE OR REPLACE TEMP TABLE reasons AS SELECT _row,"
            f" \"column\" || ': ' || reason AS problem FROM {problems}"
        )
    else:
        db.execute("CREATE OR REPLACE TEMP TABLE reasons (_row BIGINT, problem VARCHAR)")
        db.executemany(
            "INSERT INTO reasons VALUES (?, ?)",
            [[p.row, f"{p.column}: {p.reason}"] for p in problems],
        )
    # the file is for people to open in a spreadsheet: CRM text must not run as a formula there
    columns = [row[0] for row in db.execute(f"DESCRIBE {raw}").fetchall() if row[0] != "_row"]
    guarded = ", ".join(_guarded(name) for name in columns)
    db.execute(
        f"COPY (SELECT {guarded}, r.problems AS problem FROM {raw} AS raw JOIN ("
        "SELECT _row, string_agg(problem, '; ') AS problems FROM reasons GROUP BY _row) r USING (_row) "
        f"ORDER BY raw._row) TO {literal(str(target))} (HEADER, DELIMITER ',')"
    )
    return target


_APOSTROPHE = "'"  # spreadsheets read a leading apostrophe as "text follows"


def _guarded(name: str) -> str:
    """Column *name* of ``raw`` with text a spreadsheet would run as a formula quoted.

    The same rule as :func:`salesplan.cells.neutralise`: a leading ``=``, ``+``,
    ``-``, ``@``, tab or carriage return gets a single quote, unless the text is
    a plain signed number.
    """
    column = quote(name)
    text = f"CAST(raw.{column} AS VARCHAR)"
    risky = literal("^[-=+@\t\r]")
    return (
        f"CASE WHEN regexp_matches({text}, {risky})"
        f" AND NOT regexp_matches({text}, {literal(SIGNED_NUMBER)})"
        f" THEN {literal(_APOSTROPHE)} || {text} ELSE {text} END AS {column}"
    )


def time_pattern(sample: FileSample, column: str, values: list[str] | None = None) -> str:
    """The one date pattern of *column* (or of *values*); a problem when there is none."""
    guess = detect_date_format(values if values is not None else sample.column(column))
    if guess.pattern:
        return guess.pattern
    reason = (
        "dates read day-first or month-first"
        if guess.ambiguous
        else "is not a date in a known pattern"
    )
    raise file_problem(sample.path, column, reason, guess.unparsed[0] if guess.unparsed else "")


def header_sql(sample: FileSample, name: str) -> str:
    """Header *name* as an SQL identifier, spelled as the file spells it (matched in lower case)."""
    actual = next(h for h in sample.header if h.lower() == name)
    return '"' + actual.replace('"', '""') + '"'


def utc_sql(expression: str, pattern: str, timezone: str) -> str:
    parsed = f"try_strptime({expression}, {literal(pattern)})"
    if "%z" in pattern:
        return f"timezone('UTC', {parsed})"
    if timezone.upper() == "UTC":
        return parsed
    return f"timezone('UTC', timezone({literal(timezone)}, {parsed}))"


def recognise(sample: FileSample, shapes: dict[str, frozenset[str]], reader: str) -> str:
    """Which of a reader's files *sample* is, from its headers (compared in lower case)."""
    header = {name.lower() for name in sample.header}
    for kind, needed in shapes.items():
        if needed <= header:
            return kind
    known = "; ".join(f"{kind}: {', '.join(sorted(needed))}" for kind, needed in shapes.items())
    raise file_problem(
        sample.path, "(header)", f"is not a {reader} file this reader knows ({known})"
    )


def set_aside(
    db: duckdb.DuckDBPyConnection,
    workspace_folder: Path,
    samples: dict[str, FileSample],
    problems: list[RowProblem],
) -> dict[str, tuple[int, Path]]:
    """Move rows with problems out of the ``raw_<kind>`` tables into ``rejected/`` files;
    return, per kind, how many rows and where they went."""
    rejected: dict[str, tuple[int, Path]] = {}
    for kind, sample in samples.items():
        own = [p for p in problems if p.file == sample.path.name]
        if not own:
            continue
        target = write_rejected(db, workspace_folder, f"raw_{kind}", sample.path, own)
        rows = sorted({p.row for p in own})
        db.execute(f"DELETE FROM raw_{kind} WHERE _row IN (SELECT unnest(?))", [rows])
        rejected[kind] = (len(rows), target)
    return rejected


def id_problems(
    db: duckdb.DuckDBPyConnection,
    raw: str,
    file: str,
    column: str,
    label: str,
    *,
    required: bool = True,
) -> list[RowProblem]:
    """Rows of temp table *raw* whose id (SQL expression *column*) repeats an earlier row's,
    and, when *required*, rows without one; named *label* in the problems."""
    rows = db.execute(
        f"SELECT _row, id, first_row FROM (SELECT _row, trim({column}) AS id,"
        f" min(_row) OVER (PARTITION BY trim({column})) AS first_row FROM {raw})"
        " WHERE _row > first_row ORDER BY 1"
    ).fetchall()
    found = [
        RowProblem(file, int(r), label, str(v), f"repeats the id of row {f}") for r, v, f in rows
    ]
    if required:
        empty = db.execute(
            f"SELECT _row FROM {raw} WHERE coalesce(trim({column}), '') = ''"
        ).fetchall()
        found += [RowProblem(file, int(r), label, "", "required value missing") for (r,) in empty]
    return found


def date_problems(
    db: duckdb.DuckDBPyConnection, raw: str, file: str, column: str, label: str, pattern: str
) -> list[RowProblem]:
    """Rows of temp table *raw* whose non-empty *column* does not read with *pattern*."""
    rows = db.execute(
        f"SELECT _row, {column} FROM {raw} WHERE coalesce(trim({column}), '') <> ''"
        f" AND try_strptime(trim({column}), ?) IS NULL ORDER BY _row",
        [pattern],
    ).fetchall()
    return [RowProblem(file, int(r), label, str(v), "is not a valid timestamp") for r, v in rows]
