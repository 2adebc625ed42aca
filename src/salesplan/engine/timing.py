"""When pipeline must be created: wins spread over the period's working days, moved back
by the days each deal spends in the stages still ahead of it.

A deal won on day *d* entered stage *i* on ``d − Σ days_in_stage`` of stages *i*
onward, so each stage's volume is spread over earlier dates; part of it may
fall before the period starts. The work on deals already open (their expected
moves into later stages) is put in the period's first month, so the
timeline's activities add up to the activity totals.
"""

from __future__ import annotations

import bisect
import datetime as dt
from calendar import monthrange
from collections.abc import Sequence

from salesplan.engine.calendar import months_between
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
    total_days = len(days)
    shares_by_lag: dict[int, dict[str, float]] = {}

    def shares(lag: int) -> dict[str, float]:
        """Share of the period's working days whose deals enter a stage in each month."""
        if lag not in shares_by_lag:
            offset = dt.timedelta(days=lag)
            found: dict[str, float] = {}
            # days are sorted: count those whose shifted date falls in each month by bisection
            for month in months_between(days[0] - offset, days[-1] - offset):
                year, number = int(month[:4]), int(month[5:])
                first = dt.date(year, number, 1) + offset
                last = dt.date(year, number, monthrange(year, number)[1]) + offset
                count = bisect.bisect_right(days, last) - bisect.bisect_left(days, first)
                if count:
                    found[month] = count / total_days
            shares_by_lag[lag] = found
        return shares_by_lag[lag]

    created: dict[str, dict[str, float]] = {}
    activities: dict[str, dict[str, float]] = {}
    wins = {month: deals * share for month, share in shares(0).items()}
    for stage in pipeline:
        stage_activities = stages_by_id[stage.stage].activities
        for month, share in shares(round(lags[stage.stage])).items():
            volume = stage.to_create * share
            row = created.setdefault(month, {})
            row[stage.stage] = row.get(stage.stage, 0.0) + volume
            work = activities.setdefault(month, {})
            for activity_id, per_deal in stage_activities.items():
                work[activity_id] = work.get(activity_id, 0.0) + per_deal * volume
    # deals already open move on to later stages soon: their work lands in the first month
    first_month = f"{days[0].year:04d}-{days[0].month:02d}"
    for stage in pipeline:
        if stage.from_open_pipeline:
            work = activities.setdefault(first_month, {})
            for activity_id, per_deal in stages_by_id[stage.stage].activities.items():
                work[activity_id] = work.get(activity_id, 0.0) + per_deal * stage.from_open_pipeline
    months = sorted(set(created) | set(wins) | set(activities))
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
