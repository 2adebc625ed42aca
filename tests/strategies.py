"""Hypothesis strategies that generate valid sales plans (as plain data or models).

``plan_data()`` draws a plan that is consistent by construction: every stage
owner is a role, every activity a stage needs is defined and in its owner's
capacity, every capacity activity exists. Sizes are bounded so a build stays
fast (a few hundred people at most).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from salesplan.plan import SalesPlan

__all__ = [
    "durations",
    "money",
    "plan_data",
    "plans",
    "rate_texts",
    "rich_plans",
]

ROLE_IDS = ("SDR", "AE", "CSM", "BDR", "Closer")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

names = (
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"]),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(bool)
)
"""Free text as a person writes it (trimmed, as the plan stores it)."""

tricky_names = st.sampled_from(
    ["yes", "no", "null", "~", "true", "40%", "1.5", "2027-01-01", "250k", "#hash", "a: b", "- x"]
)
"""Text a YAML writer must quote to read back as the same text."""


def rate_texts(low: int = 1, high: int = 100) -> st.SearchStrategy[Any]:
    """A rate the way people write it: ``40%``, ``12.5%`` or ``0.4`` (low..high percent)."""
    tenths = st.integers(low * 10, high * 10)
    return st.one_of(
        tenths.map(lambda t: f"{t // 10}%" if t % 10 == 0 else f"{t // 10}.{t % 10}%"),
        tenths.map(lambda t: float(Decimal(t) / 1000)),
        st.integers(low, high).map(lambda p: f"{p}%"),
    )


def money(low: int = 0, high: int = 10_000_000) -> st.SearchStrategy[Any]:
    """An amount: plain number, ``250k``, ``1.5m``, ``1,250,000`` or cents."""
    whole = st.integers(low, high)
    return st.one_of(
        whole,
        whole.map(lambda n: f"{n:,}"),
        st.integers(-(-low // 1000), high // 1000).map(lambda n: f"{n}k"),
        st.integers(low * 100, high * 100).map(lambda c: float(Decimal(c) / 100)),
    )


durations = st.one_of(
    st.integers(0, 120).map(lambda n: f"{n}d"),
    st.integers(0, 12).map(lambda n: f"{n}w"),
    st.integers(0, 4).map(lambda n: f"{n}m"),
    st.integers(0, 90),
)
"""``45d``, ``6w``, ``3m`` or a bare number of days."""

dates = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2029, 12, 31))


@st.composite
def ramps(draw: st.DrawFn) -> list[Any]:
    """A ramp: 1 to 4 monthly shares of full capacity, never going down."""
    steps = sorted(draw(st.lists(st.integers(5, 100), min_size=1, max_size=4)))
    return [f"{step}%" for step in steps]


@st.composite
def plan_data(
    draw: st.DrawFn,
    *,
    max_stages: int = 3,
    min_conversion: int = 10,
    managers: bool = True,
    country: bool = True,
    targets: bool = True,
    post_sale: bool = True,
) -> dict[str, Any]:
    """A valid plan as the plain data a YAML file holds (no open pipeline)."""
    n_roles = draw(st.integers(1, 3))
    role_ids = list(ROLE_IDS[:n_roles])
    activities: dict[str, dict[str, Any]] = {}
    roles: dict[str, dict[str, Any]] = {}
    own: dict[str, list[str]] = {}
    for role_id in role_ids:
        own[role_id] = [f"{role_id.lower()}_task{k}" for k in range(draw(st.integers(1, 3)))]
        role: dict[str, Any] = {"name": f"{role_id} role"}
        by_minutes = draw(st.booleans())
        for activity_id in own[role_id]:
            activities[activity_id] = {"name": f"{activity_id} work"}
            if by_minutes and draw(st.booleans()):
                role.setdefault("minutes_per_activity", {})[activity_id] = draw(st.integers(5, 30))
            else:
                role.setdefault("capacity", {})[activity_id] = draw(st.integers(10, 200))
        if "minutes_per_activity" in role:
            role["selling_hours_per_day"] = draw(st.sampled_from([4, 5, 6, 6.5, 7]))
        if draw(st.booleans()):
            role["ramp"] = draw(ramps())
        role["time_to_hire"] = draw(durations)
        if draw(st.booleans()):
            role["attrition"] = draw(rate_texts(1, 40))
        role["carries_quota"] = draw(st.booleans())
        roles[role_id] = role
    if managers and draw(st.integers(0, 3)) == 0:
        roles["Manager"] = {
            "name": "Sales manager",
            "manages": draw(st.lists(st.sampled_from(role_ids), min_size=1, unique=True)),
            "span_of_control": draw(st.integers(2, 10)),
        }

    stages = []
    for index in range(draw(st.integers(1, max_stages))):
        owner = draw(st.sampled_from(role_ids))
        chosen = draw(st.lists(st.sampled_from(own[owner]), unique=True, max_size=2))
        stages.append(
            {
                "id": f"stage{index}",
                "name": f"Stage {index}",
                "owner": owner,
                "conversion": draw(rate_texts(min_conversion, 100)),
                "days_in_stage": draw(st.integers(0, 20)),
                "activities": {a: draw(st.integers(1, 10)) for a in chosen},
            }
        )
    if post_sale and draw(st.integers(0, 3)) == 0:
        owner = draw(st.sampled_from(role_ids))
        stages.append(
            {
                "id": "referral",
                "name": "Referral",
                "owner": owner,
                "conversion": draw(rate_texts(0, 100)),
                "post_sale": True,
                "activities": {draw(st.sampled_from(own[owner])): draw(st.integers(1, 3))},
            }
        )
    if targets:
        for activity in activities.values():
            if draw(st.integers(0, 4)) == 0:
                kind = draw(st.sampled_from(["per_working_day", "per_week", "per_month", "total"]))
                activity["target"] = {kind: draw(st.integers(1, 300))}

    start = draw(dates)
    length = draw(st.integers(20, 200))
    people = []
    for role_id in role_ids:
        for k in range(draw(st.integers(0, 3))):
            people.append(
                {
                    "name": f"{role_id} person {k}",
                    "role": role_id,
                    "start": start - dt.timedelta(days=draw(st.integers(0, 700))),
                }
            )
    deal = draw(st.integers(500, 20_000))
    data: dict[str, Any] = {
        "name": "Generated plan",
        "goals": {
            "period": {"start": start, "end": start + dt.timedelta(days=length)},
            "revenue_goal": deal * draw(st.integers(1, 80)) + draw(st.integers(0, deal - 1)),
            "average_deal_value": deal,
            "activities": activities,
        },
        "team": {"roles": roles, "people": people},
        "strategy": {"stages": stages},
    }
    if country and draw(st.integers(0, 3)) == 0:
        data["country"] = draw(st.sampled_from(["US", "ID", "GB"]))
    return data


def plans(**options: Any) -> st.SearchStrategy[SalesPlan]:
    """Valid plan models (see :func:`plan_data`)."""
    return plan_data(**options).map(SalesPlan.model_validate)


@st.composite
def rich_plans(draw: st.DrawFn) -> SalesPlan:
    """A plan using most of the document: every value type, optional sections, scenarios."""
    data = draw(plan_data())
    goals = data["goals"]
    if draw(st.booleans()):
        goals["period"] = {
            "start": goals["period"]["start"],
            "horizon": draw(st.sampled_from(["30d", "60d", "90d", "month", "quarter", "year"])),
        }
    goals["revenue_goal"] = draw(money(1, 50_000_000))
    goals["average_deal_value"] = draw(money(1, 1_000_000))
    goals["quota"] = {
        "over_assignment": draw(st.sampled_from([1, 1.1, 1.25, 2])),
        "expected_attainment": draw(rate_texts(0, 100)),
    }
    goals["economics"] = {
        "arpa_monthly": draw(money()),
        "gross_margin": draw(rate_texts(0, 100)),
        "monthly_churn": draw(rate_texts(0, 100)),
        "marketing_spend": draw(money()),
        "other_costs": draw(money()),
    }
    goals["other_goals"] = [
        {"name": draw(st.one_of(names, tricky_names)), "due": draw(dates)}
        for _ in range(draw(st.integers(0, 2)))
    ]
    data["name"] = draw(st.one_of(names, tricky_names))
    data["language"] = draw(st.sampled_from(["en", "id"]))
    data["currency"] = draw(st.sampled_from(["USD", "IDR", "EUR"]))
    data["calendar"] = {
        "weekend": draw(st.lists(st.sampled_from(WEEKDAYS), unique=True, max_size=2)),
        "days_off": [
            {"date": draw(dates), "name": draw(names)} for _ in range(draw(st.integers(0, 2)))
        ],
    }
    for role in data["team"]["roles"].values():
        role["compensation"] = {
            "base": draw(money()),
            "variable": draw(money()),
            "commission_rate": draw(rate_texts(0, 30)),
        }
        if draw(st.booleans()):
            role["max_hires"] = draw(st.integers(0, 20))
    for person in data["team"]["people"]:
        if draw(st.booleans()):
            person["end"] = person["start"] + dt.timedelta(days=draw(st.integers(0, 900)))
    stages = data["strategy"]["stages"]
    pipeline = [stage["id"] for stage in stages if not stage.get("post_sale")]
    data["strategy"]["open_pipeline"] = [
        {"stage": draw(st.sampled_from(pipeline)), "count": draw(st.integers(0, 30))}
        for _ in range(draw(st.integers(0, 2)))
    ]
    data["action_plan"] = {
        "items": [
            {
                "id": f"item{k}",
                "title": draw(st.one_of(names, tricky_names)),
                "start": draw(dates),
                "duration": draw(durations),
            }
            for k in range(draw(st.integers(0, 2)))
        ]
    }
    overrides: dict[str, Any] = {"goals.revenue_goal": draw(st.integers(1, 10_000_000))}
    if draw(st.booleans()):
        overrides[f"strategy.stages.{pipeline[0]}.conversion"] = draw(rate_texts(10, 100))
    role_id = next(iter(data["team"]["roles"]))
    overrides[f"team.roles.{role_id}.time_to_hire"] = draw(
        durations.filter(lambda d: isinstance(d, str))
    )
    data["scenarios"] = {"what_if": {"description": draw(names), "overrides": overrides}}
    return SalesPlan.model_validate(data)
