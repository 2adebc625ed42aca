"""What a CRM export looks like, judged from a sample: encoding, delimiter, numbers, dates.

Detection never guesses silently. When a sample allows two readings — a date
like ``03/04/2025`` in a column whose days never pass 12, or ``1,234`` that may
be a thousand or one point two three four — it says so, and the caller asks the
person (``--dayfirst`` / ``--monthfirst``, ``--decimal``).

The formats it returns are ``strptime`` patterns, which both Python and DuckDB
understand, so bulk parsing can run in the database with the same rule.

>>> detect_date_format(["2025-03-04", "2025-12-31"]).pattern
'%Y-%m-%d'
>>> guess = detect_date_format(["03/04/2025", "05/06/2025"])
>>> guess.pattern is None, guess.ambiguous
(True, ('%d/%m/%Y', '%m/%d/%Y'))
>>> detect_date_format(["03/04/2025", "25/06/2025"]).pattern
'%d/%m/%Y'
>>> style = detect_number_style(["1.234,56", "Rp 1.500.000"])
>>> style.decimal, parse_number("Rp 1.500.000", style), parse_number("1.234,56", style)
(',', 1500000.0, 1234.56)
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "EXCEL_SERIAL",
    "DateGuess",
    "NumberStyle",
    "detect_date_format",
    "detect_delimiter",
    "detect_encoding",
    "detect_number_style",
    "is_excel_serial",
    "parse_number",
]

# ---------------------------------------------------------------------------
# encoding and delimiter


SAMPLE_BYTES = 64 * 1024
"""How much of a file detection reads."""


def detect_encoding(head: bytes) -> str:
    """The encoding of a file from its first bytes: BOMs first, then UTF-8, else cp1252.

    cp1252 is what Excel on Windows writes for "CSV"; every byte sequence reads in it,
    so it is the last resort rather than a guess among equals.

    >>> detect_encoding(codecs.BOM_UTF16_LE + "a\\tb".encode("utf-16-le"))
    'utf-16'
    >>> detect_encoding("Café".encode("utf-8")), detect_encoding("Café".encode("cp1252"))
    ('utf-8', 'cp1252')
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # a sample cut from a longer file may split its last multi-byte character
        truncated = error.reason == "unexpected end of data" and len(head) >= SAMPLE_BYTES
        if not truncated:
            return "cp1252"
    return "utf-8"


DELIMITERS = (",", ";", "\t", "|")


def detect_delimiter(lines: Sequence[str]) -> str:
    """The delimiter that splits every sample line into the same number of fields (> 1).

    >>> detect_delimiter(["a;b;c", "1;2,5;3"])
    ';'
    >>> detect_delimiter(['name,value', '"Smith, Ann",3'])
    ','
    """
    sample = [line for line in lines if line.strip()][:50]
    best, best_fields = ",", 1
    for delimiter in DELIMITERS:
        widths = {len(row) for row in csv.reader(sample, delimiter=delimiter)}
        if len(widths) == 1:
            (fields,) = widths
            if fields > best_fields:
                best, best_fields = delimiter, fields
    return best


# ---------------------------------------------------------------------------
# numbers

_CURRENCY = re.compile(r"^(?:[A-Z]{3}|Rp\.?|[$€£¥₹])\s*|\s*(?:[A-Z]{3}|[$€£¥₹])$")
_GROUPED_DOT = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_GROUPED_COMMA = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^\d+,\d+$")
_DECIMAL_DOT = re.compile(r"^\d+\.\d+$")
_PLAIN = re.compile(r"^\d+$")


@dataclass(frozen=True, slots=True)
class NumberStyle:
    """How a column writes numbers: its decimal mark, or ``None`` when it cannot be told."""

    decimal: Literal[".", ","] | None
    ambiguous_example: str | None = None

    @property
    def thousands(self) -> str:
        return "." if self.decimal == "," else ","


def _bare(text: str) -> str:
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    text = text.lstrip("+-−")
    return _CURRENCY.sub("", text).strip()


def detect_number_style(samples: Iterable[str]) -> NumberStyle:
    """Decide a column's decimal mark from its values.

    ``1.234,56`` and ``1,5`` mean a decimal comma; ``1,200.50`` and ``2.5`` a
    decimal point. A column whose only separated values look like ``1,234`` or
    ``1.234`` can be read either way: the style is ``None`` with that example.
    """
    votes = {".": 0, ",": 0}
    ambiguous: str | None = None
    for raw in samples:
        text = _bare(raw)
        if not text or _PLAIN.match(text):
            continue
        if _GROUPED_DOT.match(text):
            if "," in text or text.count(".") > 1:
                votes[","] += 1
            else:
                ambiguous = ambiguous or raw.strip()
        elif _GROUPED_COMMA.match(text):
            if "." in text or text.count(",") > 1:
                votes["."] += 1
            else:
                ambiguous = ambiguous or raw.strip()
        elif _DECIMAL_COMMA.match(text):
            votes[","] += 1
        elif _DECIMAL_DOT.match(text):
            votes["."] += 1
    if votes[","] and not votes["."]:
        return NumberStyle(",")
    if votes["."] and not votes[","]:
        return NumberStyle(".")
    if not votes["."] and not votes[","] and ambiguous is None:
        return NumberStyle(".")  # whole numbers only: either mark reads them the same
    return NumberStyle(None, ambiguous)


