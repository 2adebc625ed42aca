"""One KPI line of a view: target, due, actual, pace, status, forecast and catch-up.

A :class:`Scorecard` holds what one tracking run read — the plan and its build, the
period's actuals per owner, the calibrated stage-to-win counts, the members and the
clock — and turns a KPI into a :class:`KpiLine` for a set of owners (everyone, a
role's people or one rep), with the target split the way the view needs.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import dataclass
from typing import Any, Literal

from salesplan.analytics.actuals import Actuals, WinChances
from salesplan.analytics.kpis import Kpi
from salesplan.analytics.roster import Member
from salesplan.engine import pacing
from salesplan.engine.pacing import CatchUp, PeriodClock, Status
from salesplan.engine.results import PlanBuild
from salesplan.plan.document import SalesPlan
from salesplan.plan.strategy import Stage

__all__ = ["MIN_SAMPLE", "PRIOR_WEIGHT", "KpiLine", "Scorecard", "View"]

PRIOR_WEIGHT = 20
"""Decided deals the plan's own stage-to-win rate counts as, beside the CRM's."""
MIN_SAMPLE = 10
"""A ratio resting on fewer records than this has no status yet."""
View = Literal["leader", "role", "manager", "rep"]


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


@dataclass
class Scorecard:
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
            return self.paced(kpi, view, role, owners)
        revenue_share = 1.0 / (self.people(role) or 1.0) if view == "rep" else 1.0
        return self._ratio(kpi, revenue_share, owners)

    def paced(self, kpi: Kpi, view: View, role: str | None, owners: set[str] | None) -> KpiLine:
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
