"""Ramp, attrition and hiring: who is in seat, how productive, and whom to hire when.

A person in month *m* since their start (month 1 is the month that starts on
their start date) works at ``ramp[m-1]`` of full capacity; months after the
ramp list are at 100%. Attrition is an annual rate applied as expected
survival ``(1 − a)^(days/365)``; expected leavers are backfilled, each backfill
starting ``time_to_hire`` after the expected departure. Growth hires start on
the period's first day, or as soon as ``as_of + time_to_hire`` allows.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from salesplan.engine.calendar import month_key
from salesplan.engine.funnel import ceil_whole
from salesplan.plan.dates import shift
from salesplan.plan.team import Role

__all__ = ["Seat", "StaffingPlan", "plan_staffing", "quarter_of", "ramp_factor"]


def ramp_factor(ramp: Sequence[float], start: dt.date | None, day: dt.date) -> float:
    """Share of full capacity on *day* for someone who started on *start*.

    >>> ramp_factor([0.25, 0.5, 0.75, 1.0], dt.date(2027, 1, 1), dt.date(2027, 2, 15))
    0.5
    """
    if start is None:
        return 1.0
    if day < start:
        return 0.0
    months = (day.year - start.year) * 12 + (day.month - start.month)
    if day.day < start.day:
        months -= 1
    return ramp[months] if months < len(ramp) else 1.0


def quarter_of(day: dt.date) -> str:
    """``2027-Q1`` for any day of the first quarter of 2027."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


@dataclass(frozen=True, slots=True)
class Seat:
    """A person (or a planned hire) in one role."""

    start: dt.date | None
    end: dt.date | None
    kind: str  # "current", "growth" or "backfill"


@dataclass(frozen=True, slots=True)
class StaffingPlan:
    role: str
    current: int
    current_fte: float
    growth_hires: int
    growth_start: dt.date | None
    per_hire_fte: float
    backfill_starts: list[dt.date]
    backfill_fte: float
    expected_leavers: float
    effective_fte: float
    seats: list[Seat]
    shortfall_hires: int  # hires the capacity needs beyond what can be hired (0 when reachable)
    on_time_hires: int  # growth hires needed had they started on the period's first day
    reachable: bool
    earliest_start: dt.date

    @property
    def to_hire(self) -> int:
        return self.growth_hires + len(self.backfill_starts)


class _Contribution:
    """Average effective FTE of a seat over a list of working days, with attrition."""

    def __init__(self, role: Role, days: Sequence[dt.date], period_start: dt.date) -> None:
        self.role = role
        self.days = days
        self.period_start = period_start
        self.decay = 1.0 - role.attrition

    def survival(self, since: dt.date, day: dt.date) -> float:
        if self.decay >= 1.0 or day <= since:
            return 1.0
        if self.decay <= 0.0:
            return 0.0
        return float(self.decay ** ((day - since).days / 365.0))

    def factors(self, seat: Seat, *, with_attrition: bool = True) -> list[float]:
        values = []
        since = max(seat.start or self.period_start, self.period_start)
        for day in self.days:
            if seat.end is not None and day > seat.end:
                values.append(0.0)
                continue
            factor = ramp_factor(self.role.ramp, seat.start, day)
            if with_attrition and factor:
                factor *= self.survival(since, day)
            values.append(factor)
        return values

    def average(self, seat: Seat) -> float:
        if not self.days:
            return 0.0
        return sum(self.factors(seat)) / len(self.days)


