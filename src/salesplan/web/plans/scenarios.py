"""The scenarios page: the plan and each of its scenarios side by side, and — for those
who may edit the plan — adding, changing and deleting a scenario.

A scenario is written into the plan's YAML with the rest of the text untouched
(comments, order and quoting kept), and saved as a new version with the same
optimistic check as the editor: a save on top of a newer version is refused (409)
and the person's input stays in the form.

>>> text = "name: x  # the plan\\nscenarios:\\n  low:\\n    overrides:\\n      goals.revenue_goal: 1\\n"
>>> print(scenario_written(text, "low", "high", "More", {"goals.revenue_goal": 2}), end="")
name: x  # the plan
scenarios:
  high:
    description: More
    overrides:
      goals.revenue_goal: 2
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from salesplan.plan import loads
from salesplan.plan.document import SalesPlan, Scenario
from salesplan.plan.errors import PlanError
from salesplan.plan.scenarios import apply_scenario
from salesplan.plan.yaml_io import round_trip_yaml
from salesplan.web.accounts.models import Membership
from salesplan.web.plans import actions
from salesplan.web.plans.models import Plan
from salesplan.web.plans.scenario_compare import compare, override_paths, shown_value
from salesplan.web.plans.views import _language, _plan

__all__ = [
    "OverrideRow",
    "ScenarioForm",
    "plan_scenarios",
    "scenario_delete",
    "scenario_removed",
    "scenario_save",
    "scenario_written",
]

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")  # 250,000 (not 4,5)
_BLANK_ROWS = 2

Value = float | int | str


# ── the form ────────────────────────────────────────────────────────────────────


@dataclass
class OverrideRow:
    """One override as typed: a path and a value, and what is wrong with them."""

    path: str = ""
    value: str = ""
    error: str = ""


@dataclass
class ScenarioForm:
    """A scenario being added (``original`` empty) or edited, as the person typed it."""

    original: str = ""
    name: str = ""
    description: str = ""
    rows: list[OverrideRow] = field(default_factory=list)
    message: str = ""
    base: int = 0
    blanks: int = _BLANK_ROWS  # empty rows to offer for more overrides
    errors: dict[str, str] = field(default_factory=dict)  # "name", or "" for the whole

    @classmethod
    def posted(cls, post: QueryDict) -> ScenarioForm:
        paths, values = post.getlist("path"), post.getlist("value")
        values += [""] * (len(paths) - len(values))
        rows = [
            OverrideRow(path.strip(), value.strip())
            for path, value in zip(paths, values, strict=False)
        ]
        try:
            base = int(post.get("base_version", "0"))
        except ValueError:
            base = 0
        return cls(
            original=post.get("original", "").strip(),
            name=post.get("name", "").strip(),
            description=" ".join(post.get("description", "").split()),
            rows=rows,
            message=post.get("message", "").strip(),
            base=base,
        )

    @classmethod
    def of(cls, name: str, scenario: Scenario, base: int) -> ScenarioForm:
        rows = [OverrideRow(path, shown_value(v)) for path, v in scenario.overrides.items()]
        return cls(name, name, scenario.description, rows, base=base)

    @property
    def invalid(self) -> bool:
        return bool(self.errors) or any(row.error for row in self.rows)

    @property
    def shown_rows(self) -> list[OverrideRow]:
        """The typed rows (empty ones dropped) and a few blank ones to add more."""
        typed = [row for row in self.rows if row.path or row.value or row.error]
        return typed + [OverrideRow() for _ in range(self.blanks)]


def _value(raw: str) -> Value:
    """A number as a number (``4500``, ``250,000``, ``0.45``); a rate, an amount or a
    duration as written (``45%``, ``250k``, ``30d``), for the plan to read or refuse."""
    plain = raw.replace("_", "").replace(" ", "")
    if _GROUPED.match(plain):
        plain = plain.replace(",", "")
    for kind in (int, float):
        try:
            return kind(plain)
        except ValueError:
            continue
    return raw


def _check_row(document: SalesPlan, path: str, value: Value) -> str:
    """What is wrong with overriding *path* by *value* on its own, or ``""``."""
    trial = document.model_copy(update={"scenarios": {"_row": Scenario(overrides={path: value})}})
    try:
        apply_scenario(trial, "_row")
    except PlanError as error:
        return "; ".join(issue.message for issue in error.issues)
    return ""


def _checked(form: ScenarioForm, document: SalesPlan) -> dict[str, Value]:
    """The form's overrides, each checked against the plan; problems go on the form."""
    if not _NAME.match(form.name):
        form.errors["name"] = _(
            "A name is letters, digits, “_” or “-”, starting with a letter (at most 40)."
        )
    elif form.name != form.original and form.name in document.scenarios:
        form.errors["name"] = _("The plan already has a scenario named %(name)s.") % {
            "name": form.name
        }
    overrides: dict[str, Value] = {}
    for row in form.rows:
        if not row.path and not row.value:
            continue
        if not row.path:
            row.error = _("Write the path of the input this value replaces.")
        elif not row.value:
            row.error = _("Write the value this scenario gives it.")
        elif row.path in overrides:
            row.error = _("This path is already overridden above.")
        else:
            value = _value(row.value)
            row.error = _check_row(document, row.path, value)
            overrides[row.path] = value
    return overrides


