"""What a plan build returns: plain, frozen records with a documented JSON form.

``PlanBuild.to_dict()`` is the stable schema described in ``docs/json-output.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "ActivityVolume",
    "Budget",
    "Explanation",
    "Hire",
    "MonthCapacity",
    "PlanBuild",
    "RoleCost",
    "RoleHeadcount",
    "StageVolume",
    "TimelineMonth",
    "Velocity",
    "Warning",
]

JSON_SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Explanation:
    """How one figure was computed, in words and numbers, and which inputs it used."""

    figure: str
    value: float | int | str | None
    formula: str
    inputs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Warning:
    """Something a sales leader must act on; ``code`` is stable, ``message`` is for people."""

    code: str
    message: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class StageVolume:
    """How many deals must reach one stage."""

    stage: str
    name: str
    owner: str
    conversion: float
    required: int
    open: int
    from_open_pipeline: float
    to_create: int
    days_in_stage: float
    win_rate: float | None
    coverage: float | None
    post_sale: bool = False


@dataclass(frozen=True, slots=True)
class ActivityVolume:
    """One activity over the period: total, per working day, week and month, by role."""

    activity: str
    name: str
    total: float
    per_working_day: float
    per_week: float
    per_month: float
    by_role: dict[str, float]
    source: Literal["derived", "target"]
    derived_total: float


@dataclass(frozen=True, slots=True)
class RoleHeadcount:
    """Headcount of one role: what the work needs and what the team has."""

    role: str
    name: str
    fte: float
    required: int
    current: int
    current_fte: float
    to_hire: int
    backfills: int
    expected_leavers: float
    per_rep_per_day: dict[str, float]
    quota_per_rep: float | None
    growth_hires: int = 0
    per_hire_fte: float = 0.0  # average effective FTE of one growth hire over the period
    backfill_fte: float = 0.0
    effective_fte: float = 0.0  # current + backfills + growth hires, ramped and surviving
    current_years: float = 0.0  # expected person-years in seat: pay is prorated by these
    backfill_years: float = 0.0
    per_hire_years: float = 0.0


@dataclass(frozen=True, slots=True)
class Hire:
    """People of one role to hire, with the dates that make it happen."""

    role: str
    count: int
    start: dt.date
    hire_by: dt.date
    ramped_by: dt.date
    quarter: str
    reason: Literal["growth", "backfill"]


@dataclass(frozen=True, slots=True)
class MonthCapacity:
    """One month of one role: people in seat, effective (ramped) FTE and what is needed."""

    month: str
    role: str
    working_days: int
    headcount: float
    effective_fte: float
    required_fte: float


@dataclass(frozen=True, slots=True)
class TimelineMonth:
    """Pipeline to create, activities to do and wins expected in one month."""

    month: str
    created: dict[str, float]
    activities: dict[str, float]
    wins: float


@dataclass(frozen=True, slots=True)
class RoleCost:
    """Compensation of one role over the period."""

    role: str
    base: float
    variable: float
    commission: float

    @property
    def total(self) -> float:
        return self.base + self.variable + self.commission


@dataclass(frozen=True, slots=True)
class Budget:
    """Money: the team's cost, unit economics and quota."""

    by_role: dict[str, RoleCost]
    compensation: float
    marketing_spend: float
    other_costs: float
    total: float
    cost_per_won_deal: float | None
    cac: float | None
    ltv: float | None
    ltv_to_cac: float | None
    payback_months: float | None
    quota_per_rep: float | None
    over_assignment: float
    expected_attainment: float


@dataclass(frozen=True, slots=True)
class Velocity:
    """Sales velocity: revenue the pipeline produces per day."""

    opportunities: float  # open at any one time (Little's law)
    average_deal_value: float
    win_rate: float
    cycle_days: float
    per_day: float | None


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


