"""Section 6: the action plan and its short- and long-term goals."""

from __future__ import annotations

from salesplan.reports.content.context import DASH, Context
from salesplan.reports.document import Block, BulletList, Section, Table
from salesplan.reports.labels import ITEM_KINDS, ITEM_STATUSES

__all__ = ["action_plan"]


def action_plan(ctx: Context) -> Section:
    section = ctx.plan.action_plan
    fmt = ctx.fmt
    blocks: list[Block] = []
    if section.items:
        titles = {item.id: item.title for item in section.items}
        rows = []
        for item in section.items:
            end = item.last_day if item.end or item.duration else None
            rows.append(
                [
                    item.title,
                    ctx._(ITEM_KINDS[item.kind]),
                    item.owner or DASH,
                    fmt.short_date(item.start),
                    fmt.short_date(end) if end else DASH,
                    ", ".join(titles.get(d, d) for d in item.depends_on) or DASH,
                    ctx._(ITEM_STATUSES[item.status]),
                ]
            )
        blocks.append(
            Table(
                [
                    ctx._("Item"),
                    ctx._("Type"),
                    ctx._("Owner"),
                    ctx._("Start"),
                    ctx._("End"),
                    ctx._("Depends on"),
                    ctx._("Status"),
                ],
                rows,
                caption=ctx._("Action plan"),
            )
        )
        blocks += ctx.figure("gantt")
    if section.short_term_goals:
        blocks.append(BulletList(list(section.short_term_goals), ctx._("Short-term goals")))
    if section.long_term_goals:
        blocks.append(BulletList(list(section.long_term_goals), ctx._("Long-term goals")))
    return Section("action-plan", ctx._("Action plan"), "6", blocks=blocks or [ctx.empty()])