def plan_staffing(
    role_id: str,
    role: Role,
    people_starts: list[tuple[dt.date | None, dt.date | None]],
    fte_needed: float,
    days: Sequence[dt.date],
    period_start: dt.date,
    period_end: dt.date,
    as_of: dt.date,
    *,
    by_headcount: bool = False,
) -> StaffingPlan:
    """Hires (growth and backfill) that give *role* the FTE it needs over the period.

    With *by_headcount* (managers, fixed headcount) the need is people in seat,
    not ramped capacity: hires fill the seats the current team leaves empty.
    """
    contribution = _Contribution(role, days, period_start)
    seats = [Seat(start, end, "current") for start, end in people_starts]
    current_fte = sum(contribution.average(seat) for seat in seats)

    # expected leavers across the people the role needs, backfilled as they leave
    period_days = (period_end - period_start).days + 1
    staffed = max(len(seats), ceil_whole(fte_needed))
    expected_leavers = staffed * (1.0 - (1.0 - role.attrition) ** (period_days / 365.0))
    backfill_starts: list[dt.date] = []
    if role.attrition > 0 and staffed:
        for k in range(1, math.floor(expected_leavers + 0.5) + 1):
            share = (k - 0.5) / staffed
            if share >= 1.0:
                break
            years = (
                math.log(1.0 - share) / math.log(1.0 - role.attrition)
                if role.attrition < 1
                else 0.0
            )
            leaves = period_start + dt.timedelta(days=round(years * 365))
            start = shift(leaves, role.time_to_hire.amount, role.time_to_hire.unit)
            if start <= period_end:
                backfill_starts.append(start)
    backfill_seats = [Seat(start, None, "backfill") for start in backfill_starts]
    backfill_fte = sum(contribution.average(seat) for seat in backfill_seats)

    earliest = shift(as_of, role.time_to_hire.amount, role.time_to_hire.unit)
    growth_start = max(period_start, earliest)
    per_hire = (
        contribution.average(Seat(growth_start, None, "growth"))
        if growth_start <= period_end
        else 0.0
    )
    gap = fte_needed - current_fte - backfill_fte
    growth_hires = 0
    shortfall = 0
    reachable = True
    if by_headcount:
        growth_hires = max(0, ceil_whole(fte_needed) - len(people_starts))
        if growth_start > period_end:
            reachable, shortfall, growth_hires = growth_hires == 0, growth_hires, 0
    elif gap > 1e-9:
        if per_hire <= 0:
            reachable = False
            shortfall = ceil_whole(gap)
        else:
            growth_hires = ceil_whole(gap / per_hire)
            if role.max_hires is not None and growth_hires > role.max_hires:
                shortfall = growth_hires - role.max_hires
                growth_hires = role.max_hires
                reachable = False
    on_time = contribution.average(Seat(period_start, None, "growth"))
    if by_headcount:
        on_time_hires = growth_hires + shortfall
    else:
        on_time_hires = ceil_whole(gap / on_time) if gap > 1e-9 and on_time > 0 else 0
    seats += backfill_seats + [Seat(growth_start, None, "growth")] * growth_hires
    effective = current_fte + backfill_fte + growth_hires * per_hire
    return StaffingPlan(
        role=role_id,
        current=len(people_starts),
        current_fte=current_fte,
        growth_hires=growth_hires,
        growth_start=growth_start if growth_hires else None,
        per_hire_fte=per_hire,
        backfill_starts=backfill_starts,
        backfill_fte=backfill_fte,
        expected_leavers=expected_leavers,
        effective_fte=effective,
        seats=seats,
        shortfall_hires=shortfall,
        on_time_hires=on_time_hires,
        reachable=reachable,
        earliest_start=earliest,
    )


def monthly_capacity(
    role: Role, staffing: StaffingPlan, days: Sequence[dt.date], period_start: dt.date
) -> dict[str, tuple[int, float, float]]:
    """``{month: (working days, headcount in seat, effective FTE)}`` averaged over the month."""
    contribution = _Contribution(role, days, period_start)
    per_seat = [
        (contribution.factors(seat), [_present(seat, day) for day in days])
        for seat in staffing.seats
    ]
    months: dict[str, list[int]] = {}
    for index, day in enumerate(days):
        months.setdefault(month_key(day), []).append(index)
    table = {}
    for month, indexes in months.items():
        effective = sum(sum(f[i] for i in indexes) for f, _ in per_seat) / len(indexes)
        present = sum(sum(p[i] for i in indexes) for _, p in per_seat) / len(indexes)
        table[month] = (len(indexes), present, effective)
    return table


def _present(seat: Seat, day: dt.date) -> float:
    if seat.start is not None and day < seat.start:
        return 0.0
    if seat.end is not None and day > seat.end:
        return 0.0
    return 1.0
