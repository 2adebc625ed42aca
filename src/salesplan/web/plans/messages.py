"""The plan's validation problems in the reader's language.

The plan package words its problems in English (the CLI's and the YAML's language).
Here each pydantic error type, and each sentence the plan's own checks write, has a
translatable form with the same values filled in; a sentence not known here is shown
as the plan wrote it.

>>> from django.utils import translation
>>> with translation.override("id"):
...     problem_text("value_error", "Value error, end 2027-01-01 is before start 2027-02-01")
'akhir 2027-01-01 sebelum awal 2027-02-01'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

__all__ = ["problem_text"]

_VALUE_PREFIX = re.compile(r"^(Value error|Assertion failed), ")

_BY_TYPE: dict[str, Promise] = {
    "missing": gettext_lazy("required"),
    "rate": gettext_lazy("%(value)s is not a rate — write 40% or 0.4"),
    "money": gettext_lazy("%(value)s is not an amount — write 250000 or 250k"),
    "amount": gettext_lazy("%(value)s is not a number"),
    "identifier": gettext_lazy(
        "%(value)s is not an id — use letters, digits, '_' or '-', starting with a letter"
    ),
    "duration": gettext_lazy("%(value)s is not a duration — write 45d, 6w or 3m"),
    "int_parsing": gettext_lazy("%(value)s is not a whole number"),
    "int_from_float": gettext_lazy("%(value)s is not a whole number"),
    "float_parsing": gettext_lazy("%(value)s is not a number"),
    "date_parsing": gettext_lazy("%(value)s is not a date — write YYYY-MM-DD"),
    "date_from_datetime_parsing": gettext_lazy("%(value)s is not a date — write YYYY-MM-DD"),
    "literal_error": gettext_lazy("%(value)s is not one of %(expected)s"),
    "greater_than_equal": gettext_lazy("must be %(ge)s or more"),
    "greater_than": gettext_lazy("must be more than %(gt)s"),
    "less_than_equal": gettext_lazy("must be %(le)s or less"),
    "less_than": gettext_lazy("must be less than %(lt)s"),
    "too_short": gettext_lazy("needs at least %(min_length)s"),
    "string_type": gettext_lazy("must be text"),
    "extra_forbidden": gettext_lazy("not a field of the plan"),
}

_SENTENCES: tuple[tuple[re.Pattern[str], Promise], ...] = tuple(
    (re.compile(pattern), template)
    for pattern, template in (
        (r"^average_deal_value must be more than 0$",
         gettext_lazy("the average deal value must be more than 0")),
        (r"^conversion must be more than 0% — no deal would ever move on$",
         gettext_lazy("conversion must be more than 0% — no deal would ever move on")),
        (r"^every day of the week is a weekend day",
         gettext_lazy("every day of the week is a weekend day — leave at least one working day")),
        (r"^give either end \(a date\) or horizon",
         gettext_lazy("give either an end date or a horizon (30d, 60d, 90d, month, quarter or year)")),
        (r"^give either end or duration, not both$",
         gettext_lazy("give either an end date or a duration, not both")),
        (r"^give exactly one of per_working_day, per_week, per_month or total",
         gettext_lazy("give exactly one of per working day, per week, per month or in total")),
        (r"^manages needs span_of_control",
         gettext_lazy("a role that manages others needs the people per manager")),
        (r"^minutes_per_activity needs selling_hours_per_day$",
         gettext_lazy("minutes per activity need the selling hours a day")),
        (r"^ramp needs at least one month",
         gettext_lazy("the ramp needs at least one month, e.g. 100")),
        (r"^capacity for (?P<activity>\S+) must be more than 0 \(found (?P<found>[^)]*)\)$",
         gettext_lazy("capacity for %(activity)s must be more than 0 (found %(found)s)")),
        (r"^end (?P<end>\S+) is before start (?P<start>\S+)$",
         gettext_lazy("end %(end)s is before start %(start)s")),
        (r"^max (?P<max>\S+) is below min (?P<min>\S+)$",
         gettext_lazy("at most %(max)s is below at least %(min)s")),
        (r"^(?P<both>.+) appears in both capacity and minutes_per_activity; keep one$",
         gettext_lazy("%(both)s appears in both the capacity and the minutes per activity; keep one")),
        (r"^(?P<value>.+) is not a currency code",
         gettext_lazy("%(value)s is not a currency code — write an ISO code such as USD or IDR")),
        (r"^(?P<value>.+) is not a country code",
         gettext_lazy("%(value)s is not a country code — write a two-letter code such as US or ID")),
        (r"^(?P<value>.+) is not a locale",
         gettext_lazy("%(value)s is not a locale — write a language and territory such as en_US or id_ID")),
        (r"^unknown (?P<kind>[a-z ]+) (?P<value>'[^']*') — did you mean (?P<hint>'[^']*')\?$",
         gettext_lazy("unknown %(kind)s %(value)s — did you mean %(hint)s?")),
        (r"^unknown (?P<kind>[a-z ]+) (?P<value>'[^']*') — valid: (?P<valid>.*)$",
         gettext_lazy("unknown %(kind)s %(value)s — valid: %(valid)s")),
        (r"^stage id (?P<id>'[^']*') is used twice$",
         gettext_lazy("stage id %(id)s is used twice")),
        (r"^item id (?P<id>'[^']*') is used twice$",
         gettext_lazy("item id %(id)s is used twice")),
        (r"^no role has capacity for (?P<activity>'[^']*')",
         gettext_lazy("no role has capacity for %(activity)s — add it to a role's capacity")),
        (r"^(?:role|owner) (?P<role>'?[^' ]+'?) has no capacity for (?P<activity>'[^']*')",
         gettext_lazy("role %(role)s has no capacity for %(activity)s — add it to the role's capacity")),
        (r"^dependency cycle: (?P<cycle>.*?) — ",
         gettext_lazy("dependency cycle: %(cycle)s — remove one of these dependencies")),
        (r"^management cycle: (?P<cycle>.*?) — ",
         gettext_lazy("management cycle: %(cycle)s — a role cannot manage its own managers")),
    )
)  # fmt: skip


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def problem_text(
    kind: str, message: str, context: Mapping[str, Any] | None = None, value: Any = None
) -> str:
    """*message* (of pydantic error type *kind*, or a plan check's sentence) for the reader."""
    message = _VALUE_PREFIX.sub("", message)
    if kind == "missing":
        return _("required")
    if (get_language() or "en").split("-")[0] != "id":
        return message
    template = _BY_TYPE.get(kind)
    if template is not None:
        values = {key: str(item) for key, item in (context or {}).items()}
        values.setdefault("value", _shown(value))
        try:
            return str(template) % values
        except (KeyError, ValueError, TypeError):
            return message
    for pattern, sentence in _SENTENCES:
        match = pattern.search(message)
        if match:
            return str(sentence) % match.groupdict()
    return message
