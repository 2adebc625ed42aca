"""Checks across sections: every id a plan mentions must exist.

A stage's owner must be a role, an activity a stage needs must be defined and
the owner must have capacity for it, and so on. Each problem names its field
path and suggests the closest valid id.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence

from salesplan.plan.document import SalesPlan
from salesplan.plan.errors import PathPart, PlanIssue

__all__ = ["CountryLookup", "check_references", "package_countries", "roles_for_activity"]


def _unknown(kind: str, value: str, valid: Iterable[str]) -> str:
    choices = sorted(valid)
    hint = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
    if hint:
        return f"unknown {kind} {value!r} — did you mean {hint[0]!r}?"
    listed = ", ".join(choices) if choices else "none are defined"
    return f"unknown {kind} {value!r} — valid: {listed}"


def roles_for_activity(plan: SalesPlan, activity: str) -> list[str]:
    """Roles that have capacity for *activity*, in plan order."""
    return [
        role_id
        for role_id, role in plan.team.roles.items()
        if activity in role.capacity or activity in role.minutes_per_activity
    ]


CountryLookup = Callable[[], Mapping[str, Sequence[str]]]
"""``lookup()`` → the country codes public holidays are known for, with their subdivisions."""


def package_countries() -> Mapping[str, Sequence[str]]:
    """Country codes the ``holidays`` package knows, with their subdivisions."""
    import holidays

    return holidays.list_supported_countries()


def check_references(plan: SalesPlan, countries: CountryLookup | None = None) -> list[PlanIssue]:
    """Every cross-reference problem in *plan* (empty when the plan is consistent).

    *countries* lists the known country codes (default: the ``holidays`` package).
    """
    issues: list[PlanIssue] = []
    roles = plan.team.roles
    activities = plan.goals.activities
    stage_ids = [stage.id for stage in plan.strategy.stages]

    def issue(path: tuple[PathPart, ...], message: str) -> None:
        issues.append(PlanIssue(path, message))

    if plan.country is not None:
        supported = (countries or package_countries)()
        if plan.country not in supported:
            issue(("country",), _unknown("country", plan.country, supported))
        elif (
            plan.calendar.subdivision is not None
            and plan.calendar.subdivision not in (supported[plan.country])
        ):
            issue(
                ("calendar", "subdivision"),
                _unknown(
                    f"subdivision of {plan.country}",
                    plan.calendar.subdivision,
                    supported[plan.country],
                ),
            )
    elif plan.calendar.subdivision is not None:
        issue(("calendar", "subdivision"), "a subdivision needs a country — set country first")

    for activity_id, activity in activities.items():
        if activity.target is None:
            continue
        path: tuple[PathPart, ...] = ("goals", "activities", activity_id, "target")
        target_role = activity.target.role
        if target_role is not None:
            if target_role not in roles:
                issue((*path, "role"), _unknown("role", target_role, roles))
            elif target_role not in roles_for_activity(plan, activity_id):
                issue(
                    (*path, "role"),
                    f"role {target_role!r} has no capacity for {activity_id!r} — add it to "
                    f"team.roles.{target_role}.capacity",
                )
        else:
            able = roles_for_activity(plan, activity_id)
            if not able:
                issue(
                    path,
                    f"no role has capacity for {activity_id!r} — add it to a role's capacity",
                )
            elif len(able) > 1:
                issue(path, f"several roles can do {activity_id!r} ({', '.join(able)}) — set role")

    for role_id, role in roles.items():
        for field in ("capacity", "minutes_per_activity"):
            for activity_id in getattr(role, field):
                if activity_id not in activities:
                    issue(
                        ("team", "roles", role_id, field, activity_id),
                        _unknown("activity", activity_id, activities),
                    )
        for index, managed in enumerate(role.manages):
            if managed not in roles:
                issue(
                    ("team", "roles", role_id, "manages", index), _unknown("role", managed, roles)
                )

    for index, person in enumerate(plan.team.people):
        if person.role not in roles:
            issue(("team", "people", index, "role"), _unknown("role", person.role, roles))
        if person.start and person.end and person.end < person.start:
            issue(
                ("team", "people", index, "end"), f"end {person.end} is before start {person.start}"
            )

    seen: set[str] = set()
    seen_post_sale = False
    for index, stage in enumerate(plan.strategy.stages):
        path = ("strategy", "stages", index)
        if stage.id in seen:
            issue((*path, "id"), f"stage id {stage.id!r} is used twice")
        seen.add(stage.id)
        if stage.post_sale:
            seen_post_sale = True
        elif seen_post_sale:
            issue((*path, "post_sale"), "a pipeline stage cannot follow a post-sale stage")
        if stage.owner not in roles:
            issue((*path, "owner"), _unknown("role", stage.owner, roles))
            continue
        owner = roles[stage.owner]
        for activity_id in stage.activities:
            if activity_id not in activities:
                issue(
                    (*path, "activities", activity_id),
                    _unknown("activity", activity_id, activities),
                )
            elif (
                activity_id not in owner.capacity and activity_id not in owner.minutes_per_activity
            ):
                issue(
                    (*path, "activities", activity_id),
                    f"owner {stage.owner} has no capacity for {activity_id!r} — add it to "
                    f"team.roles.{stage.owner}.capacity",
                )
    if not plan.strategy.pipeline_stages:
        issue(
            ("strategy", "stages"), "at least one stage must come before the win (post_sale: false)"
        )

    for index, deals in enumerate(plan.strategy.open_pipeline):
        if deals.stage not in stage_ids:
            issue(
                ("strategy", "open_pipeline", index, "stage"),
                _unknown("stage", deals.stage, stage_ids),
            )
    for index, playbook in enumerate(plan.strategy.playbooks):
        if playbook.stage not in stage_ids:
            issue(
                ("strategy", "playbooks", index, "stage"),
                _unknown("stage", playbook.stage, stage_ids),
            )

    metric_ids = [metric.id for metric in plan.measurement.secondary_metrics]
    for index, metric in enumerate(plan.measurement.secondary_metrics):
        if metric.stage is not None and metric.stage not in stage_ids:
            issue(
                ("measurement", "secondary_metrics", index, "stage"),
                _unknown("stage", metric.stage, stage_ids),
            )
    for index, dashboard in enumerate(plan.measurement.dashboards):
        if dashboard.role not in roles:
            issue(
                ("measurement", "dashboards", index, "role"),
                _unknown("role", dashboard.role, roles),
            )
        for position, metric_id in enumerate(dashboard.metrics):
            if metric_id not in metric_ids and metric_id != plan.measurement.primary_metric:
                issue(
                    ("measurement", "dashboards", index, "metrics", position),
                    _unknown("metric", metric_id, [*metric_ids, plan.measurement.primary_metric]),
                )

    item_ids = [item.id for item in plan.action_plan.items]
    items_by_id = {item.id: item for item in plan.action_plan.items}
    owners = set(roles) | {person.name for person in plan.team.people}
    seen = set()
    for index, item in enumerate(plan.action_plan.items):
        path = ("action_plan", "items", index)
        if item.id in seen:
            issue((*path, "id"), f"item id {item.id!r} is used twice")
        seen.add(item.id)
        if item.owner and item.owner not in owners:
            issue(
                (*path, "owner"),
                _unknown("owner (a role id or a person's name)", item.owner, owners),
            )
        for position, dependency in enumerate(item.depends_on):
            if dependency not in item_ids:
                issue((*path, "depends_on", position), _unknown("item", dependency, item_ids))
            elif (before := items_by_id[dependency]).start > item.start:
                issue(
                    (*path, "depends_on", position),
                    f"{item.id!r} starts {item.start}, before {dependency!r}, which it depends on,"
                    f" starts ({before.start}) — start {item.id!r} on or after {before.start},"
                    " or drop the dependency",
                )
    cycle = _dependency_cycle({item.id: item.depends_on for item in plan.action_plan.items})
    if cycle:
        index = item_ids.index(cycle[0])
        issue(
            ("action_plan", "items", index, "depends_on"),
            f"dependency cycle: {' → '.join(cycle)} — remove one of these dependencies",
        )
    managers = _dependency_cycle({role_id: role.manages for role_id, role in roles.items()})
    if managers:
        issue(
            ("team", "roles", managers[0], "manages"),
            f"management cycle: {' → '.join(managers)} — a role cannot manage its own managers",
        )
    return issues


def _dependency_cycle(edges: dict[str, list[str]]) -> list[str]:
    """The first cycle found in *edges*, spelled out with its start repeated at the end.

    >>> _dependency_cycle({"a": ["b"], "b": ["c"], "c": ["a"]})
    ['a', 'b', 'c', 'a']
    >>> _dependency_cycle({"a": ["b"], "b": []})
    []
    """
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for following in edges.get(node, []):
            if following not in edges:
                continue
            if state.get(following) == 1:
                return [*path[path.index(following) :], following]
            if following not in state:
                found = visit(following)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return []

    for node in edges:
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []
