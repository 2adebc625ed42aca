"""The Inputs sheet's grey block: factors salesplan computes at build time."""

from __future__ import annotations

import datetime as dt

from salesplan.engine.activities import months_in_period
from salesplan.engine.build import calendar_for
from salesplan.plan.dates import shift
from salesplan.reports.xlsx.book import _Book, _RoleFactors
from salesplan.reports.xlsx.sheet import _BUILD_FILL, _TITLE_FONT, DATE, FTE, INTEGER, _Sheet


def write_factors(book: _Book, sheet: _Sheet, row: int) -> None:
    """The grey block: figures the engine derives from dates, calendar, ramp and attrition."""
    _ = book.t.gettext
    result = book.result
    plan = book.plan
    sheet.text(
        row,
        1,
        _("Calendar, ramp and attrition factors (computed by salesplan at build time)"),
        font=_TITLE_FONT,
        measure=False,
    )
    sheet.note(
        row + 1,
        1,
        _(
            "These values come from the period's dates, the holiday calendar, ramp, "
            "attrition and the team's start dates; they are not formulas. "
            "If any of those change, regenerate this workbook with `salesplan report`."
        ),
    )
    row += 2
    period = plan.goals.period
    end_path = "goals.period.end" if period.end is not None else "goals.period.horizon"
    scalars: list[tuple[str, float | int | dt.date, str, str, str, str]] = [
        (_("Period start"), result.period_start, DATE, "", "goals.period.start", "PeriodStart"),
        (_("Period end"), result.period_end, DATE, "", end_path, "PeriodEnd"),
        (_("Built as of"), result.as_of, DATE, "", "as_of", "AsOfDate"),
        (
            _("Working days"),
            result.working_days,
            INTEGER,
            _("days"),
            "country, calendar",
            "WorkingDays",
        ),
        (
            _("Working days per week"),
            calendar_for(plan).working_days_per_week,
            INTEGER,
            _("days"),
            "calendar.weekend",
            "WorkingDaysPerWeek",
        ),
        (
            _("Months in the period"),
            months_in_period(result.period_start, result.period_end),
            "#,##0.000",
            _("months"),
            "goals.period",
            "MonthsInPeriod",
        ),
    ]
    for label, value, number_format, unit, source, name in scalars:
        sheet.text(row, 1, label)
        book.name(name, sheet.value(row, 3, value, number_format, fill=_BUILD_FILL))
        if unit:
            sheet.text(row, 4, unit, indent=1)
        sheet.text(row, 5, source)
        row += 1
    row += 1
    sheet.header(row, [_("Role"), _("ID"), *book.factor_labels()])
    row += 1
    for role_id, role in plan.team.roles.items():
        h = result.headcount[role_id]
        earliest = shift(result.as_of, role.time_to_hire.amount, role.time_to_hire.unit)
        can_hire = int(max(result.period_start, earliest) <= result.period_end)
        sheet.text(row, 1, role.name)
        sheet.text(row, 2, role_id)
        # full precision: the formulas must reproduce the engine, not a rounded copy
        values: list[tuple[float | int, str]] = [
            (h.current, INTEGER),
            (h.current_fte, FTE),
            (h.backfills, INTEGER),
            (h.backfill_fte, FTE),
            (h.per_hire_fte, FTE),
            (h.current_years, FTE),
            (h.backfill_years, FTE),
            (h.per_hire_years, FTE),
            (can_hire, INTEGER),
        ]
        refs = [
            sheet.value(row, column, value, number_format, fill=_BUILD_FILL)
            for column, (value, number_format) in enumerate(values, start=3)
        ]
        book.factors[role_id] = _RoleFactors(*refs)
        row += 1
