"""Spreadsheet cells that cannot be read as formulas.

Text from a CRM or a plan that starts with ``=``, ``+``, ``-``, ``@`` (or a
tab or carriage return, which some programs strip) would run as a formula
when a CSV or XLSX is opened. Such text gets a leading apostrophe-free guard:
a single quote, the convention spreadsheet programs show as plain text.

>>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-5 deals"), neutralise("Acme")
('\\'=HYPERLINK("http://x")', "'-5 deals", 'Acme')
>>> neutralise(-5), neutralise("")
(-5, '')
"""

from __future__ import annotations

from typing import TypeVar

__all__ = ["FORMULA_PREFIXES", "neutralise"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def neutralise(value: T) -> T | str:
    """*value* unchanged unless it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
