"""Section 5: sales stages and methodology, with the playbooks."""

from __future__ import annotations

from salesplan.plan.strategy import Stage
from salesplan.reports.content.context import DASH, Context
from salesplan.reports.document import Block, BulletList, Card, Cards, Paragraph, Section, Table

__all__ = ["strategy"]


def strategy(ctx: Context) -> Section:
    strategy = ctx.plan.strategy
    fmt = ctx.fmt
    blocks: list[Block] = []
    blocks += ctx.figure("process")
    rows = []
    for stage in strategy.stages:
        rows.append(
            [
                stage.name,
                ctx.role_name(stage.owner),
                _stage_conversion(ctx, stage),
                fmt.number(stage.days_in_stage, 1),
                ", ".join(
                    f"{ctx.activity_name(a)}: {fmt.number(amount, 2)}"
                    for a, amount in stage.activities.items()
                )
                or DASH,
                "; ".join(stage.exit_criteria) or DASH,
            ]
        )
    blocks.append(
        Table(
            [
                ctx._("Stage"),
                ctx._("Owner"),
                ctx._("Conversion"),
                ctx._("Days in stage"),
                ctx._("Activities per deal"),
                ctx._("Exit criteria"),
            ],
            rows,
            ["left", "left", "right", "right", "left", "left"],
            ctx._("The sales process, stage by stage"),
        )
    )
    for stage in strategy.stages:
        if stage.description:
            blocks.append(Paragraph(f"{stage.name}: {stage.description}"))
    method = strategy.methodology
    methodology = Section("methodology", ctx._("Methodology"))
    methodology.blocks.append(Paragraph(method.name, "lead"))
    if method.description:
        methodology.blocks.append(Paragraph(method.description))
    if method.principles:
        methodology.blocks.append(BulletList(list(method.principles), ctx._("Principles")))
    subsections = [methodology]
    if strategy.playbooks:
        names = {stage.id: stage.name for stage in strategy.stages}
        playbooks = Section("playbooks", ctx._("Playbooks"))
        playbooks.blocks.append(
            Cards(
                [
                    Card(
                        names.get(book.stage, book.stage),
                        "",
                        [
                            (label, list(values))
                            for label, values in (
                                (ctx._("Tactics"), book.tactics),
                                (ctx._("Techniques"), book.techniques),
                                (ctx._("Templates"), book.templates),
                            )
                            if values
                        ],
                    )
                    for book in strategy.playbooks
                ]
            )
        )
        subsections.append(playbooks)
    return Section(
        "strategy",
        ctx._("Sales stages and methodology"),
        "5",
        blocks=blocks,
        subsections=subsections,
    )


def _stage_conversion(ctx: Context, stage: Stage) -> str:
    if stage.post_sale:
        return ctx.t.say("{rate} (after the sale)", rate=ctx.fmt.percent(stage.conversion))
    return ctx.fmt.percent(stage.conversion)
