"""The editor's fields: the plan's numbers a leader changes most, as override paths.

A field's name is the path ``salesplan`` uses everywhere (scenarios, ``calibrate
--write``): ``goals.revenue_goal``, ``strategy.stages.demo.conversion``,
``team.roles.SDR.capacity.call``. Changing one rewrites only that value in the YAML
(comments and layout kept) and recomputes the plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from salesplan.engine import build
from salesplan.engine.results import PlanBuild
from salesplan.plan import loads
from salesplan.plan.document import SalesPlan
from salesplan.plan.errors import PlanError
from salesplan.plan.yaml_edit import set_values
from salesplan.web.plans.numbers import parse_number, reader_language, show_number

__all__ = ["Clash", "EditorField", "Recomputed", "editor_fields", "recompute", "three_way"]


@dataclass(frozen=True)
class EditorField:
    """One editable number: its path, its label, its value as the YAML would hold it."""

    path: str
    label: str
    value: str
    group: str
    kind: str = "number"  # number | percent
    step: str = "any"


def _shown(value: float) -> str:
    """A value as the reader writes numbers (``1,5`` in Indonesian)."""
    return show_number(round(value, 10), reader_language())


def editor_fields(plan: SalesPlan) -> list[EditorField]:
    """The goal, deal size, every stage's conversion and days, every role's capacity."""
    fields = [
        EditorField(
            "goals.revenue_goal", _("Revenue goal"), _shown(plan.goals.revenue_goal), "goals"
        ),
        EditorField(
            "goals.average_deal_value",
            _("Average deal value"),
            _shown(plan.goals.average_deal_value),
            "goals",
        ),
    ]
    for stage in plan.strategy.stages:
        fields.append(
            EditorField(
                f"strategy.stages.{stage.id}.conversion",
                _("%(stage)s: conversion (%%)") % {"stage": stage.name},
                _shown(stage.conversion * 100),
                "stages",
                "percent",
            )
        )
        fields.append(
            EditorField(
                f"strategy.stages.{stage.id}.days_in_stage",
                _("%(stage)s: days in stage") % {"stage": stage.name},
                _shown(stage.days_in_stage),
                "stages",
            )
        )
    for role_id, role in plan.team.roles.items():
        for activity, amount in role.capacity.items():
            fields.append(
                EditorField(
                    f"team.roles.{role_id}.capacity.{activity}",
                    _("%(role)s: %(activity)s per day") % {"role": role.name, "activity": activity},
                    _shown(amount),
                    "team",
                )
            )
    return fields


@dataclass
class Recomputed:
    """The plan with the edits applied, and its build; or the problems, by field path."""

    text: str
    plan: SalesPlan | None = None
    result: PlanBuild | None = None
    errors: dict[str, str] | None = None


def _value(raw: str, field: EditorField) -> Any:
    number = parse_number(raw, reader_language())  # ValueError: the caller reports it on the field
    if field.kind == "percent":
        return f"{show_number(round(number, 10))}%"
    return int(number) if number.is_integer() else number


def _aliases(plan: SalesPlan) -> dict[str, str]:
    """Problem paths by list position (``strategy.stages.2.conversion``) → field paths."""
    found = {}
    for index, stage in enumerate(plan.strategy.stages):
        for name in ("conversion", "days_in_stage"):
            found[f"strategy.stages.{index}.{name}"] = f"strategy.stages.{stage.id}.{name}"
    return found


def recompute(
    text: str,
    plan: SalesPlan,
    fields: list[EditorField],
    posted: Mapping[str, str],
    language: str | None = None,
) -> Recomputed:
    """Apply the posted values of *fields* to *text* (the YAML of *plan*) and build it."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for field in fields:
        if field.path not in posted:
            continue
        try:
            values[field.path] = _value(posted[field.path], field)
        except ValueError:
            errors[field.path] = _("%(value)r is not a number") % {"value": posted[field.path]}
    if errors:
        return Recomputed(text, errors=errors)
    try:
        changed = set_values(text, values) if values else text
        edited = loads(changed)
        result = build(edited.for_reader(language) if language else edited)
    except PlanError as error:
        aliases = _aliases(plan)
        found: dict[str, str] = {}
        for issue in error.issues:
            path = ".".join(str(part) for part in issue.path)
            found.setdefault(aliases.get(path, path), issue.message)
        return Recomputed(text, errors=found or {"": str(error)})
    return Recomputed(changed, edited, result)


def _number(text: str) -> float | None:
    try:
        return parse_number(text, reader_language())
    except ValueError:
        return None


def _differs(before: str, after: str) -> bool:
    old, new = _number(before), _number(after)
    if old is None or new is None:
        return before.strip() != after.strip()
    return abs(old - new) > 1e-9 * max(1.0, abs(old))


@dataclass(frozen=True)
class Clash:
    """A field both people changed, to different values."""

    path: str
    label: str
    base: str
    theirs: str
    mine: str


def three_way(
    base: list[EditorField], current: list[EditorField], posted: Mapping[str, str]
) -> tuple[dict[str, str], list[Clash]]:
    """The posted values that change *base* (the version the person started from), and
    the clashes: fields also changed since by someone else, to another value."""
    now = {field.path: field.value for field in current}
    mine: dict[str, str] = {}
    clashes = []
    for field in base:
        typed = posted.get(field.path)
        if typed is None or not _differs(field.value, typed):
            continue
        mine[field.path] = typed
        theirs = now.get(field.path)
        if theirs is not None and _differs(field.value, theirs) and _differs(theirs, typed):
            clashes.append(Clash(field.path, field.label, field.value, theirs, typed))
    return mine, clashes
