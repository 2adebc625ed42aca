"""Build a plan: goal → deals → stage volumes → activities → headcount → hiring → budget.

>>> import datetime as dt
>>> from salesplan.plan import load
>>> result = build(load("examples/derived-quarter.yaml"), as_of=dt.date(2026, 11, 1))
>>> result.deals_required, [s.required for s in result.funnel]
(50, [250, 200, 100])
>>> result.explain("headcount.SDR.required").formula
'SDR required = ceil(172.41 emails/day ÷ 80 + 86.21 calls/day ÷ 40) = ceil(4.31) = 5'
"""

from __future__ import annotations

import datetime as dt

from salesplan.engine.activities import activity_volumes, months_in_period
from salesplan.engine.calendar import (
    HolidayLookup,
    WorkCalendar,
    count_by_month,
    count_by_week,
    package_holidays,
)
from salesplan.engine.capacity import role_needs
from salesplan.engine.funnel import ceil_whole, reverse_funnel
from salesplan.engine.money import budget, velocity
from salesplan.engine.results import (
    Explanation,
    Hire,
    MonthCapacity,
    PlanBuild,
    RoleHeadcount,
    Warning,
)
from salesplan.engine.staffing import (
    StaffingPlan,
    Workdays,
    month_boundary,
    plan_staffing,
    quarter_of,
)
from salesplan.engine.timing import pipeline_timeline
from salesplan.engine.wording import number, percent, say
from salesplan.plan.dates import add_months, shift
from salesplan.plan.document import SalesPlan
from salesplan.plan.scenarios import apply_scenario

__all__ = ["build", "calendar_for"]


def calendar_for(plan: SalesPlan, holidays: HolidayLookup | None = None) -> WorkCalendar:
    """The working-day calendar a plan describes (public holidays from *holidays*)."""
    return WorkCalendar(
        country=plan.country,
        subdivision=plan.calendar.subdivision,
        weekend=tuple(plan.calendar.weekend),
        days_off=frozenset(day.date for day in plan.calendar.days_off),
        holiday_lookup=holidays or package_holidays,
    )


