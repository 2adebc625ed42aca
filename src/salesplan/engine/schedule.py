"""The action plan as a schedule: hiring items, critical path, slack and overlaps per owner.

Items keep the dates the plan gives them; a dependency is finish-to-start, so
an item cannot really begin before everything it depends on has ended. The
critical path method runs on calendar days over those constraints:

- **earliest start** = the later of the item's own start and the day after the
  last day of each item it depends on (a milestone may fall on that last day);
- **latest start** = the latest the item could begin without delaying the last
  item of the plan, through everything that depends on it;
- **slack** = latest start − earliest start, in days; the **critical path** is
  the chain of items with no slack, from the first to the end of the plan.

Hiring steps are generated from the build's hiring schedule: open the role and
recruit (hire-by → start), the start itself (a milestone), ramp-up (start →
fully ramped). Items that are done or cancelled take no one's time, so they
never count as an owner's overlap.

>>> import datetime as dt
>>> from salesplan.plan import load
>>> plan = load("examples/derived-quarter.yaml")
>>> from salesplan.engine.build import build
>>> schedule = plan_schedule(plan, build(plan, as_of=dt.date(2026, 11, 1)))
>>> [(i.id, str(i.start), str(i.end)) for i in schedule.items if i.generated][:3]
[('hire-SDR-1-recruit', '2026-11-17', '2026-12-31'), ('hire-SDR-1-start', '2027-01-01', '2027-01-01'), ('hire-SDR-1-ramp', '2027-01-01', '2027-03-31')]
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Literal

from salesplan.engine.results import Hire, PlanBuild, Warning
from salesplan.engine.wording import say
from salesplan.plan.action_plan import ActionItem
from salesplan.plan.document import SalesPlan

__all__ = ["ActionSchedule", "Overlap", "ScheduledItem", "hiring_items", "plan_schedule"]

_IDLE = frozenset({"done", "cancelled"})
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ScheduledItem:
    """One item with its dates resolved and its place in the critical path."""

    id: str
    title: str
    kind: Literal["project", "activity", "hiring", "milestone"]
    owner: str
    start: dt.date
    end: dt.date  # inclusive; a milestone ends the day it starts
    depends_on: tuple[str, ...]
    status: str
    earliest_start: dt.date
    latest_start: dt.date
    slack_days: int
    critical: bool
    has_length: bool  # as ActionItem.has_length: False for a milestone or an item without an end
    generated: bool = False  # made from the hiring schedule, not written in the plan

    @property
    def days(self) -> int:
        """Calendar days the item spans (a milestone: 0)."""
        return (self.end - self.start).days + 1 if self.has_length else 0

    def as_action_item(self) -> ActionItem:
        """The item as the plan model writes it (for charts and documents)."""
        return ActionItem(
            id=self.id,
            title=self.title,
            kind=self.kind,
            owner=self.owner,
            start=self.start,
            end=self.end if self.has_length else None,
            depends_on=list(self.depends_on),
            status=self.status,
        )


@dataclass(frozen=True, slots=True)
class Overlap:
    """Items of one owner that run at the same time."""

    owner: str
    items: tuple[str, ...]
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class ActionSchedule:
    """The whole action plan, scheduled."""

    items: list[ScheduledItem]
    critical_path: list[str]
    start: dt.date | None
    end: dt.date | None
    overlaps: list[Overlap] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)

    def item(self, item_id: str) -> ScheduledItem:
        return self._by_id[item_id]

    @functools.cached_property
    def _by_id(self) -> dict[str, ScheduledItem]:
        return {item.id: item for item in self.items}


def hiring_items(plan: SalesPlan, hiring: list[Hire]) -> list[ActionItem]:
    """Recruit, start and ramp-up items for every hire of the build, owned by the role."""
    lang = plan.language
    items: list[ActionItem] = []
    counters: dict[str, int] = {}
    for hire in hiring:
        role = plan.team.roles.get(hire.role)
        name = role.name if role is not None else hire.role
        counters[hire.role] = counters.get(hire.role, 0) + 1
        prefix = f"hire-{hire.role}-{counters[hire.role]}"
        values = {"role": name, "count": hire.count}
        recruit_end = max(hire.hire_by, hire.start - _DAY)
        items.append(
            ActionItem(
                id=f"{prefix}-recruit",
                title=say(lang, f"schedule.recruit.{hire.reason}", **values),
                kind="hiring",
                owner=hire.role,
                start=hire.hire_by,
                end=recruit_end,
            )
        )
        items.append(
            ActionItem(
                id=f"{prefix}-start",
                title=say(lang, "schedule.start", **values),
                kind="milestone",
                owner=hire.role,
                start=hire.start,
                end=hire.start,
                depends_on=[f"{prefix}-recruit"],
            )
        )
        if hire.ramped_by > hire.start:
            items.append(
                ActionItem(
                    id=f"{prefix}-ramp",
                    title=say(lang, "schedule.ramp", **values),
                    kind="hiring",
                    owner=hire.role,
                    start=hire.start,
                    end=hire.ramped_by - _DAY,
                    depends_on=[f"{prefix}-start"],
                )
            )
    return items


def _order(items: list[ActionItem]) -> list[ActionItem]:
    """Items with every dependency before its dependents (the plan has no cycles)."""
    by_id = {item.id: item for item in items}
    ordered: list[ActionItem] = []
    placed: set[str] = set()

    def place(item: ActionItem) -> None:
        if item.id in placed:
            return
        placed.add(item.id)
        for dependency in item.depends_on:
            if dependency in by_id:
                place(by_id[dependency])
        ordered.append(item)

    for item in items:
        place(item)
    return ordered


def plan_schedule(
    plan: SalesPlan, result: PlanBuild | None = None, *, with_hiring: bool = True
) -> ActionSchedule:
    """Schedule the plan's action items (and, given a build, its hiring steps)."""
    lang = plan.language
    items = list(plan.action_plan.items)
    if with_hiring and result is not None:
        items += hiring_items(plan, result.hiring)
    if not items:
        return ActionSchedule([], [], None, None)
    by_id = {item.id: item for item in items}
    written = {item.id for item in plan.action_plan.items}
    ends = {item.id: item.last_day for item in items}
    length = {item.id: (ends[item.id] - item.start).days for item in items}
    spans = {item.id: item.has_length for item in items}
    ordered = _order(items)

    def gap(before: str, after: str) -> dt.timedelta:
        # an item with length begins the day after the one it waits for ends; a
        # milestone may fall on that last day, and an item may begin on a milestone's day
        return _DAY if spans[before] and spans[after] else dt.timedelta(0)

    # forward pass: an item begins once everything it waits for has ended
    earliest: dict[str, dt.date] = {}
    warnings: list[Warning] = []
    for item in ordered:
        begin = item.start
        for dependency in item.depends_on:
            after = ends[dependency] + gap(dependency, item.id)
            if after > begin:
                begin = after
        earliest[item.id] = begin
        if begin > item.start and item.status not in _IDLE:
            late = max(item.depends_on, key=lambda d: ends[d])
            warnings.append(
                Warning(
                    "action_starts_before_dependency_ends",
                    say(
                        lang,
                        "schedule.too_early",
                        item=item.title,
                        start=item.start.isoformat(),
                        dependency=by_id[late].title,
                        end=ends[late].isoformat(),
                    ),
                    item.owner or None,
                )
            )
    finish = {item.id: earliest[item.id] + dt.timedelta(days=length[item.id]) for item in items}
    plan_end = max(finish.values())

    # backward pass: the latest each item may begin without moving the plan's end
    dependents: dict[str, list[str]] = {item.id: [] for item in items}
    for item in items:
        for dependency in item.depends_on:
            dependents[dependency].append(item.id)
    latest: dict[str, dt.date] = {}
    for item in reversed(ordered):
        latest_finish = plan_end
        for follower in dependents[item.id]:
            latest_finish = min(latest_finish, latest[follower] - gap(item.id, follower))
        latest[item.id] = latest_finish - dt.timedelta(days=length[item.id])

    scheduled = [
        ScheduledItem(
            id=item.id,
            title=item.title,
            kind=item.kind,
            owner=item.owner,
            start=item.start,
            end=ends[item.id],
            depends_on=tuple(item.depends_on),
            status=item.status,
            earliest_start=earliest[item.id],
            latest_start=latest[item.id],
            slack_days=(latest[item.id] - earliest[item.id]).days,
            critical=latest[item.id] == earliest[item.id],
            has_length=spans[item.id],
            generated=item.id not in written,
        )
        for item in items
    ]
    overlaps = _overlaps(scheduled)
    for overlap in overlaps:
        titles = [by_id[item_id].title for item_id in overlap.items]
        warnings.append(
            Warning(
                "owner_overlap",
                say(
                    lang,
                    "schedule.overlap",
                    owner=overlap.owner,
                    count=len(overlap.items),
                    start=overlap.start.isoformat(),
                    end=overlap.end.isoformat(),
                    items="; ".join(titles),
                ),
                overlap.owner,
            )
        )
    return ActionSchedule(
        scheduled,
        _critical_path(scheduled, plan_end, finish),
        min(item.start for item in items),
        plan_end,
        overlaps,
        warnings,
    )


