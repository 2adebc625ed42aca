"""Propose a mapping from a file's header and a sample of its values.

Header names are matched against the names CRMs use for each canonical column
(Pipedrive's ``Deal - Stage``, HubSpot's ``Deal Stage``, Salesforce's
``StageName``, and plain ``stage``). Values then settle the file format: the
decimal mark of the number columns and the date pattern of the date columns.
What cannot be settled is left empty with a comment saying why, so the person
decides: a proposal is never silently wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from salesplan.crm.detect import detect_date_format, detect_number_style
from salesplan.crm.sample import FileSample
from salesplan.crm.schema import TABLES

__all__ = ["Suggestion", "suggest_mapping"]

# names CRMs give each canonical column, compared after normalising (lower case, letters and digits)
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "deals": {
        "id": ("id", "dealid", "opportunityid", "recordid", "hsobjectid"),
        "title": ("title", "dealname", "name", "opportunityname", "dealtitle"),
        "pipeline": ("pipeline", "dealpipeline"),
        "stage": ("stage", "dealstage", "stagename", "stageid"),
        "status": ("status", "dealstatus"),
        "value": ("value", "amount", "closevalue", "dealvalue", "amountinhomecurrency"),
        "currency": ("currency", "currencyisocode", "dealcurrency", "currencycode"),
        "owner": (
            "owner",
            "dealowner",
            "ownerid",
            "salesagent",
            "userid",
            "assignedto",
            "ownername",
        ),
        "organization": (
            "organization",
            "organisation",
            "account",
            "accountname",
            "company",
            "companyname",
            "accountid",
        ),
        "source_channel": ("source", "leadsource", "origin", "channel", "originalsource"),
        "industry": ("industry", "sector"),
        "employee_count": ("employees", "employeecount", "numberofemployees", "companysize"),
        "created_at": (
            "created",
            "addtime",
            "dealcreated",
            "createdate",
            "createddate",
            "createdat",
            "engagedate",
        ),
        "closed_at": ("closedat", "closedate", "closeddate", "wontime", "dateclosed"),
        "expected_close": ("expectedclosedate", "expectedclose"),
        "lost_reason": ("lostreason", "closedlostreason", "reasonlost"),
    },
    "timesheets": {
        "person": ("person", "name", "employee", "rep", "user", "owner", "salesrep"),
        "date": ("date", "day", "workday", "tanggal"),
        "activity_type": ("activity", "activitytype", "type", "task", "aktivitas"),
        "count": ("count", "number", "quantity", "qty", "jumlah"),
        "minutes": ("minutes", "mins", "duration", "durationminutes", "timespent", "menit"),
    },
    "activities": {
        "id": ("id", "activityid", "taskid", "eventid"),
        "type": ("type", "activitytype", "tasksubtype", "subject"),
        "owner": ("owner", "assignedtouser", "ownerid", "userid", "assignedto"),
        "deal_id": ("dealid", "whatid", "opportunityid"),
        "created_at": ("addtime", "created", "createddate", "createdat"),
        "due_at": ("duedate", "dueto", "due", "activitydate", "duetime"),
        "done_at": ("marked as done time", "markedasdonetime", "donetime", "completeddate"),
        "done": ("done", "isdone", "completed", "isclosed", "status"),
        "duration_minutes": ("duration", "durationinminutes", "durationminutes"),
    },
}

_DATE_TYPES = {"timestamp", "date"}
_NUMBER_TYPES = {"float", "integer"}
_WON = {"won", "closedwon", "closed won", "win"}
_LOST = {"lost", "closedlost", "closed lost", "loss"}


def _normal(header: str) -> str:
    header = re.sub(r"^(deal|opportunity|activity)\s*-\s*", "", header.strip().lower())
    return re.sub(r"[^a-z0-9]", "", header)


@dataclass
class Suggestion:
    """A proposed mapping with the notes a person must read."""

    table: str
    source: str
    encoding: str
    delimiter: str
    columns: dict[str, str] = field(default_factory=dict)
    status_values: dict[str, str] = field(default_factory=dict)
    status_column: str | None = None
    decimal: str | None = None
    date_format: str | None = None
    notes: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)

    def to_yaml(self) -> str:
        """The mapping file, with the notes as comments."""
        lines = [
            "# Proposed by salesplan from the file's header and values: check every line.",
            *(f"# NOTE: {note}" for note in self.notes),
            f"table: {self.table}",
            f"source: {self.source}",
            "format:",
            f"  encoding: {self.encoding}",
            f"  delimiter: {_quote(self.delimiter)}",
            f"  decimal: {_quote(self.decimal) if self.decimal else 'null'}",
            f"  date_format: {_quote(self.date_format) if self.date_format else 'null'}",
            "  timezone: UTC   # the time zone of times written without one",
            "columns:",
        ]
        for name, header in self.columns.items():
            lines.append(f"  {name}: {_quote(header)}")
        if self.status_column is not None:
            lines.append("  status:")
            lines.append(f"    column: {_quote(self.status_column)}")
            lines.append("    values:")
            for found, status in self.status_values.items():
                lines.append(f"      {_quote(found)}: {status}")
        if self.unmapped:
            lines.append("# not mapped: " + ", ".join(self.unmapped))
        return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'


def suggest_mapping(
    sample: FileSample, table: str = "deals", source: str | None = None
) -> Suggestion:
    """A mapping of *sample*'s columns onto canonical *table*."""
    if table not in SYNONYMS:
        raise ValueError(f"no suggestions for {table!r} yet — valid: {', '.join(SYNONYMS)}")
    name = source or re.sub(r"[^a-z0-9]+", "_", sample.path.stem.lower()).strip("_") or "csv"
    suggestion = Suggestion(table, name, sample.encoding, sample.delimiter)
    taken: set[str] = set()
    for column, names in SYNONYMS[table].items():
        for header in sample.header:
            if header not in taken and _normal(header) in names:
                suggestion.columns[column] = header
                taken.add(header)
                break
    if table == "deals" and "status" not in suggestion.columns and "stage" in suggestion.columns:
        _status_from_stage(sample, suggestion)
    schema = TABLES[table]
    dates = [
        suggestion.columns[c.name]
        for c in schema.columns
        if c.type in _DATE_TYPES and c.name in suggestion.columns
    ]
    numbers = [
        suggestion.columns[c.name]
        for c in schema.columns
        if c.type in _NUMBER_TYPES and c.name in suggestion.columns
    ]
    if numbers:
        style = detect_number_style(value for header in numbers for value in sample.column(header))
        suggestion.decimal = style.decimal
        if style.decimal is None:
            suggestion.notes.append(
                f"numbers such as {style.ambiguous_example!r} read either way: set decimal to '.' or ','"
            )
    patterns = {}
    for header in dates:
        guess = detect_date_format(sample.column(header))
        if guess.ambiguous:
            suggestion.notes.append(
                f"dates in {header!r} read day-first or month-first: set date_format to "
                + " or ".join(repr(p) for p in guess.ambiguous)
                + " (salesplan import --dayfirst / --monthfirst)"
            )
        elif guess.unparsed:
            suggestion.notes.append(
                f"dates in {header!r} such as {guess.unparsed[0]!r} fit no known pattern"
            )
        elif guess.pattern:
            patterns[header] = guess.pattern
    if len(set(patterns.values())) == 1 and len(patterns) == len(dates):
        suggestion.date_format = next(iter(patterns.values()))
    elif patterns:
        suggestion.notes.append(
            "date columns use different patterns: "
            + ", ".join(f"{header}: {pattern}" for header, pattern in patterns.items())
        )
    required = [c.name for c in schema.columns if c.required and c.name != "source"]
    for column in required:
        if column not in suggestion.columns and not (
            column == "status" and suggestion.status_column
        ):
            suggestion.notes.append(f"no column found for required {column!r}: map it by hand")
    suggestion.unmapped = [
        h for h in sample.header if h not in taken and h != suggestion.status_column
    ]
    return suggestion


def _status_from_stage(sample: FileSample, suggestion: Suggestion) -> None:
    """Derive open/won/lost from stage names such as ``Won`` or ``Closed Lost``."""
    header = suggestion.columns["stage"]
    stages = sample.distinct(header)
    values = {}
    for stage in stages:
        key = stage.strip().lower()
        values[stage] = "won" if key in _WON else "lost" if key in _LOST else "open"
    if "won" in values.values() or "lost" in values.values():
        suggestion.status_column = header
        suggestion.status_values = values
        suggestion.notes.append(
            f"status is read from {header!r}: stages other than won and lost count as open"
        )
