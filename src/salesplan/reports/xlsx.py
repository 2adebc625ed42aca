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

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from salesplan.cells import FORMULA_PREFIXES
from salesplan.engine.activities import months_in_period
from salesplan.engine.build import calendar_for
from salesplan.engine.results import PlanBuild
from salesplan.plan.dates import shift
from salesplan.plan.document import SalesPlan
from salesplan.plan.goals import ActivityTarget
from salesplan.reports.formatting import Formatter
from salesplan.reports.i18n import Translator
from salesplan.reports.labels import HIRE_REASONS, ITEM_KINDS, ITEM_STATUSES

__all__ = ["CellRef", "LiveWorkbook", "build_workbook", "write_xlsx"]

# number formats valid in Excel and LibreOffice alike
INTEGER = "#,##0"
DECIMAL = "#,##0.0"
FTE = "#,##0.00"
RATIO = "0.00"
PERCENT = "0.0%"
INPUT_PERCENT = "0.0#%"
GENERAL = "General"
DATE = "yyyy-mm-dd"

_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: type here
_BUILD_FILL = PatternFill("solid", fgColor="EDEDED")  # grey: computed at build time
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
_HEADER_BORDER = Border(bottom=Side(style="thin", color="808080"))
_TITLE_FONT = Font(bold=True, size=14)
_BOLD = Font(bold=True)
_NOTE_FONT = Font(italic=True, color="595959")

_MAX_WIDTH = 50
_HEADER_WIDTH = 16  # longer headers wrap
_CELL_LIMIT = 32_767  # characters a cell can hold


def _ceil(expr: str) -> str:
    """The spreadsheet twin of the engine's ``ceil_whole``: up, ignoring noise, never below 0.

    ``ROUNDUP`` rounds away from zero, so a value just above 0 minus the
    tolerance would give -1: ``MAX(0, …)`` keeps it at 0, as the engine does.

    >>> _ceil("A1/B1")
    'MAX(0,ROUNDUP(A1/B1-1E-9,0))'
    """
    return f"MAX(0,ROUNDUP({expr}-1E-9,0))"


def _quote_sheet(title: str) -> str:
    """A sheet name as formulas write it: always quoted, quotes doubled.

    >>> _quote_sheet("Rencana aksi"), _quote_sheet("Bob's")
    ("'Rencana aksi'", "'Bob''s'")
    """
    return "'" + title.replace("'", "''") + "'"


def _sheet_title(name: str, taken: Sequence[str]) -> str:
    """A valid, unique sheet name: no ``[]:*?/\\``, at most 31 characters.

    >>> _sheet_title("Plan: Q1/Q2", []), _sheet_title("Team", ["Team"])
    ('Plan Q1Q2', 'Team 2')
    """
    clean = "".join(ch for ch in name if ch not in "[]:*?/\\").strip().strip("'") or "Sheet"
    clean = clean[:31]
    if clean.lower() == "history":  # Excel keeps this name for itself
        clean += " 1"
    candidate, number = clean, 2
    while candidate.lower() in {title.lower() for title in taken}:
        suffix = f" {number}"
        candidate, number = clean[: 31 - len(suffix)] + suffix, number + 1
    return candidate


def _currency_format(fmt: Formatter) -> str:
    """A whole-unit money format for the plan's currency, symbol placed as the locale does.

    >>> _currency_format(Formatter("en_US", "USD")), _currency_format(Formatter("id_ID", "IDR"))
    ('"$"#,##0', '"Rp "#,##0')
    >>> _currency_format(Formatter("de_DE", "EUR"))
    '#,##0" €"'
    """
    symbol = str(fmt.locale.currency_symbols.get(fmt.currency, fmt.currency)).replace('"', "")
    sample = fmt.money(0)
    if sample.rstrip().endswith(symbol) and not sample.startswith(symbol):
        return f'#,##0" {symbol}"'
    spacer = " " if symbol[-1:].isalpha() else ""
    return f'"{symbol}{spacer}"#,##0'


@dataclass(frozen=True, slots=True)
class CellRef:
    """One cell of the workbook: its sheet's title, row and column (1-based)."""

    sheet: str
    row: int
    column: int

    @property
    def coordinate(self) -> str:
        """``C5``."""
        return f"{get_column_letter(self.column)}{self.row}"

    def address(self, from_sheet: str | None = None) -> str:
        """``$C$5`` from the same sheet, ``'Inputs'!$C$5`` from any other."""
        local = f"${get_column_letter(self.column)}${self.row}"
        return local if from_sheet == self.sheet else f"{_quote_sheet(self.sheet)}!{local}"


