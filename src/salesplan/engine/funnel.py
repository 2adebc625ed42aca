"""The reverse funnel: revenue goal → won deals → the volume each stage must reach.

Rounding: deals are rounded up, then each stage's volume is rounded up
(``ceil``) before the stage above it is computed, so every stage holds whole
deals and the goal is never missed by rounding. A tolerance of 1e-9 keeps
floating-point noise (``200 ÷ 0.8 = 250.00000000000003``) from adding a deal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from salesplan.engine.results import Explanation, StageVolume
from salesplan.engine.wording import number, percent, say
from salesplan.plan.document import SalesPlan

__all__ = ["FunnelResult", "ceil_whole", "reverse_funnel"]

_TOLERANCE = 1e-9


def ceil_whole(value: float) -> int:
    """Round up to a whole number, ignoring floating-point noise.

    >>> ceil_whole(250.00000000000003), ceil_whole(4.31)
    (250, 5)
    """
    return math.ceil(value - _TOLERANCE) if value > 0 else 0


@dataclass(frozen=True, slots=True)
class FunnelResult:
    deals: int
    stages: list[StageVolume]
    explanations: dict[str, Explanation]

    def volume_to_work(self, stage_id: str) -> float:
        """Deals that will pass through *stage_id*'s activities: new ones plus open ones."""
        for stage in self.stages:
            if stage.stage == stage_id:
                return stage.to_create + stage.from_open_pipeline
        raise KeyError(stage_id)


def _back_through(deals: float, conversions: list[float]) -> list[int]:
    """Whole volumes per stage, from the last stage back to the first."""
    volumes = [0] * len(conversions)
    following = float(deals)
    for index in range(len(conversions) - 1, -1, -1):
        volumes[index] = ceil_whole(following / conversions[index])
        following = volumes[index]
    return volumes


def reverse_funnel(plan: SalesPlan) -> FunnelResult:
    """Deals needed and the volume each stage must reach, net of the open pipeline."""
    lang = plan.language
    goal = plan.goals.revenue_goal
    deal_value = plan.goals.average_deal_value
    deals = ceil_whole(goal / deal_value)
    explanations = {
        "deals_required": Explanation(
            "deals_required",
            deals,
            say(
                lang,
                "deals.formula",
                goal=number(goal, lang),
                deal=number(deal_value, lang),
                raw=number(goal / deal_value, lang),
                deals=number(deals, lang),
            ),
            ("goals.revenue_goal", "goals.average_deal_value"),
        )
    }

    pipeline = plan.strategy.pipeline_stages
    conversions = [stage.conversion for stage in pipeline]
    required = _back_through(deals, conversions)

    # win rate from each stage: the product of the conversions from it to the win
    win_rates = [0.0] * len(pipeline)
    running = 1.0
    for index in range(len(pipeline) - 1, -1, -1):
        running *= conversions[index]
        win_rates[index] = running

    open_counts = {stage.id: 0 for stage in pipeline}
    for deals_open in plan.strategy.open_pipeline:
        if deals_open.stage in open_counts:
            open_counts[deals_open.stage] += deals_open.count
    expected_wins_from_open = sum(
        open_counts[stage.id] * win_rates[index] for index, stage in enumerate(pipeline)
    )
    to_create = _back_through(max(0.0, deals - expected_wins_from_open), conversions)

    # open deals sitting in earlier stages will still flow into later ones
    from_open = [0.0] * len(pipeline)
    for source_index, source in enumerate(pipeline):
        flowing = float(open_counts[source.id])
        for target_index in range(source_index + 1, len(pipeline)):
            flowing *= conversions[target_index - 1]
            from_open[target_index] += flowing

    stages: list[StageVolume] = []
    for index, stage in enumerate(pipeline):
        stages.append(
            StageVolume(
                stage=stage.id,
                name=stage.name,
                owner=stage.owner,
                conversion=stage.conversion,
                required=required[index],
                open=open_counts[stage.id],
                from_open_pipeline=from_open[index],
                to_create=to_create[index],
                days_in_stage=stage.days_in_stage,
                win_rate=win_rates[index],
                coverage=1.0 / win_rates[index],
            )
        )
        following = deals if index == len(pipeline) - 1 else required[index + 1]
        following_name = (
            {"en": "won", "id": "menang"}.get(lang, "won")
            if index == len(pipeline) - 1
            else pipeline[index + 1].name
        )
        formula = say(
            lang,
            "stage.formula",
            stage=stage.name,
            next=number(following, lang),
            next_name=following_name,
            rate=percent(stage.conversion, lang),
            raw=number(following / stage.conversion, lang),
            value=number(required[index], lang),
        )
        if expected_wins_from_open > 0:
            formula += say(
                lang,
                "stage.open",
                expected=number(from_open[index] + open_counts[stage.id], lang),
                to_create=number(to_create[index], lang),
            )
        explanations[f"funnel.{stage.id}.required"] = Explanation(
            f"funnel.{stage.id}.required",
            required[index],
            formula,
            (f"strategy.stages.{stage.id}.conversion",),
        )

    for stage in plan.strategy.stages:
        if not stage.post_sale:
            continue
        stages.append(
            StageVolume(
                stage=stage.id,
                name=stage.name,
                owner=stage.owner,
                conversion=stage.conversion,
                required=deals,
                open=0,
                from_open_pipeline=0.0,
                to_create=deals,
                days_in_stage=stage.days_in_stage,
                win_rate=None,
                coverage=None,
                post_sale=True,
            )
        )
        explanations[f"funnel.{stage.id}.required"] = Explanation(
            f"funnel.{stage.id}.required",
            deals,
            say(lang, "stage.post_sale", stage=stage.name, deals=number(deals, lang)),
            ("goals.revenue_goal",),
        )
    return FunnelResult(deals, stages, explanations)
