"""A CRM's own export in the web app: which CRM wrote the uploaded files (judged from
their headers, as the importers recognise them), which file each one is and what it
feeds, and that CRM's importer run on them — as a dry run into a throw-away store,
or for real into the workspace's.

Detection reuses the importers' own shapes (``crm.pipedrive.SHAPES``,
``crm.salesforce.SHAPES``, HubSpot's ``Record ID`` and stage columns). A file the
chosen CRM's importer does not know, a second file of a kind, or one the person
unticks is not used, and the page says so.
"""

from __future__ import annotations

import json
import tempfile
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from django.utils.translation import gettext as _

from salesplan.crm import pipedrive, salesforce
from salesplan.crm.hubspot import import_hubspot, stage_columns
from salesplan.crm.loading import ImportFailedError, ImportResult, RowProblem
from salesplan.crm.pipedrive import import_pipedrive
from salesplan.crm.salesforce import import_salesforce
from salesplan.crm.sample import FileSample, SampleError, read_sample
from salesplan.crm.store import Workspace, WorkspaceError, quote
from salesplan.web.imports.crm_text import localized

__all__ = [
    "CRMS",
    "SOURCES",
    "ExportChoice",
    "ExportDryRun",
    "ExportFile",
    "detect_source",
    "dry_run_export",
    "import_export",
    "recognised",
    "stage_names",
]

SOURCES = ("csv", "pipedrive", "hubspot", "salesforce")
CRMS = ("pipedrive", "hubspot", "salesforce")
PREVIEW_ROWS = 10

_HUBSPOT_IDS = frozenset({"record id", "deal id", "hs_object_id"})
# the files that make an export a CRM's: a users.csv alone could be anyone's
_DECISIVE = {
    "pipedrive": frozenset({"changes"}),
    "salesforce": frozenset({"opportunity", "history", "stage", "task"}),
    "hubspot": frozenset({"deals"}),
}
# recognised, but the importer takes nothing from them
_NOT_NEEDED = {"pipedrive": frozenset({"activity_types"}), "salesforce": frozenset({"stage"})}
_WON_NAMES = {"won", "closedwon", "dealwon", "menang", "win"}


def _header(sample: FileSample) -> set[str]:
    return {name.strip().lower() for name in sample.header}


def kind_of(sample: FileSample, source: str) -> str:
    """Which file of *source*'s export *sample* is, as its importer recognises it ("" none)."""
    header = _header(sample)
    if source == "hubspot":
        return "deals" if header & _HUBSPOT_IDS else ""
    shapes = {"pipedrive": pipedrive.SHAPES, "salesforce": salesforce.SHAPES}.get(source, {})
    return next((kind for kind, needed in shapes.items() if needed <= header), "")


def _decisive(sample: FileSample, source: str) -> bool:
    kind = kind_of(sample, source)
    if kind not in _DECISIVE[source]:
        return False
    if source == "hubspot":  # "Deal ID" alone is any spreadsheet's: ask for HubSpot's own names
        header = _header(sample)
        named = header & {"record id", "hs_object_id"}
        return bool(named) and bool(
            header & {"deal stage", "dealstage", "deal name", "dealname"}
            or stage_columns(sample.header)
        )
    return True


def detect_source(samples: list[FileSample]) -> str:
    """The CRM whose export *samples* look like the most, or ``csv`` when none does."""
    scores = {source: sum(_decisive(s, source) for s in samples) for source in CRMS}
    best = max(CRMS, key=lambda source: scores[source])
    return best if scores[best] else "csv"


