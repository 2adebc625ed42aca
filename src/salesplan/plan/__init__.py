"""The plan document: pydantic models of the seven sections, YAML load/save, templates.

Owns the shape of a sales plan and its validation. Imports nothing from
``engine``, ``cli`` or ``web``; the engine reads these models. Names are
imported lazily, so that the engine can use the models without loading YAML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from salesplan.plan.document import SalesPlan, Scenario
    from salesplan.plan.errors import PlanError, PlanIssue
    from salesplan.plan.scenarios import apply_scenario
    from salesplan.plan.yaml_io import dumps, load, loads, save

__all__ = [
    "PlanError",
    "PlanIssue",
    "SalesPlan",
    "Scenario",
    "apply_scenario",
    "dumps",
    "load",
    "loads",
    "save",
]

_LOCATIONS = {
    "SalesPlan": "salesplan.plan.document",
    "Scenario": "salesplan.plan.document",
    "PlanError": "salesplan.plan.errors",
    "PlanIssue": "salesplan.plan.errors",
    "apply_scenario": "salesplan.plan.scenarios",
    "dumps": "salesplan.plan.yaml_io",
    "load": "salesplan.plan.yaml_io",
    "loads": "salesplan.plan.yaml_io",
    "save": "salesplan.plan.yaml_io",
}


def __getattr__(name: str) -> Any:
    if name in _LOCATIONS:
        from importlib import import_module

        return getattr(import_module(_LOCATIONS[name]), name)
    raise AttributeError(f"module 'salesplan.plan' has no attribute {name!r}")
