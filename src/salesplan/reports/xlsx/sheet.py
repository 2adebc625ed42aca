"""Shared pieces of every sheet: number formats, styles, cell references and the typed cell writer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from salesplan.cells import FORMULA_PREFIXES
from salesplan.reports.formatting import Formatter

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
