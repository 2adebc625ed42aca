"""Shared helpers: a small plan (acceptance example B as data) that each test tweaks.

Tests never read the examples to build their own plans (only the acceptance
tests load ``examples/*.yaml``), so editing an example cannot silently change
what the other tests check.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from ruamel.yaml import YAML

from salesplan.engine import build
from salesplan.engine.results import PlanBuild
from salesplan.plan import SalesPlan, loads

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# Deterministic by default (no example database, same examples every run);
# HYPOTHESIS_PROFILE=explore searches more widely with fresh randomness.
settings.register_profile(
    "salesplan",
    max_examples=50,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "explore",
    max_examples=500,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "salesplan"))


def base_plan_data() -> dict[str, Any]:
    """Acceptance example B (``examples/derived-quarter.yaml``) as plain data."""
    return {
        "schema_version": 1,
        "name": "Derived quarter",
        "currency": "USD",
        "country": "ID",
        "goals": {
            "period": {"start": dt.date(2027, 1, 1), "end": dt.date(2027, 3, 31)},
            "revenue_goal": 250000,
            "average_deal_value": 5000,
            "activities": {
                "email": {"name": "Emails"},
                "call": {"name": "Calls"},
                "demo": {"name": "Demos"},
                "proposal": {"name": "Proposals"},
            },
        },
        "team": {
            "roles": {
                "SDR": {
                    "name": "Sales Development Representative",
                    "capacity": {"email": 80, "call": 40},
                    "ramp": ["25%", "50%", "75%", "100%"],
                    "time_to_hire": "45d",
                    "attrition": "0%",
                },
                "AE": {
                    "name": "Account Executive",
                    "capacity": {"demo": 4, "proposal": 2},
                    "carries_quota": True,
                },
            },
            "people": [
                {"name": "Ana", "role": "SDR", "start": dt.date(2024, 1, 8)},
                {"name": "Budi", "role": "SDR", "start": dt.date(2024, 6, 3)},
                {"name": "Citra", "role": "SDR", "start": dt.date(2025, 2, 3)},
            ],
        },
        "strategy": {
            "stages": [
                {
                    "id": "appointment",
                    "name": "Appointment",
                    "owner": "SDR",
                    "conversion": "80%",
                    "activities": {"email": 40, "call": 20},
                },
                {
                    "id": "demo",
                    "name": "Demo",
                    "owner": "AE",
                    "conversion": "50%",
                    "activities": {"demo": 1},
                },
                {
                    "id": "proposal",
                    "name": "Proposal",
                    "owner": "AE",
                    "conversion": "50%",
                    "activities": {"proposal": 1},
                },
            ]
        },
    }


def to_yaml(data: dict[str, Any]) -> str:
    """Plain data as block-style YAML text."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.representer.sort_base_mapping_type_on_output = False  # keep the plan's order
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


PlanFactory = Callable[..., SalesPlan]


def make_plan(tweak: Callable[[dict[str, Any]], object] | None = None, **top: Any) -> SalesPlan:
    """Example B, changed by *tweak* (which edits the data in place) and *top*-level keys,
    validated the way a file is (YAML text through :func:`salesplan.plan.loads`)."""
    data = copy.deepcopy(base_plan_data())
    if tweak is not None:
        tweak(data)
    for key, value in top.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return loads(to_yaml(data), source="plan.yaml")


def simple_plan_data(
    *,
    start: dt.date = dt.date(2027, 1, 1),
    end: dt.date = dt.date(2027, 3, 31),
    goal: float = 100000,
    deal: float = 1000,
    capacity: float = 10,
) -> dict[str, Any]:
    """One role, one activity, one stage, no country: easy to check by hand."""
    return {
        "name": "Simple",
        "goals": {
            "period": {"start": start, "end": end},
            "revenue_goal": goal,
            "average_deal_value": deal,
            "activities": {"call": {"name": "Calls"}},
        },
        "team": {"roles": {"Rep": {"name": "Rep", "capacity": {"call": capacity}}}},
        "strategy": {
            "stages": [
                {
                    "id": "close",
                    "name": "Close",
                    "owner": "Rep",
                    "conversion": "50%",
                    "activities": {"call": 1},
                }
            ]
        },
    }


def load_data(data: dict[str, Any]) -> SalesPlan:
    """Validate plain plan data the way a file is validated."""
    return loads(to_yaml(data), source="plan.yaml")


def build_b(as_of: dt.date | None = dt.date(2026, 11, 1), **kwargs: Any) -> PlanBuild:
    """Build example B (optionally tweaked, see :func:`make_plan`) as of *as_of*."""
    return build(make_plan(**kwargs), as_of=as_of)


@pytest.fixture
def plan_factory() -> PlanFactory:
    """``plan_factory(tweak)`` → example B with *tweak* applied to its data, validated."""
    return make_plan


@pytest.fixture
def plan_b() -> SalesPlan:
    return make_plan()


def pytest_configure(config: pytest.Config) -> None:
    """Keep the CLI's holiday cache out of the user's home during tests."""
    import tempfile

    os.environ["SALESPLAN_CACHE_DIR"] = tempfile.mkdtemp(prefix="salesplan-cache-")

    # The document tests check the output with real tools and skip without them on a
    # laptop; in CI (.ci/run installs them) a missing tool is an error, not a skip.
    if os.environ.get("CI"):
        import shutil

        missing = [
            tool
            for tool in ("soffice", "pdfinfo", "pdftotext", "pdftoppm", "chromium")
            if shutil.which(tool) is None
        ]
        if missing:
            raise pytest.UsageError(
                f"CI needs {', '.join(missing)} for the document tests — run .ci/run, "
                "which installs them (scripts/install-document-tools)"
            )
