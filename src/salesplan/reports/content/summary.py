"""The executive summary: key figures, the mission, targets per role, hires, risks."""

from __future__ import annotations

from salesplan.reports.content.context import Context, hiring_table, targets_per_role_table
from salesplan.reports.document import Block, Callout, KeyFigure, KeyFigures, Paragraph, Section

__all__ = ["summary"]


def summary(ctx: Context) -> Section:
    result, fmt, t = ctx.result, ctx.fmt, ctx.t
    pipeline = [s for s in result.funnel if not s.post_sale]
    now = sum(h.current for h in result.headcount.values())
    needed = sum(h.required for h in result.headcount.values())
    hires = sum(h.count for h in result.hiring)
    budget = result.budget
    figures = [
        KeyFigure(
            t.gettext("Revenue goal"),
            fmt.money(result.revenue_goal),
            t.say("{days} working days", days=fmt.integer(result.working_days)),
        ),
        KeyFigure(
            t.gettext("Deals to win"),
            fmt.integer(result.deals_required),
            t.say("at {value} per deal", value=fmt.money(result.average_deal_value)),
        ),
    ]
    if pipeline:
        first = pipeline[0]
        figures.append(
            KeyFigure(
                t.say("{stage} to create", stage=first.name),
                fmt.integer(first.to_create),
                t.say("{coverage}× pipeline coverage", coverage=fmt.number(first.coverage or 0, 1)),
            )
        )
    figures += [
        KeyFigure(
            t.gettext("Team now → needed"),
            f"{fmt.integer(now)} → {fmt.integer(needed)}",
            t.say("{hires} hires", hires=fmt.integer(hires)),
        ),
        KeyFigure(
            t.gettext("Budget"),
            fmt.money(budget.total),
            t.say("CAC {cac}", cac=ctx.maybe_money(budget.cac)),
        ),
    ]
    if budget.ltv_to_cac is not None:
        figures.append(
            KeyFigure(
                t.gettext("LTV:CAC"),
                fmt.number(budget.ltv_to_cac, 1),
                t.say(
                    "payback {months} months",
                    months=ctx.maybe_number(budget.payback_months, 1),
                ),
            )
        )
    blocks: list[Block] = [KeyFigures(figures)]
    if ctx.plan.mission.statement:
        blocks.append(Paragraph(ctx.plan.mission.statement, "lead"))
    blocks.append(targets_per_role_table(ctx))
    if result.hiring:
        blocks.append(hiring_table(ctx))
    risks = [Callout(w.message) for w in result.warnings[:5]]
    if risks:
        blocks.append(Paragraph(t.gettext("Risks and warnings"), "lead"))
        blocks += risks
        if len(result.warnings) > 5:
            blocks.append(
                Paragraph(
                    t.say(
                        "{count} more warnings are listed in the appendix.",
                        count=len(result.warnings) - 5,
                    ),
                    "note",
                )
            )
    else:
        blocks.append(Callout(t.gettext("No warnings: the plan is reachable as written."), "info"))
    return Section("summary", t.gettext("Executive summary"), blocks=blocks)
