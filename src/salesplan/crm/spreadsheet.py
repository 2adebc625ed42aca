"""XLSX exports as CSV, so every reader sees one format.

The first sheet is written as UTF-8 CSV, streaming rows (openpyxl's read-only
mode), with dates as ISO text, always with their time (``2025-03-04 00:00:00``)
so that a column keeps one pattern, and numbers as plain decimals. A date
column that Excel kept as bare day numbers stays numbers here; the import
recognises them (``salesplan.crm.detect.is_excel_serial``).

>>> import tempfile, datetime as dt
>>> from openpyxl import Workbook
>>> folder = Path(tempfile.mkdtemp())
>>> book = Workbook(); sheet = book.active
>>> sheet.append(["Deal - ID", "Deal - Value", "Deal - Deal created"])
>>> sheet.append([1, 1500.5, dt.datetime(2025, 3, 4, 9, 30)])
>>> book.save(folder / "deals.xlsx")
>>> print(as_csv(folder / "deals.xlsx", folder).read_text(encoding="utf-8"), end="")
Deal - ID,Deal - Value,Deal - Deal created
1,1500.5,2025-03-04 09:30:00
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

__all__ = ["SPREADSHEET_SUFFIXES", "as_csv"]

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):  # always with the time, so a column keeps one pattern
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def as_csv(path: Path, folder: Path) -> Path:
    """*path* itself when it is not a spreadsheet; else its first sheet as CSV in *folder*."""
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        return path
    from openpyxl import load_workbook

    from salesplan.crm.sample import SampleError

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError) as error:
        raise SampleError(f"{path}: cannot read the workbook ({error})") from None
    target = folder / f"{path.name}.csv"
    try:
        sheet = book.worksheets[0]
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            for row in sheet.iter_rows(values_only=True):
                writer.writerow([_text(value) for value in row])
    finally:
        book.close()
    return target
