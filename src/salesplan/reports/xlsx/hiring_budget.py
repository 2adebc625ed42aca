"""The Hiring and Budget sheets: the build's hires, then pay and unit economics."""

from __future__ import annotations

from salesplan.reports.labels import HIRE_REASONS
from salesplan.reports.xlsx.book import _Book
from salesplan.reports.xlsx.sheet import _BOLD, DATE, DECIMAL, FTE, INTEGER, RATIO, _Sheet


# ── Hiring ────────────────────────────────────────────────────────────
def write_hiring(book: _Book, sheet: _Sheet) -> None:
    _ = book.t.gettext
    sheet.title_rows(
        _("Hiring"),
        _(
            "The hires of the build, with the dates that make them happen. Growth hires "
            "follow the Team sheet; dates come from the build."
        ),
    )
    header_row = 4
    sheet.header(
        header_row,
        [
            _("Role"),
            _("ID"),
            _("Reason"),
            _("Hires"),
            _("Start"),
            _("Hire by"),
            _("Fully ramped by"),
            _("Quarter"),
        ],
    )
    row = header_row + 1
    if not book.result.hiring:
        sheet.note(row, 1, _("No hires needed."))
    for index, hire in enumerate(book.result.hiring):
        role = book.plan.team.roles[hire.role]
        sheet.text(row, 1, role.name)
        sheet.text(row, 2, hire.role)
        sheet.text(row, 3, _(HIRE_REASONS[hire.reason]))
        if hire.reason == "growth":
            ref = sheet.formula(row, 4, sheet.addr(book.growth[hire.role]), INTEGER)
        else:
            ref = sheet.value(row, 4, hire.count, INTEGER)
        book.figure(f"hiring.{index}.count", ref)
        sheet.value(row, 5, hire.start, DATE)
        sheet.value(row, 6, hire.hire_by, DATE)
        sheet.value(row, 7, hire.ramped_by, DATE)
        sheet.text(row, 8, hire.quarter)
        row += 1
    sheet.finish(f"B{header_row + 1}", header_row)


# ── Budget ────────────────────────────────────────────────────────────
def write_budget(book: _Book, sheet: _Sheet) -> None:
    _ = book.t.gettext
    plan = book.plan
    money = book.money
    sheet.title_rows(
        _("Budget"),
        _(
            "Annual pay prorated by the expected person-years in seat; variable pay at the "
            "expected attainment; commission on the revenue expected to close."
        ),
    )
    header_row = 4
    sheet.header(
        header_row,
        [
            _("Role"),
            _("ID"),
            _("Person-years in the period"),
            _("Base pay"),
            _("Variable pay"),
            _("Commission"),
            _("Total"),
        ],
    )
    first = header_row + 1
    row = first
    for role_id, role in plan.team.roles.items():
        factors = book.factors[role_id]
        cells = book.roles[role_id]
        assert cells.base is not None
        assert cells.variable is not None
        assert cells.commission is not None
        key = f"budget.by_role.{role_id}"
        growth = sheet.addr(book.growth[role_id])
        sheet.text(row, 1, role.name)
        sheet.text(row, 2, role_id)
        years = (
            f"{sheet.addr(factors.current_years)}+{sheet.addr(factors.backfill_years)}"
            f"+{growth}*{sheet.addr(factors.per_hire_years)}"
        )
        book.figure(f"{key}.person_years", sheet.formula(row, 3, years, FTE))
        book.figure(f"{key}.base", sheet.formula(row, 4, f"{sheet.addr(cells.base)}*C{row}", money))
        book.figure(
            f"{key}.variable",
            sheet.formula(row, 5, f"{sheet.addr(cells.variable)}*Attainment*C{row}", money),
        )
        book.figure(
            f"{key}.commission",
            sheet.formula(
                row,
                6,
                f"IF(C{row}>0,{sheet.addr(cells.commission)}*(Goal*Attainment),0)",
                money,
            ),
        )
        book.figure(f"{key}.total", sheet.formula(row, 7, f"D{row}+E{row}+F{row}", money))
        row += 1
    last = row - 1
    row += 1
    quota_cells = [
        sheet.addr(book.effective[role_id])
        for role_id, role in plan.team.roles.items()
        if role.carries_quota
    ]
    summary: list[tuple[str, str, str, str | None, str | None]] = [
        (
            _("Compensation"),
            f"SUM(G{first}:G{last})" if last >= first else "0",
            money,
            "Compensation",
            "budget.compensation",
        ),
        (_("Marketing spend"), "MarketingSpend", money, None, "budget.marketing_spend"),
        (_("Other costs"), "OtherCosts", money, None, "budget.other_costs"),
        (
            _("Total cost"),
            "Compensation+MarketingSpend+OtherCosts",
            money,
            "TotalCost",
            "budget.total",
        ),
        (_("Deals to win"), "DealsRequired", INTEGER, None, None),
        (
            _("Compensation per won deal"),
            'IF(DealsRequired>0,Compensation/DealsRequired,"")',
            money,
            "CostPerWonDeal",
            "budget.cost_per_won_deal",
        ),
        (
            _("Customer acquisition cost (CAC)"),
            'IF(DealsRequired>0,TotalCost/DealsRequired,"")',
            money,
            "CacPerDeal",
            "budget.cac",
        ),
        (
            _("Customer lifetime value (LTV)"),
            'IF(LtvInput<>"",LtvInput,IF(ArpaMonthly="","",IF(GrossMargin="","",'
            'IF(MonthlyChurn>0,ArpaMonthly*GrossMargin/MonthlyChurn,""))))',
            money,
            "LtvValue",
            "budget.ltv",
        ),
        (
            _("LTV:CAC"),
            'IF(LtvValue="","",IF(CacPerDeal="","",IF(CacPerDeal=0,"",LtvValue/CacPerDeal)))',
            RATIO,
            None,
            "budget.ltv_to_cac",
        ),
        (
            _("CAC payback (months)"),
            'IF(CacPerDeal="","",IF(ArpaMonthly>0,IF(GrossMargin>0,'
            'CacPerDeal/(ArpaMonthly*GrossMargin),""),""))',
            DECIMAL,
            None,
            "budget.payback_months",
        ),
        (
            _("Effective FTE of quota-carrying roles"),
            "+".join(quota_cells) or "0",
            FTE,
            "QuotaFte",
            None,
        ),
        (
            _("Quota per rep"),
            'IF(QuotaFte>0,Goal*OverAssignment/QuotaFte,"")',
            money,
            "QuotaPerRep",
            "budget.quota_per_rep",
        ),
    ]
    for label, expr, number_format, name, figure in summary:
        sheet.text(row, 1, label, font=_BOLD if name == "TotalCost" else None)
        ref = sheet.formula(row, 7, expr, number_format)
        if name is not None:
            book.name(name, ref)
        if figure is not None:
            book.figure(figure, ref)
        row += 1
    sheet.finish(f"B{first}", header_row)
