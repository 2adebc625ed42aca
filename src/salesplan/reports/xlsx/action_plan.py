"""The Action plan sheet: the plan's action items as plain values."""

from __future__ import annotations

from salesplan.reports.labels import ITEM_KINDS, ITEM_STATUSES
from salesplan.reports.xlsx.book import _Book
from salesplan.reports.xlsx.sheet import DATE, _Sheet


def write_action_plan(book: _Book, sheet: _Sheet) -> None:
    _ = book.t.gettext
    sheet.title_rows(_("Action plan"), "")
    header_row = 3
    sheet.header(
        header_row,
        [
            _("ID"),
            _("Title"),
            _("Type"),
            _("Owner"),
            _("Start"),
            _("End"),
            _("Depends on"),
            _("Status"),
            _("Notes"),
        ],
    )
    row = header_row + 1
    items = book.plan.action_plan.items
    if not items:
        sheet.note(row, 1, _("The plan has no action items."))
    for item in items:
        end = item.last_day if item.end or item.duration else None
        sheet.text(row, 1, item.id)
        sheet.text(row, 2, item.title)
        sheet.text(row, 3, _(ITEM_KINDS[item.kind]))
        if item.owner:
            sheet.text(row, 4, item.owner)
        sheet.value(row, 5, item.start, DATE)
        if end is not None:
            sheet.value(row, 6, end, DATE)
        if item.depends_on:
            sheet.text(row, 7, ", ".join(item.depends_on))
        sheet.text(row, 8, _(ITEM_STATUSES[item.status]))
        if item.notes:
            sheet.text(row, 9, item.notes)
        row += 1
    sheet.finish(f"B{header_row + 1}", header_row)
