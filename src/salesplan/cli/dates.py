"""Dates given on the command line."""

from __future__ import annotations

import datetime as dt

import typer

__all__ = ["parse_date"]


def parse_date(value: str | None, option: str | None = None) -> dt.date | None:
    """``YYYY-MM-DD`` as a date (``None`` stays ``None``); a usage error otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date — write YYYY-MM-DD, e.g. 2027-01-01", param_hint=option
        ) from None
