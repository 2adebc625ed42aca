"""The mapping screen's model: which file column feeds each canonical deal column, how
statuses read, and a dry run that shows the rows as they would be imported and every
row problem, without writing the workspace's store.

The dry run imports into a throw-away store in a temporary folder: the same code
path as the real import, so what it reports is what the import would do.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping as Lookup
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from salesplan.crm.csv_import import ImportFailedError, import_csv
from salesplan.crm.mapping import Mapping
from salesplan.crm.sample import FileSample, SampleError, read_sample
from salesplan.crm.schema import TABLES
from salesplan.crm.store import Workspace, WorkspaceError, quote
from salesplan.crm.suggest import suggest_mapping

__all__ = ["DryRun", "MappingChoice", "dry_run", "from_post", "proposed"]

TABLE = "deals"
STATUSES = ("open", "won", "lost")
PREVIEW_ROWS = 10
DISTINCT_STATUSES = 30
_WON = {"won", "closedwon", "win", "menang"}
_LOST = {"lost", "closedlost", "loss", "kalah"}


@dataclass
class MappingChoice:
    """What the form holds: a file header per canonical column, and the status values."""

    source: str
    columns: dict[str, str]
    status_values: dict[str, str] = field(default_factory=dict)
    decimal: str = ""  # "" detect, "." or ","
    date_format: str = ""
    notes: list[str] = field(default_factory=list)

    def mapping(self) -> Mapping:
        """The :class:`Mapping` it describes (``ValidationError`` when it is incomplete)."""
        columns: dict[str, Any] = {name: header for name, header in self.columns.items() if header}
        status = columns.get("status")
        if status:
            columns["status"] = {"column": status, "values": dict(self.status_values)}
        file_format: dict[str, Any] = {}
        if self.decimal in (".", ","):
            file_format["decimal"] = self.decimal
        if self.date_format:
            file_format["date_format"] = self.date_format
        return Mapping.model_validate(
            {"table": TABLE, "source": self.source, "format": file_format, "columns": columns}
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "columns": self.columns,
            "status_values": self.status_values,
            "decimal": self.decimal,
            "date_format": self.date_format,
        }

    @classmethod
    def from_json(cls, data: Lookup[str, Any]) -> MappingChoice:
        return cls(
            source=str(data.get("source", "")),
            columns={str(k): str(v) for k, v in dict(data.get("columns", {})).items()},
            status_values={str(k): str(v) for k, v in dict(data.get("status_values", {})).items()},
            decimal=str(data.get("decimal", "")),
            date_format=str(data.get("date_format", "")),
        )


def canonical_columns() -> list[tuple[str, bool, str]]:
    """(name, required, description) of every column of the deals table a file can feed."""
    return [
        (c.name, c.required, c.description) for c in TABLES[TABLE].columns if c.name != "source"
    ]


def _guess_status(value: str) -> str:
    key = "".join(ch for ch in value.lower() if ch.isalnum())
    if key in STATUSES:
        return key
    return "won" if key in _WON else "lost" if key in _LOST else "open"


def status_values(sample: FileSample, column: str, chosen: Lookup[str, str]) -> dict[str, str]:
    """Each distinct value of *column* → open, won or lost (what was chosen, else a guess)."""
    if not column or column not in sample.header:
        return {}
    found = sample.distinct(column, DISTINCT_STATUSES)
    return {value: chosen.get(value) or _guess_status(value) for value in found}


def proposed(path: Path, source: str) -> MappingChoice:
    """The mapping ``crm.suggest`` proposes for the file at *path*."""
    sample = read_sample(path)
    suggestion = suggest_mapping(sample, TABLE, source)
    columns = dict(suggestion.columns)
    if suggestion.status_column and "status" not in columns:
        columns["status"] = suggestion.status_column
    choice = MappingChoice(
        source=suggestion.source,
        columns=columns,
        decimal=suggestion.decimal or "",
        date_format=suggestion.date_format or "",
        notes=list(suggestion.notes),
    )
    choice.status_values = status_values(
        sample, columns.get("status", ""), suggestion.status_values
    )
    return choice


def from_post(post: Lookup[str, str], header: list[str], sample: FileSample) -> MappingChoice:
    """The choice a submitted mapping form makes (headers not in the file are dropped)."""
    columns = {}
    for name, _required, _description in canonical_columns():
        value = post.get(f"column:{name}", "")
        if value in header:
            columns[name] = value
    chosen = {
        key.removeprefix("status:"): value
        for key, value in post.items()
        if key.startswith("status:") and value in STATUSES
    }
    decimal = post.get("decimal", "")
    choice = MappingChoice(
        source=post.get("source", "").strip()[:60] or "csv",
        columns=columns,
        decimal=decimal if decimal in (".", ",") else "",
        date_format=post.get("date_format", "").strip()[:40],
    )
    choice.status_values = status_values(sample, columns.get("status", ""), chosen)
    return choice


@dataclass
class DryRun:
    """What importing would do: the first rows as stored, and the problems by row and column."""

    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    rows_read: int = 0
    rows_rejected: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)
    total_problems: int = 0
    error: str = ""

    @property
    def clean(self) -> bool:
        return not self.error and not self.total_problems


def _problems(failed: ImportFailedError) -> list[dict[str, Any]]:
    return [
        {"row": p.row, "column": p.column, "value": p.value, "reason": p.reason}
        for p in failed.problems
    ]


def dry_run(path: Path, choice: MappingChoice) -> DryRun:
    """Import *path* with *choice* into a scratch store and report; the real store is untouched."""
    try:
        mapping = choice.mapping()
    except ValidationError as error:
        messages = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in error.errors())
        return DryRun(error=messages)
    result = DryRun()
    with tempfile.TemporaryDirectory(prefix="salesplan-dry-run-") as scratch:
        try:
            workspace = Workspace.open(Path(scratch) / "store")
            try:
                done = import_csv(workspace, path, mapping, on_error="fail")
            except ImportFailedError as failed:
                result.problems = _problems(failed)
                result.total_problems = failed.total
                first = failed.problems[0] if failed.problems else None
                if first is not None and first.row == 1:  # the file itself, not its rows
                    shown = f" ({first.value})" if first.value else ""
                    result.error = f"{first.column}: {first.reason}{shown}"
                    return result
                done = import_csv(workspace, path, mapping, on_error="skip")
            result.rows_read = done.rows_read
            result.rows_rejected = done.rows_rejected
            result.header, result.rows = _preview(workspace, mapping)
        except (SampleError, WorkspaceError, OSError) as error:
            result.error = str(error).split(": ", 1)[-1]
    return result


def _preview(workspace: Workspace, mapping: Mapping) -> tuple[list[str], list[list[str]]]:
    names = ["source", *mapping.columns]
    with workspace.connect() as db:
        found = db.execute(
            f"SELECT {', '.join(quote(n) for n in names)} FROM deals LIMIT {PREVIEW_ROWS}"
        ).fetchall()
    return names, [["" if cell is None else str(cell) for cell in row] for row in found]
