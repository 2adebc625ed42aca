"""The plan's KPIs: what is measured, its target from the plan, who owns it, and how it
links to revenue.

The primary metric is new-business revenue. The secondary metrics follow the
plan's pipeline: deals entering each stage (appointments set, demos held,
proposals sent — whatever the plan's stages are), each stage's conversion, the
win rate, the average purchase value, the sales cycle, lead response time,
pipeline coverage, and every activity the plan asks for. Targets come from the
computed plan (``PlanBuild``); a metric the plan's section 7 names with a target
of its own overrides the derived one and lends it its name.

The KPI tree links activities to revenue: an activity done in a stage feeds the
deals entering the next stage, entries feed entries further down, the last
stage's entries feed won deals, and won deals × deal value is revenue.

>>> from salesplan.plan import loads
>>> from salesplan.plan.templates import template_text
>>> from salesplan.engine import build
>>> plan = loads(template_text("quarter"))
>>> [k.id for k in define_kpis(plan, build(plan))][:4]
['revenue', 'won_deals', 'average_deal_value', 'win_rate']
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

from salesplan.analytics.calibration import stage_key
from salesplan.engine.results import PlanBuild
from salesplan.plan.document import SalesPlan
from salesplan.plan.measurement import Metric

__all__ = ["Kpi", "KpiKind", "define_kpis", "kpi_tree", "match_metric"]

KpiKind = Literal["money", "count", "rate", "days", "hours", "ratio"]


@dataclass(frozen=True, slots=True)
class Kpi:
    """One key performance indicator of the plan.

    ``paced`` KPIs accumulate over the period (revenue, entries, activities): their
    target is spread over the working days. The others are ratios or durations,
    compared with their target as they stand. ``roles`` lists the plan roles whose
    work moves the KPI, the one doing most of it first.
    """

    id: str
    name: str
    kind: KpiKind
    target: float | None
    paced: bool
    roles: tuple[str, ...]
    parent: str | None
    lower_is_better: bool = False
    primary: bool = False
    stage: str | None = None
    activity: str | None = None
    source: str = "derived from the plan"
    definition: str = ""


def define_kpis(plan: SalesPlan, result: PlanBuild) -> list[Kpi]:
    """Every KPI of *plan* with its target from *result*, section 7 applied."""
    pipeline = [stage for stage in plan.strategy.stages if not stage.post_sale]
    volumes = {volume.stage: volume for volume in result.funnel}
    quota_roles = tuple(
        role_id for role_id, role in plan.team.roles.items() if role.carries_quota
    ) or ((pipeline[-1].owner,) if pipeline else ())
    first_owner = (pipeline[0].owner,) if pipeline else ()
    kpis = [
        Kpi(
            "revenue",
            "New-business revenue",
            "money",
            result.revenue_goal,
            True,
            quota_roles,
            None,
            primary=True,
            definition="value of the deals won in the period (closed date in the period)",
        ),
        Kpi(
            "won_deals",
            "Won deals",
            "count",
            float(result.deals_required),
            True,
            quota_roles,
            "revenue",
            definition="deals won in the period",
        ),
        Kpi(
            "average_deal_value",
            "Average purchase value",
            "money",
            result.average_deal_value,
            False,
            quota_roles,
            "revenue",
            definition="value of the deals won in the period ÷ those of them with a value",
        ),
        Kpi(
            "win_rate",
            "Win rate",
            "rate",
            math.prod(stage.conversion for stage in pipeline) if pipeline else None,
            False,
            quota_roles,
            "won_deals",
            definition="won ÷ (won + lost) among the deals closed in the period",
        ),
    ]
    for index, stage in enumerate(pipeline):
        following = f"entered:{pipeline[index + 1].id}" if index + 1 < len(pipeline) else None
        producer = pipeline[index - 1].owner if index else stage.owner
        volume = volumes.get(stage.id)
        kpis.append(
            Kpi(
                f"entered:{stage.id}",
                f"Deals entering {stage.name}",
                "count",
                float(volume.to_create) if volume else None,
                True,
                tuple(dict.fromkeys((producer, stage.owner))),
                following or "won_deals",
                stage=stage.id,
                definition=f"deals that moved into {stage.name} during the period",
            )
        )
        kpis.append(
            Kpi(
                f"conversion:{stage.id}",
                f"{stage.name} → {pipeline[index + 1].name if following else 'won'}",
                "rate",
                stage.conversion,
                False,
                (stage.owner,),
                following or "won_deals",
                stage=stage.id,
                definition=(
                    f"deals entering {pipeline[index + 1].name} ÷ deals entering {stage.name},"
                    " both during the period"
                    if following
                    else f"won ÷ deals entering {stage.name}, both during the period"
                ),
            )
        )
    kpis.append(
        Kpi(
            "cycle_days",
            "Sales cycle (median days)",
            "days",
            sum(stage.days_in_stage for stage in pipeline) or None,
            False,
            quota_roles,
            "won_deals",
            lower_is_better=True,
            definition="median days from creation to win of the deals won in the period",
        )
    )
    kpis.append(
        Kpi(
            "pipeline_coverage",
            "Pipeline coverage",
            "ratio",
            None,  # depends on the open pipeline's stage mix: set when tracking
            False,
            quota_roles,
            "revenue",
            definition=(
                "open pipeline value ÷ revenue still to win; its target is what that"
                " pipeline's stage mix needs (1 ÷ its average chance to win)"
            ),
        )
    )
    kpis.append(
        Kpi(
            "response_hours",
            "Lead response time (median hours)",
            "hours",
            None,
            False,
            first_owner,
            f"conversion:{pipeline[0].id}" if pipeline else None,
            lower_is_better=True,
            definition="median hours from a lead's arrival to the first activity on its deal",
        )
    )
    for activity_id, work in result.activities.items():
        users = sorted(
            (role for role, amount in work.by_role.items() if amount > 0),
            key=lambda role: -work.by_role[role],
        )
        feeds = next(
            (
                index
                for index, stage in enumerate(pipeline)
                if stage.activities.get(activity_id, 0) > 0
            ),
            None,
        )
        if feeds is None:
            parent = "revenue"
        elif feeds + 1 < len(pipeline):
            parent = f"entered:{pipeline[feeds + 1].id}"
        else:
            parent = "won_deals"
        kpis.append(
            Kpi(
                f"activity:{activity_id}",
                work.name,
                "count",
                work.total,
                True,
                tuple(users),
                parent,
                activity=activity_id,
                definition=f"{work.name.lower()} marked done during the period",
            )
        )
    return _apply_measurement(plan, kpis)


def match_metric(metric: Metric, kpis: list[Kpi]) -> str | None:
    """The id of the KPI a section-7 metric measures, or None when salesplan cannot
    compute it from the CRM."""
    ids = {kpi.id for kpi in kpis}
    key, unit = stage_key(metric.id), metric.unit.strip().lower()
    percent = unit in {"%", "percent", "pct"} or "rate" in key
    if percent and metric.stage and f"conversion:{metric.stage}" in ids:
        return f"conversion:{metric.stage}"
    if percent and "win" in key:
        return "win_rate"
    for needle, kpi_id in (
        ("revenue", "revenue"),
        ("response", "response_hours"),
        ("cycle", "cycle_days"),
        ("coverage", "pipeline_coverage"),
        ("dealsize", "average_deal_value"),
        ("dealvalue", "average_deal_value"),
        ("wondeals", "won_deals"),
        ("dealswon", "won_deals"),
    ):
        if needle in key:
            return kpi_id
    unit_key = stage_key(unit)
    for kpi in kpis:
        if kpi.activity is None:
            continue
        names = {stage_key(kpi.activity), stage_key(kpi.name)}
        if unit_key in names or unit_key.rstrip("s") in names or any(n and n in key for n in names):
            return kpi.id
    if metric.stage and f"entered:{metric.stage}" in ids:
        return f"entered:{metric.stage}"
    return None


def _apply_measurement(plan: SalesPlan, kpis: list[Kpi]) -> list[Kpi]:
    """Section 7's named metrics: their names and explicit targets win."""
    by_id = {kpi.id: kpi for kpi in kpis}
    for metric in plan.measurement.secondary_metrics:
        found = match_metric(metric, kpis)
        if found is None:
            continue
        kpi = by_id[found]
        target = kpi.target
        if metric.target is not None:
            target = metric.target
            if kpi.kind == "rate" and target > 1:
                target /= 100.0  # written as 50 (%)
            elif kpi.kind == "hours":
                target *= {"minutes": 1 / 60, "min": 1 / 60, "days": 24.0, "d": 24.0}.get(
                    metric.unit.strip().lower(), 1.0
                )
        by_id[found] = replace(
            kpi, name=metric.name, target=target, source=f"section 7: {metric.id}"
        )
    return [by_id[kpi.id] for kpi in kpis]


def kpi_tree(kpis: list[Kpi]) -> dict[str | None, list[str]]:
    """Children of each KPI id (``None``: the roots), in definition order."""
    children: dict[str | None, list[str]] = {}
    known = {kpi.id for kpi in kpis}
    for kpi in kpis:
        parent = kpi.parent if kpi.parent in known else None
        children.setdefault(parent, []).append(kpi.id)
    return children
