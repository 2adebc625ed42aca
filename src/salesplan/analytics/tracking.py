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
import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from salesplan.analytics.actuals import Actuals, WinChances, Window, period_actuals, win_chances
from salesplan.analytics.calibration import stage_key
from salesplan.analytics.kpis import Kpi, define_kpis, kpi_tree, match_metric
from salesplan.engine import pacing
from salesplan.engine.pacing import CatchUp, PeriodClock, Status
from salesplan.engine.results import Hire, PlanBuild
from salesplan.plan.document import SalesPlan
from salesplan.plan.strategy import Stage

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

PRIOR_WEIGHT = 20
"""Decided deals the plan's own stage-to-win rate counts as, beside the CRM's."""
MIN_SAMPLE = 10
"""A ratio resting on fewer records than this has no status yet."""
View = Literal["leader", "role", "manager", "rep"]
_CLOSED_STAGES = {"won", "lost", "closedwon", "closedlost"}


class TrackError(Exception):
    """A view that cannot be shown (an unknown role or rep), with what is valid."""


@dataclass(frozen=True, slots=True)
class Member:
    """Someone whose deals or activities are in the CRM, with their plan role."""

    id: str
    name: str
    role: str | None
    started: dt.date | None = None
    left: dt.date | None = None

    def active(self, day: dt.date) -> bool:
        return (self.started is None or self.started <= day) and (
            self.left is None or self.left >= day
        )


@dataclass(frozen=True, slots=True)
class KpiLine:
    """One KPI in a view: its target, what is due by now, the actual, and the verdict."""

    kpi: Kpi
    target: float | None
    due: float | None
    actual: float | None
    n: int | None
    pace: float | None
    status: Status
    forecast: float | None
    catch_up: CatchUp | None
    role: str | None

    def to_dict(self) -> dict[str, Any]:
        catch = self.catch_up
        return {
            "id": self.kpi.id,
            "name": self.kpi.name,
            "kind": self.kpi.kind,
            "primary": self.kpi.primary,
            "parent": self.kpi.parent,
            "role": self.role,
            "target": self.target,
            "target_source": self.kpi.source,
            "due_to_date": self.due,
            "actual": self.actual,
            "n": self.n,
            "pace": None if self.pace is None or math.isinf(self.pace) else self.pace,
            "status": self.status,
            "forecast": self.forecast,
            "catch_up": None
            if catch is None
            else {
                "remaining": catch.remaining,
                "per_day": catch.per_day,
                "per_person_per_day": catch.per_person,
                "planned_per_person_per_day": catch.planned_per_person,
                "extra_per_person_per_day": catch.extra_per_person,
                "from": catch.from_day.isoformat() if catch.from_day else None,
            },
            "definition": self.kpi.definition,
        }


@dataclass(frozen=True, slots=True)
class RepLine:
    """One rep on the leaderboard: their headline KPI against their share of it to date."""

    member: Member
    kpi: str
    actual: float
    due: float
    attainment: float | None
    band: str | None


@dataclass(frozen=True, slots=True)
class HiringLine:
    """A role's people in seat against the plan's headcount for the month of ``as_of``."""

    role: str
    name: str
    planned: float
    in_seat: int | None
    status: str
    next_hire: Hire | None


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


def roster(people: Iterable[Mapping[str, Any]], plan: SalesPlan) -> list[Member]:
    """The CRM's people with their plan roles (their ``role`` column, else a plan
    person of the same name), and the plan's people the CRM does not know."""
    roles = {stage_key(role_id): role_id for role_id in plan.team.roles}
    roles |= {stage_key(role.name): role_id for role_id, role in plan.team.roles.items()}
    planned = {stage_key(person.name): person for person in plan.team.people}
    members: list[Member] = []
    seen: set[str] = set()
    for row in people:
        key = str(row["id"])
        name = str(row.get("name") or key)
        role = roles.get(stage_key(str(row.get("role") or "")))
        person = planned.get(stage_key(name)) or planned.get(stage_key(key))
        if role is None and person is not None:
            role = person.role
        members.append(
            Member(
                key,
                name,
                role,
                _date(row.get("started_at")) or (person.start if person else None),
                _date(row.get("left_at")) or (person.end if person else None),
            )
        )
        seen |= {stage_key(name), stage_key(key)}
    for key, person in planned.items():
        if key not in seen:
            members.append(Member(person.name, person.name, person.role, person.start, person.end))
    return members


