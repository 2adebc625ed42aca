"""In-process speed of the Monte Carlo forecast (issue 5, goal: 100,000 trials < 1 s).

A 13-week quarter with 9 pipeline stages, an open pipeline in every stage, a
bootstrap over 250 won deals' values, team capacity and activity variability —
and the timing of wins as ``salesplan forecast`` models it: 54 cohorts (9 stages
× 6 age buckets) with their evidence and the window-to-window variability.
Run with::

    .venv/bin/python -m pytest benchmarks/test_forecast_speed.py --benchmark-only
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from salesplan.engine.forecast import DealTiming, ForecastInputs, TimingCohort, goal_seek, simulate

QUARTER = ForecastInputs(
    goal=1_500_000,
    won_to_date=0.0,
    open_deals=(40, 30, 25, 20, 15, 12, 10, 8, 5),
    conversions=tuple(
        (int(n * rate), n)
        for n, rate in zip(
            (900, 700, 500, 400, 300, 250, 200, 150, 120),
            (0.85, 0.8, 0.75, 0.8, 0.7, 0.75, 0.8, 0.7, 0.55),
            strict=True,
        )
    ),
    new_per_day=30.0,
    volume_cv=0.25,
    days_left=64,  # 13 weeks of working days, less a public holiday
    cycle_days=20,
    deal_values=tuple(3_000.0 + 37.0 * i for i in range(250)),
    capacity=0.9,
    capacity_sd=0.05,
)

TIMED_QUARTER = replace(
    QUARTER,
    timing=DealTiming(
        cohorts=tuple(
            TimingCohort(3 + age, 20.0 + 3 * stage, 60.0 + 10 * age, stage)
            for stage in range(9)
            for age in range(6)
        ),
        new_wins=30.0,
        new_misses=170.0,
        window_cv=0.12,
        days_left=64,
    ),
)


def test_forecast_100k_trials(benchmark: Any) -> None:
    benchmark.group = "forecast"
    result = benchmark(simulate, TIMED_QUARTER, 100_000, 0)
    assert 0.0 <= result.probability <= 1.0


def test_forecast_100k_trials_without_timing(benchmark: Any) -> None:
    benchmark.group = "forecast"
    result = benchmark(simulate, QUARTER, 100_000, 0)
    assert 0.0 <= result.probability <= 1.0


def test_goal_seek_every_lever(benchmark: Any) -> None:
    benchmark.group = "forecast"
    changes = benchmark.pedantic(goal_seek, (TIMED_QUARTER, 0.8), {"trials": 20_000}, rounds=3)
    assert len(changes) == 4 + 9
