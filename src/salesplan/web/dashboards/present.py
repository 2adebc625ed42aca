"""A tracking view's figures as text for the page: money, counts, rates and ratios in
the plan's locale (Babel, as the documents format them)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from salesplan.analytics.tracking import KpiLine, Tracking
from salesplan.reports.formatting import Formatter

__all__ = ["KpiRow", "present"]


@dataclass(frozen=True)
class KpiRow:
    """One KPI line, every figure formatted."""

    name: str
    primary: bool
    target: str
    due: str
    actual: str
    pace: str
    status: str
    forecast: str
    catch_up: str


def _figure(line: KpiLine, value: float | None, fmt: Formatter) -> str:
    if value is None:
        return "—"
    kind = line.kpi.kind
    if kind == "money":
        return fmt.money(value)
    if kind == "rate":
        return fmt.percent(value)
    if kind == "ratio":
        return fmt.number(value, 1) + "×"
    if kind in ("days", "hours"):
        return fmt.number(value, 1)
    return fmt.number(value, 0 if abs(value) >= 10 else 1)


def _catch_up(line: KpiLine, fmt: Formatter) -> str:
    catch = line.catch_up
    if catch is None or line.status not in ("behind", "at risk") or catch.per_day is None:
        return ""
    text = f"{_figure(line, catch.per_day, fmt)} / day"
    if catch.per_person is not None and line.role:
        text += f" · {_figure(line, catch.per_person, fmt)} per {line.role}"
    return text


def present(tracking: Tracking, locale: str, currency: str) -> list[KpiRow]:
    """The rows of the KPI table."""
    fmt = Formatter(locale, currency)
    rows = []
    for line in tracking.lines:
        pace = "—"
        if line.pace is not None and not math.isinf(line.pace):
            pace = fmt.percent(line.pace, 0)
        rows.append(
            KpiRow(
                line.kpi.name,
                line.kpi.primary,
                _figure(line, line.target, fmt),
                _figure(line, line.due, fmt) if line.kpi.paced else "",
                _figure(line, line.actual, fmt),
                pace,
                line.status,
                _figure(line, line.forecast, fmt),
                _catch_up(line, fmt),
            )
        )
    return rows
