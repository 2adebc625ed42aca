"""The calibration diff: each plan assumption beside what the workspace's CRM history
says, and the value a person can accept into the plan (rates as percentages, as
``salesplan calibrate --write`` writes them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from salesplan.analytics.calibration import Comparison, calibrate
from salesplan.crm.store import STORE, Workspace
from salesplan.plan import loads
from salesplan.web.store_access import reading

__all__ = ["DiffRow", "calibration_diff", "written_value"]


def written_value(path: str, value: float) -> float | str:
    """How a CRM figure is written into the plan's YAML: rates as percentages."""
    if path.endswith(".conversion"):
        return f"{round(value * 100, 1):g}%"
    return round(value, 1) if path.endswith(".days_in_stage") else round(value, 2)


def _shown(value: float | None, percent: bool) -> str:
    if value is None:
        return "—"
    return f"{value:.1%}" if percent else f"{value:,.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class DiffRow:
    """One assumption as the page shows it, and what accepting it would write."""

    path: str
    label: str
    plan: str
    crm: str
    n: int
    interval: str
    note: str
    proposed: float | str | None  # None: nothing the plan can take from this row

    @property
    def acceptable(self) -> bool:
        return self.proposed is not None

    @property
    def proposed_text(self) -> str:
        return "" if self.proposed is None else str(self.proposed)


def _row(comparison: Comparison) -> DiffRow:
    percent = comparison.path.endswith(".conversion") or comparison.path.startswith("(")
    interval = ""
    if comparison.low is not None and comparison.high is not None:
        interval = f"{_shown(comparison.low, percent)} – {_shown(comparison.high, percent)}"
    proposed: float | str | None = None
    crm = comparison.crm
    named = not comparison.path.startswith("(")  # "(product of the stage conversions)"
    if crm is not None and comparison.n > 0 and named:
        zero_rate = comparison.path.endswith(".conversion") and crm <= 0
        proposed = None if zero_rate else written_value(comparison.path, crm)
    return DiffRow(
        comparison.path,
        comparison.label,
        _shown(comparison.plan, percent),
        _shown(comparison.crm, percent),
        comparison.n,
        interval,
        comparison.note,
        proposed,
    )


def calibration_diff(crm_folder: Path, plan_text: str) -> list[DiffRow] | None:
    """The diff of the plan *plan_text* against the store in *crm_folder*; None without one."""
    if not (crm_folder / STORE).exists():
        return None
    with reading(crm_folder / STORE):
        result = calibrate(Workspace(crm_folder), loads(plan_text))
    return [_row(comparison) for comparison in result.comparisons]
