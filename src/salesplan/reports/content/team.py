"""Section 3: the team, its hiring timeline, and headcount and capacity by month."""

from __future__ import annotations

from salesplan.reports.content.context import DASH, Context, aligned, hiring_table
from salesplan.reports.document import Block, Paragraph, Section, Table

__all__ = ["team"]


def team(ctx: Context) -> Section:
    plan, result, fmt = ctx.plan, ctx.result, ctx.fmt
    if not plan.team.roles:
        return Section("team", ctx._("Team"), "3", blocks=[ctx.empty()])
    rows = []
    duties = []
    for role_id, role in plan.team.roles.items():
        head = result.headcount[role_id]
        starts = sorted(
            fmt.short_date(p.start)
            for p in plan.team.people
            if p.role == role_id and p.start is not None
        )
        hires = [h for h in result.hiring if h.role == role_id]
        rows.append(
            [
                role.name,
                fmt.integer(head.current),
                fmt.integer(head.required),
                fmt.integer(head.to_hire),
                fmt.money(role.compensation.base),
                fmt.money(role.compensation.ote),
                fmt.percent(role.compensation.commission_rate)
                if role.compensation.commission_rate
                else DASH,
                ", ".join([*starts[:3], *(fmt.short_date(h.start) for h in hires[:3])]) or DASH,
            ]
        )
        if role.responsibilities or role.ideal_qualities:
            duties.append(
                [
                    role.name,
                    "; ".join(role.responsibilities) or DASH,
                    "; ".join(role.ideal_qualities) or DASH,
                ]
            )
    table = Table(
        [
            ctx._("Role"),
            ctx._("Now"),
            ctx._("Needed"),
            ctx._("To hire"),
            ctx._("Base salary"),
            ctx._("On-target earnings"),
            ctx._("Commission"),
            ctx._("Start dates"),
        ],
        rows,
        ["left", "right", "right", "right", "right", "right", "right", "left"],
        ctx._("The team"),
    )
    blocks: list[Block] = [table]
    if duties:
        blocks.append(
            Table(
                [ctx._("Role"), ctx._("Responsibilities"), ctx._("Ideal qualities")],
                duties,
                caption=ctx._("What each role does, and whom to hire for it"),
            )
        )
    blocks.append(fte_table(ctx))
    if plan.team.people:
        blocks.append(
            Table(
                [ctx._("Name"), ctx._("Role"), ctx._("Start"), ctx._("End")],
                [
                    [
                        p.name,
                        ctx.role_name(p.role),
                        fmt.short_date(p.start) if p.start else DASH,
                        fmt.short_date(p.end) if p.end else DASH,
                    ]
                    for p in plan.team.people
                ],
                caption=ctx._("People on the team"),
            )
        )
    hiring = Section("hiring", ctx._("Hiring timeline"))
    if result.hiring:
        hiring.blocks.append(hiring_table(ctx))
        hiring.blocks += ctx.figure("hiring")
    else:
        hiring.blocks.append(Paragraph(ctx._("No hires are needed in this period."), "note"))
    capacity = Section("capacity", ctx._("Headcount and capacity by month"))
    capacity.blocks.append(
        Paragraph(
            ctx._(
                "People in seat and their effective capacity after ramp and expected "
                "attrition, against the capacity the targets need."
            )
        )
    )
    capacity.blocks += ctx.figure("capacity")
    capacity.blocks.append(capacity_table(ctx))
    return Section("team", ctx._("Team"), "3", blocks=blocks, subsections=[hiring, capacity])


def fte_table(ctx: Context) -> Table:
    fmt = ctx.fmt
    rows = [
        [
            h.name,
            fmt.number(h.fte, 2),
            fmt.integer(h.required),
            fmt.number(h.current_fte, 2),
            fmt.number(h.effective_fte, 2),
            fmt.number(h.expected_leavers, 1),
            DASH if h.quota_per_rep is None else fmt.money(h.quota_per_rep),
        ]
        for h in ctx.result.headcount.values()
    ]
    return Table(
        [
            ctx._("Role"),
            ctx._("FTE needed"),
            ctx._("Headcount needed"),
            ctx._("Effective FTE now"),
            ctx._("Effective FTE planned"),
            ctx._("Expected leavers"),
            ctx._("Quota per rep"),
        ],
        rows,
        ["left", "right", "right", "right", "right", "right", "right"],
        ctx._("Capacity the targets need, and what the team delivers after ramp and attrition"),
    )


def capacity_table(ctx: Context) -> Table:
    fmt = ctx.fmt
    months = list(ctx.result.working_days_by_month)
    by_role: dict[str, dict[str, float]] = {}
    for month in ctx.result.capacity_by_month:
        by_role.setdefault(month.role, {})[month.month] = month.effective_fte
    shown = months[:12]
    rows = [
        [ctx.role_name(role), *(fmt.number(values.get(m, 0.0), 1) for m in shown)]
        for role, values in by_role.items()
    ]
    return Table(
        [ctx._("Role"), *(fmt.month(m) for m in shown)],
        rows,
        aligned(len(shown)),
        ctx._("Effective FTE by month"),
    )
