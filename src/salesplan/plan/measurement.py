"""Section 7 of the plan: how performance is measured."""

from __future__ import annotations

from pydantic import Field

from salesplan.plan.base import PlanModel
from salesplan.plan.fields import Identifier

__all__ = ["Dashboard", "MeasurementSection", "Metric"]


class Metric(PlanModel):
    """A metric the team watches; ``stage`` ties a secondary metric to a sales stage."""

    id: Identifier
    name: str
    stage: Identifier | None = None
    unit: str = ""
    target: float | None = None
    description: str = ""


class Dashboard(PlanModel):
    """What one role looks at, and how often."""

    role: Identifier
    metrics: list[Identifier] = Field(default_factory=list)
    cadence: str = "weekly"


class MeasurementSection(PlanModel):
    """Primary metric (new-business revenue), secondary metrics, dashboards and tools."""

    primary_metric: str = "new_business_revenue"
    secondary_metrics: list[Metric] = Field(default_factory=list)
    dashboards: list[Dashboard] = Field(default_factory=list)
    technology: list[str] = Field(default_factory=list)
