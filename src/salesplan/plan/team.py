"""Section 3 of the plan: roles, their capacity, ramp, attrition, pay and the people."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from salesplan.plan.base import PlanModel
from salesplan.plan.fields import Amount, Duration, Identifier, Money, Rate

__all__ = ["Compensation", "Person", "Role", "TeamSection"]


class Compensation(PlanModel):
    """Annual pay of one person in the role: base, variable at 100% of quota, commission."""

    base: Money = 0.0
    variable: Money = 0.0
    commission_rate: Rate = 0.0

    @property
    def ote(self) -> float:
        """On-target earnings: base plus variable."""
        return self.base + self.variable


class Role(PlanModel):
    """A role on the team and what one fully ramped person in it can do.

    Capacity is per working day (``capacity: {email: 80}``), or minutes per
    activity with selling hours per day (``minutes_per_activity: {demo: 45}``).
    A role that only manages others sets ``manages`` and ``span_of_control``.
    """

    name: str
    responsibilities: list[str] = Field(default_factory=list)
    ideal_qualities: list[str] = Field(default_factory=list)
    capacity: dict[Identifier, Amount] = Field(default_factory=dict)
    minutes_per_activity: dict[Identifier, Amount] = Field(default_factory=dict)
    selling_hours_per_day: float | None = Field(default=None, gt=0, le=24)
    manages: list[Identifier] = Field(default_factory=list)
    span_of_control: int | None = Field(default=None, ge=1)
    fixed_headcount: int | None = Field(default=None, ge=0)
    ramp: list[Rate] = Field(default_factory=lambda: [1.0])
    attrition: Rate = 0.0
    time_to_hire: Duration = Duration(0, "d")
    compensation: Compensation = Field(default_factory=Compensation)
    carries_quota: bool = False
    max_hires: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _consistent_capacity(self) -> Role:
        both = sorted(set(self.capacity) & set(self.minutes_per_activity))
        if both:
            raise ValueError(
                f"{', '.join(both)} appears in both capacity and minutes_per_activity; keep one"
            )
        if self.minutes_per_activity and self.selling_hours_per_day is None:
            raise ValueError("minutes_per_activity needs selling_hours_per_day")
        if self.manages and self.span_of_control is None:
            raise ValueError("manages needs span_of_control (people per manager)")
        for activity, amount in {**self.capacity, **self.minutes_per_activity}.items():
            if amount <= 0:
                raise ValueError(f"capacity for {activity} must be more than 0 (found {amount:g})")
        if not self.ramp:
            raise ValueError("ramp needs at least one month, e.g. [100%]")
        return self


class Person(PlanModel):
    """Someone on the team today (or with a known start or leaving date)."""

    name: str
    role: Identifier
    start: dt.date | None = None
    end: dt.date | None = None


class TeamSection(PlanModel):
    """The sales organisation: roles by id, and the people in them."""

    roles: dict[Identifier, Role] = Field(default_factory=dict)
    people: list[Person] = Field(default_factory=list)
