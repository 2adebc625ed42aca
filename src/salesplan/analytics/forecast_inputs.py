"""What the Monte Carlo forecast knows, read from the CRM store and the plan.

- **Won so far**: deals won from the period's start to ``as_of`` (their values).
- **Open now**: open deals by their current stage, matched to the plan's
  pipeline stages by name or id (as ``calibrate`` matches them).
- **Stage evidence**: the calibrated conversions with their counts. A stage the
  CRM cannot calibrate keeps the plan's rate, weighed as if it had been seen on
  ``PLAN_WEIGHT`` deals (a prior, not a certainty), and says so.
- **Deal values**: every won deal's value, for the bootstrap.
- **Volume**: the plan's pace of new pipeline (its first stage's deals to create
  per working day) and, as its uncertainty, the variability of activity volume
  built up from each rep's week-to-week record in the activity log — within a rep,
  and common to the team — for the people the plan has in the stage-owning roles,
  shrunk by the weeks left (``analytics.activity_volume``). Without an activity
  log, the week-to-week variability of deal creation stands in.
- **Team capacity**: per role owning a pipeline stage, the planned team's
  effective FTE (ramp, attrition, hires) over the FTE the work needs.
- **Deal timing**: the chance that a deal open now (by its stage and age), or
  one created during the rest of the period, is won *before the period ends*,
  from earlier windows of the same length and their variability
  (``analytics.deal_timing``). With too little history for one such window, the
  forecast falls back to assuming a converting deal closes inside the period,
  and says so.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from salesplan.analytics.activity_volume import rep_variability
from salesplan.analytics.calibration import calibrate, stage_key
from salesplan.analytics.deal_history import day_number, read_deal_history
from salesplan.analytics.deal_timing import timing_evidence
from salesplan.crm.store import Workspace
from salesplan.engine.forecast import DealTiming, ForecastInputs
from salesplan.engine.results import PlanBuild
from salesplan.plan.document import SalesPlan

__all__ = ["PLAN_WEIGHT", "ForecastEvidence", "forecast_inputs"]

PLAN_WEIGHT = 20  # deals a plan's own conversion counts as, where the CRM has none
_DEFAULT_CV = 0.25  # week-to-week variability of pipeline creation when the CRM cannot tell


@dataclass(frozen=True)
class ForecastEvidence:
    """The inputs, and in words where each came from and what is missing."""

    inputs: ForecastInputs
    notes: list[str] = field(default_factory=list)


def forecast_inputs(
    workspace: Workspace,
    plan: SalesPlan,
    result: PlanBuild,
    *,
    days_left: int,
) -> ForecastEvidence:
    """The forecast's inputs for *plan* as of ``result.as_of``, from *workspace*."""
    import ibis

    notes: list[str] = []
    pipeline = plan.strategy.pipeline_stages
    as_of = result.as_of
    period_start = result.period_start
    calibration = calibrate(workspace, plan)
    rows = {row.path: row for row in calibration.comparisons}
    conversions: list[tuple[int, int]] = []
    for stage in pipeline:
        row = rows.get(f"strategy.stages.{stage.id}.conversion")
        if row is not None and row.crm is not None and row.n > 0:
            conversions.append((round(row.crm * row.n), row.n))
        else:
            conversions.append((round(stage.conversion * PLAN_WEIGHT), PLAN_WEIGHT))
            notes.append(
                f"{stage.name}: the CRM cannot calibrate its conversion; the plan's"
                f" {stage.conversion:.0%} counts as {PLAN_WEIGHT} deals"
            )

    con = ibis.duckdb.connect(str(workspace.store), read_only=True)
    con.raw_sql("SET TimeZone = 'UTC'")
    try:
        deals = con.table("deals")
        begin = dt.datetime.combine(period_start, dt.time())
        end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
        won_now = deals.filter(
            (deals.status == "won") & (deals.closed_at >= begin) & (deals.closed_at < end)
        )
        won = won_now.aggregate(
            n=won_now.count(), valued=won_now.value.count(), value=won_now.value.sum()
        ).execute()
        won_deals = int(won["n"].iloc[0] or 0)
        valued = int(won["valued"].iloc[0] or 0)
        total = won["value"].iloc[0]
        won_value = 0.0 if total is None or math.isnan(float(total)) else float(total)
        still_open = deals.filter(deals.status == "open")
        open_rows = still_open.group_by("stage").aggregate(n=still_open.count()).execute()
        values = (
            deals.filter((deals.status == "won") & deals.value.notnull())
            .select("value")
            .execute()["value"]
            .astype(float)
            .tolist()
        )
        created = deals.filter(deals.created_at.notnull())
        weekly = (
            created.group_by(week=created.created_at.truncate("W"))
            .aggregate(n=created.count())
            .order_by("week")
            .execute()["n"]
            .astype(float)
            .tolist()
        )
        reps = rep_variability(con.table("activities"), as_of + dt.timedelta(days=1))
    finally:
        con.disconnect()

    by_name = {stage_key(stage.name): index for index, stage in enumerate(pipeline)}
    by_name |= {stage_key(stage.id): index for index, stage in enumerate(pipeline)}
    open_deals = [0] * len(pipeline)
    unmatched = 0
    for stage_name, count in zip(open_rows["stage"], open_rows["n"], strict=True):
        index = by_name.get(stage_key(str(stage_name))) if stage_name is not None else None
        if index is None:
            unmatched += int(count)
        else:
            open_deals[index] += int(count)
    if not values:
        values = [plan.goals.average_deal_value]
        notes.append("no won deal has a value: every deal is worth the plan's average")
    if won_deals > valued:  # won without a value in the CRM: worth an average won deal
        won_value += (won_deals - valued) * (sum(values) / len(values))
        notes.append(
            f"{won_deals - valued} deals won this period have no value; each counts as an"
            " average won deal"
        )

    weeks_left = max(days_left / 5.0, 1.0)
    owners = {stage.owner for stage in pipeline}
    people = sum(head.effective_fte for role, head in result.headcount.items() if role in owners)
    recent = weekly[-26:]
    if reps is not None:
        volume_cv = max(0.02, reps.volume_cv(people, weeks_left))
        notes.append(
            f"activity volume: {reps.reps} reps' weekly activity over {reps.weeks} weeks varies"
            f" {math.sqrt(reps.within) / reps.mean:.0%} a rep and {reps.common_cv:.0%} together;"
            f" for the plan's {people:.1f} people over {weeks_left:.1f} weeks left, ±{volume_cv:.0%}"
        )
    elif len(recent) >= 4 and sum(recent) > 0:
        mean = sum(recent) / len(recent)
        spread = math.sqrt(sum((n - mean) ** 2 for n in recent) / (len(recent) - 1))
        volume_cv = max(0.05, spread / mean / math.sqrt(weeks_left))
        notes.append(
            "activity volume: no activity log of at least two reps to read per-rep"
            f" variability from; deal creation's week-to-week variability stands in (±{volume_cv:.0%})"
        )
    else:
        volume_cv = _DEFAULT_CV
        notes.append(
            f"too few weeks of deal creation to measure its variability: {_DEFAULT_CV:.0%} assumed"
        )

    first = next((s for s in result.funnel if not s.post_sale), None)
    new_per_day = first.to_create / result.working_days if first and result.working_days else 0.0
    role_capacity = tuple(
        (role, min(head.effective_fte / head.fte, 3.0) if head.fte > 0 else 1.0)
        for role, head in result.headcount.items()
        if role in owners
    )
    cycle = sum(stage.days_in_stage for stage in pipeline) * 5.0 / 7.0  # calendar → working
    timing = _timing(workspace, as_of, result.period_end, days_left, by_name, notes)
    if unmatched and timing is None:
        notes.append(
            f"{unmatched} open deals are in stages the plan does not name; they are left out"
        )

    inputs = ForecastInputs(
        goal=plan.goals.revenue_goal,
        won_to_date=won_value,
        won_deals_to_date=won_deals,
        open_deals=tuple(open_deals),
        conversions=tuple(conversions),
        new_per_day=new_per_day,
        volume_cv=volume_cv,
        days_left=days_left,
        cycle_days=cycle,
        deal_values=tuple(values),
        capacity=1.0,
        capacity_sd=0.05,  # how far ramp and attrition may land from the plan's expectation
        stage_roles=tuple(stage.owner for stage in pipeline),
        role_capacity=role_capacity,
        timing=timing,
    )
    return ForecastEvidence(inputs, notes)


def _timing(
    workspace: Workspace,
    as_of: dt.date,
    period_end: dt.date,
    days_left: int,
    stage_index: dict[str, int],
    notes: list[str],
) -> DealTiming | None:
    """The timing model for the rest of the period, or None (with a note) when it cannot be had."""
    window = float((period_end - as_of).days)
    if window <= 0 or days_left <= 0:
        return None
    evidence = timing_evidence(
        read_deal_history(workspace), day_number(as_of + dt.timedelta(days=1)), window
    )
    if evidence is None:
        notes.append(
            f"too little history for one earlier window of {window:.0f} days: deal timing is not"
            " modelled, and a deal that converts is assumed to close within the period"
            " (the interval is too narrow)"
        )
        return None
    notes.extend(evidence.notes)
    unplaced = sum(
        c.deals
        for c in evidence.cohorts
        if c.stage is not None and stage_key(c.stage) not in stage_index
    )
    if unplaced:
        notes.append(
            f"deal timing: {unplaced} open deals are in stages the plan does not name; they"
            " count with their evidence, and the levers treat them as first-stage deals"
        )

    def position(stage: str | None) -> int:
        return 0 if stage is None else stage_index.get(stage_key(stage), 0)

    return evidence.to_timing(days_left, position)
