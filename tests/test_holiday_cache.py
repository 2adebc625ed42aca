"""The on-disk holiday cache gives the package's dates without importing it again."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from salesplan import holiday_cache
from salesplan.engine.calendar import WorkCalendar, package_holidays
from salesplan.holiday_cache import HolidayCache


def test_cached_dates_equal_the_package_dates(tmp_path: Path) -> None:
    cache = HolidayCache(tmp_path)
    assert cache.lookup("US", "CA", 2027) == package_holidays("US", "CA", 2027)
    assert cache.path.exists()
    assert "US|CA|2027" in json.loads(cache.path.read_text(encoding="utf-8"))["years"]


def test_a_second_process_reads_the_file_not_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    HolidayCache(tmp_path).lookup("ID", None, 2027)
    HolidayCache(tmp_path).countries()

    def no_package(*args: object) -> frozenset[dt.date]:
        raise AssertionError("the package was asked although the cache has the answer")

    monkeypatch.setattr("salesplan.engine.calendar.package_holidays", no_package)
    monkeypatch.setattr("salesplan.plan.references.package_countries", no_package)
    fresh = HolidayCache(tmp_path)
    calendar = WorkCalendar(country="ID", holiday_lookup=fresh.lookup)
    assert len(calendar.working_days(dt.date(2027, 1, 1), dt.date(2027, 3, 31))) == 58
    assert "ID" in fresh.countries()


def test_a_broken_or_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    cache = HolidayCache(tmp_path)
    cache.path.write_text("{not json", encoding="utf-8")
    assert dt.date(2027, 1, 1) in HolidayCache(tmp_path).lookup("ID", None, 2027)
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("", encoding="utf-8")
    assert dt.date(2027, 1, 1) in HolidayCache(blocked / "sub").lookup("ID", None, 2027)


def test_default_directory_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALESPLAN_CACHE_DIR", "/somewhere")
    assert holiday_cache.default_cache_directory() == Path("/somewhere")
    monkeypatch.delenv("SALESPLAN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/xdg")
    assert holiday_cache.default_cache_directory() == Path("/xdg/salesplan")