def _checked_text(form: ScenarioForm, text: str, overrides: Mapping[str, Value]) -> str:
    """The plan's new text, validated whole; its problems go on the rows or the form."""
    changed = scenario_written(text, form.original, form.name, form.description, overrides)
    try:
        loads(changed)
    except PlanError as error:
        rows = {row.path: row for row in form.rows}
        for issue in error.issues:
            path = issue.path
            row = (
                rows.get(str(path[3]))
                if len(path) > 3 and path[:2] == ("scenarios", form.name)
                else None
            )
            if row is not None:
                row.error = row.error or issue.message
            else:
                form.errors[""] = issue.message
    return changed


# ── the YAML: one scenario written or removed, the rest kept ───────────────────


def _yaml_text(document: Any) -> str:
    buffer = io.StringIO()
    _yaml().dump(document, buffer)
    return buffer.getvalue()


def _yaml() -> Any:
    yaml = round_trip_yaml()
    yaml.preserve_quotes = True
    return yaml


def _last_entry(node: Any) -> tuple[Any, Any] | None:
    """The innermost last entry of *node* (container, key): where ruamel keeps the
    comment lines that follow it, which belong to whatever comes next."""
    found = None
    while isinstance(node, CommentedMap | CommentedSeq) and len(node):
        key = next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1
        found = (node, key)
        node = node[key]
    return found


def _comment_slot(container: Any) -> int:
    return 2 if isinstance(container, CommentedMap) else 0


def _detach_tail(node: Any) -> str:
    """Take the comment lines after *node*'s last entry (its end-of-line comment stays)."""
    found = _last_entry(node)
    if found is None:
        return ""
    container, key = found
    slots = container.ca.items.get(key)
    slot = _comment_slot(container)
    if not slots or slots[slot] is None:
        return ""
    token = slots[slot]
    own_line, _newline, rest = token.value.partition("\n")
    if own_line.strip():
        token.value = own_line + "\n"
    else:
        slots[slot] = None
    return str(rest)


def _attach_tail(found: tuple[Any, Any] | None, tail: str) -> None:
    if not tail or found is None:
        return
    container, key = found
    slot = _comment_slot(container)
    slots = container.ca.items.setdefault(key, [None, None, None, None])
    if slots[slot] is None:
        slots[slot] = CommentToken("\n" + tail, CommentMark(0), None)
    else:
        slots[slot].value = slots[slot].value.rstrip("\n") + "\n" + tail


def _scenarios_node(document: Any) -> CommentedMap:
    scenarios = document.get("scenarios")
    if not isinstance(scenarios, CommentedMap):
        scenarios = CommentedMap()
        document["scenarios"] = scenarios
    return scenarios


def scenario_written(
    text: str, original: str, name: str, description: str, overrides: Mapping[str, Value]
) -> str:
    """*text* with scenario *name* set (replacing *original*, in its place, if given)."""
    document = _yaml().load(text)
    scenarios = _scenarios_node(document)
    tail = _detach_tail(scenarios)
    node = scenarios.get(original or name)
    if not isinstance(node, CommentedMap):
        node = CommentedMap()
    if description:
        if "description" in node:
            node["description"] = description
        else:
            node.insert(0, "description", description)
    elif "description" in node:
        del node["description"]
    old = node.get("overrides")
    if not overrides:
        node.pop("overrides", None)
    elif isinstance(old, CommentedMap):
        for path in [path for path in old if path not in overrides]:
            del old[path]
        for path, value in overrides.items():
            if path not in old or str(old[path]) != str(value):
                old[path] = value
    else:
        node["overrides"] = CommentedMap(overrides)
    if original and original != name and original in scenarios:
        position = list(scenarios).index(original)
        del scenarios[original]
        scenarios.insert(position, name, node)
    else:
        scenarios[name] = node
    _attach_tail(_last_entry(scenarios), tail)
    return _yaml_text(document)


