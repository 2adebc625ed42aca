"""Plan versus actual: each KPI paced by working days, its status, where the period will
land, and what each remaining day must now hold — for the whole team, one role, one
manager's team or one rep.

The pieces:

- **targets** come from the plan (``analytics.kpis``), split per role and per rep
  the way the engine split them (activities per rep per day, quota per rep);
- **pacing** (``engine.pacing``): the share of a target due by ``as_of`` is the
  share of the period's working days gone — weekends, public holidays and days
  off excluded — each weighted by its month's calibrated seasonality when asked;
- **actuals** (``analytics.actuals``) from the CRM store, per owner;
- **the forecast to the period's end**: for revenue and won deals, what is won
  so far, plus the open pipeline weighted by calibrated stage-to-win chances
  (decided deals before ``as_of``, shrunk towards the plan's own rates) and by
  the share that can still close in time, plus the new pipeline the period's
  pace keeps creating that can still close; for other counts, the run rate;
- **people**: the CRM's ``people`` table gives each owner a role (its ``role``
  column, or a plan person of the same name); the plan's people fill the gaps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from salesplan.analytics.actuals import Actuals, WinChances, Window, period_actuals, win_chances
from salesplan.analytics.calibration import stage_key
from salesplan.analytics.kpis import Kpi, define_kpis, kpi_tree, match_metric
from salesplan.analytics.roster import Member, TrackError, find_rep, roster
from salesplan.analytics.scorecard import PRIOR_WEIGHT, KpiLine, Scorecard, View
from salesplan.analytics.team_view import HiringLine, RepLine, attainment_bands, hiring, leaderboard
from salesplan.engine.pacing import PeriodClock
from salesplan.engine.results import PlanBuild
from salesplan.plan.document import SalesPlan

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = [
    "PRIOR_WEIGHT",
    "HiringLine",
    "KpiLine",
    "Member",
    "RepLine",
    "TrackError",
    "Tracking",
    "track",
]

_CLOSED_STAGES = {"won", "lost", "closedwon", "closedlost"}


@dataclass
class Tracking:
    """Everything ``salesplan track`` shows for one view."""

    plan_name: str
    view: View
    role: str | None
    rep: Member | None
    clock: PeriodClock
    period_start: dt.date
    period_end: dt.date
    lines: list[KpiLine]
    tree: dict[str | None, list[str]]
    forecast_parts: dict[str, float] = field(default_factory=dict)
    leaderboard: list[RepLine] = field(default_factory=list)
    bands: dict[str, int] = field(default_factory=dict)
    hiring: list[HiringLine] = field(default_factory=list)
    seasonality: dict[int, float] | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def alerts(self) -> list[KpiLine]:
        """The KPIs at risk."""
        return [line for line in self.lines if line.status == "at risk"]

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON of ``salesplan track --json``."""
        return {
            "plan": self.plan_name,
            "view": self.view,
            "role": self.role,
            "rep": None
            if self.rep is None
            else {"id": self.rep.id, "name": self.rep.name, "role": self.rep.role},
            "as_of": self.clock.as_of.isoformat(),
            "period": {"start": self.period_start.isoformat(), "end": self.period_end.isoformat()},
            "working_days": {
                "total": self.clock.total,
                "elapsed": self.clock.elapsed,
                "left": self.clock.left,
                "share_due": self.clock.share_due,
            },
            "seasonality": None
            if self.seasonality is None
            else {str(month): factor for month, factor in self.seasonality.items()},
            "kpis": [line.to_dict() for line in self.lines],
            "kpi_tree": {parent or "": children for parent, children in self.tree.items()},
            "forecast": self.forecast_parts,
            "leaderboard": [
                {
                    "rep": line.member.name,
                    "id": line.member.id,
                    "role": line.member.role,
                    "kpi": line.kpi,
                    "actual": line.actual,
                    "due_to_date": line.due,
                    "attainment": line.attainment,
                    "band": line.band,
                }
                for line in self.leaderboard
            ],
            "attainment_bands": self.bands,
            "hiring": [
                {
                    "role": h.role,
                    "name": h.name,
                    "planned_now": h.planned,
                    "in_seat": h.in_seat,
                    "status": h.status,
                    "next_hire": None
                    if h.next_hire is None
                    else {
                        "count": h.next_hire.count,
                        "hire_by": h.next_hire.hire_by.isoformat(),
                        "start": h.next_hire.start.isoformat(),
                        "reason": h.next_hire.reason,
                    },
                }
                for h in self.hiring
            ],
            "alerts": [line.kpi.id for line in self.alerts],
            "notes": self.notes,
        }


