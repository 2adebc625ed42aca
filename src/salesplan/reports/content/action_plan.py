"""Section 6: the action plan and its short- and long-term goals."""

from __future__ import annotations

from salesplan.reports.content.context import DASH, Context
from salesplan.reports.document import Block, BulletList, Callout, Paragraph, Section, Table
from salesplan.reports.labels import ITEM_KINDS, ITEM_STATUSES

__all__ = ["action_plan"]


def action_plan(ctx: Context) -> Section:
    section = ctx.plan.action_plan
    fmt = ctx.fmt
    schedule = ctx.schedule
    blocks: list[Block] = [] if section.items else [ctx.empty()]
    if section.items:
        titles = {item.id: item.title for item in section.items}
        rows = []
        for item in section.items:
            end = item.last_day if item.end or item.duration else None
            timing = schedule.item(item.id)
            slack = fmt.integer(timing.slack_days)
            rows.append(
                [
                    item.title,
                    ctx._(ITEM_KINDS[item.kind]),
                    item.owner or DASH,
                    fmt.short_date(item.start),
                    fmt.short_date(end) if end else DASH,
                    ", ".join(titles.get(d, d) for d in item.depends_on) or DASH,
                    ctx._(ITEM_STATUSES[item.status]),
                    ctx.t.say("{slack} (critical)", slack=slack) if timing.critical else slack,
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
                    ctx._("Slack (days)"),
                ],
                rows,
                ["left", "left", "left", "left", "left", "left", "left", "right"],
                ctx._("Action plan"),
            )
        )
    if schedule.items:
        if section.items and schedule.critical_path and schedule.end is not None:
            path = " → ".join(schedule.item(item_id).title for item_id in schedule.critical_path)
            blocks.append(
                Paragraph(
                    ctx.t.say(
                        "Critical path: {path}. The last item ends on {date}; an item on this"
                        " path that slips moves that date.",
                        path=path,
                        date=fmt.date(schedule.end),
                    )
                )
            )
        caption = ""
        if any(item.generated for item in schedule.items):
            caption = ctx._(
                "With the hiring steps the team section calls for: recruit, start and ramp-up."
            )
        blocks += ctx.figure("gantt", caption)
        blocks += [Callout(warning.message) for warning in schedule.warnings]
    if section.short_term_goals:
        blocks.append(BulletList(list(section.short_term_goals), ctx._("Short-term goals")))
    if section.long_term_goals:
        blocks.append(BulletList(list(section.long_term_goals), ctx._("Long-term goals")))
    return Section("action-plan", ctx._("Action plan"), "6", blocks=blocks or [ctx.empty()])
