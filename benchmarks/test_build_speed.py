"""In-process speed of the plan loader and the engine, on a realistic full-year plan.

Not part of the test suite (``testpaths`` is ``src`` and ``tests``). Run with::

    .venv/bin/python -m pytest benchmarks --benchmark-only -p no:doctest

Speed goal (a): building the 12-month plan with 9 stages, 8 roles and 3 scenarios
in-process — all three scenarios, total — has a median under 20 ms. The
``build-all`` group measures that figure; ``build`` measures one scenario at a time.
See ``benchmarks/README.md`` for the figures measured so far.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from salesplan.engine import build, compare_scenarios, sensitivity
from salesplan.engine.calendar import package_holidays
from salesplan.engine.results import PlanBuild
from salesplan.plan import SalesPlan, load, loads

PLAN_PATH = Path(__file__).parent / "plans" / "year-9-stages-8-roles.yaml"
AS_OF = dt.date(2026, 10, 1)  # the plan is written in the autumn before its year
SCENARIOS = ("conservative", "base", "aggressive")
GOAL_MS = 20.0


@pytest.fixture(scope="module")
def plan() -> SalesPlan:
    return load(PLAN_PATH)


@pytest.fixture(scope="module")
def plan_text() -> str:
    return PLAN_PATH.read_text(encoding="utf-8")


def test_plan_is_the_advertised_size(plan: SalesPlan) -> None:
    """Guard the benchmark itself: 12 months, 9 stages, 8 roles, 3 scenarios."""
    assert plan.goals.period.horizon == "year"
    assert len(plan.strategy.stages) == 9
    assert sum(stage.post_sale for stage in plan.strategy.stages) == 1
    assert len(plan.team.roles) == 8
    assert len(plan.team.people) >= 20
    assert tuple(plan.scenarios) == SCENARIOS
    result = build(plan, "base", AS_OF)
    assert result.working_days > 240
    assert any(hire.reason == "backfill" for hire in result.hiring)


# ── build ────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("scenario", [None, *SCENARIOS])
def test_build_one_scenario(benchmark, plan: SalesPlan, scenario: str | None) -> None:
    """One ``build()`` call; ``None`` is the plan as written (no scenario applied)."""
    benchmark.group = "build: one scenario"
    benchmark.extra_info["scenario"] = scenario or "(as written)"
    result = benchmark(build, plan, scenario, AS_OF)
    assert isinstance(result, PlanBuild)
    assert result.deals_required > 0


def _build_all(plan: SalesPlan) -> list[PlanBuild]:
    return [build(plan, name, AS_OF) for name in SCENARIOS]


def test_build_all_three_scenarios(benchmark, plan: SalesPlan) -> None:
    """Speed goal (a): the three scenarios one after another, median < 20 ms."""
    benchmark.group = "build-all: three scenarios"
    benchmark.extra_info["goal_ms"] = GOAL_MS
    results = benchmark(_build_all, plan)
    assert [r.scenario for r in results] == list(SCENARIOS)


def test_compare_scenarios(benchmark, plan: SalesPlan) -> None:
    """The same three builds through the public API that ``salesplan scenarios`` uses."""
    benchmark.group = "build-all: three scenarios"
    builds = benchmark(compare_scenarios, plan, AS_OF)
    assert list(builds) == list(SCENARIOS)


def test_build_with_cold_holiday_cache(benchmark, plan: SalesPlan) -> None:
    """One build after clearing the public-holiday cache, as the first build of a process."""
    benchmark.group = "build: one scenario"
    benchmark.extra_info["scenario"] = "base, holiday cache cleared"
    result = benchmark.pedantic(
        build,
        args=(plan, "base", AS_OF),
        setup=package_holidays.cache_clear,
        rounds=30,
        iterations=1,
    )
    assert result.working_days > 0


# ── output ───────────────────────────────────────────────────────────────────


def test_to_json(benchmark, plan: SalesPlan) -> None:
    """What ``salesplan build --json`` does after building: ``to_dict()`` and ``json.dumps``."""
    benchmark.group = "output"
    result = build(plan, "base", AS_OF)
    text = benchmark(
        lambda: json.dumps(result.to_dict(), indent=2, ensure_ascii=False, default=str)
    )
    assert json.loads(text)["schema_version"] == 1


# ── load ─────────────────────────────────────────────────────────────────────


def test_load_and_validate(benchmark) -> None:
    """Read the file, parse YAML (round-trip, with positions), validate, check references
    and apply each scenario once to check it."""
    benchmark.group = "load"
    plan = benchmark(load, PLAN_PATH)
    assert plan.name


def test_validate_only(benchmark, plan: SalesPlan) -> None:
    """Pydantic validation of the already-parsed document, without YAML or checks."""
    benchmark.group = "load"
    data = plan.model_dump(mode="json", exclude_defaults=True)
    validated = benchmark(SalesPlan.model_validate, data)
    assert validated.name == plan.name


def test_loads_text(benchmark, plan_text: str) -> None:
    """``loads`` on text already in memory: YAML parsing plus validation, no file I/O."""
    benchmark.group = "load"
    plan = benchmark(loads, plan_text, "bench.yaml")
    assert plan.name


# ── sensitivity ──────────────────────────────────────────────────────────────


def test_sensitivity_once(benchmark, plan: SalesPlan) -> None:
    """``salesplan sensitivity``: every numeric input moved ±10%, two builds each."""
    benchmark.group = "sensitivity"
    rows = benchmark.pedantic(sensitivity, args=(plan, "base", AS_OF), rounds=1, iterations=1)
    benchmark.extra_info["inputs"] = len(rows)
    benchmark.extra_info["builds"] = 2 * len(rows) + 1
    assert rows