def scenario_removed(text: str, name: str) -> str:
    """*text* without scenario *name* (and without ``scenarios`` once it is empty)."""
    document = _yaml().load(text)
    scenarios = _scenarios_node(document)
    tail = _detach_tail(scenarios)
    scenarios.pop(name, None)
    if scenarios:
        _attach_tail(_last_entry(scenarios), tail)
    else:
        keys = list(document)
        index = keys.index("scenarios")
        del document["scenarios"]
        if index > 0:
            previous = document[keys[index - 1]]
            _attach_tail(_last_entry(previous) or (document, keys[index - 1]), tail)
    return _yaml_text(document)


# ── the views ───────────────────────────────────────────────────────────────────


def _page(
    request: HttpRequest,
    member: Membership,
    plan: Plan,
    form: ScenarioForm | None = None,
    *,
    status: int = 200,
    conflict: actions.VersionConflictError | None = None,
    saving: bool = False,
) -> HttpResponse:
    from salesplan.reports.charts.scenarios import scenario_chart
    from salesplan.reports.formatting import Formatter
    from salesplan.reports.i18n import translator

    version = plan.current
    document = loads(version.text)
    reader = document.for_reader(_language(request))
    comparison = compare(reader)
    chart = scenario_chart(
        comparison.builds,
        translator(reader.language),
        Formatter(reader.effective_locale, reader.currency),
    )
    can_edit = member.can("plan.edit")
    if can_edit and form is None:
        chosen = request.GET.get("edit", "")
        found = document.scenarios.get(chosen)
        form = (
            ScenarioForm.of(chosen, found, version.number)
            if found is not None
            else ScenarioForm(base=version.number)
        )
    if form is not None and conflict is not None:
        form.base = conflict.current.number  # saving again on top of theirs is a choice
    return render(
        request,
        "plans/scenarios.html",
        {
            "member": member,
            "plan": plan,
            "version": version,
            "comparison": comparison,
            # the SVG is vl-convert's rendering of our own spec, every label escaped by it
            "svg": mark_safe(chart.to_svg()) if chart else "",
            "can_edit": can_edit,
            "form": form if can_edit else None,
            "paths": override_paths(document) if can_edit else [],
            "conflict": conflict,
            "conflict_in_form": conflict is not None and saving,
        },
        status=status,
    )


@login_required
def plan_scenarios(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """Every scenario beside the base; ``?edit=<name>`` opens one in the form."""
    member, plan = _plan(slug, request, plan_id, "plan.view")
    return _page(request, member, plan)


def _saved(plan: Plan, slug: str, name: str = "") -> HttpResponse:
    address = reverse("plans:scenarios", kwargs={"slug": slug, "plan_id": plan.pk})
    return redirect(address + (f"#scenario-{name}" if name else ""))


@login_required
@require_POST
def scenario_save(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """Add or change a scenario: checked, written into the YAML, saved as a version."""
    member, plan = _plan(slug, request, plan_id, "plan.edit")
    form = ScenarioForm.posted(request.POST)
    if "add_row" in request.POST:  # one more blank row, nothing saved
        form.blanks = 1 + sum(1 for row in form.rows if not (row.path or row.value))
        return _page(request, member, plan, form)
    current = plan.current
    document = loads(current.text)
    if form.original and form.original not in document.scenarios:
        form.original = ""  # deleted meanwhile: this adds it again (or meets the conflict)
    overrides = _checked(form, document)
    text = "" if form.invalid else _checked_text(form, current.text, overrides)
    if form.invalid:
        return _page(request, member, plan, form, status=422)
    message = form.message or _("scenario %(name)s saved") % {"name": form.name}
    try:
        actions.save_version(member, plan, text, form.base, message)
    except actions.VersionConflictError as conflict:
        return _page(request, member, plan, form, status=409, conflict=conflict, saving=True)
    except PlanError as error:
        form.errors[""] = str(error)
        return _page(request, member, plan, form, status=422)
    return _saved(plan, slug, form.name)


@login_required
@require_POST
def scenario_delete(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """Remove a scenario (confirmed on the page), as a new version."""
    member, plan = _plan(slug, request, plan_id, "plan.edit")
    name = request.POST.get("name", "")
    try:
        base = int(request.POST.get("base_version", ""))
    except ValueError:
        base = 0
    current = plan.current
    if name not in loads(current.text).scenarios:
        if base == current.number:
            raise Http404
        conflict = actions.VersionConflictError(base, current)  # deleted or renamed meanwhile
        return _page(request, member, plan, status=409, conflict=conflict)
    text = scenario_removed(current.text, name)
    message = _("scenario %(name)s deleted") % {"name": name}
    try:
        actions.save_version(member, plan, text, base, message)
    except actions.VersionConflictError as conflict:
        return _page(request, member, plan, status=409, conflict=conflict)
    return _saved(plan, slug)