def _date(value: object) -> dt.date | None:
    if value is None or value != value:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


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
) -> Tracking:
    """Track *plan* (built as *result*) against the CRM *tables* as of *as_of*."""
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
    actuals = period_actuals(tables, window, stage_index, activity_keys)
    chances = win_chances(tables, window.end, stage_index)
    people_rows = tables["people"].execute().to_dict("records") if "people" in tables else []
    members = roster(people_rows, plan)
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

    context = _Context(plan, result, pipeline, actuals, chances, members, by_key, clock, as_of)
    view: View = "leader"
    owners: set[str] | None = None
    focus_role: str | None = None
    rep_member: Member | None = None
    scope_roles: tuple[str, ...] = tuple(plan.team.roles)
    if rep is not None:
        rep_member = _find_rep(members, rep)
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
    lines = [context.line(kpi, view, focus_role, owners) for kpi in chosen]
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
        forecast_parts=context.forecast_parts(owners),
        seasonality=dict(seasonality) if seasonality else None,
        notes=notes,
    )
    if view in ("leader", "manager"):
        tracking.leaderboard = context.leaderboard(kpis, scope_roles)
        tracking.bands = {label: 0 for label, _, _ in pacing.BANDS}
        for line in tracking.leaderboard:
            if line.band is not None:
                tracking.bands[line.band] += 1
        tracking.hiring = context.hiring(scope_roles)
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


def _find_rep(members: Sequence[Member], wanted: str) -> Member:
    key = stage_key(wanted)
    for member in members:
        if key in (stage_key(member.id), stage_key(member.name)):
            return member
    names = sorted({m.name for m in members})
    close = [n for n in names if key and key[:3] in stage_key(n)][:8] or names[:8]
    raise TrackError(
        f"--rep {wanted!r}: no one of that name or id in the CRM or the plan;"
        f" {'close' if close != names[:8] else 'some'}: {', '.join(close)}"
    )


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


