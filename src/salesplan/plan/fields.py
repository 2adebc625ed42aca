"""Value types of the plan document: rates, money, durations and identifiers.

Each type accepts the forms a sales leader naturally writes in YAML (``40%``,
``250k``, ``45d``) and serialises back to the same readable form, so a plan
survives ``save(load(path))`` without losing anything.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, GetCoreSchemaHandler, PlainSerializer
from pydantic_core import PydanticCustomError, core_schema

__all__ = [
    "Amount",
    "Duration",
    "Identifier",
    "Money",
    "Rate",
    "parse_money",
    "parse_rate",
]

_PERCENT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*%\s*$")
_MONEY = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*([kKmMbB]?)\s*$")
_GROUPED = re.compile(r"^\s*[+-]?\d{1,3}(?:[,_ ]\d{3})+(?:\.\d+)?\s*$")
_SCALE = {"": Decimal(1), "k": Decimal(1_000), "m": Decimal(1_000_000), "b": Decimal(1_000_000_000)}


def _decimal_text(value: float) -> str:
    """Shortest text for *value* that reads back as the same float."""
    return format(Decimal(repr(value)).normalize(), "f")


def parse_rate(value: Any) -> float:
    """Read a rate written as ``40%`` or ``0.4``.

    >>> parse_rate("40%"), parse_rate(0.4), parse_rate("12.5 %")
    (0.4, 0.4, 0.125)
    """
    if isinstance(value, bool):
        raise PydanticCustomError(
            "rate", "{value} is not a rate — write 40% or 0.4", {"value": value}
        )
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        match = _PERCENT.match(value)
        if match:
            number = float(Decimal(match.group(1)) / 100)
        else:
            try:
                number = float(Decimal(value.strip()))
            except InvalidOperation:
                raise PydanticCustomError(
                    "rate", "{value} is not a rate — write 40% or 0.4", {"value": repr(value)}
                ) from None
    else:
        raise PydanticCustomError(
            "rate", "{value} is not a rate — write 40% or 0.4", {"value": repr(value)}
        )
    if not 0.0 <= number <= 1.0:
        raise PydanticCustomError(
            "rate", "{value} is not a rate — write 40% or 0.4", {"value": value}
        )
    return number


def _dump_rate(value: float) -> str:
    # scale the shortest decimal text, not the float, so that 1/6 reads back exactly
    return format((Decimal(repr(value)) * 100).normalize(), "f") + "%"


Rate = Annotated[
    float,
    BeforeValidator(parse_rate),
    PlainSerializer(_dump_rate, return_type=str, when_used="always"),
]
"""A share between 0 and 1, written ``40%`` or ``0.4``."""


def parse_money(value: Any) -> float:
    """Read an amount written as ``250000``, ``250,000``, ``250k`` or ``1.5m``.

    >>> parse_money("250k"), parse_money("1,250,000"), parse_money(5000)
    (250000.0, 1250000.0, 5000.0)
    """
    if isinstance(value, bool):
        raise PydanticCustomError(
            "money", "{value} is not an amount — write 250000 or 250k", {"value": value}
        )
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip()
        if _GROUPED.match(text):
            text = re.sub(r"[,_ ]", "", text)
        match = _MONEY.match(text)
        if not match:
            raise PydanticCustomError(
                "money", "{value} is not an amount — write 250000 or 250k", {"value": repr(value)}
            )
        number = float(Decimal(match.group(1)) * _SCALE[match.group(2).lower()])
    else:
        raise PydanticCustomError(
            "money", "{value} is not an amount — write 250000 or 250k", {"value": repr(value)}
        )
    if not math.isfinite(number):
        raise PydanticCustomError(
            "money", "{value} is not an amount — write 250000 or 250k", {"value": repr(value)}
        )
    if number < 0:
        raise PydanticCustomError(
            "money", "{value} is negative — an amount must be 0 or more", {"value": value}
        )
    return number


def _dump_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


Money = Annotated[
    float,
    BeforeValidator(parse_money),
    PlainSerializer(_dump_number, return_type=int | float, when_used="always"),
]
"""A non-negative amount in the plan's currency: ``250000``, ``250,000``, ``250k``."""


def _parse_amount(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise PydanticCustomError("amount", "{value} is not a number", {"value": repr(value)})
    try:
        number = float(Decimal(str(value).strip().replace("_", "")))
    except InvalidOperation:
        raise PydanticCustomError(
            "amount", "{value} is not a number", {"value": repr(value)}
        ) from None
    if not math.isfinite(number):
        raise PydanticCustomError("amount", "{value} is not a number", {"value": repr(value)})
    if number < 0:
        raise PydanticCustomError(
            "amount", "{value} is negative — write 0 or more", {"value": value}
        )
    return number


Amount = Annotated[
    float,
    BeforeValidator(_parse_amount),
    PlainSerializer(_dump_number, return_type=int | float, when_used="always"),
]
"""A non-negative quantity such as activities per deal or per working day."""

_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def _parse_identifier(value: Any) -> str:
    if not isinstance(value, str) or not _IDENTIFIER.match(value):
        raise PydanticCustomError(
            "identifier",
            "{value} is not an id — use letters, digits, '_' or '-', starting with a letter",
            {"value": repr(value)},
        )
    return value


Identifier = Annotated[str, BeforeValidator(_parse_identifier)]
"""A short id such as ``SDR`` or ``needs_assessment``."""

DurationUnit = Literal["d", "w", "m"]
_DURATION = re.compile(r"^\s*(\d+)\s*(d|w|m|days?|weeks?|months?)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Duration:
    """A span of days, weeks or months, written ``45d``, ``6w`` or ``3m``.

    >>> Duration.parse("6w").days_approx, str(Duration.parse("3 months"))
    (42, '3m')
    """

    amount: int
    unit: DurationUnit

    @classmethod
    def parse(cls, value: Any) -> Duration:
        if isinstance(value, Duration):
            return value
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return cls(value, "d")
        if isinstance(value, str):
            match = _DURATION.match(value)
            if match:
                unit = match.group(2)[0].lower()
                return cls(int(match.group(1)), unit)  # type: ignore[arg-type]
        raise PydanticCustomError(
            "duration",
            "{value} is not a duration — write 45d, 6w or 3m",
            {"value": repr(value)},
        )

    @property
    def days_approx(self) -> int:
        """Length in days, counting a month as 30 days (used only for ordering)."""
        return self.amount * {"d": 1, "w": 7, "m": 30}[self.unit]

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(str, when_used="always"),
        )
