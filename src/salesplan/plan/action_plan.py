"""Section 6 of the plan: the action plan (projects, activities, hiring, milestones)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from salesplan.plan.base import PlanModel
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
