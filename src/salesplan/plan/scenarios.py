"""Named scenarios: overrides of numeric inputs, applied to a copy of the plan.

>>> from salesplan.plan.scenarios import split_path
>>> split_path("strategy.stages.demo.conversion")
['strategy', 'stages', 'demo', 'conversion']
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import ValidationError

from salesplan.plan.document import SalesPlan
from salesplan.plan.errors import PlanError, PlanIssue, format_path

__all__ = ["ScenarioError", "apply_scenario", "check_scenarios", "split_path"]


class ScenarioError(ValueError):
    """An override path that does not lead to a numeric input."""


def split_path(path: str) -> list[str]:
    """The parts of a dotted override path."""
    return [part for part in path.split(".") if part]


def _child(node: Any, part: str, walked: list[str | int]) -> tuple[Any, str | int]:
    if isinstance(node, dict):
        if part in node:
            return node[part], part
        hint = difflib.get_close_matches(part, [str(key) for key in node], n=1, cutoff=0.6)
        where = format_path(tuple(walked)) or "the plan"
        suggestion = f" — did you mean {hint[0]!r}?" if hint else ""
        raise ScenarioError(f"no {part!r} in {where}{suggestion}")
    if isinstance(node, list):
        for index, element in enumerate(node):
            if isinstance(element, dict) and part in _names(element):
                return element, index
        if part.isdigit() and int(part) < len(node):
            return node[int(part)], int(part)
        names = [
            _names(e)[0] if _names(e) else str(i) for i, e in enumerate(node) if isinstance(e, dict)
        ]
        hint = difflib.get_close_matches(part, names, n=1, cutoff=0.5)
        valid = ", ".join(names) if names else f"positions 0 to {len(node) - 1}"
        suggestion = f" — did you mean {hint[0]!r}?" if hint else f" — valid: {valid}"
        raise ScenarioError(f"no {part!r} in {format_path(tuple(walked))}{suggestion}")
    raise ScenarioError(f"{format_path(tuple(walked))} has no parts to choose from")


def _names(element: dict[str, Any]) -> list[str]:
    """The keys a list entry can be addressed by: its id, name, stage or role."""
    return [
        str(element[key]) for key in ("id", "name", "stage", "role") if element.get(key) is not None
    ]


def _is_numeric(value: Any) -> bool:
    """Numbers, rates (``"40%"``), durations (``"45d"``) and optional inputs not set yet."""
    if value is None:
        return True  # an optional input such as max_hires or economics.ltv; validation checks it
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and value.rstrip("%dwm").replace(".", "", 1).isdigit()


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    parts = split_path(path)
    if not parts:
        raise ScenarioError("empty path")
    node: Any = data
    walked: list[str | int] = []
    for part in parts[:-1]:
        node, key = _child(node, part, walked)
        walked.append(key)
    leaf = parts[-1]
    current, key = _child(node, leaf, walked)
    if not _is_numeric(current):
        raise ScenarioError(
            f"{format_path((*walked, key))} is not a numeric input (found {current!r}); "
            "scenarios override numbers, rates and durations"
        )
    node[key] = value


def _plan_data(plan: SalesPlan) -> dict[str, Any]:
    # every field, defaults included, so that any numeric input can be overridden
    return plan.model_dump(mode="python")


def apply_scenario(plan: SalesPlan, name: str | None) -> SalesPlan:
    """A copy of *plan* with scenario *name*'s overrides applied (``None``: the plan as is)."""
    if name is None:
        return plan
    if name not in plan.scenarios:
        choices = ", ".join(plan.scenarios) or "none are defined"
        raise PlanError(
            [PlanIssue(("scenarios",), f"unknown scenario {name!r} — valid: {choices}")]
        )
    data = _plan_data(plan)
    scenario = plan.scenarios[name]
    issues: list[PlanIssue] = []
    for path, value in scenario.overrides.items():
        try:
            _set(data, path, value)
        except ScenarioError as error:
            issues.append(PlanIssue(("scenarios", name, "overrides", path), str(error)))
    if issues:
        raise PlanError(issues)
    data["scenarios"] = {}
    try:
        return SalesPlan.model_validate(data)
    except ValidationError as error:
        raise PlanError(
            [
                PlanIssue(
                    ("scenarios", name, "overrides"),
                    f"{format_path(tuple(detail['loc']))}: {detail['msg']}",
                )
                for detail in error.errors()
            ]
        ) from None


def check_scenarios(plan: SalesPlan) -> list[PlanIssue]:
    """Every problem with the plan's scenarios (each is applied once to check it)."""
    issues: list[PlanIssue] = []
    for name in plan.scenarios:
        try:
            apply_scenario(plan, name)
        except PlanError as error:
            issues.extend(error.issues)
    return issues
