"""Scenarios side by side, and the sensitivity of the outcome to each input."""

from __future__ import annotations

from salesplan.reports.content.context import DASH, Context, aligned
from salesplan.reports.document import Block, Paragraph, Section, Table

__all__ = ["scenarios"]


def scenarios(ctx: Context) -> Section:
    fmt = ctx.fmt
    blocks: list[Block] = []
    builds = ctx.inputs.scenarios
    if len(builds) > 1:
        names = [name for name, _ in builds]
        rows: list[list[str]] = [
            [ctx._("Deals to win"), *(fmt.integer(b.deals_required) for _, b in builds)],
            [ctx._("Revenue goal"), *(fmt.money(b.revenue_goal) for _, b in builds)],
        ]
        for activity_id, activity in ctx.result.activities.items():
            rows.append(
                [
                    ctx.t.say("{activity} per day", activity=activity.name),
                    *(
                        fmt.number(b.activities[activity_id].per_working_day, 1)
                        if activity_id in b.activities
                        else DASH
                        for _, b in builds
                    ),
                ]
            )
        for role_id, head in ctx.result.headcount.items():
            rows.append(
                [
                    ctx.t.say("{role} needed", role=head.name),
                    *(
                        fmt.integer(b.headcount[role_id].required)
                        if role_id in b.headcount
                        else DASH
                        for _, b in builds
                    ),
                ]
            )
        rows += [
            [
                ctx._("Hires"),
                *(fmt.integer(sum(h.count for h in b.hiring)) for _, b in builds),
            ],
            [ctx._("Budget"), *(fmt.money(b.budget.total) for _, b in builds)],
            [ctx._("CAC"), *(ctx.maybe_money(b.budget.cac) for _, b in builds)],
            [
                ctx._("Warnings"),
                *(fmt.integer(len(b.warnings)) for _, b in builds),
            ],
        ]
        blocks.append(
            Table(
                [ctx._("Figure"), *names],
                rows,
                aligned(len(names)),
                ctx._("Scenarios side by side"),
            )
        )
        for name in names:
            described = ctx.plan.scenarios.get(name)
            if described is not None and described.description:
                blocks.append(Paragraph(f"{name}: {described.description}", "note"))
        blocks += ctx.figure("scenarios")
    else:
        blocks.append(Paragraph(ctx._("The plan defines no scenarios."), "note"))
    moving = [s for s in ctx.inputs.sensitivity if any(s.swing)][:10]
    if moving:
        blocks.append(
            Paragraph(
                ctx._(
                    "Each input moved 10% down and up on its own: the inputs that move "
                    "the headcount, the activities and the deals most."
                )
            )
        )
        blocks += ctx.figure("tornado")
        blocks.append(
            Table(
                [
                    ctx._("Input"),
                    ctx._("Value"),
                    ctx._("Headcount −10% / +10%"),
                    ctx._("Deals −10% / +10%"),
                ],
                [
                    [
                        s.input,
                        fmt.number(s.value, 4),
                        f"{fmt.integer(s.low.headcount)} / {fmt.integer(s.high.headcount)}",
                        f"{fmt.integer(s.low.deals)} / {fmt.integer(s.high.deals)}",
                    ]
                    for s in moving
                ],
                ["left", "right", "right", "right"],
                ctx._("Sensitivity of the outcome to each input"),
            )
        )
    return Section("scenarios", ctx._("Scenarios and sensitivity"), blocks=blocks)
