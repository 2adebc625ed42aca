"""The Funnel sheet: deals to win, read backwards through the pipeline stages."""

from __future__ import annotations

from salesplan.reports.xlsx.book import _Book
from salesplan.reports.xlsx.sheet import _BOLD, DECIMAL, INTEGER, PERCENT, RATIO, _ceil, _Sheet


def write_funnel(book: _Book, sheet: _Sheet) -> None:
    _ = book.t.gettext
    plan = book.plan
    sheet.title_rows(
        _("Funnel"),
        _(
            "Read backwards from the revenue goal: the deals to win, then the deals each "
            "stage must reach. Every figure is a formula of the Inputs sheet."
        ),
    )
    key_rows = [
        (_("Revenue goal"), "Goal", book.money, None),
        (_("Average deal value"), "DealValue", book.money, None),
        (
            _("Deals to win"),
            _ceil("Goal/DealValue"),
            INTEGER,
            ("DealsRequired", "deals_required"),
        ),
    ]
    row = 4
    for label, expr, number_format, naming in key_rows:
        sheet.text(row, 1, label, font=_BOLD if naming else None)
        ref = sheet.formula(row, 2, expr, number_format)
        if naming:
            book.name(naming[0], ref)
            book.figure(naming[1], ref)
        row += 1
    pipeline = plan.strategy.pipeline_stages
    header_row = row + 3
    first = header_row + 1
    last = first + len(pipeline) - 1
    sheet.text(row, 1, _("Expected wins from the open pipeline"))
    book.name(
        "ExpectedWinsFromOpen",
        sheet.formula(row, 2, f"SUMPRODUCT($G${first}:$G${last},$H${first}:$H${last})", DECIMAL),
    )
    sheet.text(row + 1, 1, _("Deals to win from new pipeline"))
    book.name(
        "NewDealsToWin",
        sheet.formula(row + 1, 2, "MAX(0,DealsRequired-ExpectedWinsFromOpen)", DECIMAL),
    )
    sheet.header(
        header_row,
        [
            _("Stage"),
            _("ID"),
            _("Owner"),
            _("Type"),
            _("Conversion"),
            _("Deals that must reach the stage"),
            _("Open deals today"),
            _("Win rate from this stage"),
            _("Coverage"),
            _("Expected from the open pipeline"),
            _("New deals to create"),
            _("Deals worked"),
        ],
    )
    row = first
    for index, stage in enumerate(pipeline):
        is_last = index == len(pipeline) - 1
        sheet.text(row, 1, stage.name)
        sheet.text(row, 2, stage.id)
        sheet.text(row, 3, stage.owner)
        sheet.text(row, 4, _("Pipeline"))
        sheet.formula(row, 5, sheet.addr(book.conversion[stage.id]), PERCENT)
        following = "DealsRequired" if is_last else f"F{row + 1}"
        key = f"funnel.{stage.id}"
        book.figure(f"{key}.required", sheet.formula(row, 6, _ceil(f"{following}/E{row}"), INTEGER))
        sheet.formula(row, 7, sheet.addr(book.open_deals[stage.id]), INTEGER)
        win = f"E{row}" if is_last else f"H{row + 1}*E{row}"
        book.figure(f"{key}.win_rate", sheet.formula(row, 8, win, PERCENT))
        book.figure(f"{key}.coverage", sheet.formula(row, 9, f"1/H{row}", RATIO))
        if index == 0:
            flow = sheet.value(row, 10, 0, DECIMAL)
        else:
            flow = sheet.formula(row, 10, f"(J{row - 1}+G{row - 1})*E{row - 1}", DECIMAL)
        book.figure(f"{key}.from_open_pipeline", flow)
        new = "NewDealsToWin" if is_last else f"K{row + 1}"
        book.figure(f"{key}.to_create", sheet.formula(row, 11, _ceil(f"{new}/E{row}"), INTEGER))
        book.worked[stage.id] = sheet.formula(row, 12, f"K{row}+J{row}", DECIMAL)
        book.figure(f"{key}.worked", book.worked[stage.id])
        row += 1
    for stage in plan.strategy.stages:
        if not stage.post_sale:
            continue
        key = f"funnel.{stage.id}"
        sheet.text(row, 1, stage.name)
        sheet.text(row, 2, stage.id)
        sheet.text(row, 3, stage.owner)
        sheet.text(row, 4, _("After the sale"))
        book.figure(f"{key}.required", sheet.formula(row, 6, "DealsRequired", INTEGER))
        book.figure(f"{key}.from_open_pipeline", sheet.value(row, 10, 0, DECIMAL))
        book.figure(f"{key}.to_create", sheet.formula(row, 11, "DealsRequired", INTEGER))
        book.worked[stage.id] = sheet.formula(row, 12, f"K{row}+J{row}", DECIMAL)
        book.figure(f"{key}.worked", book.worked[stage.id])
        row += 1
    sheet.finish(f"B{first}", header_row)