@dataclass
class ExportChoice:
    """What the person chose for a CRM export: the CRM, and its importer's settings."""

    source: str
    won_stage: str = ""  # Pipedrive: the stage that means won ("" none)
    timezone: str = "UTC"
    left_out: list[int] = field(default_factory=list)  # files unticked, by position

    def to_json(self) -> dict[str, Any]:
        return {
            "crm": self.source,
            "won_stage": self.won_stage,
            "timezone": self.timezone,
            "left_out": self.left_out,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ExportChoice:
        return cls(
            source=str(data.get("crm", "csv")),
            won_stage=str(data.get("won_stage", "")),
            timezone=str(data.get("timezone", "UTC")) or "UTC",
            left_out=[int(i) for i in data.get("left_out", []) if str(i).isdigit()],
        )


def valid_timezone(name: str) -> bool:
    """Whether *name* is an IANA time zone (``Asia/Jakarta``, ``UTC``)."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


@dataclass(frozen=True)
class ExportFile:
    """One uploaded file as the chosen CRM's importer sees it."""

    index: int
    name: str  # as uploaded
    path: Path
    kind: str  # "" when the importer does not know it
    problem: str = ""  # it cannot be read as a table
    duplicate: str = ""  # the earlier file of the same kind
    left_out: bool = False

    @property
    def not_needed(self) -> bool:
        return bool(self.kind) and any(self.kind in kinds for kinds in _NOT_NEEDED.values())

    @property
    def left_out_shown(self) -> bool:
        """Left out by the person (a file not needed anyway is not said to be)."""
        return self.left_out and not self.not_needed

    @property
    def used(self) -> bool:
        return (
            bool(self.kind)
            and not (self.problem or self.duplicate or self.left_out)
            and not self.not_needed
        )


def recognised(files: list[dict[str, str]], choice: ExportChoice) -> list[ExportFile]:
    """Each uploaded file (``{"name", "path", "problem"}``) as *choice*'s CRM sees it."""
    found: list[ExportFile] = []
    seen: dict[str, str] = {}
    for index, file in enumerate(files):
        path = Path(file["path"])
        problem = file.get("problem", "")
        kind = ""
        if not problem:
            try:
                kind = kind_of(read_sample(path), choice.source)
            except SampleError:
                problem = _("This file cannot be read as a table.")
        left_out = index in choice.left_out
        if kind == "task" and choice.source == "salesforce" and "task" in seen:
            kind = "event"  # Task and Event share their shape, as the importer reads them
        duplicate = seen.get(kind, "") if kind and not left_out and not problem else ""
        if kind and not duplicate and not left_out and not problem:
            seen[kind] = file["name"]
        found.append(ExportFile(index, file["name"], path, kind, problem, duplicate, left_out))
    return found


def feeds(source: str, kind: str) -> str:
    """What a file of *kind* gives the workspace, for the page."""
    labels = {
        ("pipedrive", "changes"): _("deals and their stage history"),
        ("pipedrive", "stages"): _("stage names"),
        ("pipedrive", "fields"): _("stage and lost-reason names"),
        ("pipedrive", "activities"): _("activities"),
        ("pipedrive", "users"): _("people"),
        ("pipedrive", "activity_types"): _("activity types (not needed)"),
        ("salesforce", "opportunity"): _("deals"),
        ("salesforce", "history"): _("stage history"),
        ("salesforce", "task"): _("activities (tasks)"),
        ("salesforce", "event"): _("activities (events)"),
        ("salesforce", "user"): _("people"),
        ("salesforce", "stage"): _("stage list (not needed: stages come from the deals)"),
        ("hubspot", "deals"): _("deals and their stage history"),
    }
    return labels.get((source, kind), kind)


def stage_names(files: list[ExportFile]) -> list[str]:
    """A Pipedrive export's stage names, in its order: from stages.csv, else fields.csv."""
    by_kind = {file.kind: file for file in files if file.used}
    names: list[str] = []
    try:
        if "stages" in by_kind:
            sample = read_sample(by_kind["stages"].path, rows=10_000)
            header = next(h for h in sample.header if h.strip().lower() == "stage_name")
            names = [row[header].strip() for row in sample.rows if row.get(header, "").strip()]
        elif "fields" in by_kind:
            sample = read_sample(by_kind["fields"].path, rows=10_000)
            key = next(h for h in sample.header if h.strip().lower() == "field_key")
            options = next(h for h in sample.header if h.strip().lower() == "field_value_options")
            for row in sample.rows:
                if row.get(key, "").strip() == "stage_id" and row.get(options, "").strip():
                    names = [str(o.get("label", "")).strip() for o in json.loads(row[options])]
    except (SampleError, StopIteration, ValueError, AttributeError, TypeError):
        return []
    return list(dict.fromkeys(name for name in names if name))


def won_stage_guess(names: list[str]) -> str:
    """The stage whose name says won (``Won``, ``Closed Won``), or ""."""
    for name in names:
        if "".join(ch for ch in name.lower() if ch.isalnum()) in _WON_NAMES:
            return name
    return ""


class NothingToImportError(Exception):
    """No file of the upload is one the chosen CRM's importer can use."""


def import_export(
    store: Workspace,
    choice: ExportChoice,
    files: list[ExportFile],
    on_error: Literal["fail", "skip"],
    progress: Callable[[int, int], None] | None = None,
) -> list[ImportResult]:
    """Run *choice*'s CRM importer on the used *files* into *store* (it raises
    ``ImportFailedError`` and writes nothing on problems)."""
    paths = [file.path for file in files if file.used]
    if not paths:
        raise NothingToImportError
    tell = progress or (lambda _done, _total: None)
    tell(0, 1)
    if choice.source == "pipedrive":
        results = import_pipedrive(
            store,
            paths,
            won_stage=choice.won_stage or None,
            timezone=choice.timezone,
            on_error=on_error,
        )
    elif choice.source == "salesforce":
        results = import_salesforce(store, paths, timezone=choice.timezone, on_error=on_error)
    else:  # HubSpot exports one file per object: each is imported on its own
        results = []
        for done, path in enumerate(paths):
            tell(done, len(paths))
            results += import_hubspot(store, path, timezone=choice.timezone, on_error=on_error)
    tell(1, 1)
    return results


def problem_rows(problems: list[RowProblem], names: Mapping[str, str]) -> list[dict[str, Any]]:
    """Problems as the page and the job keep them, each file by the name it was uploaded with."""
    return [
        {
            "file": names.get(p.file, p.file),
            "row": p.row,
            "column": p.column,
            "value": p.value,
            "reason": p.reason,
        }
        for p in problems
    ]


def summary(results: list[ImportResult], names: Mapping[str, str]) -> dict[str, Any]:
    """What an import did, for the job: rows per file, rows written per table, the notes."""
    per_file: dict[str, tuple[int, int]] = {}
    tables = []
    for result in results:
        per_file[result.file.name] = (result.rows_read, result.rows_rejected)
        written = result.rows_written if result.rows_written is not None else result.rows_accepted
        tables.append(
            {
                "file": names.get(result.file.name, result.file.name),
                "table": result.table,
                "written": written,
                "rejected": result.rows_rejected,
            }
        )
    read = sum(n for n, _rejected in per_file.values())
    rejected = sum(r for _n, r in per_file.values())
    notes = list(dict.fromkeys(note for result in results for note in result.notes))
    return {
        "rows_read": read,
        "rows_rejected": rejected,
        "rows_accepted": read - rejected,
        "tables": tables,
        "notes": notes,
    }


@dataclass
class ExportDryRun:
    """What importing the export would do, from a throw-away store."""

    tables: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_rejected: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)
    total_problems: int = 0
    error: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.error and not self.total_problems


