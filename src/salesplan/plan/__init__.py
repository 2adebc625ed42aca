"""The plan document: pydantic models of the seven sections, YAML load/save, templates.

Owns the shape of a sales plan and its validation. Imports nothing from
``engine``, ``cli`` or ``web``; the engine reads these models.
"""

from __future__ import annotations

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