def _critical_path(
    items: list[ScheduledItem], plan_end: dt.date, finish: dict[str, dt.date]
) -> list[str]:
    """The chain of items without slack that ends the plan, from its first item."""
    critical = {item.id: item for item in items if item.critical}
    last = [i for i in critical.values() if finish[i.id] == plan_end]
    if not last:
        return []
    # walk back from the item that ends the plan (the latest to begin, when several end
    # together, e.g. a milestone on its dependency's last day) through critical predecessors
    path = [max(last, key=lambda i: (i.earliest_start, i.days == 0))]
    while True:
        before = [critical[d] for d in path[-1].depends_on if d in critical]
        if not before:
            break
        path.append(max(before, key=lambda i: finish[i.id]))
    return [item.id for item in reversed(path)]


def _overlaps(items: list[ScheduledItem]) -> list[Overlap]:
    """Per owner, each run of items with length that share at least one day."""
    found: list[Overlap] = []
    by_owner: dict[str, list[ScheduledItem]] = {}
    for item in items:
        if item.owner and item.has_length and item.status not in _IDLE and not item.generated:
            by_owner.setdefault(item.owner, []).append(item)
    for owner, owned in by_owner.items():
        owned.sort(key=lambda i: (i.start, i.end))
        group = [owned[0]] if owned else []
        group_end = owned[0].end if owned else None
        for item in owned[1:]:
            assert group_end is not None
            if item.start <= group_end:
                group.append(item)
                group_end = max(group_end, item.end)
                continue
            if len(group) > 1:
                found.append(_overlap(owner, group))
            group, group_end = [item], item.end
        if len(group) > 1:
            found.append(_overlap(owner, group))
    return found


def _overlap(owner: str, group: list[ScheduledItem]) -> Overlap:
    """From the first to the last day on which at least two of the group run together."""
    shared = [
        (max(a.start, b.start), min(a.end, b.end))
        for index, a in enumerate(group)
        for b in group[index + 1 :]
        if max(a.start, b.start) <= min(a.end, b.end)
    ]
    return Overlap(
        owner,
        tuple(i.id for i in group),
        min(first for first, _ in shared),
        max(last for _, last in shared),
    )
