"""The mapping screen's model: the canonical table a generic CSV or XLSX feeds (deals,
stage history, activities, people, timesheets, leads), which file column feeds each of
its columns, how deal statuses read, and a dry run that shows the rows as they would
be imported and every row problem, without writing the workspace's store.

Proposals come from ``crm.suggest`` for the tables it knows; for the others the same
kind of header matching runs here, with the names exports use for them.

The dry run imports into a throw-away store in a temporary folder: the same code
path as the real import, so what it reports is what the import would do.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping as Lookup
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from pydantic import ValidationError

from salesplan.crm.csv_import import ImportFailedError, import_csv
from salesplan.crm.detect import detect_date_format, detect_number_style
from salesplan.crm.mapping import Mapping
from salesplan.crm.sample import FileSample, SampleError, read_sample
from salesplan.crm.schema import TABLES
from salesplan.crm.store import Workspace, WorkspaceError, quote
from salesplan.crm.suggest import SYNONYMS, Suggestion, suggest_mapping
from salesplan.web.imports.crm_text import column_description, localized

__all__ = [
    "TARGETS",
    "DryRun",
    "MappingChoice",
    "best_proposal",
    "canonical_columns",
    "dry_run",
    "from_post",
    "proposed",
    "target_label",
]

TABLE = "deals"
TARGETS = ("deals", "stage_changes", "activities", "people", "timesheets", "leads")
"""The canonical tables a generic file can feed, in the order the page offers them."""
# names exports give the columns of the tables crm.suggest has no proposals for
# (compared as crm.suggest compares: lower case, letters and digits only)
_MORE_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "stage_changes": {
        "deal_id": ("dealid", "opportunityid", "recordid", "id"),
        "from_stage": ("fromstage", "fromopportunitystagename", "previousstage", "oldstage"),
        "to_stage": ("tostage", "stage", "stagename", "newstage", "dealstage", "newvalue"),
        "changed_at": (
            "changedat",
            "changetime",
            "changedate",
            "createddate",
            "timestamp",
            "date",
            "enteredat",
            "updatetime",
        ),
        "changed_by": ("changedby", "createdbyid", "userid", "user"),
    },
    "people": {
        "id": ("id", "userid", "personid", "employeeid", "salesagent", "username"),
        "name": ("name", "fullname", "displayname", "nama"),
        "email": ("email", "emailaddress", "workemail"),
        "role": ("role", "jobtitle", "title", "position", "peran"),
        "team": ("team", "regionaloffice", "office", "region", "tim"),
        "manager": ("manager", "managerid", "reportsto", "supervisor", "atasan"),
        "started_at": ("startedat", "startdate", "hiredate", "started", "joined"),
        "left_at": ("leftat", "enddate", "leavedate", "left", "terminationdate"),
    },
    "leads": {
        "id": ("id", "leadid", "mqlid", "prospectid", "leadnumber"),
        "source_channel": ("sourcechannel", "origin", "leadsource", "leadorigin", "source"),
        "created_at": ("createdat", "created", "createddate", "firstcontactdate", "date"),
        "owner": ("owner", "ownerid", "sdrid", "assignedto", "leadowner"),
        "converted_deal_id": ("converteddealid", "convertedopportunityid", "dealid"),
    },
}
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
    table: str = TABLE
    decimal: str = ""  # "" detect, "." or ","
    date_format: str = ""
    notes: list[str] = field(default_factory=list)

    def mapping(self) -> Mapping:
        """The :class:`Mapping` it describes (``ValidationError`` when it is incomplete)."""
        columns: dict[str, Any] = {name: header for name, header in self.columns.items() if header}
        status = columns.get("status") if self.table == TABLE else None
        if status:
            columns["status"] = {"column": status, "values": dict(self.status_values)}
        file_format: dict[str, Any] = {}
        if self.decimal in (".", ","):
            file_format["decimal"] = self.decimal
        if self.date_format:
            file_format["date_format"] = self.date_format
        return Mapping.model_validate(
            {"table": self.table, "source": self.source, "format": file_format, "columns": columns}
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "table": self.table,
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
            table=_table(str(data.get("table", TABLE))),
        )


def _table(name: str) -> str:
    return name if name in TARGETS else TABLE


def target_label(table: str) -> str:
    """A canonical table's name for the page."""
    labels = {
        "deals": _("Deals"),
        "stage_changes": _("Stage history"),
        "activities": _("Activities"),
        "people": _("People"),
        "timesheets": _("Timesheets"),
        "leads": _("Leads"),
    }
    return labels.get(table, table)