@dataclass(frozen=True)
class PlanBuild:
    """Every figure of a built plan, with its explanations and warnings."""

    plan_name: str
    scenario: str | None
    as_of: dt.date
    language: str
    currency: str
    period_start: dt.date
    period_end: dt.date
    working_days: int
    working_days_by_month: dict[str, int]
    working_days_by_week: dict[str, int]
    revenue_goal: float
    average_deal_value: float
    deals_required: int
    funnel: list[StageVolume]
    activities: dict[str, ActivityVolume]
    headcount: dict[str, RoleHeadcount]
    hiring: list[Hire]
    capacity_by_month: list[MonthCapacity]
    timeline: list[TimelineMonth]
    pipeline_coverage: float | None
    velocity: Velocity | None
    budget: Budget
    warnings: list[Warning]
    explanations: dict[str, Explanation] = field(default_factory=dict)

    def explain(self, figure: str) -> Explanation:
        """The explanation of *figure*, e.g. ``headcount.SDR.required``."""
        return self.explanations[figure]

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON form (``docs/json-output.md``)."""
        return {
            "schema_version": JSON_SCHEMA_VERSION,
            "plan": self.plan_name,
            "scenario": self.scenario,
            "as_of": self.as_of.isoformat(),
            "language": self.language,
            "currency": self.currency,
            "period": {"start": self.period_start.isoformat(), "end": self.period_end.isoformat()},
            "working_days": self.working_days,
            "working_days_by_month": self.working_days_by_month,
            "working_days_by_week": self.working_days_by_week,
            "revenue_goal": self.revenue_goal,
            "average_deal_value": self.average_deal_value,
            "deals_required": self.deals_required,
            "funnel": [
                {
                    "stage": s.stage,
                    "name": s.name,
                    "owner": s.owner,
                    "conversion": _round(s.conversion),
                    "required": s.required,
                    "open": s.open,
                    "from_open_pipeline": _round(s.from_open_pipeline),
                    "to_create": s.to_create,
                    "days_in_stage": s.days_in_stage,
                    "win_rate": _round(s.win_rate),
                    "coverage": _round(s.coverage),
                    "post_sale": s.post_sale,
                }
                for s in self.funnel
            ],
            "activities": {
                a.activity: {
                    "name": a.name,
                    "total": _round(a.total),
                    "per_working_day": _round(a.per_working_day),
                    "per_week": _round(a.per_week),
                    "per_month": _round(a.per_month),
                    "by_role": {role: _round(v) for role, v in a.by_role.items()},
                    "source": a.source,
                    "derived_total": _round(a.derived_total),
                }
                for a in self.activities.values()
            },
            "headcount": {
                h.role: {
                    "name": h.name,
                    "fte": _round(h.fte),
                    "required": h.required,
                    "current": h.current,
                    "current_fte": _round(h.current_fte),
                    "to_hire": h.to_hire,
                    "backfills": h.backfills,
                    "expected_leavers": _round(h.expected_leavers),
                    "per_rep_per_day": {k: _round(v) for k, v in h.per_rep_per_day.items()},
                    "quota_per_rep": _round(h.quota_per_rep, 2),
                    "growth_hires": h.growth_hires,
                    "per_hire_fte": _round(h.per_hire_fte),
                    "backfill_fte": _round(h.backfill_fte),
                    "effective_fte": _round(h.effective_fte),
                    "person_years": {
                        "current": _round(h.current_years),
                        "backfills": _round(h.backfill_years),
                        "per_hire": _round(h.per_hire_years),
                    },
                }
                for h in self.headcount.values()
            },
            "hiring": [
                {
                    "role": h.role,
                    "count": h.count,
                    "start": h.start.isoformat(),
                    "hire_by": h.hire_by.isoformat(),
                    "ramped_by": h.ramped_by.isoformat(),
                    "quarter": h.quarter,
                    "reason": h.reason,
                }
                for h in self.hiring
            ],
            "capacity_by_month": [
                {
                    "month": m.month,
                    "role": m.role,
                    "working_days": m.working_days,
                    "headcount": _round(m.headcount),
                    "effective_fte": _round(m.effective_fte),
                    "required_fte": _round(m.required_fte),
                }
                for m in self.capacity_by_month
            ],
            "timeline": [
                {
                    "month": t.month,
                    "created": {k: _round(v) for k, v in t.created.items()},
                    "activities": {k: _round(v) for k, v in t.activities.items()},
                    "wins": _round(t.wins),
                }
                for t in self.timeline
            ],
            "pipeline_coverage": _round(self.pipeline_coverage),
            "velocity": None
            if self.velocity is None
            else {
                "opportunities": _round(self.velocity.opportunities, 2),
                "average_deal_value": self.velocity.average_deal_value,
                "win_rate": _round(self.velocity.win_rate),
                "cycle_days": self.velocity.cycle_days,
                "per_day": _round(self.velocity.per_day, 2),
            },
            "budget": {
                "by_role": {
                    role: {
                        "base": _round(c.base, 2),
                        "variable": _round(c.variable, 2),
                        "commission": _round(c.commission, 2),
                        "total": _round(c.total, 2),
                    }
                    for role, c in self.budget.by_role.items()
                },
                "compensation": _round(self.budget.compensation, 2),
                "marketing_spend": self.budget.marketing_spend,
                "other_costs": self.budget.other_costs,
                "total": _round(self.budget.total, 2),
                "cost_per_won_deal": _round(self.budget.cost_per_won_deal, 2),
                "cac": _round(self.budget.cac, 2),
                "ltv": _round(self.budget.ltv, 2),
                "ltv_to_cac": _round(self.budget.ltv_to_cac, 2),
                "payback_months": _round(self.budget.payback_months, 2),
                "quota_per_rep": _round(self.budget.quota_per_rep, 2),
                "over_assignment": self.budget.over_assignment,
                "expected_attainment": self.budget.expected_attainment,
            },
            "warnings": [
                {"code": w.code, "message": w.message, "role": w.role} for w in self.warnings
            ],
            "explanations": {
                key: {"value": e.value, "formula": e.formula, "inputs": list(e.inputs)}
                for key, e in self.explanations.items()
            },
        }
