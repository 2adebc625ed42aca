"""Working days: weekends, the country's public holidays and company days off.

Public holidays come from a :data:`HolidayLookup`: by default the ``holidays``
package (:func:`package_holidays`); an edge may pass a faster source of the
same dates, such as the CLI's on-disk cache.

>>> import datetime as dt
>>> cal = WorkCalendar(country="ID")
>>> len(cal.working_days(dt.date(2027, 1, 1), dt.date(2027, 3, 31)))
58
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import cast

__all__ = [
    "HolidayLookup",
    "WorkCalendar",
    "count_by_month",
    "count_by_week",
    "month_key",
    "months_between",
    "package_holidays",
    "week_key",
]

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


HolidayLookup = Callable[[str, "str | None", int], frozenset[dt.date]]
"""``lookup(country, subdivision, year)`` → that year's public holidays."""


@lru_cache(maxsize=64)
def package_holidays(country: str, subdivision: str | None, year: int) -> frozenset[dt.date]:
    """Public holidays from the ``holidays`` package (imported on first use)."""
    return frozenset(_country_calendar(country, subdivision, year).keys())


def _country_calendar(country: str, subdivision: str | None, year: int) -> Mapping[dt.date, str]:
    """The country's public holidays for *year* (``holidays`` is imported on first use)."""
    import holidays

    return cast(
        Mapping[dt.date, str], holidays.country_holidays(country, subdiv=subdivision, years=year)
    )


@lru_cache(maxsize=256)
def _working_days(calendar: WorkCalendar, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    return calendar._compute_working_days(start, end)


@lru_cache(maxsize=256)
def _breakdown(calendar: WorkCalendar, start: dt.date, end: dt.date) -> tuple[tuple[str, int], ...]:
    return calendar._compute_breakdown(start, end)


def month_key(day: dt.date) -> str:
    """``2027-01`` for any day of January 2027."""
    return f"{day.year:04d}-{day.month:02d}"


def months_between(start: dt.date, end: dt.date) -> list[str]:
    """Month keys from *start*'s month to *end*'s month, inclusive."""
    keys = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days."""

    country: str | None = None
    subdivision: str | None = None
    weekend: tuple[str, ...] = ("sat", "sun")
    days_off: frozenset[dt.date] = field(default_factory=frozenset)
    # where public holidays come from; every source gives the same dates, so it is not compared
    holiday_lookup: HolidayLookup = field(default=package_holidays, compare=False, repr=False)

    def holidays_between(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Public holidays from *start* to *end* inclusive (none without a country)."""
        if self.country is None:
            return []
        found: set[dt.date] = set()
        for year in range(start.year, end.year + 1):
            found |= self.holiday_lookup(self.country, self.subdivision, year)
        return sorted(day for day in found if start <= day <= end)

    def working_days(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Working days from *start* to *end* inclusive, in order."""
        return list(_working_days(self, start, end))

    def _compute_working_days(self, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
        weekend = {_WEEKDAYS.index(name) for name in self.weekend}
        closed = set(self.holidays_between(start, end)) | self.days_off
        days = []
        day = start
        one = dt.timedelta(days=1)
        while day <= end:
            if day.weekday() not in weekend and day not in closed:
                days.append(day)
            day += one
        return tuple(days)

    @property
    def working_days_per_week(self) -> int:
        """Working days in a week without holidays (5 for a Saturday–Sunday weekend)."""
        return 7 - len(set(self.weekend))

    def breakdown(self, start: dt.date, end: dt.date) -> dict[str, int]:
        """Calendar, weekend, holiday and day-off counts behind the working days."""
        return dict(_breakdown(self, start, end))

    def _compute_breakdown(self, start: dt.date, end: dt.date) -> tuple[tuple[str, int], ...]:
        weekend = {_WEEKDAYS.index(name) for name in self.weekend}
        calendar_days = (end - start).days + 1
        weekend_days = sum(
            1
            for offset in range(calendar_days)
            if (start + dt.timedelta(days=offset)).weekday() in weekend
        )
        holidays_on_weekdays = [
            d for d in self.holidays_between(start, end) if d.weekday() not in weekend
        ]
        days_off = [
            d
            for d in self.days_off
            if start <= d <= end
            and d.weekday() not in weekend
            and d not in set(holidays_on_weekdays)
        ]
        return (
            ("calendar", calendar_days),
            ("weekend", weekend_days),
            ("holidays", len(holidays_on_weekdays)),
            ("days_off", len(days_off)),
        )


def count_by_month(days: Iterable[dt.date]) -> dict[str, int]:
    """How many of *days* fall in each month."""
    return dict(Counter(month_key(day) for day in days))


def week_key(day: dt.date) -> str:
    """The ISO week of *day*: ``2027-W01``.

    >>> week_key(dt.date(2027, 1, 4))
    '2027-W01'
    """
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def count_by_week(days: Iterable[dt.date]) -> dict[str, int]:
    """How many of *days* fall in each ISO week."""
    return dict(Counter(week_key(day) for day in days))