def parse_number(text: str, style: NumberStyle) -> float:
    """A number written in *style*, with currency symbols, spaces and ``(negative)`` handled.

    >>> parse_number("$1,200.50", NumberStyle(".")), parse_number("(1.000,5)", NumberStyle(","))
    (1200.5, -1000.5)
    """
    raw = text.strip()
    negative = raw.startswith(("-", "−")) or (raw.startswith("(") and raw.endswith(")"))
    bare = _bare(raw)
    if style.decimal is None:
        raise ValueError(f"{text!r}: the decimal mark is not known — say whether it is '.' or ','")
    cleaned = bare.replace(style.thousands, "").replace(style.decimal, ".")
    if not re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
        raise ValueError(f"{text!r} is not a number")
    number = float(cleaned)
    return -number if negative else number


# ---------------------------------------------------------------------------
# dates

_DATE_PATTERNS: tuple[str, ...] = (
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%dT%H:%M:%S.%f%z",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d/%m/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%m-%d-%Y",
    "%d/%m/%y",
    "%m/%d/%y",
    "%d %b %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%B %d, %Y",
)

# patterns that differ only by the order of day and month
_SWAPPED = {
    p: p.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")
    for p in _DATE_PATTERNS
    if "%d" in p and "%m" in p and p.index("%d") < 4 and p.index("%m") < 4
}


MOSTLY = 0.8
"""Share of sample values a date pattern must read (or all but one); the rest are bad cells."""


@dataclass(frozen=True, slots=True)
class DateGuess:
    """The pattern every sample date fits, or the readings that remain possible."""

    pattern: str | None
    ambiguous: tuple[str, ...] = ()
    unparsed: tuple[str, ...] = ()


def _fits(pattern: str, text: str) -> bool:
    try:
        dt.datetime.strptime(text, pattern)  # noqa: DTZ007 — only testing the shape
    except ValueError:
        return False
    return True


def detect_date_format(
    samples: Iterable[str], *, order: Literal["dmy", "mdy"] | None = None
) -> DateGuess:
    """The ``strptime`` pattern that reads the most samples (80% of them, or all but one).

    When day-first and month-first read the same samples (no day above 12),
    the guess is ambiguous unless *order* settles it. Samples the pattern does
    not read are returned in ``unparsed`` (at most five): an import reports
    them as bad cells.
    """
    values = [text.strip() for text in samples if text and text.strip()]
    if not values:
        return DateGuess(None)
    fitting = {p: [v for v in values if _fits(p, v)] for p in _DATE_PATTERNS}
    best = max(len(found) for found in fitting.values())
    if best == 0:
        return DateGuess(None, (), tuple(values[:5]))
    candidates = [p for p in _DATE_PATTERNS if len(fitting[p]) == best]
    first = candidates[0]
    misfits = tuple(v for v in values if v not in set(fitting[first]))[:5]
    one_slip = len(values) - best == 1 and best >= 3  # a small sample with one typo
    if best < MOSTLY * len(values) and not one_slip:
        return DateGuess(None, (), misfits)
    swapped = _SWAPPED.get(first)
    if swapped and swapped in candidates:
        day_first = first if first.index("%d") < first.index("%m") else swapped
        month_first = swapped if day_first == first else first
        if order == "dmy":
            return DateGuess(day_first, (), misfits)
        if order == "mdy":
            return DateGuess(month_first, (), misfits)
        return DateGuess(None, (day_first, month_first), misfits)
    return DateGuess(first, (), misfits)


EXCEL_SERIAL = "excel-serial"
"""The "pattern" of dates Excel kept as day numbers since 1899-12-30 (``45292`` = 2024-01-01)."""
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")


def is_excel_serial(samples: Iterable[str]) -> bool:
    """Whether every non-empty sample is an Excel day number between 1954 and 2119.

    >>> is_excel_serial(["45292", "45293.5"]), is_excel_serial(["45292", "2025-01-01"])
    (True, False)
    """
    values = [text.strip() for text in samples if text and text.strip()]
    return bool(values) and all(_SERIAL.match(v) and 20_000 <= float(v) <= 80_000 for v in values)
