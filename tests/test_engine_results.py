"""``PlanBuild.to_dict()``: the documented JSON form of a build."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given

from conftest import build_b
from salesplan.engine import build
from salesplan.plan import SalesPlan
from strategies import plans


def as_json(result_dict: dict[str, Any]) -> Any:
    """Through JSON text and back: fails on anything JSON cannot hold (dates, NaN, tuples)."""
    return json.loads(json.dumps(result_dict, allow_nan=False))


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    def tweak(data: dict[str, Any]) -> None:
        data["goals"]["economics"] = {
            "arpa_monthly": 500,
            "gross_margin": "80%",
            "monthly_churn": "2%",
        }
        data["team"]["roles"]["AE"]["compensation"] = {"base": "120k", "variable": "60k"}
        for stage, days in zip(data["strategy"]["stages"], (10, 14, 6), strict=True):
            stage["days_in_stage"] = days

    return build_b(tweak=tweak).to_dict()


def test_to_dict_is_json(doc: dict[str, Any]) -> None:
    assert as_json(doc) == doc


def test_top_level_keys(doc: dict[str, Any]) -> None:
    required = {
        "working_days",
        "revenue_goal",
        "deals_required",
        "funnel",
        "activities",
        "headcount",
        "hiring",
        "budget",
        "warnings",
    }
    assert required <= set(doc)
    assert doc["working_days"] == 58
    assert doc["revenue_goal"] == 250_000
    assert doc["deals_required"] == 50
    assert doc["as_of"] == "2026-11-01"
    assert doc["period"] == {"start": "2027-01-01", "end": "2027-03-31"}


def test_funnel_in_stage_order(doc: dict[str, Any]) -> None:
    assert [(s["stage"], s["required"]) for s in doc["funnel"]] == [
        ("appointment", 250),
        ("demo", 200),
        ("proposal", 100),
    ]


def test_activities(doc: dict[str, Any]) -> None:
    assert set(doc["activities"]) == {"email", "call", "demo", "proposal"}
    assert doc["activities"]["email"]["total"] == 10_000
    assert doc["activities"]["email"]["per_working_day"] == pytest.approx(172.4138)
    assert doc["activities"]["call"]["total"] == 5_000
    assert doc["activities"]["call"]["per_working_day"] == pytest.approx(86.2069)


def test_headcount(doc: dict[str, Any]) -> None:
    sdr = doc["headcount"]["SDR"]
    assert {k: sdr[k] for k in ("fte", "required", "current", "to_hire")} == {
        "fte": pytest.approx(4.3103),
        "required": 5,
        "current": 3,
        "to_hire": 3,
    }
    ae = doc["headcount"]["AE"]
    assert (ae["required"], ae["current"], ae["to_hire"]) == (2, 0, 2)


def test_hiring(doc: dict[str, Any]) -> None:
    assert [
        {k: h[k] for k in ("role", "count", "start", "hire_by", "reason")} for h in doc["hiring"]
    ] == [
        {
            "role": "SDR",
            "count": 3,
            "start": "2027-01-01",
            "hire_by": "2026-11-17",
            "reason": "growth",
        },
        {
            "role": "AE",
            "count": 2,
            "start": "2027-01-01",
            "hire_by": "2027-01-01",
            "reason": "growth",
        },
    ]


def test_budget(doc: dict[str, Any]) -> None:
    budget = doc["budget"]
    assert {
        "by_role",
        "compensation",
        "total",
        "cac",
        "ltv",
        "payback_months",
        "quota_per_rep",
    } <= set(budget)
    years = 2 * 90 / 365  # two AEs for the quarter
    assert budget["by_role"]["AE"]["base"] == pytest.approx(round(120_000 * years, 2))
    assert budget["total"] == pytest.approx(round(180_000 * years, 2))
    assert budget["ltv"] == 20_000
    assert budget["quota_per_rep"] == 125_000


def test_warnings(doc: dict[str, Any]) -> None:
    assert isinstance(doc["warnings"], list)
    for found in doc["warnings"]:
        assert set(found) == {"code", "message", "role"}
    late = build_b(as_of=dt.date(2026, 11, 27)).to_dict()
    [hiring_late] = [w for w in late["warnings"] if w["code"] == "hiring_late"]
    assert hiring_late["role"] == "SDR"
    assert hiring_late["message"].startswith("SDR hiring had to start on 2026-11-17")


def test_velocity_and_explanations(doc: dict[str, Any]) -> None:
    assert doc["velocity"]["per_day"] == pytest.approx(2_777.78)
    assert doc["pipeline_coverage"] == 5
    explanation = doc["explanations"]["headcount.SDR.required"]
    assert explanation == {
        "value": 5,
        "formula": "SDR required = ceil(172.41 emails/day ÷ 80 + 86.21 calls/day ÷ 40)"
        " = ceil(4.31) = 5",
        "inputs": ["team.roles.SDR.capacity.email", "team.roles.SDR.capacity.call"],
    }


@given(plans())
def test_any_build_is_json(plan: SalesPlan) -> None:
    doc = build(plan).to_dict()
    assert as_json(doc) == doc