@dataclass
class _Context:
    """What every KPI line of one tracking run reads."""

    plan: SalesPlan
    result: PlanBuild
    pipeline: list[Stage]
    actuals: Actuals
    chances: WinChances
    members: list[Member]
    by_key: dict[str, Member]
    clock: PeriodClock
    as_of: dt.date

    # ── sums over owners ────────────────────────────────────────────────────────
    def _mine(self, owner: str | None, owners: set[str] | None) -> bool:
        return owners is None or (owner is not None and owner in owners)

    def won(self, owners: set[str] | None) -> tuple[int, float, int]:
        n = value = valued = 0.0
        for owner, (count, total, with_value) in self.actuals.won.items():
            if self._mine(owner, owners):
                n, value, valued = n + count, value + total, valued + with_value
        return int(n), value, int(valued)

    def lost(self, owners: set[str] | None) -> int:
        return sum(n for owner, n in self.actuals.lost.items() if self._mine(owner, owners))

    def entries(self, stage: int, owners: set[str] | None) -> int:
        if stage == 0 and not self.actuals.stage_history:
            # no stage history: a deal enters the pipeline's first stage when it is created
            return sum(n for owner, n in self.actuals.created.items() if self._mine(owner, owners))
        return sum(
            n
            for (index, owner), n in self.actuals.entries.items()
            if index == stage and self._mine(owner, owners)
        )

    def activity(self, activity: str, owners: set[str] | None) -> int:
        return sum(
            n
            for (kind, owner), n in self.actuals.activities.items()
            if kind == activity and self._mine(owner, owners)
        )

    def open_by_stage(self, owners: set[str] | None) -> list[tuple[int, float, int]]:
        rows = [(0, 0.0, 0) for _ in self.pipeline]
        for (index, owner), (n, value, valued) in self.actuals.open.items():
            if self._mine(owner, owners):
                a, b, c = rows[index]
                rows[index] = (a + n, b + value, c + valued)
        return rows

    # ── calibrated chances and the forecast ─────────────────────────────────────
    def win_chance(self, stage: int) -> float:
        planned = math.prod(s.conversion for s in self.pipeline[stage:])
        won, decided = self.chances.won[stage], self.chances.decided[stage]
        return float((won + PRIOR_WEIGHT * planned) / (decided + PRIOR_WEIGHT))

    def deal_value(self) -> float:
        """The average won deal of the period (all owners), or the plan's with too few."""
        _, value, valued = self.won(None)
        return float(value / valued) if valued >= MIN_SAMPLE else self.result.average_deal_value

    def calendar_left(self) -> float:
        return float(max((self.result.period_end - self.as_of).days, 0))

    def forecast_parts(self, owners: set[str] | None) -> dict[str, float]:
        """Won so far, the weighted open pipeline and the new pipeline still to come."""
        average = self.deal_value()
        left = self.calendar_left()
        weighted_value = weighted_deals = 0.0
        for index, (n, value, valued) in enumerate(self.open_by_stage(owners)):
            if not n:
                continue
            stay = self.pipeline[index].days_in_stage / 2 + sum(
                s.days_in_stage for s in self.pipeline[index + 1 :]
            )
            chance = self.win_chance(index) * pacing.in_time_share(stay, left)
            weighted_deals += n * chance
            weighted_value += (value + (n - valued) * average) * chance
        won_n, won_value, won_valued = self.won(owners)
        won_value += (won_n - won_valued) * average
        new_per_day = self.entries(0, owners) / self.clock.elapsed if self.clock.elapsed else 0.0
        cycle = sum(s.days_in_stage for s in self.pipeline)
        new_deals = (
            new_per_day
            * self.clock.left
            * (self.win_chance(0) if self.pipeline else 0.0)
            * pacing.new_pipeline_in_time(cycle, left)
        )
        return {
            "won_deals": float(won_n),
            "won_value": won_value,
            "pipeline_deals": weighted_deals,
            "pipeline_value": weighted_value,
            "new_pipeline_deals": new_deals,
            "new_pipeline_value": new_deals * average,
            "deals": won_n + weighted_deals + new_deals,
            "revenue": won_value + weighted_value + new_deals * average,
        }

    # ── one line ────────────────────────────────────────────────────────────────
    def people(self, role: str | None) -> float | None:
        if role is None:
            return None
        seated = sum(1 for m in self.members if m.role == role and m.active(self.as_of))
        if seated:
            return float(seated)
        head = self.result.headcount.get(role)
        return float(head.current) if head and head.current else None

    def share(self, kpi: Kpi, view: View, role: str | None) -> float:
        """The part of a team target that the view's people carry."""
        if view == "rep":
            # the role's target split evenly among the people in the role on as_of
            people = self.people(role) or 1.0
            if kpi.activity and role:
                volume = self.result.activities[kpi.activity]
                part = volume.by_role.get(role, 0.0) / volume.total if volume.total else 0.0
                return part / people
            return 1.0 / people
        if view == "role" and kpi.activity and role:
            volume = self.result.activities[kpi.activity]
            return volume.by_role.get(role, 0.0) / volume.total if volume.total else 0.0
        return 1.0

    def measured(self, kpi: Kpi) -> bool:
        """Whether the CRM records what *kpi* counts at all: stage entries past the first
        need stage history, an activity needs to have been logged at least once."""
        if kpi.activity is not None:
            return kpi.activity in self.actuals.logged
        if kpi.stage is not None and not self.actuals.stage_history:
            first = self.pipeline[0].id if self.pipeline else None
            return kpi.id == f"entered:{first}"
        return True

    def line(self, kpi: Kpi, view: View, role: str | None, owners: set[str] | None) -> KpiLine:
        if not self.measured(kpi):
            doer = role if view in ("role", "rep") else (kpi.roles[0] if kpi.roles else None)
            return KpiLine(kpi, kpi.target, None, None, None, None, "no data", None, None, doer)
        if kpi.paced:
            return self._paced(kpi, view, role, owners)
        revenue_share = 1.0 / (self.people(role) or 1.0) if view == "rep" else 1.0
        return self._ratio(kpi, revenue_share, owners)

    def _paced(self, kpi: Kpi, view: View, role: str | None, owners: set[str] | None) -> KpiLine:
        share = self.share(kpi, view, role)
        target = None if kpi.target is None else kpi.target * share
        doer = role if view in ("role", "rep") else (kpi.roles[0] if kpi.roles else None)
        forecast: float | None
        forecast_ratio: float | None = None
        if kpi.id in ("revenue", "won_deals"):
            parts = self.forecast_parts(owners)
            won_n = self.won(owners)[0]
            actual = parts["won_value"] if kpi.id == "revenue" else float(won_n)
            forecast = parts["revenue"] if kpi.id == "revenue" else parts["deals"]
            if target:
                forecast_ratio = forecast / target
        elif kpi.activity is not None:
            actual = float(self.activity(kpi.activity, owners))
            forecast = pacing.run_rate_forecast(actual, self.clock)
        else:
            stage = next(i for i, s in enumerate(self.pipeline) if s.id == kpi.stage)
            actual = float(self.entries(stage, owners))
            forecast = pacing.run_rate_forecast(actual, self.clock)
        if target is None:
            return KpiLine(kpi, None, None, actual, None, None, "no target", forecast, None, doer)
        due = target * self.clock.share_due
        ratio = pacing.pace(actual, due) if self.clock.elapsed else None
        found = pacing.status(ratio, forecast_ratio=forecast_ratio)
        people = 1.0 if view == "rep" else self.people(doer)
        if view == "leader" and people and kpi.activity and doer:
            # the doer's part of a shared activity, spread over the people in the role
            volume = self.result.activities[kpi.activity]
            part = volume.by_role.get(doer, 0.0) / volume.total if volume.total else 1.0
            people = people / part if part else None
        # the plan's pace for each of the people there are: the line says what being
        # behind adds to it, not what a different team size would
        planned = target / self.clock.total / people if people and self.clock.total else None
        catch = pacing.catch_up(
            target, actual, self.clock, people=people, planned_per_person=planned
        )
        return KpiLine(kpi, target, due, actual, None, ratio, found, forecast, catch, doer)

    def _ratio(self, kpi: Kpi, share: float, owners: set[str] | None) -> KpiLine:
        actual: float | None = None
        n = 0
        target = kpi.target
        if kpi.id == "average_deal_value":
            won_n, value, valued = self.won(owners)
            actual, n = (value / valued if valued else None), valued
        elif kpi.id == "win_rate":
            won_n = self.won(owners)[0]
            n = won_n + self.lost(owners)
            actual = won_n / n if n else None
        elif kpi.id == "cycle_days":
            days = [
                d
                for owner, values in self.actuals.cycle_days.items()
                if self._mine(owner, owners)
                for d in values
            ]
            actual, n = (statistics.median(days) if days else None), len(days)
        elif kpi.id == "response_hours":
            hours = self.actuals.response_hours
            actual, n = (statistics.median(hours) if hours else None), len(hours)
        elif kpi.id == "pipeline_coverage":
            actual, target, n = self._coverage(owners, share)
        elif kpi.id.startswith("conversion:"):
            index = next(i for i, s in enumerate(self.pipeline) if s.id == kpi.stage)
            n = self.entries(index, owners)
            moved = (
                self.entries(index + 1, owners)
                if index + 1 < len(self.pipeline)
                else self.won(owners)[0]
            )
            actual = moved / n if n else None
        if target is None:
            verdict: Status = "no target"
            ratio = None
        elif actual is None or n < MIN_SAMPLE:
            verdict, ratio = "too early", None
        else:
            ratio = pacing.pace(actual, target, lower_is_better=kpi.lower_is_better)
            verdict = pacing.status(ratio)
        return KpiLine(kpi, target, target, actual, n, ratio, verdict, None, None, None)

    def _coverage(
        self, owners: set[str] | None, share: float
    ) -> tuple[float | None, float | None, int]:
        """Open value over revenue still to win, and what the open mix needs."""
        average = self.deal_value()
        goal = self.result.revenue_goal * share
        left = goal - self.won(owners)[1]
        total = expected = 0.0
        deals = 0
        for index, (n, value, valued) in enumerate(self.open_by_stage(owners)):
            worth = value + (n - valued) * average
            total += worth
            expected += worth * self.win_chance(index)
            deals += n
        if left <= 0 or total <= 0:
            return (None if left <= 0 else 0.0), None, deals
        return total / left, (total / expected if expected else None), deals

    # ── the manager's view ──────────────────────────────────────────────────────
    def leaderboard(self, kpis: list[Kpi], roles: Iterable[str]) -> list[RepLine]:
        by_id = {kpi.id: kpi for kpi in kpis}
        rows: list[RepLine] = []
        for role in roles:
            headline = self._headline(role, by_id)
            if headline is None:
                continue
            for member in self.members:
                if member.role != role or not member.active(self.as_of):
                    continue
                line = self._paced(headline, "rep", role, {member.id, member.name})
                due = line.due or 0.0
                attainment = line.actual / due if line.actual is not None and due > 0 else None
                rows.append(
                    RepLine(
                        member,
                        headline.id,
                        line.actual or 0.0,
                        due,
                        attainment,
                        None if attainment is None else pacing.attainment_band(attainment),
                    )
                )
        order = {role: index for index, role in enumerate(self.plan.team.roles)}
        rows.sort(
            key=lambda r: (
                order.get(r.member.role or "", 99),
                -(r.attainment or 0.0),
                r.member.name,
            )
        )
        return rows

    def _headline(self, role: str, by_id: Mapping[str, Kpi]) -> Kpi | None:
        spec = self.plan.team.roles[role]
        if spec.carries_quota:
            return by_id.get("revenue")
        owned = [i for i, s in enumerate(self.pipeline) if s.owner == role]
        if owned and owned[-1] + 1 < len(self.pipeline):
            return by_id.get(f"entered:{self.pipeline[owned[-1] + 1].id}")
        activities = [
            kpi for kpi in by_id.values() if kpi.activity and role in kpi.roles and kpi.target
        ]
        return activities[0] if activities else None

    def hiring(self, roles: Iterable[str]) -> list[HiringLine]:
        month = self.as_of.strftime("%Y-%m")
        lines = []
        for role in roles:
            months = [c for c in self.result.capacity_by_month if c.role == role]
            if not months:
                continue
            now = next((c for c in months if c.month == month), None)
            if now is None:
                now = months[0] if month < months[0].month else months[-1]
            known = [m for m in self.members if m.role == role]
            seated = sum(1 for m in known if m.active(self.as_of)) if known else None
            upcoming = sorted(
                (h for h in self.result.hiring if h.role == role and h.hire_by >= self.as_of),
                key=lambda h: h.hire_by,
            )
            if seated is None:
                verdict = "unknown: no one in the CRM or the plan has this role"
            elif seated + 0.5 >= now.headcount:
                verdict = "on schedule"
            else:
                verdict = f"behind by {math.ceil(now.headcount - seated - 0.5)}"
            lines.append(
                HiringLine(
                    role,
                    self.plan.team.roles[role].name,
                    now.headcount,
                    seated,
                    verdict,
                    upcoming[0] if upcoming else None,
                )
            )
        return lines
