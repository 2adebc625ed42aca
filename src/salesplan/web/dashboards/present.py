"""A tracking view's figures as text for the page: money, counts, rates and ratios in
the plan's locale (Babel, as the documents format them)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from salesplan.analytics.tracking import KpiLine, Tracking
from salesplan.plan.document import SalesPlan
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
    status: str  # the code (for the colour)
    status_label: str
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
    text = _("%(amount)s a working day") % {"amount": _figure(line, catch.per_day, fmt)}
    if catch.per_person is not None and line.role:
        text += " · " + _("%(amount)s per %(role)s") % {
            "amount": _figure(line, catch.per_person, fmt),
            "role": line.role,
        }
    return text


def status_label(status: str) -> str:
    """A status in the interface's language."""
    return {
        "ahead": _("ahead"),
        "on track": _("on track"),
        "behind": _("behind"),
        "at risk": _("at risk"),
        "no target": _("no target"),
        "too early": _("too early"),
        "no data": _("no data"),
    }.get(status, status)


def kpi_label(line: KpiLine, plan: SalesPlan) -> str:
    """A KPI's name in the interface's language; a name the plan's section 7 gave it
    is the plan's own words and stays as written."""
    kpi = line.kpi
    if kpi.source.startswith("section 7"):
        return kpi.name
    stages = [stage for stage in plan.strategy.stages if not stage.post_sale]
    names = {stage.id: stage.name for stage in stages}
    fixed = {
        "revenue": _("New-business revenue"),
        "won_deals": _("Won deals"),
        "average_deal_value": _("Average purchase value"),
        "win_rate": _("Win rate"),
        "cycle_days": _("Sales cycle (median days)"),
        "pipeline_coverage": _("Pipeline coverage"),
        "response_hours": _("Lead response time (median hours)"),
    }
    if kpi.id in fixed:
        return fixed[kpi.id]
    if kpi.id.startswith("entered:") and kpi.stage:
        return _("Deals entering %(stage)s") % {"stage": names.get(kpi.stage, kpi.stage)}
    if kpi.id.startswith("conversion:") and kpi.stage:
        ids = [stage.id for stage in stages]
        index = ids.index(kpi.stage) if kpi.stage in ids else -1
        following = names[ids[index + 1]] if 0 <= index < len(ids) - 1 else _("won")
        return f"{names.get(kpi.stage, kpi.stage)} → {following}"
    return kpi.name  # an activity: the plan's own name for it


def present(tracking: Tracking, plan: SalesPlan) -> list[KpiRow]:
    """The rows of the KPI table, in the interface's language and the plan's locale."""
    fmt = Formatter(plan.effective_locale, plan.currency)
    rows = []
    for line in tracking.lines:
        pace = "—"
        if line.pace is not None and not math.isinf(line.pace):
            pace = fmt.percent(line.pace, 0)
        rows.append(
            KpiRow(
                kpi_label(line, plan),
                line.kpi.primary,
                _figure(line, line.target, fmt),
                _figure(line, line.due, fmt) if line.kpi.paced else "",
                _figure(line, line.actual, fmt),
                pace,
                line.status,
                status_label(line.status),
                _figure(line, line.forecast, fmt),
                _catch_up(line, fmt),
            )
        )
    return rows


@dataclass(frozen=True)
class LeaderRow:
    """A leaderboard line with its figures formatted (money for quota carriers)."""

    name: str
    role: str
    role_name: str
    measure: str
    actual: str
    due: str
    attainment: str


def leaderboard(tracking: Tracking, plan: SalesPlan) -> list[LeaderRow]:
    """The leaderboard in the plan's currency and the reader's number format."""
    fmt = Formatter(plan.effective_locale, plan.currency)
    lines = {line.kpi.id: line for line in tracking.lines}
    rows = []
    for row in tracking.leaderboard:
        line = lines.get(row.kpi)
        money = (line is not None and line.kpi.kind == "money") or row.kpi == "revenue"
        show = fmt.money if money else fmt.integer
        role = plan.team.roles.get(row.member.role or "")
        rows.append(
            LeaderRow(
                row.member.name,
                row.member.role or "",
                role.name if role else (row.member.role or "—"),
                kpi_label(line, plan) if line is not None else row.kpi,
                show(row.actual),
                show(row.due),
                "—" if row.attainment is None else fmt.percent(row.attainment, 0),
            )
        )
    return rows
