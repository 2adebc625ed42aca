"""When pipeline must be created: wins spread over the period's working days, moved back
by the days each deal spends in the stages still ahead of it.

A deal won on day *d* entered stage *i* on ``d − Σ days_in_stage`` of stages *i*
onward, so each stage's volume is spread over earlier dates; part of it may
fall before the period starts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from salesplan.engine.calendar import month_key
from salesplan.engine.results import StageVolume, TimelineMonth, Warning
from salesplan.engine.wording import number, say
from salesplan.plan.document import SalesPlan

__all__ = ["pipeline_timeline"]


def pipeline_timeline(
    plan: SalesPlan,
    funnel: list[StageVolume],
    deals: int,
    days: Sequence[dt.date],
    period_start: dt.date,
) -> tuple[list[TimelineMonth], list[Warning]]:
    """Month by month: pipeline to create per stage, activities to do, wins landing."""
    lang = plan.language
    if not days:
        return [], []
    pipeline = [stage for stage in funnel if not stage.post_sale]
    stages_by_id = {stage.id: stage for stage in plan.strategy.stages}
    lags: dict[str, float] = {}
    ahead = 0.0
    for stage in reversed(pipeline):
        ahead += stage.days_in_stage
        lags[stage.stage] = ahead
    share = 1.0 / len(days)
    created: dict[str, dict[str, float]] = {}
    activities: dict[str, dict[str, float]] = {}
    wins: dict[str, float] = {}
    for day in days:
        wins[month_key(day)] = wins.get(month_key(day), 0.0) + deals * share
        for stage in pipeline:
            entered = day - dt.timedelta(days=round(lags[stage.stage]))
            month = month_key(entered)
            volume = stage.to_create * share
            row = created.setdefault(month, {})
            row[stage.stage] = row.get(stage.stage, 0.0) + volume
            for activity_id, per_deal in stages_by_id[stage.stage].activities.items():
                work = activities.setdefault(month, {})
                work[activity_id] = work.get(activity_id, 0.0) + per_deal * volume
    months = sorted(set(created) | set(wins))
    timeline = [
        TimelineMonth(
            month, created.get(month, {}), activities.get(month, {}), wins.get(month, 0.0)
        )
        for month in months
    ]
    warnings: list[Warning] = []
    if pipeline and lags[pipeline[0].stage] > 0:
        first_stage = pipeline[0]
        early_days = [
            day - dt.timedelta(days=round(lags[first_stage.stage]))
            for day in days
            if day - dt.timedelta(days=round(lags[first_stage.stage])) < period_start
        ]
        early = first_stage.to_create * len(early_days) / len(days)
        if early >= 0.5:
            warnings.append(
                Warning(
                    "pipeline_before_period",
                    say(
                        lang,
                        "warn.pipeline_before_period",
                        count=number(early, lang, 0),
                        total=number(first_stage.to_create, lang),
                        stage=first_stage.name,
                        first=min(early_days).isoformat(),
                        last=max(early_days).isoformat(),
                    ),
                    first_stage.owner,
                )
            )
    return timeline, warnings
