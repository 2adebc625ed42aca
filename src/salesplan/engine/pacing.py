"""Pacing a target through the period: how much of it is due by a day, how the actual
compares, the status that follows, what each remaining day must now hold, and where
the period will land.

Pure arithmetic over numbers and dates the caller has read: the working days come
from the plan's calendar (weekends, public holidays, days off), the weights from an
optional monthly seasonality. Nothing here reads the CRM or the clock.

>>> import datetime as dt
>>> days = [dt.date(2027, 1, 4), dt.date(2027, 1, 5), dt.date(2027, 1, 6), dt.date(2027, 1, 7)]
>>> clock = PeriodClock.from_days(days, as_of=dt.date(2027, 1, 5))
>>> clock.elapsed, clock.left, clock.share_due
(2, 2, 0.5)
>>> status(pace(45, 0.5 * 100))
'behind'
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "AHEAD",
    "BANDS",
    "BEHIND",
    "ON_TRACK",
    "STATUSES",
    "CatchUp",
    "PeriodClock",
    "Status",
    "attainment_band",
    "catch_up",
    "in_time_share",
    "new_pipeline_in_time",
    "pace",
    "run_rate_forecast",
    "status",
]

Status = Literal["ahead", "on track", "behind", "at risk", "no target", "too early", "no data"]
STATUSES: tuple[Status, ...] = (
    "ahead",
    "on track",
    "behind",
    "at risk",
    "no target",
    "too early",
    "no data",
)
AHEAD = 1.10
"""At or above 110% of pace: ahead."""
ON_TRACK = 0.95
"""From 95% up to 110%: on track."""
BEHIND = 0.80
"""From 80% up to 95%: behind; below 80%: at risk."""
BANDS: tuple[tuple[str, float, float], ...] = (
    ("<50%", 0.0, 0.5),
    ("50–79%", 0.5, 0.8),
    ("80–99%", 0.8, 1.0),
    ("100–120%", 1.0, 1.2),
    (">120%", 1.2, math.inf),
)
"""Quota-attainment bands: label, lower bound (inclusive), upper bound (exclusive)."""


@dataclass(frozen=True, slots=True)
class PeriodClock:
    """Where a day falls in the period, in working days (optionally weighted by season).

    ``share_due`` is the part of a period target that is due by the end of ``as_of``:
    elapsed working days over all of them, each day weighted by its month's
    seasonality factor when one is given (a December at 0.7 asks less of each day).
    """

    as_of: dt.date
    total: int
    elapsed: int
    share_due: float
    next_day: dt.date | None

    @property
    def left(self) -> int:
        """Working days after ``as_of`` to the period's end."""
        return self.total - self.elapsed

    @classmethod
    def from_days(
        cls,
        working_days: Sequence[dt.date],
        as_of: dt.date,
        seasonality: Mapping[int, float] | None = None,
    ) -> PeriodClock:
        """The clock of a period whose working days are *working_days* (in order)."""

        def weight(day: dt.date) -> float:
            return seasonality.get(day.month, 1.0) if seasonality else 1.0

        done = [day for day in working_days if day <= as_of]
        total_weight = sum(weight(day) for day in working_days)
        due = sum(weight(day) for day in done) / total_weight if total_weight > 0 else 0.0
        following = next((day for day in working_days if day > as_of), None)
        return cls(as_of, len(working_days), len(done), min(due, 1.0), following)


def pace(actual: float, due: float, *, lower_is_better: bool = False) -> float | None:
    """Actual over what is due (1.0 = exactly on pace); for a figure where less is
    better (response time, cycle length) the target over the actual. None when
    nothing is due yet or the ratio is undefined."""
    if lower_is_better:
        if actual <= 0:
            return None if due <= 0 else math.inf
        return due / actual
    if due <= 0:
        return None
    return actual / due


def status(ratio: float | None, *, forecast_ratio: float | None = None) -> Status:
    """The status of a pace (actual ÷ due): ahead ≥ 110%, on track ≥ 95%, behind ≥ 80%,
    at risk below. A forecast that ends under 90% of the target makes it at risk
    whatever the pace so far; one that ends at or above the target lifts an
    at-risk pace to behind (the pipeline may still carry it)."""
    if ratio is None:
        return "too early"
    if ratio >= AHEAD:
        found: Status = "ahead"
    elif ratio >= ON_TRACK:
        found = "on track"
    elif ratio >= BEHIND:
        found = "behind"
    else:
        found = "at risk"
    if forecast_ratio is not None:
        if forecast_ratio < 0.9:
            return "at risk"
        if forecast_ratio >= 1.0 and found == "at risk":
            return "behind"
    return found


def run_rate_forecast(actual: float, clock: PeriodClock) -> float | None:
    """Where the period lands if the rest of it keeps the pace so far (by working days)."""
    if clock.elapsed == 0:
        return None
    return actual + actual / clock.elapsed * clock.left


@dataclass(frozen=True, slots=True)
class CatchUp:
    """What each remaining working day must now hold to still reach the target."""

    remaining: float
    per_day: float | None  # for the whole team; None when no working day is left
    per_person: float | None  # per person now in the role
    planned_per_person: float | None  # what the plan asked of one person per day
    from_day: dt.date | None

    @property
    def extra_per_person(self) -> float | None:
        """How much more than the plan one person must do each day (negative: less)."""
        if self.per_person is None or self.planned_per_person is None:
            return None
        return self.per_person - self.planned_per_person


def catch_up(
    target: float,
    actual: float,
    clock: PeriodClock,
    *,
    people: float | None = None,
    planned_per_person: float | None = None,
) -> CatchUp:
    """The catch-up line: the target left, spread over the working days left, and per
    person of the role (*people* now in it)."""
    remaining = max(target - actual, 0.0)
    if clock.left == 0:
        return CatchUp(remaining, None, None, planned_per_person, None)
    per_day = remaining / clock.left
    per_person = per_day / people if people else None
    return CatchUp(remaining, per_day, per_person, planned_per_person, clock.next_day)


def attainment_band(attainment: float) -> str:
    """The band of a quota attainment (1.0 = 100%): ``<50%`` … ``>120%``."""
    for label, low, high in BANDS:
        if low <= attainment < high:
            return label
    return BANDS[0][0]  # negative or NaN: the lowest band


def in_time_share(days_needed: float, days_left: float) -> float:
    """The share of deals that can still close when they need *days_needed* more
    calendar days and *days_left* remain: all of them when there is time, else the
    part of the remaining path the window covers."""
    if days_needed <= 0:
        return 1.0
    return max(0.0, min(1.0, days_left / days_needed))


def new_pipeline_in_time(cycle_days: float, days_left: float) -> float:
    """The share of deals created evenly over the *days_left* still left that close
    before the end, when a deal takes *cycle_days* from creation to close."""
    if days_left <= 0:
        return 0.0
    if cycle_days <= 0:
        return 1.0
    return max(0.0, days_left - cycle_days) / days_left