@dataclass
class LiveWorkbook:
    """The workbook, with where each engine figure and each plan input lives in it.

    ``figures`` uses the names of the JSON output (``deals_required``,
    ``funnel.demo.required``, ``headcount.SDR.growth_hires``, ``budget.cac``);
    ``inputs`` uses plan paths (``strategy.stages.demo.conversion``).
    """

    workbook: Workbook
    figures: dict[str, CellRef] = field(default_factory=dict)
    inputs: dict[str, CellRef] = field(default_factory=dict)

    def save(self, path: Path) -> None:
        self.workbook.save(path)


def write_xlsx(
    plan: SalesPlan, result: PlanBuild, path: Path, *, t: Translator, fmt: Formatter
) -> None:
    """Write *plan* (scenario applied) and its build *result* as a live-formula workbook."""
    build_workbook(plan, result, t=t, fmt=fmt).save(path)


def build_workbook(
    plan: SalesPlan, result: PlanBuild, *, t: Translator, fmt: Formatter
) -> LiveWorkbook:
    """The workbook of :func:`write_xlsx`, in memory, with its figure and input cells."""
    return _Book(plan, result, t, fmt).write()


class _Sheet:
    """One worksheet being written: typed cell writers, column widths, finishing touches."""

    def __init__(self, ws: Worksheet, money: str, money_width: int) -> None:
        self.ws = ws
        self.title = ws.title
        self.money = money
        self.money_width = money_width
        self.widths: dict[int, int] = {}

    def at(self, row: int, column: int) -> CellRef:
        return CellRef(self.title, row, column)

    def addr(self, target: CellRef) -> str:
        return target.address(self.title)

    def _cell(self, row: int, column: int) -> Cell:
        cell = self.ws.cell(row=row, column=column)
        assert isinstance(cell, Cell)
        return cell

    def _number_width(self, number_format: str) -> int:
        """Characters a figure in *number_format* needs, so that none shows as ``###``."""
        if number_format == self.money:
            return self.money_width
        return {DATE: 11, PERCENT: 8, INPUT_PERCENT: 8, INTEGER: 8, RATIO: 6}.get(number_format, 10)

    def _measure(self, column: int, width: int) -> None:
        self.widths[column] = max(self.widths.get(column, 0), width)

    def text(
        self,
        row: int,
        column: int,
        value: str,
        *,
        font: Font | None = None,
        fill: PatternFill | None = None,
        measure: bool = True,
        indent: int = 0,
    ) -> CellRef:
        """Text that stays text: never a formula, an error code or a number."""
        clean = ILLEGAL_CHARACTERS_RE.sub("", value)[:_CELL_LIMIT]
        cell = self._cell(row, column)
        cell.value = clean
        cell.data_type = "s"  # openpyxl reads "=…" as a formula and "#N/A" as an error
        if clean.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True  # Excel and LibreOffice show it as typed
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if indent:
            cell.alignment = Alignment(indent=indent)
        if measure:
            longest = max((len(line) for line in clean.splitlines()), default=0)
            self._measure(column, longest + indent)
        return self.at(row, column)

    def note(self, row: int, column: int, value: str) -> CellRef:
        """A line of explanation that may run across the empty cells to its right."""
        ref = self.text(row, column, value, measure=False)
        self._cell(row, column).font = _NOTE_FONT
        return ref

    def value(
        self,
        row: int,
        column: int,
        value: float | int | dt.date | None,
        number_format: str,
        *,
        fill: PatternFill | None = None,
    ) -> CellRef:
        cell = self._cell(row, column)
        cell.value = value
        cell.number_format = number_format
        if fill is not None:
            cell.fill = fill
        self._measure(column, self._number_width(number_format))
        return self.at(row, column)

    def formula(self, row: int, column: int, expr: str, number_format: str) -> CellRef:
        cell = self._cell(row, column)
        cell.value = "=" + expr
        cell.number_format = number_format
        self._measure(column, self._number_width(number_format))
        return self.at(row, column)

    def title_rows(self, title: str, note: str) -> None:
        self.text(1, 1, title, font=_TITLE_FONT, measure=False)
        if note:
            self.note(2, 1, note)

    def header(self, row: int, labels: Sequence[str]) -> None:
        """Bold, shaded labels; long ones wrap in a taller row."""
        tall = False
        for column, label in enumerate(labels, start=1):
            self.text(row, column, label, font=_BOLD, fill=_HEADER_FILL, measure=False)
            cell = self._cell(row, column)
            cell.border = _HEADER_BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            self._measure(column, min(len(label), _HEADER_WIDTH))
            tall = tall or len(label) > _HEADER_WIDTH
        if tall:
            self.ws.row_dimensions[row].height = 45

    def section(self, row: int, label: str, width: int) -> None:
        self.text(row, 1, label, font=_BOLD, fill=_SECTION_FILL, measure=False)
        for column in range(2, width + 1):
            self._cell(row, column).fill = _SECTION_FILL

    def finish(self, freeze: str, header_row: int | None) -> None:
        for column, width in self.widths.items():
            letter = get_column_letter(column)
            self.ws.column_dimensions[letter].width = max(8, min(_MAX_WIDTH, width + 2))
        self.ws.freeze_panes = freeze
        setup = self.ws.page_setup
        setup.orientation = "landscape"
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
        if header_row is not None:
            self.ws.print_title_rows = f"{header_row}:{header_row}"


