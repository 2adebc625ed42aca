"""Activity totals: each stage's activities × the deals it must work, or a target set directly."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from dataclasses import dataclass

from salesplan.engine.funnel import FunnelResult
from salesplan.engine.results import ActivityVolume, Explanation, Warning
from salesplan.engine.wording import number, say
from salesplan.plan.document import SalesPlan
from salesplan.plan.references import roles_for_activity

__all__ = ["ActivityResult", "activity_volumes", "months_in_period"]


def months_in_period(start: dt.date, end: dt.date) -> float:
    """Length of the period in months, counting part months by their share of days.

    >>> months_in_period(dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    3.0
    >>> months_in_period(dt.date(2027, 1, 16), dt.date(2027, 1, 31))
    0.5161290322580645
    """
    total = 0.0
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        days_in_month = _calendar.monthrange(year, month)[1]
        first = max(start, dt.date(year, month, 1))
        last = min(end, dt.date(year, month, days_in_month))
        total += ((last - first).days + 1) / days_in_month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return total


@dataclass(frozen=True, slots=True)
class ActivityResult:
    volumes: dict[str, ActivityVolume]
    explanations: dict[str, Explanation]
    warnings: list[Warning]

    def per_day_by_role(self) -> dict[str, dict[str, float]]:
        """``{role: {activity: per working day}}``."""
        table: dict[str, dict[str, float]] = {}
        for volume in self.volumes.values():
            for role, total in volume.by_role.items():
                share = total / volume.total if volume.total else 0.0
                table.setdefault(role, {})[volume.activity] = volume.per_working_day * share
        return table


def activity_volumes(
    plan: SalesPlan,
    funnel: FunnelResult,
    working_days: int,
    working_days_per_week: int,
    months: float,
) -> ActivityResult:
    """Every activity's total over the period, per working day, week and month, by role."""
    lang = plan.language
    derived: dict[str, dict[str, float]] = {}
    terms: dict[str, list[str]] = {}
    for stage in plan.strategy.stages:
        worked = funnel.volume_to_work(stage.id)
        for activity_id, per_deal in stage.activities.items():
            by_role = derived.setdefault(activity_id, {})
            by_role[stage.owner] = by_role.get(stage.owner, 0.0) + per_deal * worked
            terms.setdefault(activity_id, []).append(
                f"{number(per_deal, lang)} × {number(worked, lang)} {stage.name}"
            )

    volumes: dict[str, ActivityVolume] = {}
    explanations: dict[str, Explanation] = {}
    warnings: list[Warning] = []
    days = max(working_days, 1)
    for activity_id, activity in plan.goals.activities.items():
        derived_by_role = derived.get(activity_id, {})
        derived_total = sum(derived_by_role.values())
        target = activity.target
        if target is None:
            if activity_id not in derived:
                continue
            total = derived_total
            by_role = dict(derived_by_role)
            source = "derived"
            formula = say(
                lang,
                "activity.derived",
                activity=activity.name,
                terms=" + ".join(terms[activity_id]),
                total=number(total, lang),
                days=number(working_days, lang),
                per_day=number(total / days, lang),
            )
        else:
            if target.per_working_day is not None:
                total = target.per_working_day * working_days
                given = f"{number(target.per_working_day, lang)}{say(lang, 'per_day')}"
            elif target.per_week is not None:
                total = target.per_week * working_days / working_days_per_week
                given = f"{number(target.per_week, lang)}/wk"
            elif target.per_month is not None:
                total = target.per_month * months
                given = f"{number(target.per_month, lang)}/mo"
            else:
                assert target.total is not None
                total = target.total
                given = number(target.total, lang)
            role = target.role or roles_for_activity(plan, activity_id)[0]
            by_role = {role: total}
            source = "target"
            formula = say(
                lang,
                "activity.target",
                activity=activity.name,
                given=given,
                total=number(total, lang),
                days=number(working_days, lang),
                derived=number(derived_total, lang),
            )
            if total + 1e-9 < derived_total:
                warnings.append(
                    Warning(
                        "target_below_funnel",
                        say(
                            lang,
                            "warn.target_overrides",
                            activity=activity.name,
                            target=number(total / days, lang),
                            derived=number(derived_total / days, lang),
                        ),
                        role,
                    )
                )
        per_day = total / days
        volumes[activity_id] = ActivityVolume(
            activity=activity_id,
            name=activity.name,
            total=total,
            per_working_day=per_day,
            per_week=per_day * working_days_per_week,
            per_month=total / months if months else 0.0,
            by_role=by_role,
            source=source,  # type: ignore[arg-type]
            derived_total=derived_total,
        )
        explanations[f"activities.{activity_id}.total"] = Explanation(
            f"activities.{activity_id}.total",
            round(total, 4),
            formula,
            (f"goals.activities.{activity_id}",),
        )
    return ActivityResult(volumes, explanations, warnings)
