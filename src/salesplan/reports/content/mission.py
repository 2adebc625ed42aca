"""Section 1: mission and positioning (competitors, value proposition, research)."""

from __future__ import annotations

from salesplan.reports.content.context import Context
from salesplan.reports.document import Block, BulletList, Paragraph, Section, Table
from salesplan.reports.labels import COMPETITOR_KINDS, RESEARCH_SOURCES

__all__ = ["mission"]


def mission(ctx: Context) -> Section:
    mission = ctx.plan.mission
    blocks: list[Block] = []
    if mission.statement:
        blocks.append(Paragraph(mission.statement, "lead"))
    if mission.competitors:
        blocks.append(
            Table(
                [ctx._("Competitor"), ctx._("Type"), ctx._("How they compete")],
                [
                    [c.name, ctx._(COMPETITOR_KINDS[c.kind]), c.how_they_compete]
                    for c in mission.competitors
                ],
                caption=ctx._("Competitors"),
            )
        )
    value = mission.value_proposition
    for title, items in (
        (ctx._("Features"), value.features),
        (ctx._("Benefits"), value.benefits),
        (ctx._("Solutions"), value.solutions),
    ):
        if items:
            blocks.append(BulletList(list(items), title))
    if mission.research:
        blocks.append(
            Table(
                [ctx._("Source"), ctx._("Finding")],
                [[ctx._(RESEARCH_SOURCES[n.source]), n.note] for n in mission.research],
                caption=ctx._("Research notes"),
            )
        )
    if mission.open_questions:
        blocks.append(BulletList(list(mission.open_questions), ctx._("Open questions")))
    return Section("mission", ctx._("Mission and positioning"), "1", blocks=blocks or [ctx.empty()])