@dataclass
class _RoleFactors:
    """Cells of one role's build-time factors on the Inputs sheet."""

    current: CellRef
    current_fte: CellRef
    backfills: CellRef
    backfill_fte: CellRef
    per_hire_fte: CellRef
    current_years: CellRef
    backfill_years: CellRef
    per_hire_years: CellRef
    can_hire: CellRef


@dataclass
class _RoleInputs:
    """Cells of one role's inputs on the Inputs sheet."""

    capacity: dict[str, CellRef] = field(default_factory=dict)
    minutes: dict[str, CellRef] = field(default_factory=dict)
    selling_hours: CellRef | None = None
    span: CellRef | None = None
    fixed: CellRef | None = None
    max_hires: CellRef | None = None
    base: CellRef | None = None
    variable: CellRef | None = None
    commission: CellRef | None = None


def _target_kind(target: ActivityTarget) -> str:
    """Which of the target's amounts is set: ``per_working_day``, ``per_week``, ``per_month``, ``total``."""
    for kind in ("per_working_day", "per_week", "per_month"):
        if getattr(target, kind) is not None:
            return kind
    return "total"


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


class _Book:
    """Writes the sheets in order; each one records the cells the next ones refer to."""

    def __init__(self, plan: SalesPlan, result: PlanBuild, t: Translator, fmt: Formatter) -> None:
        self.plan = plan
        self.result = result
        self.t = t
        self.fmt = fmt
        self.money = _currency_format(fmt)
        self.live = LiveWorkbook(Workbook())
        # cells the later sheets refer to
        self.conversion: dict[str, CellRef] = {}
        self.open_deals: dict[str, CellRef] = {}
        self.per_deal: dict[tuple[str, str], CellRef] = {}
        self.target: dict[str, CellRef] = {}
        self.roles: dict[str, _RoleInputs] = {r: _RoleInputs() for r in plan.team.roles}
        self.factors: dict[str, _RoleFactors] = {}
        self.worked: dict[str, CellRef] = {}
        self.per_day: dict[tuple[str, str], CellRef] = {}
        self.growth: dict[str, CellRef] = {}  # growth hires per role, on Team
        self.effective: dict[str, CellRef] = {}  # effective FTE after hiring, on Team

    # ── helpers ───────────────────────────────────────────────────────────
    def _name(self, name: str, ref: CellRef) -> None:
        """A workbook-level defined name for *ref*, used in formulas as a word."""
        self.live.workbook.defined_names[name] = DefinedName(name, attr_text=ref.address())

    def _figure(self, key: str, ref: CellRef) -> CellRef:
        self.live.figures[key] = ref
        return ref

    def _activity_name(self, activity_id: str) -> str:
        activity = self.plan.goals.activities.get(activity_id)
        return activity.name if activity is not None else activity_id

    def _activities_by_role(self) -> dict[str, list[str]]:
        """``{role: activities it does}``, in the engine's order (its per-day table).

        The engine splits each activity's total among the roles of its ``by_role``:
        the owners of the stages that use it, or the role a target names.
        """
        table: dict[str, list[str]] = {}
        for activity_id, volume in self.result.activities.items():
            for role in volume.by_role:
                table.setdefault(role, []).append(activity_id)
        return {role: table[role] for role in self.plan.team.roles if role in table}

    def _sheet_names(self) -> list[str]:
        _ = self.t.gettext
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

    # ── the book ──────────────────────────────────────────────────────────
    def write(self) -> LiveWorkbook:
        workbook = self.live.workbook
        titles = self._sheet_names()
        first = workbook.active
        assert isinstance(first, Worksheet)
        first.title = titles[0]
        sheets = [first] + [workbook.create_sheet(title) for title in titles[1:]]
        money = self.result.budget
        biggest = max(
            self.plan.goals.revenue_goal,
            money.total,
            money.quota_per_rep or 0.0,
            money.ltv or 0.0,
            *(role.compensation.ote for role in self.plan.team.roles.values()),
        )
        width = len(self.fmt.money(biggest * 10))  # room for a goal ten times larger
        wrapped = [_Sheet(ws, self.money, width) for ws in sheets]
        self._inputs(wrapped[0])
        self._funnel(wrapped[1])
        self._activities(wrapped[2])
        self._team(wrapped[3])
        self._hiring(wrapped[4])
        self._budget(wrapped[5])
        self._action_plan(wrapped[6])
        properties = workbook.properties
        properties.title = ILLEGAL_CHARACTERS_RE.sub("", self.plan.name)
        properties.subject = self.t.gettext("Sales planning model")
        properties.creator = "salesplan"
        properties.language = self.t.language
        workbook.calculation.fullCalcOnLoad = True  # no cached values: compute on open
        return self.live

    # ── Inputs ────────────────────────────────────────────────────────────
    def _inputs(self, sheet: _Sheet) -> None:
        _ = self.t.gettext
        sheet.text(1, 1, self.plan.name, font=_TITLE_FONT, measure=False)
        sheet.note(
            2,
            1,
            _(
                "Yellow cells are inputs: change one and every sheet recomputes. "
                "Grey cells were computed by salesplan when this workbook was made."
            ),
        )
        header_row = 4
        sheet.header(
            header_row, [_("Input"), _("Applies to"), _("Value"), _("Unit"), _("Plan path")]
        )
        listing = _InputList(sheet, self.live, header_row + 1, self._name)
        self._goal_inputs(listing)
        self._stage_inputs(listing)
        self._role_inputs(listing)
        self._build_factors(sheet, listing.row + 1)
        sheet.finish(f"A{header_row + 1}", header_row)

    def _goal_inputs(self, listing: _InputList) -> None:
        _ = self.t.gettext
        say = self.t.say
        goals = self.plan.goals
        economics = goals.economics
        currency = self.fmt.currency
        money = self.money
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

    def _stage_inputs(self, listing: _InputList) -> None:
        _ = self.t.gettext
        plan = self.plan
        activities = plan.goals.activities
        pipeline = plan.strategy.pipeline_stages
        listing.section(_("Stage conversions"))
        for stage in pipeline:
            self.conversion[stage.id] = listing.put(
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
            self.open_deals[stage.id] = listing.put(
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
                self.per_deal[(stage.id, activity_id)] = listing.put(
                    _("Activities per deal"),
                    f"{stage.name} · {self._activity_name(activity_id)}",
                    per_deal,
                    GENERAL,
                    _("per deal in the stage"),
                    f"strategy.stages.{stage.id}.activities.{activity_id}",
                )
        units = self._target_units()
        targets = [
            (activity_id, activity.name, activity.target)
            for activity_id, activity in activities.items()
            if activity.target is not None and activity_id in self.result.activities
        ]
        if targets:
            listing.section(_("Activity targets"))
        for activity_id, name, target in targets:
            kind = _target_kind(target)
            self.target[activity_id] = listing.put(
                _("Activity target"),
                name,
                getattr(target, kind),
                GENERAL,
                units[kind],
                f"goals.activities.{activity_id}.target.{kind}",
            )

    def _role_inputs(self, listing: _InputList) -> None:
        _ = self.t.gettext
        say = self.t.say
        a_year = say("{currency} a year", currency=self.fmt.currency)
        listing.section(_("Capacity and hiring limits"))
        for role_id, role in self.plan.team.roles.items():
            cells = self.roles[role_id]
            path = f"team.roles.{role_id}"
            for activity_id, amount in role.capacity.items():
                cells.capacity[activity_id] = listing.put(
                    _("Capacity of one fully ramped person"),
                    f"{role.name} · {self._activity_name(activity_id)}",
                    amount,
                    GENERAL,
                    _("per working day"),
                    f"{path}.capacity.{activity_id}",
                )
            for activity_id, minutes in role.minutes_per_activity.items():
                cells.minutes[activity_id] = listing.put(
                    _("Minutes per activity"),
                    f"{role.name} · {self._activity_name(activity_id)}",
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
        for role_id, role in self.plan.team.roles.items():
            cells = self.roles[role_id]
            pay = role.compensation
            path = f"team.roles.{role_id}.compensation"
            cells.base = listing.put(
                _("Base pay"), role.name, pay.base, self.money, a_year, f"{path}.base"
            )
            cells.variable = listing.put(
                _("Variable pay at 100% of quota"),
                role.name,
                pay.variable,
                self.money,
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

    def _target_units(self) -> dict[str, str]:
        _ = self.t.gettext
        return {
            "per_working_day": _("per working day"),
            "per_week": _("per week"),
            "per_month": _("per month"),
            "total": _("in the period"),
        }

    def _factor_labels(self) -> list[str]:
        """Headers of the build-time factors, shared by the Inputs and Team sheets."""
        _ = self.t.gettext
        return [
            _("People on the team today"),
            _("Effective FTE of today's team"),
            _("Backfills"),
            _("Effective FTE of the backfills"),
            _("Effective FTE of one growth hire"),
            _("Person-years of today's team"),
            _("Person-years of the backfills"),
            _("Person-years of one growth hire"),
            _("A growth hire can start in the period (1 = yes)"),
        ]

    def _build_factors(self, sheet: _Sheet, row: int) -> None:
        """The grey block: figures the engine derives from dates, calendar, ramp and attrition."""
        _ = self.t.gettext
        result = self.result
        plan = self.plan
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
            self._name(name, sheet.value(row, 3, value, number_format, fill=_BUILD_FILL))
            if unit:
                sheet.text(row, 4, unit, indent=1)
            sheet.text(row, 5, source)
            row += 1
        row += 1
        sheet.header(row, [_("Role"), _("ID"), *self._factor_labels()])
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
            self.factors[role_id] = _RoleFactors(*refs)
            row += 1

    # ── Funnel ────────────────────────────────────────────────────────────
    def _funnel(self, sheet: _Sheet) -> None:
        _ = self.t.gettext
        plan = self.plan
        sheet.title_rows(
            _("Funnel"),
            _(
                "Read backwards from the revenue goal: the deals to win, then the deals each "
                "stage must reach. Every figure is a formula of the Inputs sheet."
            ),
        )
        key_rows = [
            (_("Revenue goal"), "Goal", self.money, None),
            (_("Average deal value"), "DealValue", self.money, None),
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
                self._name(naming[0], ref)
                self._figure(naming[1], ref)
            row += 1
        pipeline = plan.strategy.pipeline_stages
        header_row = row + 3
        first = header_row + 1
        last = first + len(pipeline) - 1
        sheet.text(row, 1, _("Expected wins from the open pipeline"))
        self._name(
            "ExpectedWinsFromOpen",
            sheet.formula(
                row, 2, f"SUMPRODUCT($G${first}:$G${last},$H${first}:$H${last})", DECIMAL
            ),
        )
        sheet.text(row + 1, 1, _("Deals to win from new pipeline"))
        self._name(
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
            sheet.formula(row, 5, sheet.addr(self.conversion[stage.id]), PERCENT)
            following = "DealsRequired" if is_last else f"F{row + 1}"
            key = f"funnel.{stage.id}"
            self._figure(
                f"{key}.required", sheet.formula(row, 6, _ceil(f"{following}/E{row}"), INTEGER)
            )
            sheet.formula(row, 7, sheet.addr(self.open_deals[stage.id]), INTEGER)
            win = f"E{row}" if is_last else f"H{row + 1}*E{row}"
            self._figure(f"{key}.win_rate", sheet.formula(row, 8, win, PERCENT))
            self._figure(f"{key}.coverage", sheet.formula(row, 9, f"1/H{row}", RATIO))
            if index == 0:
                flow = sheet.value(row, 10, 0, DECIMAL)
            else:
                flow = sheet.formula(row, 10, f"(J{row - 1}+G{row - 1})*E{row - 1}", DECIMAL)
            self._figure(f"{key}.from_open_pipeline", flow)
            new = "NewDealsToWin" if is_last else f"K{row + 1}"
            self._figure(
                f"{key}.to_create", sheet.formula(row, 11, _ceil(f"{new}/E{row}"), INTEGER)
            )
            self.worked[stage.id] = sheet.formula(row, 12, f"K{row}+J{row}", DECIMAL)
            self._figure(f"{key}.worked", self.worked[stage.id])
            row += 1
        for stage in plan.strategy.stages:
            if not stage.post_sale:
                continue
            key = f"funnel.{stage.id}"
            sheet.text(row, 1, stage.name)
            sheet.text(row, 2, stage.id)
            sheet.text(row, 3, stage.owner)
            sheet.text(row, 4, _("After the sale"))
            self._figure(f"{key}.required", sheet.formula(row, 6, "DealsRequired", INTEGER))
            self._figure(f"{key}.from_open_pipeline", sheet.value(row, 10, 0, DECIMAL))
            self._figure(f"{key}.to_create", sheet.formula(row, 11, "DealsRequired", INTEGER))
            self.worked[stage.id] = sheet.formula(row, 12, f"K{row}+J{row}", DECIMAL)
            self._figure(f"{key}.worked", self.worked[stage.id])
            row += 1
        sheet.finish(f"B{first}", header_row)

    # ── Activities ────────────────────────────────────────────────────────
    def _activities(self, sheet: _Sheet) -> None:
        _ = self.t.gettext
        plan = self.plan
        volumes = self.result.activities
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
                term = self._per_deal_term(sheet, stage.id, activity_id)
                terms.setdefault(activity_id, {}).setdefault(stage.owner, []).append(term)
        units = self._target_units()
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
                self._per_deal_term(sheet, stage.id, activity_id)
                for stage in plan.strategy.stages
                if activity_id in stage.activities
            ]
            if derived:
                ref = sheet.formula(row, 5, "+".join(derived), DECIMAL)
            else:
                ref = sheet.value(row, 5, 0, DECIMAL)
            self._figure(f"{key}.derived_total", ref)
            target = plan.goals.activities[activity_id].target
            if volume.source == "target" and target is not None:
                sheet.formula(row, 6, sheet.addr(self.target[activity_id]), GENERAL)
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
            self._figure(f"{key}.total", total)
            self._figure(
                f"{key}.per_working_day",
                sheet.formula(row, 10, f"I{row}/MAX(WorkingDays,1)", DECIMAL),
            )
            self._figure(
                f"{key}.per_week", sheet.formula(row, 11, f"J{row}*WorkingDaysPerWeek", DECIMAL)
            )
            self._figure(
                f"{key}.per_month",
                sheet.formula(row, 12, f"IF(MonthsInPeriod=0,0,I{row}/MonthsInPeriod)", DECIMAL),
            )
            row += 1

        # role × activity: totals, then per working day
        by_role = self._activities_by_role()
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
                self._figure(f"activities.{activity_id}.by_role.{role_id}", ref)
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
                self.per_day[(role_id, activity_id)] = ref
                self._figure(f"activities.{activity_id}.per_day_by_role.{role_id}", ref)
            row += 1
        sheet.finish(f"B{header_row + 1}", header_row)

    def _per_deal_term(self, sheet: _Sheet, stage_id: str, activity_id: str) -> str:
        """Activities per deal × the deals the stage works."""
        per_deal = sheet.addr(self.per_deal[(stage_id, activity_id)])
        return f"{per_deal}*{sheet.addr(self.worked[stage_id])}"

    # ── Team ──────────────────────────────────────────────────────────────
    def _fte_formula(self, sheet: _Sheet, role_id: str, activities: list[str]) -> str:
        """Σ per day ÷ capacity, then (Σ per day × minutes) ÷ (selling hours × 60)."""
        cells = self.roles[role_id]
        terms: list[str] = []
        minutes: list[str] = []
        for activity_id in activities:
            per_day = sheet.addr(self.per_day[(role_id, activity_id)])
            if activity_id in cells.capacity:
                terms.append(f"{per_day}/{sheet.addr(cells.capacity[activity_id])}")
            else:
                minutes.append(f"{per_day}*{sheet.addr(cells.minutes[activity_id])}")
        if minutes:
            assert cells.selling_hours is not None
            hours = sheet.addr(cells.selling_hours)
            terms.append(f"({'+'.join(minutes)})/({hours}*60)")
        return "+".join(terms)

    def _team(self, sheet: _Sheet) -> None:
        _ = self.t.gettext
        say = self.t.say
        plan = self.plan
        sheet.title_rows(
            _("Team"),
            _(
                "FTE from the activities per working day and each role's capacity; managers from "
                "the people they manage. Grey build-time factors come from the Inputs sheet."
            ),
        )
        header_row = 4
        labels = self._factor_labels()
        sheet.header(
            header_row,
            [
                _("Role"),
                _("ID"),
                _("Sized by"),
                _("FTE needed"),
                _("Required headcount"),
                labels[0],  # people on the team today
                labels[1],  # their effective FTE
                labels[3],  # effective FTE of the backfills
                labels[4],  # effective FTE of one growth hire
                _("FTE gap"),
                _("Growth hires needed"),
                _("Most growth hires"),
                _("Growth hires"),
                labels[2],  # backfills
                _("To hire"),
                _("Effective FTE after hiring"),
                _("Quota per rep"),
            ],
        )
        first = header_row + 1
        roles = list(plan.team.roles)
        team_row = {role_id: first + index for index, role_id in enumerate(roles)}
        by_role = self._activities_by_role()
        for role_id, role in plan.team.roles.items():
            row = team_row[role_id]
            factors = self.factors[role_id]
            cells = self.roles[role_id]
            key = f"headcount.{role_id}"
            sheet.text(row, 1, role.name)
            sheet.text(row, 2, role_id)
            headcount_role = role.fixed_headcount is not None or bool(role.manages)
            if role.fixed_headcount is not None:
                assert cells.fixed is not None
                sized = _("Fixed headcount")
                fte = sheet.addr(cells.fixed)
            elif role.manages:
                assert cells.span is not None
                sized = say("Manages {roles}", roles=", ".join(role.manages))
                managed = [
                    f"MAX(E{team_row[m]},F{team_row[m]}+M{team_row[m]})"
                    for m in role.manages
                    if m in team_row and m != role_id
                ]
                fte = f"({'+'.join(managed) or '0'})/{sheet.addr(cells.span)}"
            elif role_id in by_role:
                sized = _("Activities")
                fte = self._fte_formula(sheet, role_id, by_role[role_id])
            else:
                sized = _("No activities")
                fte = "0"
            sheet.text(row, 3, sized)
            self._figure(f"{key}.fte", sheet.formula(row, 4, fte, FTE))
            self._figure(f"{key}.required", sheet.formula(row, 5, _ceil(f"D{row}"), INTEGER))
            self._figure(
                f"{key}.current", sheet.formula(row, 6, sheet.addr(factors.current), INTEGER)
            )
            sheet.formula(row, 7, sheet.addr(factors.current_fte), FTE)
            sheet.formula(row, 8, sheet.addr(factors.backfill_fte), FTE)
            sheet.formula(row, 9, sheet.addr(factors.per_hire_fte), FTE)
            sheet.formula(row, 10, f"D{row}-G{row}-H{row}", FTE)
            if headcount_role:
                needed = f"IF({sheet.addr(factors.can_hire)}=1,MAX(0,E{row}-F{row}),0)"
            else:
                needed = f"IF(J{row}>1E-9,IF(I{row}>0,{_ceil(f'J{row}/I{row}')},0),0)"
            sheet.formula(row, 11, needed, INTEGER)
            assert cells.max_hires is not None
            limit = sheet.addr(cells.max_hires)
            sheet.formula(row, 12, f'IF({limit}="","",{limit})', INTEGER)
            self.growth[role_id] = sheet.formula(
                row, 13, f'IF(L{row}="",K{row},MIN(K{row},L{row}))', INTEGER
            )
            self._figure(f"{key}.growth_hires", self.growth[role_id])
            self._figure(
                f"{key}.backfills", sheet.formula(row, 14, sheet.addr(factors.backfills), INTEGER)
            )
            self._figure(f"{key}.to_hire", sheet.formula(row, 15, f"M{row}+N{row}", INTEGER))
            self.effective[role_id] = sheet.formula(row, 16, f"G{row}+H{row}+M{row}*I{row}", FTE)
            self._figure(f"{key}.effective_fte", self.effective[role_id])
            if role.carries_quota:
                self._figure(
                    f"{key}.quota_per_rep", sheet.formula(row, 17, "QuotaPerRep", self.money)
                )
        row = first + len(roles) + 1

        activity_ids = list(self.result.activities)
        volumes = self.result.activities
        sheet.section(row, _("Activities per person per working day"), 2 + len(activity_ids))
        row += 1
        sheet.header(row, [_("Role"), _("ID"), *(volumes[a].name for a in activity_ids)])
        row += 1
        for role_id, done in by_role.items():
            sheet.text(row, 1, plan.team.roles[role_id].name)
            sheet.text(row, 2, role_id)
            required = f"$E${team_row[role_id]}"
            for column, activity_id in enumerate(activity_ids, start=3):
                if activity_id in done:
                    per_day = sheet.addr(self.per_day[(role_id, activity_id)])
                    self._figure(
                        f"headcount.{role_id}.per_rep_per_day.{activity_id}",
                        sheet.formula(
                            row, column, f'IF({required}>0,{per_day}/{required},"")', DECIMAL
                        ),
                    )
            row += 1
        sheet.finish(f"B{first}", header_row)

    # ── Hiring ────────────────────────────────────────────────────────────
    def _hiring(self, sheet: _Sheet) -> None:
        _ = self.t.gettext
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
        if not self.result.hiring:
            sheet.note(row, 1, _("No hires needed."))
        for index, hire in enumerate(self.result.hiring):
            role = self.plan.team.roles[hire.role]
            sheet.text(row, 1, role.name)
            sheet.text(row, 2, hire.role)
            sheet.text(row, 3, _(HIRE_REASONS[hire.reason]))
            if hire.reason == "growth":
                ref = sheet.formula(row, 4, sheet.addr(self.growth[hire.role]), INTEGER)
            else:
                ref = sheet.value(row, 4, hire.count, INTEGER)
            self._figure(f"hiring.{index}.count", ref)
            sheet.value(row, 5, hire.start, DATE)
            sheet.value(row, 6, hire.hire_by, DATE)
            sheet.value(row, 7, hire.ramped_by, DATE)
            sheet.text(row, 8, hire.quarter)
            row += 1
        sheet.finish(f"B{header_row + 1}", header_row)

    # ── Budget ────────────────────────────────────────────────────────────
    def _budget(self, sheet: _Sheet) -> None:
        _ = self.t.gettext
        plan = self.plan
        money = self.money
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
            factors = self.factors[role_id]
            cells = self.roles[role_id]
            assert cells.base is not None
            assert cells.variable is not None
            assert cells.commission is not None
            key = f"budget.by_role.{role_id}"
            growth = sheet.addr(self.growth[role_id])
            sheet.text(row, 1, role.name)
            sheet.text(row, 2, role_id)
            years = (
                f"{sheet.addr(factors.current_years)}+{sheet.addr(factors.backfill_years)}"
                f"+{growth}*{sheet.addr(factors.per_hire_years)}"
            )
            self._figure(f"{key}.person_years", sheet.formula(row, 3, years, FTE))
            self._figure(
                f"{key}.base", sheet.formula(row, 4, f"{sheet.addr(cells.base)}*C{row}", money)
            )
            self._figure(
                f"{key}.variable",
                sheet.formula(row, 5, f"{sheet.addr(cells.variable)}*Attainment*C{row}", money),
            )
            self._figure(
                f"{key}.commission",
                sheet.formula(
                    row,
                    6,
                    f"IF(C{row}>0,{sheet.addr(cells.commission)}*(Goal*Attainment),0)",
                    money,
                ),
            )
            self._figure(f"{key}.total", sheet.formula(row, 7, f"D{row}+E{row}+F{row}", money))
            row += 1
        last = row - 1
        row += 1
        quota_cells = [
            sheet.addr(self.effective[role_id])
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
                self._name(name, ref)
            if figure is not None:
                self._figure(figure, ref)
            row += 1
        sheet.finish(f"B{first}", header_row)

    # ── Action plan ───────────────────────────────────────────────────────
    def _action_plan(self, sheet: _Sheet) -> None:
        _ = self.t.gettext
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
        items = self.plan.action_plan.items
        if not items:
            sheet.note(row, 1, _("The plan has no action items."))
        for item in items:
            end = item.end
            if end is None and item.duration is not None:
                end = shift(item.start, item.duration.amount, item.duration.unit)
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
