"""The manager's view: a leaderboard, quota-attainment bands and hiring on schedule."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from salesplan.analytics.kpis import Kpi
from salesplan.analytics.roster import Member
from salesplan.analytics.scorecard import Scorecard
from salesplan.engine import pacing
from salesplan.engine.results import Hire

__all__ = ["HiringLine", "RepLine", "attainment_bands", "hiring", "leaderboard"]


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


def leaderboard(card: Scorecard, kpis: list[Kpi], roles: Iterable[str]) -> list[RepLine]:
    """Each active rep of *roles*: their headline KPI against their share of it to date,
    ranked within each role (the plan's role order)."""
    by_id = {kpi.id: kpi for kpi in kpis}
    rows: list[RepLine] = []
    for role in roles:
        headline = _headline(card, role, by_id)
        if headline is None:
            continue
        for member in card.members:
            if member.role != role or not member.active(card.as_of):
                continue
            line = card.paced(headline, "rep", role, {member.id, member.name})
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
    order = {role: index for index, role in enumerate(card.plan.team.roles)}
    rows.sort(
        key=lambda r: (
            order.get(r.member.role or "", 99),
            -(r.attainment or 0.0),
            r.member.name,
        )
    )
    return rows


def _headline(card: Scorecard, role: str, by_id: Mapping[str, Kpi]) -> Kpi | None:
    """Revenue for a quota carrier; else the entries into the stage the role hands to;
    else the role's first activity with a target."""
    spec = card.plan.team.roles[role]
    if spec.carries_quota:
        return by_id.get("revenue")
    owned = [i for i, s in enumerate(card.pipeline) if s.owner == role]
    if owned and owned[-1] + 1 < len(card.pipeline):
        return by_id.get(f"entered:{card.pipeline[owned[-1] + 1].id}")
    activities = [
        kpi for kpi in by_id.values() if kpi.activity and role in kpi.roles and kpi.target
    ]
    return activities[0] if activities else None


def hiring(card: Scorecard, roles: Iterable[str]) -> list[HiringLine]:
    """Each role's people in seat against the plan's headcount for the month of as_of."""
    month = card.as_of.strftime("%Y-%m")
    lines = []
    for role in roles:
        months = [c for c in card.result.capacity_by_month if c.role == role]
        if not months:
            continue
        now = next((c for c in months if c.month == month), None)
        if now is None:
            now = months[0] if month < months[0].month else months[-1]
        known = [m for m in card.members if m.role == role]
        seated = sum(1 for m in known if m.active(card.as_of)) if known else None
        upcoming = sorted(
            (h for h in card.result.hiring if h.role == role and h.hire_by >= card.as_of),
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
                card.plan.team.roles[role].name,
                now.headcount,
                seated,
                verdict,
                upcoming[0] if upcoming else None,
            )
        )
    return lines


def attainment_bands(rows: Iterable[RepLine]) -> dict[str, int]:
    """How many reps are in each quota-attainment band (every band listed)."""
    bands = {label: 0 for label, _, _ in pacing.BANDS}
    for row in rows:
        if row.band is not None:
            bands[row.band] += 1
    return bands
