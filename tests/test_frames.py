"""The build as pandas DataFrames: the same figures as the build itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from salesplan import build, load, to_frames

ROOT = Path(__file__).resolve().parents[1]


def test_frames_hold_the_build_figures() -> None:
    result = build(load(ROOT / "examples" / "derived-quarter.yaml"), as_of=dt.date(2026, 11, 1))
    frames = to_frames(result)
    assert frames["funnel"]["required"].tolist() == [250, 200, 100]
    assert frames["activities"].loc["email", "per_working_day"] == pytest.approx(172.4138, abs=1e-4)
    assert frames["headcount"].loc["AE", "required"] == 2
    assert frames["hiring"].query("role == 'SDR'")["count"].tolist() == [3]
    assert frames["explanations"].loc["deals_required", "value"] == 50
    assert set(frames["budget"].index) == {"SDR", "AE"}
    assert frames["capacity_by_month"]["month"].unique().tolist() == [
        "2027-01",
        "2027-02",
        "2027-03",
    ]
    assert frames["timeline"]["wins"].sum() == pytest.approx(50)
