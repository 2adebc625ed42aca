"""What every section is written from: the inputs, the translator, the formatter and the charts.

``Context`` carries the plan, its build and the comparisons, with the small
helpers every section uses (``ctx._("…")`` to translate, names of roles and
activities, dashes for missing figures, a chart as a figure). The two tables
more than one section shows (targets per role, hires) live here too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from salesplan.engine.results import PlanBuild
from salesplan.engine.schedule import plan_schedule
from salesplan.engine.sensitivity import Sensitivity
from salesplan.plan.document import SalesPlan
from salesplan.reports import charts
from salesplan.reports.chart import Chart
from salesplan.reports.document import Align, Block, Figure, Paragraph, Table
from salesplan.reports.formatting import Formatter
from salesplan.reports.i18n import Translator, translator
from salesplan.reports.labels import HIRE_REASONS

__all__ = [
    "DASH",
    "Context",
    "ReportInputs",
    "aligned",
    "hiring_table",
    "targets_per_role_table",
]

DASH = "—"


def aligned(numbers: int) -> list[Align]:
    """A label column, then *numbers* right-aligned columns."""
    right: list[Align] = ["right"] * numbers
    return ["left", *right]


@dataclass(frozen=True)
class ReportInputs:
    """What a document is made from: the plan as written, its build, and the comparisons."""

    plan: SalesPlan  # with the scenario applied
    result: PlanBuild
    scenarios: list[tuple[str, PlanBuild]] = field(default_factory=list)
    sensitivity: list[Sensitivity] = field(default_factory=list)
    generated_on: dt.date | None = None


class Context:
    """Holds the translator, formatter and charts so the section functions stay short."""

    def __init__(self, inputs: ReportInputs) -> None:
        self.inputs = inputs
        self.plan = inputs.plan
        self.result = inputs.result
        self.t: Translator = translator(self.plan.language)
        self.fmt = Formatter(self.plan.effective_locale, self.plan.currency)
        as_of = self.result.as_of
        inside = self.result.period_start <= as_of <= self.result.period_end
        # the action plan with the hiring steps the build calls for, scheduled
        self.schedule = plan_schedule(self.plan, self.result)
        scheduled = [item.as_action_item() for item in self.schedule.items]
        charted = self.plan.model_copy(
            update={"action_plan": self.plan.action_plan.model_copy(update={"items": scheduled})}
        )
        self.charts: dict[str, Chart] = {
            chart.id: chart
            for chart in charts.all_charts(
                charted,
                self.result,
                t=self.t,
                fmt=self.fmt,
                as_of=as_of if inside else None,
                scenarios=inputs.scenarios or None,
                sensitivity=inputs.sensitivity or None,
            )
        }

    def _(self, message: str) -> str:
        return self.t.gettext(message)

    def role_name(self, role_id: str) -> str:
        role = self.plan.team.roles.get(role_id)
        return role.name if role is not None else role_id

    def activity_name(self, activity_id: str) -> str:
        activity = self.plan.goals.activities.get(activity_id)
        return activity.name if activity is not None else activity_id

    def maybe_money(self, value: float | None) -> str:
        return DASH if value is None else self.fmt.money(value)

    def maybe_number(self, value: float | None, digits: int = 2) -> str:
        return DASH if value is None else self.fmt.number(value, digits)

    def figure(self, chart_id: str, caption: str = "") -> list[Block]:
        chart = self.charts.get(chart_id)
        # the chart carries its title; a caption only adds what the title does not say
        return [] if chart is None else [Figure(chart, caption)]

    def empty(self) -> Paragraph:
        return Paragraph(self._("This section of the plan is not written yet."), "note")


# ── tables more than one section shows ────────────────────────────────────
def targets_per_role_table(ctx: Context) -> Table:
    result, fmt = ctx.result, ctx.fmt
    rows: list[list[str]] = []
    for role_id, head in result.headcount.items():
        for activity_id, per_rep in head.per_rep_per_day.items():
            volume = result.activities.get(activity_id)
            team_total = volume.by_role.get(role_id, 0.0) if volume else 0.0
            days = max(result.working_days, 1)
            rows.append(
                [
                    head.name,
                    ctx.activity_name(activity_id),
                    fmt.number(per_rep, 1),
                    fmt.number(team_total / days, 1),
                    fmt.number(team_total / days * _week_days(ctx), 1),
                ]
            )
    return Table(
        [
            ctx._("Role"),
            ctx._("Activity"),
            ctx._("Per rep per day"),
            ctx._("Team per day"),
            ctx._("Team per week"),
        ],
        rows,
        ["left", "left", "right", "right", "right"],
        ctx._("Daily and weekly activity targets per role"),
    )


def _week_days(ctx: Context) -> float:
    result = ctx.result
    return float(max(result.working_days_by_week.values(), default=5))


def hiring_table(ctx: Context) -> Table:
    fmt = ctx.fmt
    rows = [
        [
            ctx.role_name(h.role),
            fmt.integer(h.count),
            ctx._(HIRE_REASONS[h.reason]),
            fmt.short_date(h.hire_by),
            fmt.short_date(h.start),
            fmt.short_date(h.ramped_by),
        ]
        for h in ctx.result.hiring
    ]
    return Table(
        [
            ctx._("Role"),
            ctx._("Hires"),
            ctx._("Reason"),
            ctx._("Hire by"),
            ctx._("Start"),
            ctx._("Fully ramped"),
        ],
        rows,
        ["left", "right", "left", "left", "left", "left"],
        ctx._("Hires and their dates"),
    )