def _file_error(problem: RowProblem, names: Mapping[str, str]) -> str:
    shown = f" ({problem.value})" if problem.value else ""
    column = "" if problem.column in ("(file)", "(header)") else f"{problem.column}: "
    return f"{names.get(problem.file, problem.file)}: {column}{localized(problem.reason)}{shown}"


def dry_run_export(choice: ExportChoice, files: list[ExportFile]) -> ExportDryRun:
    """Import the export into a scratch store and report; the workspace's store is untouched."""
    names = {file.path.name: file.name for file in files}
    found = ExportDryRun()
    with tempfile.TemporaryDirectory(prefix="salesplan-dry-run-") as scratch:
        try:
            store = Workspace.open(Path(scratch) / "store")
            try:
                results = import_export(store, choice, files, "fail")
            except ImportFailedError as failed:
                first = failed.problems[0] if failed.problems else None
                if first is not None and first.row == 1:  # the file itself, not its rows
                    found.error = _file_error(first, names)
                    return found
                found.problems = problem_rows(failed.problems, names)
                found.total_problems = failed.total
                store = Workspace.open(Path(scratch) / "again")
                results = import_export(store, choice, files, "skip")
            done = summary(results, names)
            found.tables, found.notes = done["tables"], done["notes"]
            found.rows_read, found.rows_rejected = done["rows_read"], done["rows_rejected"]
            found.counts = {table: n for table, n in store.counts().items() if n}
            found.header, found.rows = _preview(store)
        except NothingToImportError:
            found.error = _("None of these files is one this CRM's importer reads.")
        except (SampleError, WorkspaceError, OSError) as error:
            found.error = localized(str(error).split(": ", 1)[-1])
    return found


def _preview(store: Workspace) -> tuple[list[str], list[list[str]]]:
    names = ["id", "title", "stage", "status", "value", "owner", "created_at", "closed_at"]
    with store.connect() as db:
        rows = db.execute(
            f"SELECT {', '.join(quote(n) for n in names)} FROM deals"
            f" ORDER BY created_at NULLS LAST, id LIMIT {PREVIEW_ROWS}"
        ).fetchall()
    return names, [["" if cell is None else str(cell) for cell in row] for row in rows]
