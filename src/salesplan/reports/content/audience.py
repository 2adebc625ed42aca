"""Section 4: the target audience (ideal customer profile) and personas."""

from __future__ import annotations

from salesplan.reports.content.context import Context
from salesplan.reports.document import Block, Card, Cards, Section, Table

__all__ = ["audience"]


def audience(ctx: Context) -> Section:
    audience = ctx.plan.audience
    icp = audience.icp
    blocks: list[Block] = []
    criteria: list[list[str]] = []
    if icp.industries:
        criteria.append(
            [
                ctx._("Industries"),
                "; ".join(
                    i.name + (f" ({', '.join(i.sub_segments)})" if i.sub_segments else "")
                    for i in icp.industries
                ),
            ]
        )
    if icp.employee_count is not None:
        size = icp.employee_count
        criteria.append(
            [
                ctx._("Company size"),
                ctx.t.say(
                    "{low}–{high} employees",
                    low=ctx.fmt.integer(size.min),
                    high=ctx.fmt.integer(size.max),
                )
                if size.max is not None
                else ctx.t.say("{low}+ employees", low=ctx.fmt.integer(size.min)),
            ]
        )
    for label, values in (
        (ctx._("Funding stages"), icp.funding_stages),
        (ctx._("Regions"), icp.regions),
        (ctx._("Challenges"), icp.challenges),
    ):
        if values:
            criteria.append([label, "; ".join(values)])
    if criteria:
        blocks.append(
            Table(
                [ctx._("Criterion"), ctx._("Ideal customer")],
                criteria,
                caption=ctx._("Ideal customer profile"),
            )
        )
    if audience.personas:
        blocks.append(
            Cards(
                [
                    Card(
                        p.name,
                        p.profile,
                        [
                            (label, list(values))
                            for label, values in (
                                (ctx._("Demographics"), p.demographics),
                                (ctx._("Attributes"), p.attributes),
                                (ctx._("Challenges"), p.challenges),
                                (ctx._("Goals"), p.goals),
                                (ctx._("How we help"), p.how_we_help),
                            )
                            if values
                        ],
                    )
                    for p in audience.personas
                ]
            )
        )
    return Section(
        "audience",
        ctx._("Target audience and personas"),
        "4",
        blocks=blocks or [ctx.empty()],
    )
