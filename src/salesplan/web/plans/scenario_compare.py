"""The scenarios page's table: the plan's scenarios built side by side (the engine's
``compare_scenarios``), turned into rows of figures formatted for the reader, each
scenario's figure with its difference from the base.

>>> from salesplan.reports.formatting import Formatter
>>> difference(50, 56, Formatter("en_US", "USD"), "integer")
Change(text='+12%', direction='up')
>>> difference(50, 46, Formatter("id_ID", "IDR"), "integer")
Change(text='−8%', direction='down')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salesplan.engine.results import PlanBuild
from salesplan.engine.sensitivity import compare_scenarios, numeric_inputs
from salesplan.plan.document import SalesPlan
from salesplan.reports.formatting import Formatter
from salesplan.web.plans.editor import editor_fields

__all__ = [
    "BASE",
    "Cell",
    "Change",
    "Column",
    "Comparison",
    "Row",
    "compare",
    "difference",
    "override_paths",
    "shown_value",
]

BASE = "base"
"""The column the others are compared with: the plan as written, or its scenario ``base``."""

Direction = Literal["up", "down", "same", ""]
Kind = Literal["money", "integer", "decimal", "date"]
Figure = Callable[[PlanBuild], float | dt.date | None]
_MINUS = "\u2212"


@dataclass(frozen=True)
class Change:
    """How a scenario's figure differs from the base's: ``+12%``, and which way."""

    text: str = ""
    direction: Direction = ""


@dataclass(frozen=True)
class Cell:
    """One figure of one scenario, formatted, with its change from the base."""

    text: str
    change: Change = field(default_factory=Change)


@dataclass(frozen=True)
class Row:
    """One figure across every scenario; ``group`` starts a new block of the table."""

    label: str
    cells: list[Cell]
    group: str = ""


@dataclass(frozen=True)
class Column:
    """One scenario: its name, its description and its overrides (path, value as written)."""

    name: str
    description: str
    overrides: list[tuple[str, str]]
    is_base: bool
    defined: bool  # a scenario of the plan (the plan as written is not one, unless named base)


@dataclass(frozen=True)
class Comparison:
    columns: list[Column]
    rows: list[Row]
    builds: list[tuple[str, PlanBuild]]


def shown_value(value: float | int | str) -> str:
    """An override's value as the YAML holds it: ``4500``, ``45%``, ``0.45``."""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def difference(
    base: float | dt.date | None, value: float | dt.date | None, fmt: Formatter, kind: Kind
) -> Change:
    """*value* against *base*: a percentage (an amount where the base is zero), or days."""
    if base is None or value is None:
        return Change()
    if isinstance(base, dt.date) or isinstance(value, dt.date):
        if not (isinstance(base, dt.date) and isinstance(value, dt.date)):
            return Change()
        days = (value - base).days
        if days == 0:
            return Change("", "same")
        words = (
            ngettext("%(days)s day later", "%(days)s days later", days)
            if days > 0
            else ngettext("%(days)s day earlier", "%(days)s days earlier", -days)
        )
        return Change(words % {"days": fmt.integer(abs(days))}, "up" if days > 0 else "down")
    delta = value - base
    if abs(delta) < 1e-9:
        return Change("", "same")
    sign = "+" if delta > 0 else _MINUS
    direction: Direction = "up" if delta > 0 else "down"
    if base == 0:
        return Change(sign + _figure(abs(delta), fmt, kind), direction)
    ratio = abs(delta / base)
    return Change(sign + fmt.percent(ratio, 1 if ratio < 0.095 else 0), direction)


def _figure(value: float, fmt: Formatter, kind: Kind) -> str:
    if kind == "money":
        return fmt.money(value)
    if kind == "integer":
        return fmt.integer(value)
    return fmt.number(value, 1)


def _row(
    label: str,
    builds: Sequence[PlanBuild],
    value: Figure,
    fmt: Formatter,
    kind: Kind,
    group: str = "",
) -> Row:
    values = [value(result) for result in builds]
    cells = []
    for index, found in enumerate(values):
        if found is None:
            text = "—"
        elif isinstance(found, dt.date):
            text = fmt.short_date(found)
        else:
            text = _figure(found, fmt, kind)
        change = difference(values[0], found, fmt, kind) if index else Change()
        cells.append(Cell(text, change))
    return Row(label, cells, group)


def _stage_volume(stage: str) -> Figure:
    def volume(result: PlanBuild) -> float | None:
        return next((v.required for v in result.funnel if v.stage == stage), None)

    return volume


