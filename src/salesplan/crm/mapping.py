"""Mapping files: how the columns of one export become one canonical table.

A mapping is YAML a person can read and correct::

    table: deals
    source: maven
    format: {encoding: utf-8, delimiter: ",", decimal: ".", date_format: "%Y-%m-%d", timezone: UTC}
    columns:
      id: opportunity_id
      value: close_value
      status:
        column: deal_stage
        values: {Won: won, Lost: lost, Prospecting: open, Engaging: open}

Each canonical column takes a source column's name, or ``{column, values}`` to
translate values, or ``{value}`` for a constant. ``salesplan.crm.suggest``
proposes one from a file's header and values.
"""

from __future__ import annotations

import difflib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from salesplan.crm.schema import TABLES

__all__ = ["ColumnRule", "FileFormat", "Mapping"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnRule(_Strict):
    """Where a canonical column's value comes from."""

    column: str | None = None
    values: dict[str, str] | None = None
    value: str | None = None
    format: str | None = None  # a strptime pattern for this column's dates

    @model_validator(mode="after")
    def _one_origin(self) -> ColumnRule:
        if (self.column is None) == (self.value is None):
            raise ValueError("give either column (a header of the file) or value (a constant)")
        if self.values is not None and self.column is None:
            raise ValueError("values translates a column's values: give column too")
        return self


class FileFormat(_Strict):
    """How the file is written; ``None`` means "detect when importing"."""

    encoding: str | None = None
    delimiter: str | None = None
    decimal: Literal[".", ","] | None = None
    date_format: str | None = None
    timezone: str = "UTC"


class Mapping(_Strict):
    """One export → one canonical table."""

    table: str
    source: str = Field(min_length=1)
    format: FileFormat = Field(default_factory=FileFormat)
    columns: dict[str, str | ColumnRule]

    @model_validator(mode="after")
    def _known_columns(self) -> Mapping:
        if self.table not in TABLES:
            raise ValueError(f"unknown table {self.table!r} — valid: {', '.join(TABLES)}")
        table = TABLES[self.table]
        names = [column.name for column in table.columns]
        for name in self.columns:
            if name not in names:
                hint = difflib.get_close_matches(name, names, n=1)
                suggestion = (
                    f" — did you mean {hint[0]!r}?" if hint else f" — valid: {', '.join(names)}"
                )
                raise ValueError(f"{self.table} has no column {name!r}{suggestion}")
        missing = [
            c.name
            for c in table.columns
            if c.required and c.name != "source" and c.name not in self.columns
        ]
        if missing:
            raise ValueError(
                f"required columns of {self.table} are not mapped: {', '.join(missing)}"
            )
        return self

    def rule(self, name: str) -> ColumnRule:
        """The rule for canonical column *name* (a bare header becomes ``{column: header}``)."""
        found = self.columns[name]
        return ColumnRule(column=found) if isinstance(found, str) else found

    def source_columns(self) -> list[str]:
        """The file's headers the mapping reads, in mapping order."""
        return [
            rule.column for name in self.columns if (rule := self.rule(name)).column is not None
        ]
