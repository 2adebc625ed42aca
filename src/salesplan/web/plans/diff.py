"""What changed between two versions of a plan: the inputs, by path, and their effect
on the key outputs — deals, activities per day, headcount per role, budget.

>>> changed_inputs("goals:\\n  revenue_goal: 100\\n", "goals:\\n  revenue_goal: 150\\n")
[InputChange(path='goals.revenue_goal', before='100', after='150')]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from salesplan.engine import build
from salesplan.engine.results import PlanBuild
from salesplan.plan import loads
from salesplan.plan.yaml_io import round_trip_yaml

__all__ = ["InputChange", "OutputChange", "VersionDiff", "changed_inputs", "diff_versions"]


@dataclass(frozen=True)
class InputChange:
    """One value of the document that differs (``—`` where it is absent)."""

    path: str
    before: str
    after: str


@dataclass(frozen=True)
class OutputChange:
    """One key output of the computed plan, before and after."""

    label: str
    before: float
    after: float

    @property
    def change(self) -> float | None:
        return (self.after - self.before) / self.before if self.before else None


@dataclass(frozen=True)
class VersionDiff:
    inputs: list[InputChange]
    outputs: list[OutputChange]


def _flatten(node: Any, prefix: str, into: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(value, f"{prefix}.{key}" if prefix else str(key), into)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            name = item.get("id") if isinstance(item, dict) else None
            _flatten(item, f"{prefix}.{name if name is not None else index}", into)
    else:
        into[prefix] = "" if node is None else str(node)


def _values(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    _flatten(round_trip_yaml().load(text) or {}, "", found)
    return found


def changed_inputs(before: str, after: str) -> list[InputChange]:
    """Every path whose value differs between the two YAML texts, in document order."""
    old, new = _values(before), _values(after)
    paths = list(dict.fromkeys([*old, *new]))
    return [
        InputChange(path, old.get(path, "—"), new.get(path, "—"))
        for path in paths
        if old.get(path) != new.get(path)
    ]


def _outputs(result: PlanBuild) -> dict[str, float]:
    found: dict[str, float] = {"Deals to win": float(result.deals_required)}
    for activity in result.activities.values():
        found[f"{activity.name} per working day"] = activity.per_working_day
    for head in result.headcount.values():
        found[f"{head.name}: headcount"] = float(head.required)
    found["Budget"] = result.budget.total
    return found


def diff_versions(before: str, after: str) -> VersionDiff:
    """The inputs that changed and every key output, before and after."""
    old, new = _outputs(build(loads(before))), _outputs(build(loads(after)))
    labels = list(dict.fromkeys([*old, *new]))
    return VersionDiff(
        changed_inputs(before, after),
        [OutputChange(label, old.get(label, 0.0), new.get(label, 0.0)) for label in labels],
    )
