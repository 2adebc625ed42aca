"""Section 7: performance metrics, the KPI tree from activities to revenue, dashboards."""

from __future__ import annotations

from salesplan.reports.content.context import DASH, Context
from salesplan.reports.document import Block, BulletList, Paragraph, Section, Table

__all__ = ["measurement"]


def measurement(ctx: Context) -> Section:
    measurement = ctx.plan.measurement
    fmt = ctx.fmt
    stages = {stage.id: stage.name for stage in ctx.plan.strategy.stages}
    blocks: list[Block] = [
        Paragraph(
            ctx.t.say(
                "Primary metric: new-business revenue, {goal} in the period.",
                goal=fmt.money(ctx.result.revenue_goal),
            ),
            "lead",
        )
    ]
    if measurement.secondary_metrics:
        blocks.append(
            Table(
                [
                    ctx._("Metric"),
                    ctx._("Stage"),
                    ctx._("Target"),
                    ctx._("Unit"),
                    ctx._("Definition"),
                ],
                [
                    [
                        m.name,
                        stages.get(m.stage, m.stage) if m.stage else DASH,
                        DASH if m.target is None else fmt.number(m.target, 2),
                        m.unit or DASH,
                        m.description or DASH,
                    ]
                    for m in measurement.secondary_metrics
                ],
                ["left", "left", "right", "left", "left"],
                ctx._("Secondary metrics per stage"),
            )
        )
    tree = Section("kpi-tree", ctx._("From activities to revenue"))
    tree.blocks.append(BulletList(kpi_tree(ctx)))
    subsections = [tree]
    if measurement.dashboards:
        metrics = {m.id: m.name for m in measurement.secondary_metrics}
        dashboards = Section("dashboards", ctx._("Dashboards per role"))
        dashboards.blocks.append(
            Table(
                [ctx._("Role"), ctx._("Metrics"), ctx._("Cadence")],
                [
                    [
                        ctx.role_name(d.role),
                        ", ".join(metrics.get(m, m) for m in d.metrics) or DASH,
                        d.cadence,
                    ]
                    for d in measurement.dashboards
                ],
            )
        )
        subsections.append(dashboards)
    if measurement.technology:
        blocks.append(BulletList(list(measurement.technology), ctx._("Measurement technology")))
    return Section(
        "measurement",
        ctx._("Performance metrics"),
        "7",
        blocks=blocks,
        subsections=subsections,
    )


def kpi_tree(ctx: Context) -> list[str]:
    """Revenue ← won deals ← each stage ← the activities that feed it, as sentences."""
    result, fmt, t = ctx.result, ctx.fmt, ctx.t
    lines = [
        t.say(
            "Revenue {goal} = {deals} won deals × {deal}",
            goal=fmt.money(result.revenue_goal),
            deals=fmt.integer(result.deals_required),
            deal=fmt.money(result.average_deal_value),
        )
    ]
    pipeline = [s for s in result.funnel if not s.post_sale]
    following = t.gettext("won deals")
    for stage in reversed(pipeline):
        lines.append(
            t.say(
                "{next} ← {volume} {stage} × {rate}",
                next=following,
                volume=fmt.integer(stage.required),
                stage=stage.name,
                rate=fmt.percent(stage.conversion),
            )
        )
        following = stage.name
    for written in ctx.plan.strategy.stages:
        if not written.activities:
            continue
        parts = [
            f"{ctx.activity_name(a)}: {fmt.number(amount, 2)}"
            for a, amount in written.activities.items()
        ]
        lines.append(
            t.say(
                "{stage} ← {activities} per deal, by {role}",
                stage=written.name,
                activities=", ".join(parts),
                role=ctx.role_name(written.owner),
            )
        )
    for head in result.headcount.values():
        if head.per_rep_per_day:
            lines.append(
                t.say(
                    "{role}: {count} people × {activities} per day each",
                    role=head.name,
                    count=fmt.integer(head.required),
                    activities=", ".join(
                        f"{fmt.number(v, 1)} {ctx.activity_name(a).lower()}"
                        for a, v in head.per_rep_per_day.items()
                    ),
                )
            )
    return lines
