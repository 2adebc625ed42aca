"""salesplan: a sales plan as one structured document, and the engine that computes it.

The Python API::

    >>> import datetime as dt
    >>> import salesplan
    >>> plan = salesplan.load("examples/derived-quarter.yaml")
    >>> result = salesplan.build(plan, as_of=dt.date(2026, 11, 1))
    >>> result.deals_required, result.headcount["SDR"].required
    (50, 5)
    >>> frames = salesplan.to_frames(result)
    >>> frames["funnel"][["stage", "required"]].to_dict("records")
    [{'stage': 'appointment', 'required': 250}, {'stage': 'demo', 'required': 200}, {'stage': 'proposal', 'required': 100}]

Names are imported lazily so that ``import salesplan`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from salesplan.engine.build import build
    from salesplan.engine.results import PlanBuild
    from salesplan.frames import to_frames
    from salesplan.plan.document import SalesPlan
    from salesplan.plan.errors import PlanError
    from salesplan.plan.yaml_io import dumps, load, loads, save

__all__ = [
    "PlanBuild",
    "PlanError",
    "SalesPlan",
    "build",
    "dumps",
    "load",
    "loads",
    "save",
    "to_frames",
]
__version__ = "0.1.0"

_LOCATIONS = {
    "build": "salesplan.engine.build",
    "PlanBuild": "salesplan.engine.results",
    "to_frames": "salesplan.frames",
    "SalesPlan": "salesplan.plan.document",
    "PlanError": "salesplan.plan.errors",
    "load": "salesplan.plan.yaml_io",
    "loads": "salesplan.plan.yaml_io",
    "dumps": "salesplan.plan.yaml_io",
    "save": "salesplan.plan.yaml_io",
}


def __getattr__(name: str) -> Any:
    if name in _LOCATIONS:
        from importlib import import_module

        return getattr(import_module(_LOCATIONS[name]), name)
    raise AttributeError(f"module 'salesplan' has no attribute {name!r}")
