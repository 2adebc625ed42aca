"""Calibrate a plan's assumptions from the CRM history in a workspace.

Reads the workspace's tables through Ibis, computes the metrics a plan rests on,
and lines them up beside the plan's own figures: average won deal, win rate,
stage conversions and days in stage (plan stages matched to CRM stages by name),
cycle length. Nothing here writes: ``salesplan calibrate`` shows the result.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from salesplan.analytics import metrics as m

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from salesplan.crm.store import Workspace
    from salesplan.plan.document import SalesPlan

__all__ = ["Calibration", "Comparison", "calibrate", "stage_key"]


@dataclass(frozen=True, slots=True)
class Comparison:
    """One assumption: the plan's value beside the CRM's, with how sure the CRM figure is."""

    path: str
    label: str
    plan: float | None
    crm: float | None
    n: int
    low: float | None = None
    high: float | None = None
    note: str = ""


@dataclass
class Calibration:
    """What the CRM history says, and what it cannot say."""

    since: dt.date | None
    until: dt.date | None
    deals: dict[str, int]
    win_rate: m.Proportion
    won_value: dict[str, float | int | None]
    cycle: m.Duration
    conversions: list[m.StageConversion]
    time_in_stage: dict[str, m.Duration]
    activities_per_won_deal: dict[str, float]
    daily_throughput: dict[str, float]
    lead_response: m.Duration
    by_month: dict[str, list[m.MonthRate]] = field(default_factory=dict)
    seasonality: dict[int, float] = field(default_factory=dict)
    segments: dict[str, list[m.Segment]] = field(default_factory=dict)
    reps: m.RepHistory | None = None
    timesheets: dict[str, dict[str, float | int | None]] = field(default_factory=dict)
    lead_conversion: dict[str, dict[str, m.Proportion]] = field(default_factory=dict)
    per_advance: dict[str, dict[str, float]] = field(default_factory=dict)
    comparisons: list[Comparison] = field(default_factory=list)
    cannot: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON of ``salesplan calibrate --json``."""
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "deals": self.deals,
            "win_rate": _rate(self.win_rate),
            "avg_won_value": self.won_value["mean"],
            "median_won_value": self.won_value["median"],
            "won_deals_with_value": self.won_value["n"],
            "median_cycle_days": self.cycle.median,
            "cycle_days": {
                "n": self.cycle.n,
                "censored": self.cycle.censored,
                "median": self.cycle.median,
                "p75": self.cycle.p75,
                "p90": self.cycle.p90,
            },
            "stage_conversion": [
                {
                    "from": c.source,
                    "to": c.target,
                    "rate": c.rate.value,
                    "n": c.rate.n,
                    "interval": list(c.rate.interval),
                }
                for c in self.conversions
            ],
            "days_in_stage": {
                stage: {
                    "n": d.n,
                    "censored": d.censored,
                    "median": d.median,
                    "p75": d.p75,
                    "p90": d.p90,
                }
                for stage, d in self.time_in_stage.items()
            },
            "activities_per_won_deal": self.activities_per_won_deal,
            "activities_per_stage_advance": self.per_advance,
            "per_rep_daily_throughput": self.daily_throughput,
            "lead_response_hours_median": self.lead_response.median,
            "win_rate_by_month": {
                cohort: [{"month": r.month, **_rate(r.rate)} for r in rows]
                for cohort, rows in self.by_month.items()
            },
            "seasonality": {str(month): factor for month, factor in self.seasonality.items()},
            "ramp": self.reps.ramp if self.reps else [],
            "annual_attrition": self.reps.annual_attrition if self.reps else None,
            "reps": {
                "count": self.reps.reps,
                "leavers": self.reps.leavers,
                "rep_years": self.reps.rep_years,
            }
            if self.reps
            else None,
            "timesheets": self.timesheets,
            "lead_conversion_by_source": {
                source: {step: _rate(rate) for step, rate in steps.items()}
                for source, steps in self.lead_conversion.items()
            },
            "segments": {
                by: [
                    {
                        "segment": s.name,
                        "deals": s.deals,
                        "win_rate": _rate(s.win_rate),
                        "average_won_value": s.average_won_value,
                        "expected_value": s.expected_value,
                    }
                    for s in rows
                ]
                for by, rows in self.segments.items()
            },
            "comparisons": [
                {
                    "path": c.path,
                    "label": c.label,
                    "plan": c.plan,
                    "crm": c.crm,
                    "n": c.n,
                    "low": c.low,
                    "high": c.high,
                    "note": c.note,
                }
                for c in self.comparisons
            ],
            "cannot_calibrate": self.cannot,
        }


