"""The workbook: its sheets in order, each written by its module, and its properties."""

from __future__ import annotations

from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

from salesplan.engine.results import PlanBuild
from salesplan.plan.document import SalesPlan
from salesplan.reports.formatting import Formatter
from salesplan.reports.i18n import Translator
from salesplan.reports.xlsx.action_plan import write_action_plan
from salesplan.reports.xlsx.activities import write_activities
from salesplan.reports.xlsx.book import LiveWorkbook, _Book
from salesplan.reports.xlsx.funnel import write_funnel
from salesplan.reports.xlsx.hiring_budget import write_budget, write_hiring
from salesplan.reports.xlsx.inputs import write_inputs
from salesplan.reports.xlsx.sheet import _Sheet, _sheet_title
from salesplan.reports.xlsx.team import write_team


def write_xlsx(
    plan: SalesPlan, result: PlanBuild, path: Path, *, t: Translator, fmt: Formatter
) -> None:
    """Write *plan* (scenario applied) and its build *result* as a live-formula workbook."""
    build_workbook(plan, result, t=t, fmt=fmt).save(path)


def build_workbook(
    plan: SalesPlan, result: PlanBuild, *, t: Translator, fmt: Formatter
) -> LiveWorkbook:
    """The workbook of :func:`write_xlsx`, in memory, with its figure and input cells."""
    return _write(_Book(plan, result, t, fmt))


def _sheet_names(book: _Book) -> list[str]:
    _ = book.t.gettext
    names = [
        _("Inputs"),
        _("Funnel"),
        _("Activities"),
        _("Team"),
        _("Hiring"),
        _("Budget"),
        _("Action plan"),
    ]
    titles: list[str] = []
    for name in names:
        titles.append(_sheet_title(name, titles))
    return titles


def _write(book: _Book) -> LiveWorkbook:
    """Write the sheets in order; each records the cells the next ones refer to."""
    workbook = book.live.workbook
    titles = _sheet_names(book)
    first = workbook.active
    assert isinstance(first, Worksheet)
    first.title = titles[0]
    sheets = [first] + [workbook.create_sheet(title) for title in titles[1:]]
    money = book.result.budget
    biggest = max(
        book.plan.goals.revenue_goal,
        money.total,
        money.quota_per_rep or 0.0,
        money.ltv or 0.0,
        *(role.compensation.ote for role in book.plan.team.roles.values()),
    )
    width = len(book.fmt.money(biggest * 10))  # room for a goal ten times larger
    wrapped = [_Sheet(ws, book.money, width) for ws in sheets]
    write_inputs(book, wrapped[0])
    write_funnel(book, wrapped[1])
    write_activities(book, wrapped[2])
    write_team(book, wrapped[3])
    write_hiring(book, wrapped[4])
    write_budget(book, wrapped[5])
    write_action_plan(book, wrapped[6])
    properties = workbook.properties
    properties.title = ILLEGAL_CHARACTERS_RE.sub("", book.plan.name)
    properties.subject = book.t.gettext("Sales planning model")
    properties.creator = "salesplan"
    properties.language = book.t.language
    workbook.calculation.fullCalcOnLoad = True  # no cached values: compute on open
    return book.live