def build(
    plan: SalesPlan,
    scenario: str | None = None,
    as_of: dt.date | None = None,
    *,
    holidays: HolidayLookup | None = None,
) -> PlanBuild:
    """Compute every figure of *plan* (under *scenario*) as of the date *as_of*.

    The engine never reads the clock: without *as_of* the plan is built as if
    every hire could still start on the period's first day (as of the earliest
    hire-by date of any role).
    """
    variant = apply_scenario(plan, scenario)
    lang = variant.language
    start = variant.goals.period.start
    end = variant.goals.period.last_day
    if as_of is None:
        as_of = min(
            (
                shift(start, -r.time_to_hire.amount, r.time_to_hire.unit)
                for r in variant.team.roles.values()
            ),
            default=start,
        )
    calendar = calendar_for(variant, holidays)
    days = calendar.working_days(start, end)
    workdays = Workdays.of(days)
    working_days = len(days)
    warnings: list[Warning] = []
    if not days:
        warnings.append(
            Warning("no_working_days", say(lang, "warn.no_working_days", start=start, end=end))
        )
    explanations: dict[str, Explanation] = {}
    parts = calendar.breakdown(start, end)
    explanations["working_days"] = Explanation(
        "working_days",
        working_days,
        say(lang, "working_days.formula", days=working_days, **parts),
        ("country", "calendar"),
    )

    funnel = reverse_funnel(variant)
    explanations.update(funnel.explanations)
    activities = activity_volumes(
        variant, funnel, working_days, calendar.working_days_per_week, months_in_period(start, end)
    )
    explanations.update(activities.explanations)
    warnings.extend(activities.warnings)
    per_day_by_role = activities.per_day_by_role()

    needs = role_needs(variant, per_day_by_role)

    def staff(role_id: str) -> StaffingPlan:
        role = variant.team.roles[role_id]
        people = [
            (p.start, p.end)
            for p in variant.team.people
            if p.role == role_id and _active(p.end, start)
        ]
        return plan_staffing(
            role_id,
            role,
            people,
            needs[role_id].fte,
            workdays,
            start,
            end,
            as_of,
            by_headcount=role.fixed_headcount is not None or bool(role.manages),
        )

    staffing = {role_id: staff(role_id) for role_id in variant.team.roles}
    # managers follow the team they manage once it has been hired
    if any(role.manages for role in variant.team.roles.values()):
        after = {r: s.current + s.growth_hires for r, s in staffing.items()}
        needs = role_needs(variant, per_day_by_role, after)
        for role_id, role in variant.team.roles.items():
            if role.manages:
                staffing[role_id] = staff(role_id)

    headcount: dict[str, RoleHeadcount] = {}
    hiring: list[Hire] = []
    capacity: list[MonthCapacity] = []
    for role_id, role in variant.team.roles.items():
        need = needs[role_id]
        plan_for_role = staffing[role_id]
        explanations[need.explanation.figure] = need.explanation
        explanations[f"headcount.{role_id}.fte"] = Explanation(
            f"headcount.{role_id}.fte",
            round(need.fte, 4),
            need.fte_formula or need.explanation.formula,
            need.explanation.inputs,
        )
        per_rep = {
            activity: per_day / need.required
            for activity, per_day in per_day_by_role.get(role_id, {}).items()
            if need.required
        }
        headcount[role_id] = RoleHeadcount(
            role=role_id,
            name=role.name,
            fte=need.fte,
            required=need.required,
            current=plan_for_role.current,
            current_fte=plan_for_role.current_fte,
            to_hire=plan_for_role.to_hire,
            backfills=len(plan_for_role.backfill_starts),
            expected_leavers=plan_for_role.expected_leavers,
            per_rep_per_day=per_rep,
            quota_per_rep=None,
            growth_hires=plan_for_role.growth_hires,
            per_hire_fte=plan_for_role.per_hire_fte,
            backfill_fte=plan_for_role.backfill_fte,
            effective_fte=plan_for_role.effective_fte,
            current_years=plan_for_role.current_years,
            backfill_years=plan_for_role.backfill_years,
            per_hire_years=plan_for_role.per_hire_years,
        )
        explanations[f"headcount.{role_id}.to_hire"] = _hiring_explanation(
            variant, role_id, need.fte, plan_for_role
        )
        hiring.extend(_hires(variant, role_id, plan_for_role))
        warnings.extend(
            _hiring_warnings(variant, role_id, need.fte, plan_for_role, as_of, start, end, calendar)
        )
        months = plan_for_role.monthly
        for month, (month_days, present, effective) in months.items():
            capacity.append(MonthCapacity(month, role_id, month_days, present, effective, need.fte))
        short = [
            f"{month} ({number(effective, lang)})"
            for month, (_, _, effective) in months.items()
            if effective + 0.005 < need.fte
        ]
        headcount_role = bool(role.manages) or role.fixed_headcount is not None
        if short and plan_for_role.reachable and not headcount_role:
            warnings.append(
                Warning(
                    "capacity_short_in_month",
                    say(
                        lang,
                        "warn.short_months",
                        role=role_id,
                        fte=number(need.fte, lang),
                        months=", ".join(short),
                    ),
                    role_id,
                )
            )

    timeline, timing_warnings = pipeline_timeline(variant, funnel.stages, funnel.deals, days, start)
    warnings.extend(timing_warnings)
    money, money_explanations = budget(variant, staffing, funnel.deals)
    explanations.update(money_explanations)
    if money.quota_per_rep is not None:
        headcount = {
            role_id: _with_quota(
                h, money.quota_per_rep if variant.team.roles[role_id].carries_quota else None
            )
            for role_id, h in headcount.items()
        }
    if money.ltv_to_cac is not None and money.ltv_to_cac < 3:
        warnings.append(
            Warning(
                "ltv_to_cac_low", say(lang, "warn.ltv_cac", ratio=number(money.ltv_to_cac, lang))
            )
        )
    sales_velocity, velocity_explanation = velocity(variant, funnel.stages, (end - start).days + 1)
    if velocity_explanation is not None:
        explanations["velocity"] = velocity_explanation
    pipeline = [stage for stage in funnel.stages if not stage.post_sale]
    coverage = pipeline[0].coverage if pipeline else None
    if pipeline and pipeline[0].win_rate:
        explanations["pipeline_coverage"] = Explanation(
            "pipeline_coverage",
            round(pipeline[0].coverage or 0.0, 4),
            say(
                lang,
                "coverage.formula",
                stage=pipeline[0].name,
                rate=percent(pipeline[0].win_rate, lang),
                coverage=number(pipeline[0].coverage or 0.0, lang),
            ),
            tuple(f"strategy.stages.{s.stage}.conversion" for s in pipeline),
        )
    return PlanBuild(
        plan_name=variant.name,
        scenario=scenario,
        as_of=as_of,
        language=lang,
        currency=variant.currency,
        period_start=start,
        period_end=end,
        working_days=working_days,
        working_days_by_month=count_by_month(days),
        working_days_by_week=count_by_week(days),
        revenue_goal=variant.goals.revenue_goal,
        average_deal_value=variant.goals.average_deal_value,
        deals_required=funnel.deals,
        funnel=funnel.stages,
        activities=activities.volumes,
        headcount=headcount,
        hiring=hiring,
        capacity_by_month=capacity,
        timeline=timeline,
        pipeline_coverage=coverage,
        velocity=sales_velocity,
        budget=money,
        warnings=warnings,
        explanations=explanations,
    )


