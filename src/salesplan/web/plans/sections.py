"""Editing one section of a plan: its form, the posted form checked as the plan checks
YAML, the new YAML (comments kept outside what changed) and the plan it builds.

Edits merge: a save on top of a version someone else saved meanwhile goes through
when they did not change this section, and is refused with their changes listed when
they did (:func:`their_changes`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from salesplan.engine import build
from salesplan.engine.results import PlanBuild
from salesplan.plan import loads
from salesplan.plan.document import SalesPlan
from salesplan.plan.errors import PlanError
from salesplan.plan.references import check_references
from salesplan.plan.scenarios import check_scenarios
from salesplan.plan.yaml_edit import replace_sections
from salesplan.web.plans.diff import InputChange, changed_inputs
from salesplan.web.plans.form_schema import (
    PathPart,
    Widget,
    attach_form_problems,
    attach_problems,
    read_field,
    widget_for_field,
)
from salesplan.web.plans.messages import problem_text
from salesplan.web.plans.section_labels import SECTIONS, Section

__all__ = ["SectionEdit", "edit_section", "find_section", "section_widgets", "their_changes"]


def find_section(key: str) -> Section | None:
    return next((section for section in SECTIONS if section.key == key), None)


def _section_data(plan: SalesPlan, section: Section) -> dict[str, Any]:
    dumped = plan.model_dump(mode="python", by_alias=True)
    return {key: dumped.get(key) for key in section.keys}


def section_widgets(section: Section, plan: SalesPlan) -> list[Widget]:
    """The section's form, showing the plan's values."""
    return _widgets(section, _section_data(plan, section))


def _widgets(section: Section, data: Mapping[str, Any]) -> list[Widget]:
    fields = SalesPlan.model_fields
    return [widget_for_field(key, fields[key], data.get(key), key, ()) for key in section.keys]


@dataclass
class SectionEdit:
    """The posted section: its form (with problems on their fields), or the new plan."""

    widgets: list[Widget]
    problems: list[str] = field(default_factory=list)
    text: str = ""
    plan: SalesPlan | None = None
    result: PlanBuild | None = None

    @property
    def ok(self) -> bool:
        return self.plan is not None


def _plain_data(text: str) -> dict[str, Any]:
    from ruamel.yaml import YAML

    data = YAML(typ="safe", pure=False).load(text)
    return dict(data) if isinstance(data, Mapping) else {}


def edit_section(
    section: Section, text: str, posted: Mapping[str, Any], language: str | None = None
) -> SectionEdit:
    """Apply the posted form of *section* to the plan YAML *text*, check it and build it."""
    form_problems: dict[str, str] = {}
    fields = SalesPlan.model_fields
    new = {key: read_field(key, fields[key], posted, key, form_problems) for key in section.keys}
    widgets = _widgets(section, new)
    attach_form_problems(widgets, form_problems)
    data = _plain_data(text)
    for key, value in new.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    problems: dict[tuple[PathPart, ...], str] = {}
    try:
        plan = SalesPlan.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            loc = tuple(part for part in detail["loc"] if not _is_tag(part))
            problems.setdefault(
                loc,
                problem_text(detail["type"], detail["msg"], detail.get("ctx"), detail.get("input")),
            )
    else:
        for issue in check_references(plan) + check_scenarios(plan):
            problems.setdefault(issue.path, problem_text("", issue.message))
    if problems or form_problems:
        left = attach_problems(widgets, problems)
        return SectionEdit(widgets, left)
    full = plan.model_dump(mode="python", by_alias=True)
    minimal = plan.model_dump(mode="python", exclude_defaults=True, by_alias=True)
    changed = replace_sections(
        text,
        {key: full.get(key) for key in section.keys},
        {key: minimal.get(key) for key in section.keys},
    )
    try:
        edited = loads(changed)
        result = build(edited.for_reader(language) if language else edited)
    except PlanError as error:
        return SectionEdit(widgets, [problem_text("", issue.message) for issue in error.issues])
    return SectionEdit(widgets, text=changed, plan=edited, result=result)


def _is_tag(part: PathPart) -> bool:
    """pydantic's union and function tags in an error's location (``function-after[…]``)."""
    return isinstance(part, str) and ("[" in part or part in ("str", "int", "float"))


def _in_section(path: str, section: Section) -> bool:
    return any(path == key or path.startswith(f"{key}.") for key in section.keys)


def their_changes(section: Section, base_text: str, current_text: str) -> list[InputChange]:
    """What the versions after *base_text* changed in *section* (empty: nothing, so a
    save from the base merges cleanly)."""
    return [
        change
        for change in changed_inputs(base_text, current_text)
        if _in_section(change.path, section)
    ]
