"""Ramp, attrition and hiring: who is in seat, how productive, and whom to hire when.

A person in month *m* since their start (month 1 is the month that starts on
their start date) works at ``ramp[m-1]`` of full capacity; months after the
ramp list are at 100%. Attrition is an annual rate applied as expected
survival ``(1 − a)^(days/365)``: a seat's expected presence and capacity
shrink as people are expected to leave, and expected leavers are backfilled,
each backfill starting ``time_to_hire`` after the expected departure. Growth
hires start on the period's first day, or as soon as ``as_of + time_to_hire``
allows.

Per-day figures are computed once per distinct seat (start date, end date)
and shared: a team of thirty that started before the period costs one profile.
"""

from __future__ import annotations

import bisect
import calendar as _calendar
import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from salesplan.engine.funnel import ceil_whole
from salesplan.plan.dates import shift
from salesplan.plan.team import Role

__all__ = ["Seat", "StaffingPlan", "Workdays", "plan_staffing", "quarter_of", "ramp_factor"]


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


def month_boundary(start: dt.date, months: int) -> dt.date:
    """The first day on which *months* whole months have passed since *start*.

    >>> month_boundary(dt.date(2027, 1, 31), 1)
    datetime.date(2027, 3, 1)
    >>> month_boundary(dt.date(2027, 1, 15), 2)
    datetime.date(2027, 3, 15)
    """
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if start.day <= _calendar.monthrange(year, month)[1]:
        return dt.date(year, month, start.day)
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dt.date(year, month, 1)


def quarter_of(day: dt.date) -> str:
    """``2027-Q1`` for any day of the first quarter of 2027."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class Workdays:
    """The period's working days, with the slice of each month, built once per plan build."""

    days: tuple[dt.date, ...]
    months: dict[str, slice] = field(default_factory=dict)

    @classmethod
    def of(cls, days: Sequence[dt.date]) -> Workdays:
        months: dict[str, slice] = {}
        first = 0
        for index in range(1, len(days) + 1):
            if index == len(days) or (days[index].year, days[index].month) != (
                days[first].year,
                days[first].month,
            ):
                months[f"{days[first].year:04d}-{days[first].month:02d}"] = slice(first, index)
                first = index
        return cls(tuple(days), months)

    def index_of(self, day: dt.date) -> int:
        """Position of the first working day on or after *day*."""
        return bisect.bisect_left(self.days, day)


@dataclass(frozen=True, slots=True)
class Seat:
    """A person (or a planned hire) in one role."""

    start: dt.date | None
    end: dt.date | None


@dataclass(frozen=True, slots=True)
class SeatProfile:
    """Per working day: expected presence (survival) and effective capacity (ramp × survival)."""

    present: list[float]
    effective: list[float]
    expected_days: float  # calendar days in seat within the period, weighted by survival


class _Profiles:
    """Seat profiles of one role, computed once per distinct (start, end)."""

    def __init__(self, role: Role, workdays: Workdays, first: dt.date, last: dt.date) -> None:
        self.role = role
        self.workdays = workdays
        self.first = first
        self.last = last
        self.decay = 1.0 - role.attrition
        self._cache: dict[tuple[dt.date, dt.date | None, dt.date | None], SeatProfile] = {}
        self._survival: dict[dt.date, list[float]] = {}

    def _survival_from(self, since: dt.date) -> list[float]:
        if since not in self._survival:
            days = self.workdays.days
            if self.decay >= 1.0:
                values = [1.0] * len(days)
            else:
                rate = math.log(self.decay) / 365.0 if self.decay > 0 else -math.inf
                values = [
                    1.0 if day <= since else math.exp(rate * (day - since).days) for day in days
                ]
            self._survival[since] = values
        return self._survival[since]

    def _expected_days(self, since: dt.date, until: dt.date) -> float:
        length = (until - since).days + 1
        if length <= 0:
            return 0.0
        if self.decay >= 1.0:
            return float(length)
        if self.decay <= 0.0:
            return 0.0
        rate = math.log(self.decay) / 365.0
        return (math.exp(rate * length) - 1.0) / rate

    def profile(self, seat: Seat) -> SeatProfile:
        since = max(seat.start or self.first, self.first)
        ramping = seat.start
        if ramping is not None and month_boundary(ramping, len(self.role.ramp)) <= self.first:
            ramping = None  # fully ramped before the period starts
        key = (since, seat.end, ramping)
        if key in self._cache:
            return self._cache[key]
        days = self.workdays.days
        count = len(days)
        survival = self._survival_from(since)
        begin = self.workdays.index_of(since)
        stop = (
            count if seat.end is None else self.workdays.index_of(seat.end + dt.timedelta(days=1))
        )
        present = [0.0] * count
        present[begin:stop] = survival[begin:stop]
        effective = list(present)
        if ramping is not None:
            for month, share in enumerate(self.role.ramp):
                if share >= 1.0:
                    continue
                low = max(begin, self.workdays.index_of(month_boundary(ramping, month)))
                high = min(stop, self.workdays.index_of(month_boundary(ramping, month + 1)))
                for index in range(low, high):
                    effective[index] = present[index] * share
        until = min(seat.end or self.last, self.last)
        profile = SeatProfile(present, effective, self._expected_days(since, until))
        self._cache[key] = profile
        return profile

    def average(self, seat: Seat) -> float:
        days = len(self.workdays.days)
        return sum(self.profile(seat).effective) / days if days else 0.0


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
    shortfall_hires: int  # hires the capacity needs beyond what can be hired (0 when reachable)
    on_time_hires: int  # growth hires needed had they started on the period's first day
    reachable: bool
    earliest_start: dt.date
    person_years: float  # expected years in seat within the period, all seats
    current_years: float  # of the people on the team today
    backfill_years: float  # of all backfills together
    per_hire_years: float  # of one growth hire
    monthly: dict[str, tuple[int, float, float]]  # month → (working days, in seat, effective FTE)

    @property
    def to_hire(self) -> int:
        return self.growth_hires + len(self.backfill_starts)


