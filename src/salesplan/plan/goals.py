"""Section 2 of the plan: the period, the revenue goal, activities and their targets."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from salesplan.plan.base import PlanModel
from salesplan.plan.dates import add_months
from salesplan.plan.fields import Amount, Identifier, Money, Rate

__all__ = [
    "Activity",
    "ActivityTarget",
    "Economics",
    "GoalsSection",
    "OtherGoal",
    "Period",
    "QuotaPolicy",
]

Horizon = Literal["30d", "60d", "90d", "month", "quarter", "year"]
_HORIZON_MONTHS = {"month": 1, "quarter": 3, "year": 12}
_HORIZON_DAYS = {"30d": 30, "60d": 60, "90d": 90}


class Period(PlanModel):
    """The plan period: ``start`` and ``end`` (inclusive), or ``start`` and a ``horizon``."""

    start: dt.date
    end: dt.date | None = None
    horizon: Horizon | None = None

    @model_validator(mode="after")
    def _one_way_to_end(self) -> Period:
        if (self.end is None) == (self.horizon is None):
            raise ValueError(
                "give either end (a date) or horizon (30d, 60d, 90d, month, quarter or year)"
            )
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    @property
    def last_day(self) -> dt.date:
        """The last day of the period, inclusive.

        >>> Period(start=dt.date(2027, 1, 1), horizon="quarter").last_day
        datetime.date(2027, 3, 31)
        """
        if self.end is not None:
            return self.end
        assert self.horizon is not None
        if self.horizon in _HORIZON_DAYS:
            return self.start + dt.timedelta(days=_HORIZON_DAYS[self.horizon] - 1)
        return add_months(self.start, _HORIZON_MONTHS[self.horizon]) - dt.timedelta(days=1)


class ActivityTarget(PlanModel):
    """An activity target set directly ("200 emails per working day"), not derived."""

    per_working_day: Amount | None = None
    per_week: Amount | None = None
    per_month: Amount | None = None
    total: Amount | None = None
    role: Identifier | None = None

    @model_validator(mode="after")
    def _exactly_one_rate(self) -> ActivityTarget:
        given = [
            name
            for name in ("per_working_day", "per_week", "per_month", "total")
            if getattr(self, name) is not None
        ]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of per_working_day, per_week, per_month or total"
                + (f" (found {', '.join(given)})" if given else "")
            )
        return self


class Activity(PlanModel):
    """Something reps do: emails, calls, demos, meetings, proposals."""

    name: str
    skills: list[str] = Field(default_factory=list)
    target: ActivityTarget | None = None


class OtherGoal(PlanModel):
    """A goal beyond new-business revenue (e.g. renewals, a new market)."""

    name: str
    target: str = ""
    due: dt.date | None = None


class QuotaPolicy(PlanModel):
    """How quota is set: quota handed out over the goal, and the attainment to expect."""

    over_assignment: float = Field(default=1.0, ge=1.0, le=3.0)
    expected_attainment: Rate = 1.0


class Economics(PlanModel):
    """Unit economics inputs: monthly revenue per account, margin, churn, other spend."""

    arpa_monthly: Money | None = None
    gross_margin: Rate | None = None
    monthly_churn: Rate | None = None
    ltv: Money | None = None
    marketing_spend: Money = 0.0
    other_costs: Money = 0.0


class GoalsSection(PlanModel):
    """What the plan must deliver in its period."""

    period: Period
    revenue_goal: Money
    average_deal_value: Money
    activities: dict[Identifier, Activity] = Field(default_factory=dict)
    other_goals: list[OtherGoal] = Field(default_factory=list)
    quota: QuotaPolicy = Field(default_factory=QuotaPolicy)
    economics: Economics = Field(default_factory=Economics)

    @model_validator(mode="after")
    def _deal_value_positive(self) -> GoalsSection:
        if self.average_deal_value <= 0:
            raise ValueError("average_deal_value must be more than 0")
        return self