def _active(end: dt.date | None, period_start: dt.date) -> bool:
    return end is None or end >= period_start


def _with_quota(headcount: RoleHeadcount, quota: float | None) -> RoleHeadcount:
    from dataclasses import replace

    return replace(headcount, quota_per_rep=quota)


def _ramped_by(start: dt.date, ramp: list[float]) -> dt.date:
    """The first day a hire starting on *start* works at full capacity."""
    full = next((index for index, value in enumerate(ramp) if value >= 1.0), len(ramp))
    return month_boundary(start, full)


def _hires(plan: SalesPlan, role_id: str, staffing: StaffingPlan) -> list[Hire]:
    role = plan.team.roles[role_id]
    back = role.time_to_hire
    hires = []
    if staffing.growth_hires and staffing.growth_start is not None:
        start = staffing.growth_start
        hires.append(
            Hire(
                role_id,
                staffing.growth_hires,
                start,
                shift(start, -back.amount, back.unit),
                _ramped_by(start, role.ramp),
                quarter_of(start),
                "growth",
            )
        )
    for start in staffing.backfill_starts:
        hires.append(
            Hire(
                role_id,
                1,
                start,
                shift(start, -back.amount, back.unit),
                _ramped_by(start, role.ramp),
                quarter_of(start),
                "backfill",
            )
        )
    return hires


def _hiring_explanation(
    plan: SalesPlan, role_id: str, fte: float, staffing: StaffingPlan
) -> Explanation:
    lang = plan.language
    figure = f"headcount.{role_id}.to_hire"
    inputs = (
        f"team.roles.{role_id}.ramp",
        f"team.roles.{role_id}.time_to_hire",
        f"team.roles.{role_id}.attrition",
        "team.people",
    )
    role = plan.team.roles[role_id]
    if role.manages or role.fixed_headcount is not None:
        text = say(
            lang,
            "hiring.headcount",
            role=role_id,
            required=ceil_whole(fte),
            current=staffing.current,
            hires=staffing.growth_hires,
        )
    elif not staffing.growth_hires:
        text = say(
            lang,
            "hiring.none",
            role=role_id,
            current=number(staffing.current_fte, lang),
            fte=number(fte, lang),
        )
    else:
        assert staffing.growth_start is not None
        back = role.time_to_hire
        text = say(
            lang,
            "hiring.formula",
            role=role_id,
            fte=number(fte, lang),
            current=number(staffing.current_fte, lang),
            start=staffing.growth_start.isoformat(),
            per_hire=number(staffing.per_hire_fte, lang),
            ramp="/".join(percent(r, lang) for r in role.ramp),
            backfill=number(staffing.backfill_fte, lang),
            hires=staffing.growth_hires,
        )
        text += "; " + say(
            lang,
            "hire_by.formula",
            start=staffing.growth_start.isoformat(),
            time_to_hire=str(back),
            hire_by=shift(staffing.growth_start, -back.amount, back.unit).isoformat(),
        )
    if staffing.backfill_starts:
        text += "; " + say(
            lang,
            "backfill.formula",
            count=len(staffing.backfill_starts),
            leavers=number(staffing.expected_leavers, lang),
            attrition=percent(role.attrition, lang),
            dates=", ".join(day.isoformat() for day in staffing.backfill_starts),
        )
    return Explanation(figure, staffing.to_hire, text, inputs)


