"""Plans and built documents shared by the report tests (built once per test session)."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

from conftest import make_plan
from salesplan.plan import SalesPlan, load
from salesplan.reports.writers import PlanDocument, make_report

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = ROOT / "src" / "salesplan" / "plan" / "templates"
TEMPLATES = sorted(path.stem for path in (TEMPLATE_DIR / "en").glob("*.yaml"))
LANGUAGES = ("en", "id")
AS_OF = dt.date(2026, 11, 1)

HOSTILE = "<script>alert('x')</script>"
FORMULA = '=HYPERLINK("http://evil.example","click")'


@functools.cache
def template_plan(language: str, name: str) -> SalesPlan:
    return load(TEMPLATE_DIR / language / f"{name}.yaml")


@functools.cache
def template_document(language: str, name: str) -> PlanDocument:
    return make_report(template_plan(language, name), as_of=AS_OF, generated_on=AS_OF)


def hostile_plan() -> SalesPlan:
    """Example B with script and formula payloads in every kind of user text."""

    def tweak(data: dict[str, Any]) -> None:
        data["name"] = f"Plan {HOSTILE}"
        data["mission"] = {
            "statement": f"We sell {HOSTILE} & more",
            "competitors": [{"name": FORMULA, "how_they_compete": "+1+1"}],
            "open_questions": ["@SUM(A1)", "-2 deals?"],
        }
        data["strategy"]["stages"][0]["name"] = f"Appt {HOSTILE}"
        data["team"]["roles"]["SDR"]["name"] = FORMULA
        data["team"]["people"][0]["name"] = "=1+2"
        data["audience"] = {"personas": [{"name": HOSTILE, "goals": ["</script><b>x</b>"]}]}
        data["action_plan"] = {
            "items": [
                {
                    "id": "kickoff",
                    "title": FORMULA,
                    "owner": "SDR",
                    "start": dt.date(2027, 1, 4),
                    "duration": "2w",
                },
                {
                    "id": "launch",
                    "title": "-launch",
                    "owner": "AE",
                    "start": dt.date(2027, 2, 1),
                    "kind": "milestone",
                    "depends_on": ["kickoff"],
                },
            ]
        }

    return make_plan(tweak)


@functools.cache
def hostile_document() -> PlanDocument:
    return make_report(hostile_plan(), as_of=AS_OF, with_sensitivity=False)


def large_plan(count: int = 55) -> SalesPlan:
    """A plan with *count* stages, roles, activities and action items."""

    def tweak(data: dict[str, Any]) -> None:
        activities = {
            f"act{i}": {"name": f"Activity number {i} with a long name"} for i in range(count)
        }
        data["goals"]["activities"] = activities
        data["team"]["roles"] = {
            f"R{i}": {
                "name": f"Role {i} — regional specialist for segment {i}",
                "responsibilities": ["Work the stage well " * 8],
                "capacity": {f"act{i}": 20 + i},
            }
            for i in range(count)
        }
        data["team"]["people"] = []
        data["strategy"]["stages"] = [
            {
                "id": f"s{i}",
                "name": f"Stage {i} of a very long process",
                "owner": f"R{i}",
                "conversion": "97%",
                "activities": {f"act{i}": 2},
            }
            for i in range(count)
        ]
        data["action_plan"] = {
            "items": [
                {
                    "id": f"item{i}",
                    "title": f"Action item {i}: " + "a long description " * 3,
                    "owner": f"R{i % 7}",
                    "start": dt.date(2027, 1, 1) + dt.timedelta(days=i),
                    "duration": "3w",
                    "depends_on": [f"item{i - 1}"] if i else [],
                }
                for i in range(count)
            ]
        }

    return make_plan(tweak)