def _rate(rate: m.Proportion) -> dict[str, Any]:
    return {
        "value": rate.value,
        "won": rate.successes,
        "n": rate.n,
        "interval": list(rate.interval),
        "warning": rate.warning,
    }


def stage_key(name: str) -> str:
    """A stage name as the CRM and the plan are matched on: lower-case letters and digits."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def calibrate(
    workspace: Workspace,
    plan: SalesPlan | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Calibration:
    """Every calibration metric over deals created from *since* to *until* (inclusive)."""
    import ibis

    con = ibis.duckdb.connect(str(workspace.store), read_only=True)
    con.raw_sql("SET TimeZone = 'UTC'")
    try:
        deals, changes = con.table("deals"), con.table("stage_changes")
        activities, leads = con.table("activities"), con.table("leads")
        deals = _window(deals, since, until)
        kept = deals.select(keep_id=deals.id, keep_source=deals.source)
        changes = changes.semi_join(
            kept, [changes.deal_id == kept.keep_id, changes.source == kept.keep_source]
        )
        leads = _window(leads, since, until)
        order = m.stage_order(changes)
        result = Calibration(
            since=since,
            until=until,
            deals=m.deal_counts(deals),
            win_rate=m.win_rate(deals),
            won_value=m.won_value(deals),
            cycle=m.sales_cycle(deals),
            conversions=m.stage_conversions(changes, order) if len(order) > 1 else [],
            time_in_stage=m.time_in_stage(changes, deals) if order else {},
            activities_per_won_deal=m.activities_per_won_deal(activities, deals)[1],
            daily_throughput=m.daily_throughput(activities),
            lead_response=m.lead_response_hours(leads, activities),
            by_month={
                cohort: m.win_rate_by_month(deals, cohort) for cohort in ("closed", "created")
            },
            seasonality=m.seasonality(deals),
            reps=m.rep_history(activities),
            timesheets=m.timesheet_capacity(con.table("timesheets")),
            lead_conversion=m.lead_conversion_by_source(leads, con.table("deals")),
            per_advance=m.activities_per_advance(changes, activities) if order else {},
        )
        last_stage: tuple[str, m.Proportion] | None = None
        if plan is not None and order:
            by_name = {stage_key(name): name for name in order}
            final = plan.strategy.pipeline_stages[-1]
            crm_name = by_name.get(stage_key(final.name)) or by_name.get(stage_key(final.id))
            if crm_name is not None:
                last_stage = (crm_name, m.win_rate_from_stage(changes, deals, crm_name, order))
        for by in ("industry", "source_channel", "employee_count"):
            if deals.filter(deals[by].notnull()).count().execute():
                result.segments[by] = m.segments(deals, by)
    finally:
        con.disconnect()
    _explain_gaps(result, order)
    if plan is not None:
        result.comparisons = _compare(result, plan, order, last_stage)
    return result


def _window(table: ir.Table, since: dt.date | None, until: dt.date | None) -> ir.Table:
    if since is not None:
        table = table.filter(table.created_at >= dt.datetime.combine(since, dt.time()))
    if until is not None:
        table = table.filter(
            table.created_at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time())
        )
    return table


def _explain_gaps(result: Calibration, order: list[str]) -> None:
    if not order:
        result.cannot.append(
            "stage conversions and days in stage: the workspace has no stage history"
        )
    if sum(result.deals.values()) == 0:
        result.cannot.append("everything: no deals in the workspace for this period")
    if not result.activities_per_won_deal:
        result.cannot.append("activities per won deal: no activity is linked to a won deal")
    if not result.daily_throughput:
        result.cannot.append("daily throughput: no activity is marked done")
    if result.lead_response.n == 0:
        result.cannot.append("lead response time: no lead with a first activity on its deal")
    if result.reps is None or not result.reps.ramp:
        result.cannot.append("ramp: no rep started after the activity log began")
    if not result.timesheets:
        result.cannot.append("minutes per activity: no timesheets imported")
    if result.won_value["n"] == 0:
        result.cannot.append("deal value: no won deal has a value")


def _compare(
    result: Calibration,
    plan: SalesPlan,
    order: list[str],
    last_stage: tuple[str, m.Proportion] | None = None,
) -> list[Comparison]:
    rows = [
        Comparison(
            "goals.average_deal_value",
            "Average won deal",
            plan.goals.average_deal_value,
            _float(result.won_value["mean"]),
            int(result.won_value["n"] or 0),
        )
    ]
    pipeline = plan.strategy.pipeline_stages
    overall = 1.0
    for stage in pipeline:
        overall *= stage.conversion
    rate = result.win_rate
    low, high = rate.interval
    rows.append(
        Comparison(
            "(product of the stage conversions)",
            "Win rate",
            overall,
            rate.value,
            rate.n,
            low,
            high,
            rate.warning or "",
        )
    )
    crm_by_name = {stage_key(name): name for name in order}
    conversions = {(c.source, c.target): c for c in result.conversions}
    for index, stage in enumerate(pipeline[:-1]):
        here = crm_by_name.get(stage_key(stage.name)) or crm_by_name.get(stage_key(stage.id))
        following = pipeline[index + 1]
        there = crm_by_name.get(stage_key(following.name)) or crm_by_name.get(
            stage_key(following.id)
        )
        path = f"strategy.stages.{stage.id}.conversion"
        label = f"{stage.name} → {following.name}"
        if here is None or there is None:
            rows.append(
                Comparison(path, label, stage.conversion, None, 0, note="no CRM stage of that name")
            )
            continue
        found = conversions.get((here, there))
        if found is None:  # not consecutive in the CRM's order: compose the steps between them
            rows.append(
                Comparison(
                    path,
                    label,
                    stage.conversion,
                    None,
                    0,
                    note="stages are not adjacent in the CRM",
                )
            )
            continue
        low, high = found.rate.interval
        rows.append(
            Comparison(
                path,
                label,
                stage.conversion,
                found.rate.value,
                found.rate.n,
                low,
                high,
                found.rate.warning or "",
            )
        )
    final = pipeline[-1]
    if last_stage is not None:
        name, won = last_stage
        low, high = won.interval
        rows.append(
            Comparison(
                f"strategy.stages.{final.id}.conversion",
                f"{final.name} → won",
                final.conversion,
                won.value,
                won.n,
                low,
                high,
                won.warning or f"decided deals that reached {name}",
            )
        )
    for stage in plan.strategy.stages:
        crm_name = crm_by_name.get(stage_key(stage.name)) or crm_by_name.get(stage_key(stage.id))
        if crm_name is None or crm_name not in result.time_in_stage:
            continue
        stay = result.time_in_stage[crm_name]
        note = f"{stay.censored} still in the stage" if stay.censored else ""
        rows.append(
            Comparison(
                f"strategy.stages.{stage.id}.days_in_stage",
                f"Days in {stage.name} (median)",
                stage.days_in_stage,
                stay.median,
                stay.n,
                note=note,
            )
        )
    return rows


def _float(value: float | int | None) -> float | None:
    return None if value is None else float(value)
