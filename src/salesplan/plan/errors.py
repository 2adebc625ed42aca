"""Errors about a plan document, each with a location a person can find."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["PlanError", "PlanIssue", "format_path"]

PathPart = str | int


def format_path(path: tuple[PathPart, ...]) -> str:
    """Render a field path the way the docs write it.

    >>> format_path(("strategy", "stages", 2, "conversion"))
    'strategy.stages[2].conversion'
    >>> format_path(("scenarios", "lean", "overrides", "goals.revenue_goal"))
    "scenarios.lean.overrides['goals.revenue_goal']"
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif "." in part or " " in part:
            text += f"[{part!r}]"
        elif text:
            text += f".{part}"
        else:
            text = str(part)
    return text


@dataclass(frozen=True, slots=True)
class PlanIssue:
    """One problem in a plan: where it is and what is wrong."""

    path: tuple[PathPart, ...]
    message: str
    line: int | None = None
    column: int | None = None

    def render(self, source: str | Path | None = None) -> str:
        """``plan.yaml:42:7 strategy.stages[2].conversion: 1.4 is not a rate …``."""
        where = ""
        if source is not None:
            where = str(source)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += " " if self.line is not None else ": "
        field = format_path(self.path)
        return f"{where}{field}: {self.message}" if field else f"{where}{self.message}"


class PlanError(Exception):
    """A plan that cannot be used, with every problem found."""

    def __init__(self, issues: list[PlanIssue], source: str | Path | None = None) -> None:
        self.issues = issues
        self.source = source
        super().__init__(self.render())

    def render(self) -> str:
        """All problems, one per line."""
        return "\n".join(issue.render(self.source) for issue in self.issues)
