"""The Activities sheet: each activity's volume, then role × activity matrices."""

from __future__ import annotations

from salesplan.reports.xlsx.book import _Book, _target_kind
from salesplan.reports.xlsx.sheet import DECIMAL, GENERAL, CellRef, _Sheet


def write_activities(book: _Book, sheet: _Sheet) -> None:
    _ = book.t.gettext
    plan = book.plan
    volumes = book.result.activities
    sheet.title_rows(
        _("Activities"),
        _(
            "Each activity's total: activities per deal × the deals each stage works, "
            "or the target when one is set."
        ),
    )
    header_row = 4
    sheet.header(
        header_row,
        [
            _("Activity"),
            _("ID"),
            _("Source"),
            _("Role"),
            _("Derived from the funnel"),
            _("Target as given"),
            _("Target unit"),
            _("Target for the period"),
            _("Total"),
            _("Per working day"),
            _("Per week"),
            _("Per month"),
        ],
    )
    # the stages that use each activity, split by the stage owner
    terms: dict[str, dict[str, list[str]]] = {}
    for stage in plan.strategy.stages:
        for activity_id in stage.activities:
            term = _per_deal_term(book, sheet, stage.id, activity_id)
            terms.setdefault(activity_id, {}).setdefault(stage.owner, []).append(term)
    units = book.target_units()
    row = header_row + 1
    activity_rows: dict[str, int] = {}
    for activity_id, volume in volumes.items():
        activity_rows[activity_id] = row
        key = f"activities.{activity_id}"
        sheet.text(row, 1, volume.name)
        sheet.text(row, 2, activity_id)
        sheet.text(row, 3, _("Target") if volume.source == "target" else _("Funnel"))
        sheet.text(row, 4, ", ".join(volume.by_role))
        derived = [
            _per_deal_term(book, sheet, stage.id, activity_id)
            for stage in plan.strategy.stages
            if activity_id in stage.activities
        ]
        if derived:
            ref = sheet.formula(row, 5, "+".join(derived), DECIMAL)
        else:
            ref = sheet.value(row, 5, 0, DECIMAL)
        book.figure(f"{key}.derived_total", ref)
        target = plan.goals.activities[activity_id].target
        if volume.source == "target" and target is not None:
            sheet.formula(row, 6, sheet.addr(book.target[activity_id]), GENERAL)
            kind = _target_kind(target)
            over_period = {
                "per_working_day": f"F{row}*WorkingDays",
                "per_week": f"F{row}*WorkingDays/WorkingDaysPerWeek",
                "per_month": f"F{row}*MonthsInPeriod",
                "total": f"F{row}",
            }
            sheet.text(row, 7, units[kind])
            sheet.formula(row, 8, over_period[kind], DECIMAL)
            total = sheet.formula(row, 9, f"H{row}", DECIMAL)
        else:
            total = sheet.formula(row, 9, f"E{row}", DECIMAL)
        book.figure(f"{key}.total", total)
        book.figure(
            f"{key}.per_working_day",
            sheet.formula(row, 10, f"I{row}/MAX(WorkingDays,1)", DECIMAL),
        )
        book.figure(
            f"{key}.per_week", sheet.formula(row, 11, f"J{row}*WorkingDaysPerWeek", DECIMAL)
        )
        book.figure(
            f"{key}.per_month",
            sheet.formula(row, 12, f"IF(MonthsInPeriod=0,0,I{row}/MonthsInPeriod)", DECIMAL),
        )
        row += 1

    # role × activity: totals, then per working day
    by_role = book.activities_by_role()
    activity_ids = list(volumes)
    roles = plan.team.roles
    row += 1
    sheet.section(row, _("Total for the period by role"), 2 + len(activity_ids))
    row += 1
    matrix_header = [_("Role"), _("ID"), *(volumes[a].name for a in activity_ids)]
    sheet.header(row, matrix_header)
    row += 1
    totals: dict[tuple[str, str], CellRef] = {}
    for role_id, done in by_role.items():
        sheet.text(row, 1, roles[role_id].name)
        sheet.text(row, 2, role_id)
        for column, activity_id in enumerate(activity_ids, start=3):
            if activity_id not in done:
                continue
            if volumes[activity_id].source == "target":
                expr = f"I{activity_rows[activity_id]}"
            else:
                expr = "+".join(terms[activity_id][role_id])
            ref = sheet.formula(row, column, expr, DECIMAL)
            totals[(role_id, activity_id)] = ref
            book.figure(f"activities.{activity_id}.by_role.{role_id}", ref)
        row += 1
    row += 1
    sheet.section(row, _("Per working day by role"), 2 + len(activity_ids))
    row += 1
    sheet.header(row, matrix_header)
    row += 1
    for role_id, done in by_role.items():
        sheet.text(row, 1, roles[role_id].name)
        sheet.text(row, 2, role_id)
        for column, activity_id in enumerate(activity_ids, start=3):
            if activity_id not in done:
                continue
            total_cell = totals[(role_id, activity_id)].coordinate
            ref = sheet.formula(row, column, f"{total_cell}/MAX(WorkingDays,1)", DECIMAL)
            book.per_day[(role_id, activity_id)] = ref
            book.figure(f"activities.{activity_id}.per_day_by_role.{role_id}", ref)
        row += 1
    sheet.finish(f"B{header_row + 1}", header_row)


def _per_deal_term(book: _Book, sheet: _Sheet, stage_id: str, activity_id: str) -> str:
    """Activities per deal × the deals the stage works."""
    per_deal = sheet.addr(book.per_deal[(stage_id, activity_id)])
    return f"{per_deal}*{sheet.addr(book.worked[stage_id])}"
