"""The planning engine: pure functions from a plan to its figures.

Owns the planning math: working days, the reverse funnel, activity volumes,
FTE and headcount, ramp, attrition and hiring, timing, budget and unit
economics, scenarios and sensitivity, and the explanation of every figure.

Must not import I/O, database or web libraries (django, duckdb, ibis,
sqlalchemy, pandas, requests, httpx, pathlib, os, ruamel, typer, rich); a ruff
rule and a test enforce it. It never reads the clock: callers pass ``as_of``.
"""

from __future__ import annotations

from salesplan.engine.build import build
from salesplan.engine.results import PlanBuild
from salesplan.engine.sensitivity import compare_scenarios, sensitivity

__all__ = ["PlanBuild", "build", "compare_scenarios", "sensitivity"]
