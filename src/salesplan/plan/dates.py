"""Calendar arithmetic the plan document needs (month steps that clamp to month end)."""

from __future__ import annotations

import calendar
import datetime as dt

__all__ = ["add_months", "shift"]


def add_months(day: dt.date, months: int) -> dt.date:
    """Move *day* by whole months, clamping to the last day of the target month.

    >>> add_months(dt.date(2027, 1, 31), 1)
    datetime.date(2027, 2, 28)
    >>> add_months(dt.date(2027, 3, 15), -3)
    datetime.date(2026, 12, 15)
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def shift(day: dt.date, amount: int, unit: str) -> dt.date:
    """Move *day* by *amount* days (``d``), weeks (``w``) or months (``m``).

    >>> shift(dt.date(2027, 1, 1), -45, "d")
    datetime.date(2026, 11, 17)
    """
    if unit == "d":
        return day + dt.timedelta(days=amount)
    if unit == "w":
        return day + dt.timedelta(weeks=amount)
    if unit == "m":
        return add_months(day, amount)
    raise ValueError(f"unknown duration unit {unit!r}; valid: d, w, m")
