"""Spreadsheet cells that cannot be read as formulas.

Text from a CRM or a plan that starts with ``=``, ``+``, ``-``, ``@`` (or a
tab or carriage return, which some programs strip) would run as a formula
when a CSV or XLSX is opened. Such text gets a leading single quote, which
spreadsheet programs read as "this is text". A plain signed number (``-5``,
``+1.5``, ``-1,234.50``) is data, not a formula, and stays as it is.

>>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-5 deals"), neutralise("Acme")
('\\'=HYPERLINK("http://x")', "'-5 deals", 'Acme')
>>> neutralise(-5), neutralise(""), neutralise("-5"), neutralise("+1+1")
(-5, '', '-5', "'+1+1")
"""

from __future__ import annotations

import re
from typing import TypeVar

__all__ = ["FORMULA_PREFIXES", "SIGNED_NUMBER", "neutralise"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SIGNED_NUMBER = r"^[+-]?[0-9][0-9.,]*$"
_NUMBER = re.compile(SIGNED_NUMBER)

T = TypeVar("T")


def neutralise(value: T) -> T | str:
    """*value* unchanged unless it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _NUMBER.match(value):
        return "'" + value
    return value
