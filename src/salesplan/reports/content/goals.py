"""Section 2: goals and targets, with the funnel and the team's activity targets."""

from __future__ import annotations

from salesplan.reports.content.context import DASH, Context, targets_per_role_table
from salesplan.reports.document import Block, Paragraph, Section, Table

__all__ = ["goals"]


def goals(ctx: Context) -> Section:
    result, fmt, t = ctx.result, ctx.fmt, ctx.t
    goals = ctx.plan.goals
    blocks: list[Block] = [
        Paragraph(
            t.say(
                "The goal is {goal} of new-business revenue between {start} and {end}: "
                "{deals} deals at an average of {deal}, over {days} working days.",
                goal=fmt.money(result.revenue_goal),
                start=fmt.date(result.period_start),
                end=fmt.date(result.period_end),
                deals=fmt.integer(result.deals_required),
                deal=fmt.money(result.average_deal_value),
                days=fmt.integer(result.working_days),
            ),
            "lead",
        )
    ]
    if goals.other_goals:
        blocks.append(
            Table(
                [ctx._("Goal"), ctx._("Target"), ctx._("Due")],
                [
                    [g.name, g.target, fmt.short_date(g.due) if g.due else DASH]
                    for g in goals.other_goals
                ],
                caption=ctx._("Other goals"),
            )
        )
    sales = Section("sales-targets", ctx._("Sales targets"))
    sales.blocks.append(funnel_table(ctx))
    sales.blocks += ctx.figure("funnel")
    if result.pipeline_coverage is not None:
        sales.blocks.append(
            Paragraph(
                t.say(
                    "Pipeline coverage: every won deal needs {coverage} deals entering the "
                    "funnel, so the first stage must hold {coverage}× the goal's deals.",
                    coverage=fmt.number(result.pipeline_coverage, 1),
                )
            )
        )
    activity = Section("activity-targets", ctx._("Activity targets"))
    activity.blocks.append(activity_table(ctx))
    activity.blocks.append(targets_per_role_table(ctx))
    activity.blocks += ctx.figure("activities")
    skills = [[a.name, ", ".join(a.skills)] for a in goals.activities.values() if a.skills]
    if skills:
        activity.blocks.append(
            Table(
                [ctx._("Activity"), ctx._("Skills it needs")],
                skills,
                caption=ctx._("Skills per activity"),
            )
        )
    return Section(
        "goals", ctx._("Goals and targets"), "2", blocks=blocks, subsections=[sales, activity]
    )


def funnel_table(ctx: Context) -> Table:
    fmt = ctx.fmt
    rows = []
    for stage in ctx.result.funnel:
        rows.append(
            [
                stage.name,
                ctx.role_name(stage.owner),
                DASH if stage.post_sale else fmt.percent(stage.conversion),
                fmt.integer(stage.required),
                fmt.integer(stage.open),
                fmt.integer(stage.to_create),
                DASH if stage.win_rate is None else fmt.percent(stage.win_rate),
            ]
        )
    rows.append([ctx._("Won deals"), "", "", fmt.integer(ctx.result.deals_required), "", "", ""])
    return Table(
        [
            ctx._("Stage"),
            ctx._("Owner"),
            ctx._("Conversion"),
            ctx._("Must reach"),
            ctx._("Open now"),
            ctx._("To create"),
            ctx._("Win rate from here"),
        ],
        rows,
        ["left", "left", "right", "right", "right", "right", "right"],
        ctx._("The funnel, from the goal back to the first stage"),
        total_row=True,
    )


def activity_table(ctx: Context) -> Table:
    fmt = ctx.fmt
    rows = [
        [
            a.name,
            fmt.number(a.total, 0),
            fmt.number(a.per_working_day, 1),
            fmt.number(a.per_week, 1),
            fmt.number(a.per_month, 1),
            ctx._("set directly") if a.source == "target" else ctx._("from the funnel"),
        ]
        for a in ctx.result.activities.values()
    ]
    return Table(
        [
            ctx._("Activity"),
            ctx._("Total"),
            ctx._("Per day"),
            ctx._("Per week"),
            ctx._("Per month"),
            ctx._("Source"),
        ],
        rows,
        ["left", "right", "right", "right", "right", "left"],
        ctx._("Activity targets for the whole team"),
    )