def _backfill_starts(
    role: Role,
    staffed: int,
    expected_leavers: float,
    surplus: int,
    first: dt.date,
    last: dt.date,
    earliest: dt.date,
) -> list[dt.date]:
    """Start dates of backfills: one per expected leaver beyond the *surplus* the team can lose.

    The k-th leaver is expected when the team's expected survival falls to
    ``1 − (k − ½) / staffed``; the backfill starts ``time_to_hire`` later, and
    never before *earliest* (``as_of + time_to_hire``).
    """
    starts: list[dt.date] = []
    if role.attrition <= 0 or not staffed:
        return starts
    for k in range(surplus + 1, math.floor(expected_leavers + 0.5) + 1):
        share = (k - 0.5) / staffed
        if share >= 1.0:
            break
        years = (
            math.log(1.0 - share) / math.log(1.0 - role.attrition) if role.attrition < 1 else 0.0
        )
        leaves = first + dt.timedelta(days=round(years * 365))
        start = max(shift(leaves, role.time_to_hire.amount, role.time_to_hire.unit), earliest)
        if start <= last:
            starts.append(start)
    return starts


def plan_staffing(
    role_id: str,
    role: Role,
    people_starts: list[tuple[dt.date | None, dt.date | None]],
    fte_needed: float,
    workdays: Workdays,
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
    profiles = _Profiles(role, workdays, period_start, period_end)
    seats = [Seat(start, end) for start, end in people_starts]
    current_fte = sum(profiles.average(seat) for seat in seats)

    earliest = shift(as_of, role.time_to_hire.amount, role.time_to_hire.unit)
    period_days = (period_end - period_start).days + 1
    needed = ceil_whole(fte_needed)
    staffed = max(len(seats), needed)
    expected_leavers = staffed * (1.0 - (1.0 - role.attrition) ** (period_days / 365.0))
    surplus = max(0, len(seats) - needed)  # people beyond the need can leave without a backfill
    backfill_starts = _backfill_starts(
        role, staffed, expected_leavers, surplus, period_start, period_end, earliest
    )
    backfill_seats = [Seat(start, None) for start in backfill_starts]
    backfill_fte = sum(profiles.average(seat) for seat in backfill_seats)

    growth_start = max(period_start, earliest)
    growth_seat = Seat(growth_start, None)
    per_hire = profiles.average(growth_seat) if growth_start <= period_end else 0.0
    gap = fte_needed - current_fte - backfill_fte
    growth_hires = 0
    shortfall = 0
    reachable = True
    if by_headcount:
        growth_hires = max(0, needed - len(people_starts))
        if growth_start > period_end:
            reachable, shortfall, growth_hires = growth_hires == 0, growth_hires, 0
    elif gap > 1e-9:
        if per_hire <= 0:
            reachable = False
            shortfall = ceil_whole(gap)
        else:
            growth_hires = ceil_whole(gap / per_hire)
    if role.max_hires is not None and growth_hires > role.max_hires:
        shortfall += growth_hires - role.max_hires
        growth_hires = role.max_hires
        reachable = False
    on_time = profiles.average(Seat(period_start, None))
    if by_headcount:
        on_time_hires = growth_hires + shortfall
    else:
        on_time_hires = ceil_whole(gap / on_time) if gap > 1e-9 and on_time > 0 else 0
    seats += backfill_seats + [growth_seat] * growth_hires

    # seats with the same dates share one profile: weigh each distinct seat by its count
    counts = Counter(seats)
    weighted = [(profiles.profile(seat), count) for seat, count in counts.items()]
    monthly: dict[str, tuple[int, float, float]] = {}
    for month, days in workdays.months.items():
        width = days.stop - days.start
        present = sum(sum(p.present[days]) * n for p, n in weighted) / width
        effective = sum(sum(p.effective[days]) * n for p, n in weighted) / width
        monthly[month] = (width, present, effective)
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
        effective_fte=current_fte + backfill_fte + growth_hires * per_hire,
        shortfall_hires=shortfall,
        on_time_hires=on_time_hires,
        reachable=reachable,
        earliest_start=earliest,
        person_years=sum(p.expected_days * n for p, n in weighted) / 365.0,
        current_years=sum(
            profiles.profile(seat).expected_days for seat in seats[: len(people_starts)]
        )
        / 365.0,
        backfill_years=sum(profiles.profile(seat).expected_days for seat in backfill_seats) / 365.0,
        per_hire_years=profiles.profile(growth_seat).expected_days / 365.0
        if growth_start <= period_end
        else 0.0,
        monthly=monthly,
    )
