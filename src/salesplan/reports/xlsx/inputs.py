"""The Inputs sheet: every numeric input of the plan, one per row, in yellow cells."""

from __future__ import annotations

from collections.abc import Callable

from salesplan.reports.xlsx.book import LiveWorkbook, _Book, _target_kind
from salesplan.reports.xlsx.factors import write_factors
from salesplan.reports.xlsx.sheet import (
    _INPUT_FILL,
    _TITLE_FONT,
    GENERAL,
    INPUT_PERCENT,
    INTEGER,
    RATIO,
    CellRef,
    _Sheet,
)


class _InputList:
    """The Inputs sheet's list: one input per row, in sections; records each input's cell."""

    def __init__(
        self,
        sheet: _Sheet,
        live: LiveWorkbook,
        row: int,
        name: Callable[[str, CellRef], None],
    ) -> None:
        self.sheet = sheet
        self.live = live
        self.row = row
        self._name = name

    def section(self, label: str) -> None:
        self.sheet.section(self.row, label, 5)
        self.row += 1

    def put(
        self,
        label: str,
        applies_to: str,
        value: float | int | None,
        number_format: str,
        unit: str,
        path: str,
        name: str | None = None,
    ) -> CellRef:
        """A yellow input cell with its label, what it applies to, unit and plan path."""
        sheet, row = self.sheet, self.row
        sheet.text(row, 1, label)
        if applies_to:
            sheet.text(row, 2, applies_to)
        ref = sheet.value(row, 3, value, number_format, fill=_INPUT_FILL)
        sheet.text(row, 4, unit, indent=1)
        sheet.text(row, 5, path)
        self.live.inputs[path] = ref
        if name is not None:
            self._name(name, ref)
        self.row += 1
        return ref


def write_inputs(book: _Book, sheet: _Sheet) -> None:
    _ = book.t.gettext
    sheet.text(1, 1, book.plan.name, font=_TITLE_FONT, measure=False)
    sheet.note(
        2,
        1,
        _(
            "Yellow cells are inputs: change one and every sheet recomputes. "
            "Grey cells were computed by salesplan when this workbook was made."
        ),
    )
    header_row = 4
    sheet.header(header_row, [_("Input"), _("Applies to"), _("Value"), _("Unit"), _("Plan path")])
    listing = _InputList(sheet, book.live, header_row + 1, book.name)
    _goal_inputs(book, listing)
    _stage_inputs(book, listing)
    _role_inputs(book, listing)
    write_factors(book, sheet, listing.row + 1)
    sheet.finish(f"A{header_row + 1}", header_row)


def _goal_inputs(book: _Book, listing: _InputList) -> None:
    _ = book.t.gettext
    say = book.t.say
    goals = book.plan.goals
    economics = goals.economics
    currency = book.fmt.currency
    money = book.money
    in_period = say("{currency} in the period", currency=currency)
    listing.section(_("Goal and quota"))
    rows: list[tuple[str, float | None, str, str, str, str]] = [
        (_("Revenue goal"), goals.revenue_goal, money, in_period, "revenue_goal", "Goal"),
        (
            _("Average deal value"),
            goals.average_deal_value,
            money,
            currency,
            "average_deal_value",
            "DealValue",
        ),
        (
            _("Quota over-assignment"),
            goals.quota.over_assignment,
            RATIO,
            _("× the goal"),
            "quota.over_assignment",
            "OverAssignment",
        ),
        (
            _("Expected attainment"),
            goals.quota.expected_attainment,
            INPUT_PERCENT,
            _("% of quota"),
            "quota.expected_attainment",
            "Attainment",
        ),
    ]
    for label, value, number_format, unit, path, name in rows:
        listing.put(label, "", value, number_format, unit, f"goals.{path}", name)
    listing.section(_("Costs and unit economics"))
    rows = [
        (
            _("Marketing spend"),
            economics.marketing_spend,
            money,
            in_period,
            "marketing_spend",
            "MarketingSpend",
        ),
        (
            _("Other costs"),
            economics.other_costs,
            money,
            in_period,
            "other_costs",
            "OtherCosts",
        ),
        (
            _("Average revenue per account"),
            economics.arpa_monthly,
            money,
            say("{currency} a month", currency=currency),
            "arpa_monthly",
            "ArpaMonthly",
        ),
        (
            _("Gross margin"),
            economics.gross_margin,
            INPUT_PERCENT,
            "%",
            "gross_margin",
            "GrossMargin",
        ),
        (
            _("Monthly churn"),
            economics.monthly_churn,
            INPUT_PERCENT,
            _("% a month"),
            "monthly_churn",
            "MonthlyChurn",
        ),
        (
            _("Customer lifetime value (LTV), if known"),
            economics.ltv,
            money,
            _("empty: revenue × margin ÷ churn"),
            "ltv",
            "LtvInput",
        ),
    ]
    for label, value, number_format, unit, path, name in rows:
        listing.put(label, "", value, number_format, unit, f"goals.economics.{path}", name)


