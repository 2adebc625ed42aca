"""A built plan as pandas DataFrames (needs the ``frames`` extra: ``pip install salesplan[frames]``).

>>> import datetime as dt
>>> from salesplan import build, load
>>> frames = to_frames(build(load("examples/derived-quarter.yaml"), as_of=dt.date(2026, 11, 1)))
>>> sorted(frames)  # doctest: +NORMALIZE_WHITESPACE
['activities', 'budget', 'capacity_by_month', 'explanations', 'funnel', 'headcount', 'hiring',
 'timeline', 'warnings']
>>> int(frames["headcount"].loc["SDR", "required"])
5
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from salesplan.engine.results import PlanBuild

__all__ = ["to_frames"]


def to_frames(result: PlanBuild) -> dict[str, pd.DataFrame]:
    """Tables of *result*: funnel, activities, headcount, hiring, capacity by month,
    timeline, budget (pay by role), explanations and warnings."""
    import pandas as pd

    activities = pd.DataFrame(
        [{k: v for k, v in asdict(a).items() if k != "by_role"} for a in result.activities.values()]
    )
    headcount = pd.DataFrame(
        [
            {k: v for k, v in asdict(h).items() if k != "per_rep_per_day"}
            for h in result.headcount.values()
        ]
    )
    timeline = pd.DataFrame(
        [
            {
                "month": t.month,
                "wins": t.wins,
                **{f"created.{k}": v for k, v in t.created.items()},
                **{f"activities.{k}": v for k, v in t.activities.items()},
            }
            for t in result.timeline
        ]
    )
    return {
        "funnel": pd.DataFrame([asdict(s) for s in result.funnel]),
        "activities": activities.set_index("activity") if not activities.empty else activities,
        "headcount": headcount.set_index("role") if not headcount.empty else headcount,
        "hiring": pd.DataFrame([asdict(h) for h in result.hiring]),
        "capacity_by_month": pd.DataFrame([asdict(m) for m in result.capacity_by_month]),
        "timeline": timeline,
        "budget": pd.DataFrame(
            [
                {
                    "role": c.role,
                    "base": c.base,
                    "variable": c.variable,
                    "commission": c.commission,
                    "total": c.total,
                }
                for c in result.budget.by_role.values()
            ],
            columns=["role", "base", "variable", "commission", "total"],
        ).set_index("role"),
        "explanations": pd.DataFrame(
            [
                {
                    "figure": e.figure,
                    "value": e.value,
                    "formula": e.formula,
                    "inputs": ", ".join(e.inputs),
                }
                for e in result.explanations.values()
            ],
            columns=["figure", "value", "formula", "inputs"],
        ).set_index("figure"),
        "warnings": pd.DataFrame(
            [asdict(w) for w in result.warnings], columns=["code", "message", "role"]
        ),
    }