@dataclass(frozen=True)
class FactsQuery:
    """What the store's facts for a tracking run depend on — and nothing else.

    The plan's goals, rates and people do not enter: editing them leaves the facts
    (and any cache of them) valid. Hashable, so it can key a cache."""

    window: Window
    stages: tuple[tuple[str, int], ...]
    activities: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class StoreFacts:
    """Everything ``track`` reads from the CRM store (read-only once built)."""

    actuals: Actuals
    chances: WinChances
    people: tuple[Mapping[str, Any], ...]


def facts_query(plan: SalesPlan, result: PlanBuild, as_of: dt.date) -> FactsQuery:
    """The store query *plan* tracked as of *as_of* needs."""
    pipeline = [stage for stage in plan.strategy.stages if not stage.post_sale]
    stage_index = {stage_key(stage.id): i for i, stage in enumerate(pipeline)}
    stage_index |= {stage_key(stage.name): i for i, stage in enumerate(pipeline)}
    activity_keys = {}
    for activity_id, volume in result.activities.items():
        activity_keys[stage_key(activity_id)] = activity_id
        activity_keys[stage_key(volume.name)] = activity_id
    last_day = min(as_of, result.period_end)
    window = Window.of_days(result.period_start, last_day)
    if as_of < result.period_start:
        window = Window(window.start, window.start)
    return FactsQuery(
        window, tuple(sorted(stage_index.items())), tuple(sorted(activity_keys.items()))
    )


def store_facts(tables: Mapping[str, ir.Table], query: FactsQuery) -> StoreFacts:
    """Run *query* on the CRM *tables*: the period's actuals, win chances, people."""
    stages, activities = dict(query.stages), dict(query.activities)
    people = tables["people"].execute().to_dict("records") if "people" in tables else []
    return StoreFacts(
        period_actuals(tables, query.window, stages, activities),
        win_chances(tables, query.window.end, stages),
        tuple(people),
    )


