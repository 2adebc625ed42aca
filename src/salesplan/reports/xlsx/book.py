"""What the sheet writers share: the plan, its build, and the cells each sheet leaves for the next."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName

from salesplan.engine.results import PlanBuild
from salesplan.plan.document import SalesPlan
from salesplan.plan.goals import ActivityTarget
from salesplan.reports.formatting import Formatter
from salesplan.reports.i18n import Translator
from salesplan.reports.xlsx.sheet import CellRef, _currency_format


@dataclass
class LiveWorkbook:
    """The workbook, with where each engine figure and each plan input lives in it.

    ``figures`` uses the names of the JSON output (``deals_required``,
    ``funnel.demo.required``, ``headcount.SDR.growth_hires``, ``budget.cac``);
    ``inputs`` uses plan paths (``strategy.stages.demo.conversion``).
    """

    workbook: Workbook
    figures: dict[str, CellRef] = field(default_factory=dict)
    inputs: dict[str, CellRef] = field(default_factory=dict)

    def save(self, path: Path) -> None:
        self.workbook.save(path)


@dataclass
class _RoleFactors:
    """Cells of one role's build-time factors on the Inputs sheet."""

    current: CellRef
    current_fte: CellRef
    backfills: CellRef
    backfill_fte: CellRef
    per_hire_fte: CellRef
    current_years: CellRef
    backfill_years: CellRef
    per_hire_years: CellRef
    can_hire: CellRef


@dataclass
class _RoleInputs:
    """Cells of one role's inputs on the Inputs sheet."""

    capacity: dict[str, CellRef] = field(default_factory=dict)
    minutes: dict[str, CellRef] = field(default_factory=dict)
    selling_hours: CellRef | None = None
    span: CellRef | None = None
    fixed: CellRef | None = None
    max_hires: CellRef | None = None
    base: CellRef | None = None
    variable: CellRef | None = None
    commission: CellRef | None = None


def _target_kind(target: ActivityTarget) -> str:
    """Which of the target's amounts is set: ``per_working_day``, ``per_week``, ``per_month``, ``total``."""
    for kind in ("per_working_day", "per_week", "per_month"):
        if getattr(target, kind) is not None:
            return kind
    return "total"


class _Book:
    """The plan and its build, and the cells each sheet records for the sheets after it."""

    def __init__(self, plan: SalesPlan, result: PlanBuild, t: Translator, fmt: Formatter) -> None:
        self.plan = plan
        self.result = result
        self.t = t
        self.fmt = fmt
        self.money = _currency_format(fmt)
        self.live = LiveWorkbook(Workbook())
        # cells the later sheets refer to
        self.conversion: dict[str, CellRef] = {}
        self.open_deals: dict[str, CellRef] = {}
        self.per_deal: dict[tuple[str, str], CellRef] = {}
        self.target: dict[str, CellRef] = {}
        self.roles: dict[str, _RoleInputs] = {r: _RoleInputs() for r in plan.team.roles}
        self.factors: dict[str, _RoleFactors] = {}
        self.worked: dict[str, CellRef] = {}
        self.per_day: dict[tuple[str, str], CellRef] = {}
        self.growth: dict[str, CellRef] = {}  # growth hires per role, on Team
        self.effective: dict[str, CellRef] = {}  # effective FTE after hiring, on Team

    # ── helpers ───────────────────────────────────────────────────────────
    def name(self, name: str, ref: CellRef) -> None:
        """A workbook-level defined name for *ref*, used in formulas as a word."""
        self.live.workbook.defined_names[name] = DefinedName(name, attr_text=ref.address())

    def figure(self, key: str, ref: CellRef) -> CellRef:
        self.live.figures[key] = ref
        return ref

    def activity_name(self, activity_id: str) -> str:
        activity = self.plan.goals.activities.get(activity_id)
        return activity.name if activity is not None else activity_id

    def activities_by_role(self) -> dict[str, list[str]]:
        """``{role: activities it does}``, in the engine's order (its per-day table).

        The engine splits each activity's total among the roles of its ``by_role``:
        the owners of the stages that use it, or the role a target names.
        """
        table: dict[str, list[str]] = {}
        for activity_id, volume in self.result.activities.items():
            for role in volume.by_role:
                table.setdefault(role, []).append(activity_id)
        return {role: table[role] for role in self.plan.team.roles if role in table}

    def target_units(self) -> dict[str, str]:
        _ = self.t.gettext
        return {
            "per_working_day": _("per working day"),
            "per_week": _("per week"),
            "per_month": _("per month"),
            "total": _("in the period"),
        }

    def factor_labels(self) -> list[str]:
        """Headers of the build-time factors, shared by the Inputs and Team sheets."""
        _ = self.t.gettext
        return [
            _("People on the team today"),
            _("Effective FTE of today's team"),
            _("Backfills"),
            _("Effective FTE of the backfills"),
            _("Effective FTE of one growth hire"),
            _("Person-years of today's team"),
            _("Person-years of the backfills"),
            _("Person-years of one growth hire"),
            _("A growth hire can start in the period (1 = yes)"),
        ]