def canonical_columns(table: str = TABLE) -> list[tuple[str, bool, str]]:
    """(name, required, description) of every column of *table* a file can feed, the
    description in the person's language."""
    return [
        (c.name, c.required, column_description(table, c.name, c.description))
        for c in TABLES[_table(table)].columns
        if c.name != "source"
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


def _normal(header: str) -> str:
    header = re.sub(r"^(deal|opportunity|activity|lead|user)\s*-\s*", "", header.strip().lower())
    return re.sub(r"[^a-z0-9]", "", header)


def _suggest_more(sample: FileSample, table: str, source: str) -> Suggestion:
    """``crm.suggest``'s kind of proposal for a table it has no names for."""
    suggestion = Suggestion(table, source, sample.encoding, sample.delimiter)
    taken: set[str] = set()
    for column, names in _MORE_SYNONYMS[table].items():
        for header in sample.header:
            if header not in taken and _normal(header) in names:
                suggestion.columns[column] = header
                taken.add(header)
                break
    schema = TABLES[table]
    numbers = [
        suggestion.columns[c.name]
        for c in schema.columns
        if c.type in ("float", "integer") and c.name in suggestion.columns
    ]
    if numbers:
        suggestion.decimal = detect_number_style(
            value for header in numbers for value in sample.column(header)
        ).decimal
    patterns = {
        detect_date_format(sample.column(suggestion.columns[c.name])).pattern
        for c in schema.columns
        if c.type in ("timestamp", "date") and c.name in suggestion.columns
    }
    if len(patterns) == 1 and None not in patterns:
        suggestion.date_format = patterns.pop()
    for needed in schema.columns:
        if needed.required and needed.name != "source" and needed.name not in suggestion.columns:
            suggestion.notes.append(f"no column found for required {needed.name!r}: map it by hand")
    return suggestion


def proposed(path: Path, source: str, table: str = TABLE) -> MappingChoice:
    """The mapping proposed for the file at *path* into *table* (``crm.suggest``'s)."""
    sample = read_sample(path)
    table = _table(table)
    if table in SYNONYMS:
        suggestion = suggest_mapping(sample, table, source)
    else:
        suggestion = _suggest_more(sample, table, source)
    columns = dict(suggestion.columns)
    if table == TABLE and suggestion.status_column and "status" not in columns:
        columns["status"] = suggestion.status_column
    choice = MappingChoice(
        source=suggestion.source,
        columns=columns,
        decimal=suggestion.decimal or "",
        date_format=suggestion.date_format or "",
        notes=list(suggestion.notes),
        table=table,
    )
    if table == TABLE:
        choice.status_values = status_values(
            sample, columns.get("status", ""), suggestion.status_values
        )
    return choice


def best_proposal(path: Path, source: str) -> MappingChoice:
    """The proposal for the table the file fits best: every required column found, then
    the most columns found (deals when no table fits)."""
    best: MappingChoice | None = None
    best_score = (False, -1)
    for table in TARGETS:
        choice = proposed(path, source, table)
        required = [c.name for c in TABLES[table].columns if c.required and c.name != "source"]
        score = (all(name in choice.columns for name in required), len(choice.columns))
        if best is None or score > best_score:
            best, best_score = choice, score
    return best if best is not None and best_score[0] else proposed(path, source, TABLE)


def from_post(post: Lookup[str, str], header: list[str], sample: FileSample) -> MappingChoice:
    """The choice a submitted mapping form makes (headers not in the file are dropped)."""
    table = _table(post.get("table", TABLE))
    columns = {}
    for name, _required, _description in canonical_columns(table):
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
        table=table,
    )
    if table == TABLE:
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
        messages = "; ".join(
            localized(str(e["msg"]).removeprefix("Value error, ")) for e in error.errors()
        )
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
                    result.error = f"{first.column}: {localized(first.reason)}{shown}"
                    return result
                done = import_csv(workspace, path, mapping, on_error="skip")
            result.rows_read = done.rows_read
            result.rows_rejected = done.rows_rejected
            result.header, result.rows = _preview(workspace, mapping)
        except (SampleError, WorkspaceError, OSError) as error:
            result.error = localized(str(error).split(": ", 1)[-1])
    return result


def _preview(workspace: Workspace, mapping: Mapping) -> tuple[list[str], list[list[str]]]:
    names = ["source", *mapping.columns]
    with workspace.connect() as db:
        found = db.execute(
            f"SELECT {', '.join(quote(n) for n in names)} FROM {quote(mapping.table)}"
            f" LIMIT {PREVIEW_ROWS}"
        ).fetchall()
    return names, [["" if cell is None else str(cell) for cell in row] for row in found]
