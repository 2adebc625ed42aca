"""The workspace: a folder holding the canonical CRM tables in an embedded DuckDB database.

Layout of a workspace folder::

    store.duckdb      the canonical tables and the provenance of every import
    rejected/         rows an import skipped (``--on-error skip``), with the reason

Tables are created from :data:`salesplan.crm.schema.TABLES`; timestamps are
stored as UTC without a zone so every engine reads them the same way. Only one
process writes a workspace at a time (DuckDB locks the file).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesplan.crm.schema import TABLES, ColumnType, Table

if TYPE_CHECKING:
    import duckdb

__all__ = ["ImportRecord", "Workspace", "WorkspaceError", "transaction", "upsert"]

SQL_TYPES: dict[ColumnType, str] = {
    "text": "VARCHAR",
    "integer": "BIGINT",
    "float": "DOUBLE",
    "boolean": "BOOLEAN",
    "timestamp": "TIMESTAMP",
    "date": "DATE",
}
STORE = "store.duckdb"


class WorkspaceError(Exception):
    """A workspace that cannot be opened or used."""


def quote(identifier: str) -> str:
    """An SQL identifier, quoted: ``Deal - Stage`` → ``"Deal - Stage"``."""
    return '"' + identifier.replace('"', '""') + '"'


def create_table_sql(table: Table) -> str:
    columns = [
        f"{quote(c.name)} {SQL_TYPES[c.type]}{' NOT NULL' if c.required else ''}"
        for c in table.columns
    ]
    # no PRIMARY KEY: DuckDB's key index makes a million-row import about four times
    # slower; every writer goes through ``upsert``, which keeps keys unique instead
    return f"CREATE TABLE IF NOT EXISTS {quote(table.name)} ({', '.join(columns)})"


@contextmanager
def transaction(db: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """All of the block's writes, or none of them (rolled back on any exception, Ctrl-C too)."""
    db.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def upsert(db: duckdb.DuckDBPyConnection, table: Table, staged: str, where: str = "true") -> int:
    """Replace or add the rows of temp table *staged* (those matching *where*) in *table*,
    by the table's key; return how many rows were written. Call inside a transaction.

    The staged rows must have unique keys (importers report repeated keys as problems).
    """
    names = ", ".join(quote(c.name) for c in table.columns)
    match = " AND ".join(f"{quote(table.name)}.{quote(k)} = s.{quote(k)}" for k in table.key_names)
    db.execute(
        f"DELETE FROM {quote(table.name)} USING (SELECT * FROM {staged} WHERE {where}) AS s WHERE {match}"
    )
    db.execute(
        f"INSERT INTO {quote(table.name)} ({names}) SELECT {names} FROM {staged} WHERE {where}"
    )
    count = db.execute(f"SELECT count(*) FROM {staged} WHERE {where}").fetchone()
    return int(count[0]) if count else 0


_IMPORTS_SQL = """
CREATE SEQUENCE IF NOT EXISTS import_ids;
CREATE TABLE IF NOT EXISTS imports (
    id BIGINT PRIMARY KEY DEFAULT nextval('import_ids'),
    file VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    "table" VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    rows_read BIGINT NOT NULL,
    rows_accepted BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NOT NULL,
    mapping VARCHAR NOT NULL,
    rejected_file VARCHAR
)
"""


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """The provenance of one import."""

    id: int
    file: str
    sha256: str
    table: str
    source: str
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    started_at: dt.datetime
    finished_at: dt.datetime
    mapping: dict[str, Any]
    rejected_file: str | None


class Workspace:
    """A workspace folder and its DuckDB store."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.store = folder / STORE

    @classmethod
    def open(cls, folder: Path, *, create: bool = True) -> Workspace:
        """The workspace in *folder*, created (with its tables) when *create* allows."""
        workspace = cls(folder)
        if not workspace.store.exists():
            if not create:
                raise WorkspaceError(
                    f"{folder}: no workspace here (no {STORE}) — import a file to create one"
                )
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise WorkspaceError(
                    f"{folder}: cannot create the workspace ({error.strerror})"
                ) from None
        with workspace.connect() as connection:
            for table in TABLES.values():
                connection.execute(create_table_sql(table))
            connection.execute(_IMPORTS_SQL)
        return workspace

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the store, closed afterwards."""
        import duckdb

        try:
            connection = duckdb.connect(str(self.store))
        except duckdb.IOException as error:
            raise WorkspaceError(f"{self.store}: cannot open the store ({error})") from None
        # spill big imports to the workspace, not to the current directory; times stay UTC
        connection.execute(
            f"SET temp_directory = '{str(self.folder / '.spill').replace(chr(39), chr(39) * 2)}'"
        )
        connection.execute("SET TimeZone = 'UTC'")
        try:
            yield connection
        finally:
            connection.close()

    def counts(self) -> dict[str, int]:
        """Rows in each canonical table."""
        with self.connect() as connection:
            return {
                name: int(connection.execute(f"SELECT count(*) FROM {quote(name)}").fetchone()[0])  # type: ignore[index]
                for name in TABLES
            }

    def imports(self) -> list[ImportRecord]:
        """Every import so far, oldest first."""
        with self.connect() as connection:
            rows = connection.execute(
                'SELECT id, file, sha256, "table", source, rows_read, rows_accepted, rows_rejected,'
                " started_at, finished_at, mapping, rejected_file FROM imports ORDER BY id"
            ).fetchall()
        return [
            ImportRecord(
                id=row[0],
                file=row[1],
                sha256=row[2],
                table=row[3],
                source=row[4],
                rows_read=row[5],
                rows_accepted=row[6],
                rows_rejected=row[7],
                started_at=row[8],
                finished_at=row[9],
                mapping=json.loads(row[10]),
                rejected_file=row[11],
            )
            for row in rows
        ]