def track(
    tables: Mapping[str, ir.Table],
    plan: SalesPlan,
    result: PlanBuild,
    working_days: Sequence[dt.date],
    as_of: dt.date,
    *,
    role: str | None = None,
    rep: str | None = None,
    seasonality: Mapping[int, float] | None = None,
    facts: StoreFacts | None = None,
) -> Tracking:
    """Track *plan* (built as *result*) against the CRM *tables* as of *as_of*.

    *facts*, when given, are ``store_facts(tables, facts_query(plan, result, as_of))``
    computed earlier (a cache): the store is then not queried at all."""
    pipeline = [stage for stage in plan.strategy.stages if not stage.post_sale]
    if facts is None:
        facts = store_facts(tables, facts_query(plan, result, as_of))
    actuals, chances = facts.actuals, facts.chances
    members = roster(facts.people, plan)
    by_key: dict[str, Member] = {}
    for member in members:
        by_key.setdefault(stage_key(member.id), member)
        by_key.setdefault(stage_key(member.name), member)
    for owner in sorted(actuals.owners):
        if stage_key(owner) not in by_key:
            member = Member(owner, owner, None)
            members.append(member)
            by_key[stage_key(owner)] = member

    clock = PeriodClock.from_days(working_days, as_of, seasonality)
    kpis = define_kpis(plan, result)
    notes: list[str] = []
    unnamed = sorted(
        name for name in actuals.unmatched_stages if stage_key(name) not in _CLOSED_STAGES
    )
    if unnamed:
        notes.append("CRM stages the plan does not name (left out): " + ", ".join(unnamed[:10]))
    if actuals.unmatched_activities:
        notes.append(
            "CRM activity types the plan does not name (left out): "
            + ", ".join(sorted(actuals.unmatched_activities)[:10])
        )
    for metric in plan.measurement.secondary_metrics:
        if match_metric(metric, kpis) is None:
            notes.append(f"section 7 metric {metric.name!r} cannot be computed from the CRM")

    card = Scorecard(plan, result, pipeline, actuals, chances, members, by_key, clock, as_of)
    view: View = "leader"
    owners: set[str] | None = None
    focus_role: str | None = None
    rep_member: Member | None = None
    scope_roles: tuple[str, ...] = tuple(plan.team.roles)
    if rep is not None:
        rep_member = find_rep(members, rep)
        view, focus_role, owners = "rep", rep_member.role, {rep_member.id, rep_member.name}
        if focus_role is None:
            notes.append(f"{rep_member.name} has no plan role: showing every KPI")
        elif plan.team.roles[focus_role].manages:
            notes.append(
                f"{rep_member.name} manages {', '.join(plan.team.roles[focus_role].manages)}:"
                f" their team's view is --role {focus_role}"
            )
    elif role is not None:
        focus_role = _find_role(plan, role)
        managed = (
            tuple(plan.team.roles[focus_role].manages)
            if focus_role
            else tuple(r for r, spec in plan.team.roles.items() if not spec.manages)
        )
        if focus_role is None or plan.team.roles[focus_role].manages:
            view, scope_roles = "manager", managed
        else:
            view, scope_roles = "role", (focus_role,)
        in_scope = {m.id for m in members if m.role in scope_roles} | {
            m.name for m in members if m.role in scope_roles
        }
        if in_scope:
            owners = in_scope
        else:
            notes.append(
                "no one in the CRM or the plan has the role "
                + ", ".join(scope_roles)
                + ": showing the whole team's actuals"
            )

    chosen = _kpis_for_view(plan, kpis, view, focus_role, scope_roles)
    lines = [card.line(kpi, view, focus_role, owners) for kpi in chosen]
    tracking = Tracking(
        plan_name=plan.name,
        view=view,
        role=focus_role,
        rep=rep_member,
        clock=clock,
        period_start=result.period_start,
        period_end=result.period_end,
        lines=lines,
        tree=kpi_tree(chosen),
        forecast_parts=card.forecast_parts(owners),
        seasonality=dict(seasonality) if seasonality else None,
        notes=notes,
    )
    if view in ("leader", "manager"):
        tracking.leaderboard = leaderboard(card, kpis, scope_roles)
        tracking.bands = attainment_bands(tracking.leaderboard)
        tracking.hiring = hiring(card, scope_roles)
    return tracking


def _find_role(plan: SalesPlan, wanted: str) -> str | None:
    """The plan role a ``--role`` names (id or name, any case); ``manager`` without such a
    role means the whole team's managers' view (None)."""
    key = stage_key(wanted)
    for role_id, spec in plan.team.roles.items():
        if key in (stage_key(role_id), stage_key(spec.name)):
            return role_id
    generic = {"sdr": "sdr", "bdr": "sdr", "ae": "ae", "manager": "manager", "sm": "manager"}
    kind = generic.get(key)
    if kind == "manager":
        managers = [r for r, spec in plan.team.roles.items() if spec.manages]
        return managers[0] if managers else None
    if kind == "ae":
        quota = [r for r, spec in plan.team.roles.items() if spec.carries_quota]
        if quota:
            return quota[0]
    if kind == "sdr":
        pipeline = [s for s in plan.strategy.stages if not s.post_sale]
        if pipeline:
            return pipeline[0].owner
    valid = ", ".join([*plan.team.roles, "sdr", "ae", "manager"])
    raise TrackError(f"--role {wanted!r}: the plan has no such role; valid: {valid}")


def _kpis_for_view(
    plan: SalesPlan, kpis: list[Kpi], view: View, role: str | None, scope: tuple[str, ...]
) -> list[Kpi]:
    if view == "leader" or (role is None and view == "rep"):
        return kpis
    roles = set(scope) if view == "manager" else {role}
    wanted = {kpi.id for kpi in kpis if roles & set(kpi.roles)}
    by_id = {kpi.id: kpi for kpi in kpis}
    for dashboard in plan.measurement.dashboards:
        if dashboard.role in roles or (view == "manager" and dashboard.role == role):
            for metric_id in dashboard.metrics:
                if metric_id == plan.measurement.primary_metric:
                    wanted.add("revenue")
                metric = next(
                    (m for m in plan.measurement.secondary_metrics if m.id == metric_id), None
                )
                found = match_metric(metric, kpis) if metric else None
                if found in by_id:
                    wanted.add(found)
    if view == "manager":
        wanted.add("revenue")
    return [kpi for kpi in kpis if kpi.id in wanted]