def _per_day(activity: str) -> Figure:
    def per_day(result: PlanBuild) -> float | None:
        found = result.activities.get(activity)
        return None if found is None else found.per_working_day

    return per_day


def _headcount(role: str, which: Literal["required", "to_hire"]) -> Figure:
    def people(result: PlanBuild) -> float | None:
        found = result.headcount.get(role)
        if found is None:
            return None
        return found.required if which == "required" else found.to_hire

    return people


def _first_hire(result: PlanBuild) -> dt.date | None:
    return min((hire.hire_by for hire in result.hiring), default=None)


def comparison_rows(builds: Sequence[PlanBuild], fmt: Formatter) -> list[Row]:
    """The figures a leader compares, the first build being the base."""
    rows = [
        _row(_("Revenue goal"), builds, lambda b: b.revenue_goal, fmt, "money", _("Goal")),
        _row(_("Deals to win"), builds, lambda b: b.deals_required, fmt, "integer"),
    ]
    stages = {stage.stage: stage.name for b in builds for stage in b.funnel}
    for number, (stage_id, name) in enumerate(stages.items()):
        rows.append(
            _row(
                name,
                builds,
                _stage_volume(stage_id),
                fmt,
                "integer",
                _("Deals reaching each stage") if number == 0 else "",
            )
        )
    activities = {key: a.name for b in builds for key, a in b.activities.items()}
    for number, (key, name) in enumerate(activities.items()):
        rows.append(
            _row(
                name,
                builds,
                _per_day(key),
                fmt,
                "decimal",
                _("Activities per working day") if number == 0 else "",
            )
        )
    roles = {key: head.name for b in builds for key, head in b.headcount.items()}
    for number, (key, name) in enumerate(roles.items()):
        rows.append(
            _row(
                _("%(role)s: needed") % {"role": name},
                builds,
                _headcount(key, "required"),
                fmt,
                "integer",
                _("Headcount") if number == 0 else "",
            )
        )
        rows.append(
            _row(
                _("%(role)s: to hire") % {"role": name},
                builds,
                _headcount(key, "to_hire"),
                fmt,
                "integer",
            )
        )
    rows.append(_row(_("First hire by"), builds, _first_hire, fmt, "date"))
    rows.append(_row(_("Total budget"), builds, lambda b: b.budget.total, fmt, "money", _("Money")))
    if any(b.budget.cost_per_won_deal is not None for b in builds):
        rows.append(
            _row(_("Cost per won deal"), builds, lambda b: b.budget.cost_per_won_deal, fmt, "money")
        )
    if any(b.budget.cac is not None for b in builds):
        rows.append(_row(_("CAC"), builds, lambda b: b.budget.cac, fmt, "money"))
    rows.append(
        _row(
            _("Warnings to act on"),
            builds,
            lambda b: len(b.warnings),
            fmt,
            "integer",
            _("Warnings"),
        )
    )
    return rows


def compare(plan: SalesPlan) -> Comparison:
    """Every scenario of *plan* (as its reader sees it) built, the base first."""
    builds = compare_scenarios(plan)
    ordered = [(BASE, builds[BASE]), *((n, b) for n, b in builds.items() if n != BASE)]
    fmt = Formatter(plan.effective_locale, plan.currency)
    columns = []
    for name, _result in ordered:
        scenario = plan.scenarios.get(name)
        columns.append(
            Column(
                name,
                scenario.description if scenario else "",
                [(path, shown_value(v)) for path, v in scenario.overrides.items()]
                if scenario
                else [],
                name == BASE,
                scenario is not None,
            )
        )
    return Comparison(columns, comparison_rows([b for _, b in ordered], fmt), ordered)


def override_paths(plan: SalesPlan) -> list[tuple[str, str]]:
    """Paths a scenario may override, with the editor's label where it has one."""
    labels = {item.path: item.label for item in editor_fields(plan)}
    paths = list(labels) + list(numeric_inputs(plan))
    for role_id in plan.team.roles:
        prefix = f"team.roles.{role_id}"
        paths += [
            f"{prefix}.attrition",
            f"{prefix}.time_to_hire",
            f"{prefix}.max_hires",
            f"{prefix}.compensation.base",
            f"{prefix}.compensation.variable",
            f"{prefix}.compensation.commission_rate",
        ]
    paths += [
        "goals.economics.marketing_spend",
        "goals.economics.other_costs",
        "goals.economics.arpa_monthly",
        "goals.economics.gross_margin",
        "goals.economics.monthly_churn",
        "goals.quota.over_assignment",
        "goals.quota.expected_attainment",
    ]
    return [(path, labels.get(path, "")) for path in dict.fromkeys(paths)]
