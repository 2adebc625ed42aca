"""Numbers, money, rates and dates as the plan's locale writes them, through Babel.

>>> en, id_ = Formatter("en_US", "USD"), Formatter("id_ID", "IDR")
>>> en.money(250_000), id_.money(250_000_000)
('$250,000', 'Rp 250.000.000')
>>> en.number(1234.5), id_.number(1234.5)
('1,234.5', '1.234,5')
>>> import datetime as dt
>>> en.date(dt.date(2027, 3, 31)), id_.date(dt.date(2027, 3, 31))
('March 31, 2027', '31 Maret 2027')
>>> en.percent(0.425), id_.percent(0.425)
('42.5%', '42,5%')
"""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_compact_currency, format_currency, format_decimal, format_percent

__all__ = ["Formatter"]


class Formatter:
    """Formats figures for one locale and currency."""

    def __init__(self, locale: str, currency: str) -> None:
        self.locale = Locale.parse(locale)
        self.currency = currency
        pattern = self.locale.currency_formats["standard"].pattern.split(";")[0]
        whole = pattern.replace(".00", "")
        symbol = Locale.parse(locale).currency_symbols.get(currency, currency)
        # "Rp250.000" reads badly; letters before a number want a space ("Rp 250.000")
        if whole.startswith("¤") and not whole.startswith("¤ ") and symbol[-1:].isalpha():
            whole = "¤\u00a0" + whole[1:]
        self._money_pattern = whole

    def number(self, value: float | int, digits: int = 2) -> str:
        """A number with at most *digits* decimals: ``1,234.5``."""
        pattern = "#,##0" + ("." + "#" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def integer(self, value: float | int) -> str:
        return format_decimal(round(value), format="#,##0", locale=self.locale)

    def money(self, value: float | int) -> str:
        """Whole currency units: ``$250,000``, ``Rp 250.000.000``."""
        return format_currency(
            round(value),
            self.currency,
            format=self._money_pattern,
            locale=self.locale,
            currency_digits=False,
        ).replace("\u00a0", " ")

    def money_short(self, value: float | int) -> str:
        """Compact money for charts and tight cells: ``$250K``, ``Rp 250 jt``."""
        return format_compact_currency(
            value, self.currency, locale=self.locale, fraction_digits=1
        ).replace("\u00a0", " ")

    def percent(self, value: float, digits: int = 1) -> str:
        pattern = "#,##0" + ("." + "#" * digits if digits else "") + "%"
        return format_percent(value, format=pattern, locale=self.locale)

    def date(self, value: dt.date) -> str:
        """A long date: ``March 31, 2027``, ``31 Maret 2027``."""
        return format_date(value, "long", locale=self.locale)

    def short_date(self, value: dt.date) -> str:
        """A short date for tables: ``Mar 31, 2027``, ``31 Mar 2027``."""
        return format_date(value, "medium", locale=self.locale)

    def month(self, value: str | dt.date) -> str:
        """A month label from ``2027-01`` or a date: ``Jan 2027``."""
        day = dt.date.fromisoformat(value + "-01") if isinstance(value, str) else value
        return format_date(day, "MMM y", locale=self.locale)
