"""Public holidays cached on disk, so a command does not import the ``holidays`` package.

``holidays`` imports every country it knows on first use (about 0.2 s), which is
most of what ``salesplan build`` costs. The dates it gives never change for a
given version of the package, so the edges (the CLI today) keep them in a JSON
file named after that version, under ``$SALESPLAN_CACHE_DIR``,
``$XDG_CACHE_HOME/salesplan`` or ``~/.cache/salesplan``. A missing, unreadable
or unwritable cache only costs time: the package answers instead.

>>> import datetime as dt, tempfile
>>> cache = HolidayCache(Path(tempfile.mkdtemp()))
>>> dt.date(2027, 1, 1) in cache.lookup("ID", None, 2027)
True
>>> HolidayCache(cache.directory).lookup("ID", None, 2027) == cache.lookup("ID", None, 2027)
True
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["HolidayCache", "default_cache_directory"]


def default_cache_directory() -> Path:
    """Where the cache lives unless told otherwise."""
    if os.environ.get("SALESPLAN_CACHE_DIR"):
        return Path(os.environ["SALESPLAN_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "salesplan"


class HolidayCache:
    """Holiday dates and supported countries of one ``holidays`` version, read from disk."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_cache_directory()
        version = metadata.version("holidays")
        self.path = self.directory / f"holidays-{version}.json"
        self._data: dict[str, Any] = self._read()

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"years": {}, "countries": None}
        return data if isinstance(data, dict) else {"years": {}, "countries": None}

    def _write(self) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            partial.write_text(json.dumps(self._data, sort_keys=True), encoding="utf-8")
            partial.replace(self.path)
        except OSError:
            pass  # a read-only home: no cache, same answers

    def lookup(self, country: str, subdivision: str | None, year: int) -> frozenset[dt.date]:
        """Public holidays of *country* (and *subdivision*) in *year*: a ``HolidayLookup``."""
        key = f"{country}|{subdivision or ''}|{year}"
        years: dict[str, list[str]] = self._data.setdefault("years", {})
        if key not in years:
            from salesplan.engine.calendar import package_holidays

            years[key] = sorted(
                day.isoformat() for day in package_holidays(country, subdivision, year)
            )
            self._write()
        return frozenset(dt.date.fromisoformat(day) for day in years[key])

    def countries(self) -> Mapping[str, Sequence[str]]:
        """Country codes with their subdivisions: a ``CountryLookup``."""
        if not self._data.get("countries"):
            from salesplan.plan.references import package_countries

            self._data["countries"] = {
                code: list(subs) for code, subs in package_countries().items()
            }
            self._write()
        countries: dict[str, list[str]] = self._data["countries"]
        return countries
