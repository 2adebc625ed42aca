"""Section 1 of the plan: company mission and positioning."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from salesplan.plan.base import PlanModel

__all__ = ["Competitor", "MissionSection", "ResearchNote", "ValueProposition"]

ResearchSource = Literal[
    "marketing", "customer_service", "customers", "blog", "online_reviews", "other"
]


class Competitor(PlanModel):
    """A company the buyer could choose instead of us."""

    name: str
    kind: Literal["direct", "indirect"] = "direct"
    how_they_compete: str = ""


class ValueProposition(PlanModel):
    """What we offer: features, the benefits they bring, and the problems they solve."""

    features: list[str] = Field(default_factory=list)
    benefits: list[str] = Field(default_factory=list)
    solutions: list[str] = Field(default_factory=list)


class ResearchNote(PlanModel):
    """One finding of positioning research and where it came from."""

    source: ResearchSource
    note: str


class MissionSection(PlanModel):
    """Why the company exists, who it competes with and why buyers pick it."""

    statement: str = ""
    competitors: list[Competitor] = Field(default_factory=list)
    value_proposition: ValueProposition = Field(default_factory=ValueProposition)
    research: list[ResearchNote] = Field(default_factory=list)
    open_questions: list[str] = Field(default_factory=list)
