"""Section 6 of the plan: the action plan (projects, activities, hiring, milestones)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from salesplan.plan.base import PlanModel
from salesplan.plan.dates import shift
from salesplan.plan.fields import Duration, Identifier

__all__ = ["ActionItem", "ActionPlanSection"]

ItemKind = Literal["project", "activity", "hiring", "milestone"]
ItemStatus = Literal["planned", "in_progress", "done", "blocked", "cancelled"]


class ActionItem(PlanModel):
    """One thing to get done, by whom and when."""

    id: Identifier
    title: str
    kind: ItemKind = "project"
    owner: str = ""
    start: dt.date
    end: dt.date | None = None
    duration: Duration | None = None
    depends_on: list[Identifier] = Field(default_factory=list)
    status: ItemStatus = "planned"
    notes: str = ""

    @property
    def last_day(self) -> dt.date:
        """The item's last day, inclusive: ``end``, or the day before ``start + duration``.

        >>> from salesplan.plan.fields import Duration
        >>> item = ActionItem(id="kickoff", title="Kick-off", start=dt.date(2027, 1, 4), duration=Duration(2, "w"))
        >>> item.last_day
        datetime.date(2027, 1, 17)
        """
        if self.end is not None:
            return self.end
        if self.duration is not None:
            after = shift(self.start, self.duration.amount, self.duration.unit)
            return max(self.start, after - dt.timedelta(days=1))
        return self.start

    @property
    def has_length(self) -> bool:
        """Whether the item spans days (a milestone, or an item with no end, does not)."""
        return self.kind != "milestone" and (self.end is not None or self.duration is not None)

    @model_validator(mode="after")
    def _end_after_start(self) -> ActionItem:
        if self.end is not None and self.duration is not None:
            raise ValueError("give either end or duration, not both")
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class ActionPlanSection(PlanModel):
    """Items are listed in the order the plan author chose."""

    items: list[ActionItem] = Field(default_factory=list)
    short_term_goals: list[str] = Field(default_factory=list)
    long_term_goals: list[str] = Field(default_factory=list)