def _hiring_warnings(
    plan: SalesPlan,
    role_id: str,
    fte: float,
    staffing: StaffingPlan,
    as_of: dt.date,
    start: dt.date,
    end: dt.date,
    calendar: WorkCalendar,
) -> list[Warning]:
    lang = plan.language
    role = plan.team.roles[role_id]
    back = role.time_to_hire
    warnings = []
    needs_hires = staffing.growth_hires > 0 or not staffing.reachable
    if needs_hires and staffing.earliest_start > start:
        warnings.append(
            Warning(
                "hiring_late",
                say(
                    lang,
                    "warn.hiring_late"
                    if staffing.growth_hires + staffing.shortfall_hires != staffing.on_time_hires
                    else "warn.hiring_late_same",
                    role=role_id,
                    hire_by=shift(start, -back.amount, back.unit).isoformat(),
                    count=staffing.growth_hires + staffing.shortfall_hires,
                    on_time=staffing.on_time_hires,
                    start=start.isoformat(),
                    as_of=as_of.isoformat(),
                    earliest=staffing.earliest_start.isoformat(),
                ),
                role_id,
            )
        )
    if staffing.reachable:
        return warnings
    if not calendar.working_days(start, end):
        reason = say(lang, "reason.no_working_days")
    elif staffing.per_hire_fte <= 0:
        reason = say(lang, "reason.no_time", earliest=staffing.earliest_start.isoformat())
    else:
        reason = say(
            lang,
            "reason.max_hires",
            hires=staffing.growth_hires + staffing.shortfall_hires,
            max_hires=role.max_hires,
        )
    remedies = _remedies(plan, role_id, fte, staffing, end, calendar)
    warnings.append(
        Warning(
            "goal_unreachable",
            say(
                lang,
                "warn.unreachable" if staffing.per_hire_fte <= 0 else "warn.unreachable_capped",
                role=role_id,
                reason=reason,
                remedies="; ".join(remedies) or say(lang, "remedy.none"),
            ),
            role_id,
        )
    )
    return warnings


def _remedies(
    plan: SalesPlan,
    role_id: str,
    fte: float,
    staffing: StaffingPlan,
    end: dt.date,
    calendar: WorkCalendar,
) -> list[str]:
    """What would reach the goal: more time, a higher win rate, bigger deals, ramped hires."""
    lang = plan.language
    achievable = staffing.effective_fte
    remedies: list[str] = []
    start = plan.goals.period.start
    if achievable > 0:
        factor = fte / achievable
        working = len(calendar.working_days(start, end))
        target_days = working * factor
        candidate = end
        for _ in range(36):
            candidate = add_months(candidate, 1)
            if len(calendar.working_days(start, candidate)) >= target_days:
                remedies.append(say(lang, "remedy.time", end=candidate.isoformat()))
                break
        last_stage = plan.strategy.pipeline_stages[-1]
        needed_rate = last_stage.conversion * factor
        if needed_rate <= 1.0:
            remedies.append(
                say(
                    lang,
                    "remedy.conversion",
                    stage=last_stage.name,
                    current=percent(last_stage.conversion, lang),
                    needed=percent(needed_rate, lang),
                )
            )
        deal = plan.goals.average_deal_value
        remedies.append(
            say(
                lang,
                "remedy.deal_size",
                current=number(deal, lang),
                needed=number(deal * factor, lang),
            )
        )
    days = calendar.working_days(start, end)
    earliest = staffing.earliest_start
    share = sum(1 for day in days if day >= earliest) / len(days) if days else 0.0
    ramped = plan.team.roles[role_id].ramp[0] < 1.0  # experienced hires only help a ramping role
    if share > 0 and ramped:
        count = ceil_whole((fte - staffing.current_fte - staffing.backfill_fte) / share)
        limit = plan.team.roles[role_id].max_hires
        if limit is None or count <= limit:
            remedies.append(
                say(lang, "remedy.ramped", count=count, start=max(start, earliest).isoformat())
            )
    return remedies
