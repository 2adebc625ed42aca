"""Quota, the team's cost for the period, unit economics and sales velocity."""

from __future__ import annotations

from salesplan.engine.results import Budget, Explanation, RoleCost, StageVolume, Velocity
from salesplan.engine.staffing import StaffingPlan
from salesplan.engine.wording import number, percent, say
from salesplan.plan.document import SalesPlan

__all__ = ["budget", "velocity"]


def budget(
    plan: SalesPlan,
    staffing: dict[str, StaffingPlan],
    deals: int,
) -> tuple[Budget, dict[str, Explanation]]:
    """Compensation by role (pay is annual, prorated by expected days in seat), CAC, LTV and quota.

    Variable pay is paid at the plan's expected attainment; ``commission_rate``
    is a share of the new-business revenue the plan expects to close.
    """
    lang = plan.language
    goals = plan.goals
    attainment = goals.quota.expected_attainment
    revenue = goals.revenue_goal * attainment
    by_role: dict[str, RoleCost] = {}
    explanations: dict[str, Explanation] = {}
    for role_id, role in plan.team.roles.items():
        years = staffing[role_id].person_years if role_id in staffing else 0.0
        pay = role.compensation
        # commission is paid to the role's people: none in seat, none paid
        commission = pay.commission_rate * revenue if years > 0 else 0.0
        by_role[role_id] = RoleCost(
            role=role_id,
            base=pay.base * years,
            variable=pay.variable * attainment * years,
            commission=commission,
        )
        explanations[f"budget.by_role.{role_id}"] = Explanation(
            f"budget.by_role.{role_id}",
            round(by_role[role_id].total, 2),
            say(
                lang,
                "role_cost.formula",
                role=role_id,
                years=number(years, lang),
                base=number(pay.base, lang),
                variable=number(pay.variable, lang),
                attainment=percent(attainment, lang),
                commission=percent(pay.commission_rate, lang),
                revenue=number(revenue, lang),
                total=number(by_role[role_id].total, lang),
            ),
            (f"team.roles.{role_id}.compensation", "goals.quota.expected_attainment"),
        )
    compensation = sum(cost.total for cost in by_role.values())
    economics = goals.economics
    total = compensation + economics.marketing_spend + economics.other_costs
    cac = total / deals if deals else None
    ltv = economics.ltv
    explanations |= {
        "budget.total": Explanation(
            "budget.total",
            round(total, 2),
            say(
                lang,
                "budget.formula",
                compensation=number(compensation, lang),
                marketing=number(economics.marketing_spend, lang),
                other=number(economics.other_costs, lang),
                total=number(total, lang),
            ),
            ("team.roles", "goals.economics"),
        )
    }
    if cac is not None:
        explanations["budget.cac"] = Explanation(
            "budget.cac",
            round(cac, 2),
            say(lang, "cac.formula", total=number(total, lang), deals=deals, cac=number(cac, lang)),
        )
    if (
        ltv is None
        and economics.arpa_monthly is not None
        and economics.gross_margin is not None
        and economics.monthly_churn
    ):
        ltv = economics.arpa_monthly * economics.gross_margin / economics.monthly_churn
        explanations["budget.ltv"] = Explanation(
            "budget.ltv",
            round(ltv, 2),
            say(
                lang,
                "ltv.formula",
                arpa=number(economics.arpa_monthly, lang),
                margin=percent(economics.gross_margin, lang),
                churn=percent(economics.monthly_churn, lang),
                ltv=number(ltv, lang),
            ),
            ("goals.economics",),
        )
    payback = None
    if cac is not None and economics.arpa_monthly and economics.gross_margin:
        payback = cac / (economics.arpa_monthly * economics.gross_margin)
        explanations["budget.payback_months"] = Explanation(
            "budget.payback_months",
            round(payback, 2),
            say(
                lang,
                "payback.formula",
                cac=number(cac, lang),
                arpa=number(economics.arpa_monthly, lang),
                margin=percent(economics.gross_margin, lang),
                months=number(payback, lang),
            ),
            ("goals.economics",),
        )
    if ltv is not None and cac:
        explanations["budget.ltv_to_cac"] = Explanation(
            "budget.ltv_to_cac",
            round(ltv / cac, 2),
            f"LTV:CAC = {number(ltv, lang)} ÷ {number(cac, lang)} = {number(ltv / cac, lang)}",
            ("goals.economics",),
        )

    quota_roles = [r for r, role in plan.team.roles.items() if role.carries_quota and r in staffing]
    quota_fte = sum(staffing[r].effective_fte for r in quota_roles)
    quota = None
    if quota_fte > 0:
        over = goals.quota.over_assignment
        quota = goals.revenue_goal * over / quota_fte
        explanations["budget.quota_per_rep"] = Explanation(
            "budget.quota_per_rep",
            round(quota, 2),
            say(
                lang,
                "quota.formula",
                goal=number(goals.revenue_goal, lang),
                over=number(over, lang),
                fte=number(quota_fte, lang),
                quota=number(quota, lang),
            ),
            ("goals.quota.over_assignment",),
        )
    result = Budget(
        by_role=by_role,
        compensation=compensation,
        marketing_spend=economics.marketing_spend,
        other_costs=economics.other_costs,
        total=total,
        cost_per_won_deal=compensation / deals if deals else None,
        cac=cac,
        ltv=ltv,
        ltv_to_cac=ltv / cac if ltv is not None and cac else None,
        payback_months=payback,
        quota_per_rep=quota,
        over_assignment=goals.quota.over_assignment,
        expected_attainment=attainment,
    )
    return result, explanations


def velocity(
    plan: SalesPlan, funnel: list[StageVolume], period_days: int
) -> tuple[Velocity | None, Explanation | None]:
    """Opportunities × average deal × win rate ÷ cycle days, from the first pipeline stage.

    The opportunities are those open at any one time: by Little's law, the
    first stage's volume for the period × cycle days ÷ the period's calendar
    days. A plan that creates its pipeline evenly then has a velocity equal to
    the revenue it must win per calendar day.
    """
    pipeline = [stage for stage in funnel if not stage.post_sale]
    if not pipeline:
        return None, None
    first = pipeline[0]
    win_rate = first.win_rate
    if win_rate is None:
        return None, None
    lang = plan.language
    cycle = sum(stage.days_in_stage for stage in pipeline)
    deal = plan.goals.average_deal_value
    open_at_once = first.required * cycle / period_days if period_days else 0.0
    per_day = open_at_once * deal * win_rate / cycle if cycle > 0 else None
    result = Velocity(open_at_once, deal, win_rate, cycle, per_day)
    if per_day is None:
        return result, None
    return result, Explanation(
        "velocity",
        round(per_day, 2),
        say(
            lang,
            "velocity.formula",
            opportunities=number(open_at_once, lang),
            volume=number(first.required, lang),
            period=number(period_days, lang),
            deal=number(deal, lang),
            rate=percent(win_rate, lang),
            days=number(cycle, lang),
            velocity=number(per_day, lang),
        ),
        ("strategy.stages",),
    )