def _stage_inputs(book: _Book, listing: _InputList) -> None:
    _ = book.t.gettext
    plan = book.plan
    activities = plan.goals.activities
    pipeline = plan.strategy.pipeline_stages
    listing.section(_("Stage conversions"))
    for stage in pipeline:
        book.conversion[stage.id] = listing.put(
            _("Conversion to the next stage"),
            stage.name,
            stage.conversion,
            INPUT_PERCENT,
            _("% of the stage's deals"),
            f"strategy.stages.{stage.id}.conversion",
        )
    open_counts = {stage.id: 0 for stage in pipeline}
    for deals in plan.strategy.open_pipeline:
        if deals.stage in open_counts:
            open_counts[deals.stage] += deals.count
    listing.section(_("Open pipeline"))
    for stage in pipeline:
        book.open_deals[stage.id] = listing.put(
            _("Deals open today"),
            stage.name,
            open_counts[stage.id],
            INTEGER,
            _("deals"),
            f"strategy.open_pipeline.{stage.id}.count",
        )
    listing.section(_("Activities per deal"))
    for stage in plan.strategy.stages:
        for activity_id, per_deal in stage.activities.items():
            book.per_deal[(stage.id, activity_id)] = listing.put(
                _("Activities per deal"),
                f"{stage.name} · {book.activity_name(activity_id)}",
                per_deal,
                GENERAL,
                _("per deal in the stage"),
                f"strategy.stages.{stage.id}.activities.{activity_id}",
            )
    units = book.target_units()
    targets = [
        (activity_id, activity.name, activity.target)
        for activity_id, activity in activities.items()
        if activity.target is not None and activity_id in book.result.activities
    ]
    if targets:
        listing.section(_("Activity targets"))
    for activity_id, name, target in targets:
        kind = _target_kind(target)
        book.target[activity_id] = listing.put(
            _("Activity target"),
            name,
            getattr(target, kind),
            GENERAL,
            units[kind],
            f"goals.activities.{activity_id}.target.{kind}",
        )


def _role_inputs(book: _Book, listing: _InputList) -> None:
    _ = book.t.gettext
    say = book.t.say
    a_year = say("{currency} a year", currency=book.fmt.currency)
    listing.section(_("Capacity and hiring limits"))
    for role_id, role in book.plan.team.roles.items():
        cells = book.roles[role_id]
        path = f"team.roles.{role_id}"
        for activity_id, amount in role.capacity.items():
            cells.capacity[activity_id] = listing.put(
                _("Capacity of one fully ramped person"),
                f"{role.name} · {book.activity_name(activity_id)}",
                amount,
                GENERAL,
                _("per working day"),
                f"{path}.capacity.{activity_id}",
            )
        for activity_id, minutes in role.minutes_per_activity.items():
            cells.minutes[activity_id] = listing.put(
                _("Minutes per activity"),
                f"{role.name} · {book.activity_name(activity_id)}",
                minutes,
                GENERAL,
                _("minutes"),
                f"{path}.minutes_per_activity.{activity_id}",
            )
        if role.minutes_per_activity or role.selling_hours_per_day is not None:
            cells.selling_hours = listing.put(
                _("Selling hours per day"),
                role.name,
                role.selling_hours_per_day,
                GENERAL,
                _("hours per working day"),
                f"{path}.selling_hours_per_day",
            )
        if role.fixed_headcount is not None:
            cells.fixed = listing.put(
                _("Fixed headcount"),
                role.name,
                role.fixed_headcount,
                INTEGER,
                _("people"),
                f"{path}.fixed_headcount",
            )
        elif role.manages:
            cells.span = listing.put(
                _("Span of control"),
                role.name,
                role.span_of_control,
                INTEGER,
                _("people per manager"),
                f"{path}.span_of_control",
            )
        cells.max_hires = listing.put(
            _("Most growth hires"),
            role.name,
            role.max_hires,
            INTEGER,
            _("people (empty: no limit)"),
            f"{path}.max_hires",
        )
    listing.section(_("Pay"))
    for role_id, role in book.plan.team.roles.items():
        cells = book.roles[role_id]
        pay = role.compensation
        path = f"team.roles.{role_id}.compensation"
        cells.base = listing.put(
            _("Base pay"), role.name, pay.base, book.money, a_year, f"{path}.base"
        )
        cells.variable = listing.put(
            _("Variable pay at 100% of quota"),
            role.name,
            pay.variable,
            book.money,
            a_year,
            f"{path}.variable",
        )
        cells.commission = listing.put(
            _("Commission rate"),
            role.name,
            pay.commission_rate,
            INPUT_PERCENT,
            _("% of the revenue won"),
            f"{path}.commission_rate",
        )
