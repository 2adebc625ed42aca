"""The planning model as a workbook of live formulas: change an input, every figure follows.

``write_xlsx`` writes seven sheets, in this order (names and labels translated):

``Inputs``
    Every numeric input of the plan, one per row: *Input | Applies to | Value |
    Unit | Plan path*. Input cells are yellow; the key ones have workbook-level
    names (``Goal``, ``DealValue``, ``Attainment`` …) so formulas read well.
    Below them, a separate grey block holds what salesplan computes at build
    time from dates, the holiday calendar, ramp and attrition — working days,
    months in the period and, per role, today's effective FTE, backfills,
    the FTE one growth hire brings and the person-years pay is prorated by.
    These are values, not formulas: regenerate the workbook
    (``salesplan report``) when dates, ramp or attrition change.
``Funnel``
    Deals to win, then one row per stage: the volume it must reach (read
    backwards from the deals), win rate and coverage, what the open pipeline
    brings, what must be created and the deals worked.
``Activities``
    One row per activity (derived from the funnel or set as a target), then
    two role × activity matrices: totals for the period and per working day.
``Team``
    One row per role: FTE, required headcount, growth hires, backfills, to
    hire, effective FTE and quota; then activities per person per working day.
``Hiring``
    One row per hire of the build; the growth rows' counts follow ``Team``.
``Budget``
    Pay by role (person-years × annual pay), then compensation, marketing,
    other costs, total, cost per won deal, CAC, LTV, LTV:CAC, payback, quota.
``Action plan``
    The plan's action items as plain values.

Formulas use only ``ROUNDUP``, ``MAX``, ``MIN``, ``IF``, ``SUM`` and
``SUMPRODUCT`` with the engine's rounding (``ceil_whole``: round up after
subtracting 1E-9, never below 0), so Excel and LibreOffice compute the
engine's figures. Text the plan's author wrote is always a text cell, never a
formula, whatever it starts with (see :mod:`salesplan.cells`).

``build_workbook`` returns the workbook with a map from each engine figure
(``headcount.SDR.required``, ``budget.cac`` …) and each input (its plan path)
to its cell, for callers and tests that need to find them.
"""

from salesplan.reports.xlsx.book import LiveWorkbook
from salesplan.reports.xlsx.sheet import CellRef
from salesplan.reports.xlsx.workbook import build_workbook, write_xlsx

__all__ = ["CellRef", "LiveWorkbook", "build_workbook", "write_xlsx"]
