"""The canonical CRM tables: every importer writes these, every metric reads them.

The schema is data, declared once: the store creates its tables from it, the
importers validate against it and ``docs/data-model.md`` documents it (a test
checks that the document lists every column).

Timestamps are stored in UTC; an export's local times are converted with the
time zone the import is given, never assumed. Every row carries the ``source``
it came from (``pipedrive``, ``hubspot``, ``salesforce`` or a name given to a
CSV), and its id is unique within that source, so that two CRMs' deal 42 are
two deals, and re-importing an updated export updates rows instead of adding
them.

>>> [column.name for column in TABLES["stage_changes"].key]
['source', 'deal_id', 'changed_at', 'to_stage']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["TABLES", "Column", "Table"]

ColumnType = Literal["text", "integer", "float", "boolean", "timestamp", "date"]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a canonical table."""

    name: str
    type: ColumnType
    description: str
    required: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A canonical table: its columns, in order, and the columns that identify a row."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key_names: tuple[str, ...]

    @property
    def key(self) -> tuple[Column, ...]:
        return tuple(self.column(name) for name in self.key_names)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        valid = ", ".join(c.name for c in self.columns)
        raise KeyError(f"{self.name} has no column {name!r}; columns: {valid}")


_SOURCE = Column(
    "source",
    "text",
    "Where the row came from: pipedrive, hubspot, salesforce or a CSV's name.",
    True,
)

TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        Table(
            "deals",
            "One row per deal (opportunity), in its latest known state.",
            (
                _SOURCE,
                Column("id", "text", "The deal's id in its source.", True),
                Column("title", "text", "The deal's name."),
                Column(
                    "pipeline", "text", "The pipeline it belongs to, where the CRM has several."
                ),
                Column("stage", "text", "The stage it is in now (or was in when it closed)."),
                Column("status", "text", "open, won or lost.", True),
                Column(
                    "value", "float", "Deal value in `currency`; for lost deals, the value it had."
                ),
                Column("currency", "text", "ISO 4217 code of `value`."),
                Column(
                    "owner", "text", "Id (or name) of the person who owns it, as in `people.id`."
                ),
                Column("organization", "text", "The buying company."),
                Column(
                    "source_channel",
                    "text",
                    "Lead source or origin (inbound, outbound, referral, …).",
                ),
                Column("industry", "text", "The buying company's industry."),
                Column("employee_count", "integer", "The buying company's size in employees."),
                Column("created_at", "timestamp", "When the deal was created (UTC)."),
                Column(
                    "closed_at", "timestamp", "When it was won or lost (UTC); empty while open."
                ),
                Column("expected_close", "date", "The close date the owner expects."),
                Column("lost_reason", "text", "Why it was lost."),
            ),
            ("source", "id"),
        ),
        Table(
            "stage_changes",
            "Every move of a deal from one stage to another: the stage history.",
            (
                _SOURCE,
                Column("deal_id", "text", "The deal, as in `deals.id`.", True),
                Column("from_stage", "text", "The stage it left; empty for the first stage."),
                Column("to_stage", "text", "The stage it entered.", True),
                Column("changed_at", "timestamp", "When it moved (UTC).", True),
                Column("changed_by", "text", "Who moved it, as in `people.id`."),
            ),
            ("source", "deal_id", "changed_at", "to_stage"),
        ),
        Table(
            "activities",
            "Emails, calls, meetings, demos and tasks, planned or done.",
            (
                _SOURCE,
                Column("id", "text", "The activity's id in its source.", True),
                Column(
                    "type",
                    "text",
                    "email, call, meeting, demo, task, … as the source names it.",
                    True,
                ),
                Column("owner", "text", "Who does it, as in `people.id`."),
                Column("deal_id", "text", "The deal it serves, if any."),
                Column("created_at", "timestamp", "When it was logged (UTC)."),
                Column("due_at", "timestamp", "When it is due (UTC)."),
                Column("done_at", "timestamp", "When it was done (UTC)."),
                Column("done", "boolean", "Whether it was done."),
                Column("duration_minutes", "float", "How long it took, in minutes."),
            ),
            ("source", "id"),
        ),
        Table(
            "people",
            "Sales people and their managers.",
            (
                _SOURCE,
                Column("id", "text", "The person's id (or name) in the source.", True),
                Column("name", "text", "Full name."),
                Column("email", "text", "Work email."),
                Column("role", "text", "Role id as the plan names it (SDR, AE, …), when known."),
                Column("team", "text", "Team or regional office."),
                Column("manager", "text", "Their manager, as in `people.id`."),
                Column("started_at", "date", "First day in the role."),
                Column("left_at", "date", "Last day, if they left."),
            ),
            ("source", "id"),
        ),
        Table(
            "timesheets",
            "Time and activity logged per person and day: how long activities really take.",
            (
                _SOURCE,
                Column("person", "text", "Who logged it, as in `people.id` (or a name).", True),
                Column("date", "date", "The working day.", True),
                Column(
                    "activity_type",
                    "text",
                    "email, call, meeting, demo, … as the sheet names it.",
                    True,
                ),
                Column("count", "float", "How many of the activity were done that day."),
                Column("minutes", "float", "Minutes spent on the activity that day."),
            ),
            ("source", "person", "date", "activity_type"),
        ),
        Table(
            "leads",
            "Leads and marketing-qualified leads before they become deals.",
            (
                _SOURCE,
                Column("id", "text", "The lead's id in its source.", True),
                Column("source_channel", "text", "Where the lead came from (origin, campaign, …)."),
                Column("created_at", "timestamp", "When the lead arrived (UTC)."),
                Column("owner", "text", "Who works it, as in `people.id`."),
                Column("converted_deal_id", "text", "The deal it became, if it did."),
            ),
            ("source", "id"),
        ),
    )
}
