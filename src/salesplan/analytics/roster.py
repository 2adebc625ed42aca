"""Who is who: the people behind the CRM's owners, and their plan roles.

The CRM's ``people`` table gives each owner (deals' and activities' ``owner``,
matched to ``people.id`` or ``people.name``) a role from its ``role`` column (a plan
role id or name), else from the plan's ``team.people`` with the same name; plan
people the CRM does not know are members too. Start and leaving dates decide who
is active on a day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from salesplan.analytics.calibration import stage_key
from salesplan.plan.document import SalesPlan

__all__ = ["Member", "TrackError", "find_rep", "roster"]


class TrackError(Exception):
    """A view that cannot be shown (an unknown role or rep), with what is valid."""


@dataclass(frozen=True, slots=True)
class Member:
    """Someone whose deals or activities are in the CRM, with their plan role."""

    id: str
    name: str
    role: str | None
    started: dt.date | None = None
    left: dt.date | None = None

    def active(self, day: dt.date) -> bool:
        return (self.started is None or self.started <= day) and (
            self.left is None or self.left >= day
        )


def roster(people: Iterable[Mapping[str, Any]], plan: SalesPlan) -> list[Member]:
    """The CRM's people with their plan roles (their ``role`` column, else a plan
    person of the same name), and the plan's people the CRM does not know."""
    roles = {stage_key(role_id): role_id for role_id in plan.team.roles}
    roles |= {stage_key(role.name): role_id for role_id, role in plan.team.roles.items()}
    planned = {stage_key(person.name): person for person in plan.team.people}
    members: list[Member] = []
    seen: set[str] = set()
    for row in people:
        key = str(row["id"])
        name = str(row.get("name") or key)
        role = roles.get(stage_key(str(row.get("role") or "")))
        person = planned.get(stage_key(name)) or planned.get(stage_key(key))
        if role is None and person is not None:
            role = person.role
        members.append(
            Member(
                key,
                name,
                role,
                _date(row.get("started_at")) or (person.start if person else None),
                _date(row.get("left_at")) or (person.end if person else None),
            )
        )
        seen |= {stage_key(name), stage_key(key)}
    for key, person in planned.items():
        if key not in seen:
            members.append(Member(person.name, person.name, person.role, person.start, person.end))
    return members


def _date(value: object) -> dt.date | None:
    if value is None or value != value:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def find_rep(members: Sequence[Member], wanted: str) -> Member:
    """The member a ``--rep`` names (name or CRM id, any case), or a TrackError listing some."""
    key = stage_key(wanted)
    for member in members:
        if key in (stage_key(member.id), stage_key(member.name)):
            return member
    names = sorted({m.name for m in members})
    close = [n for n in names if key and key[:3] in stage_key(n)][:8] or names[:8]
    raise TrackError(
        f"--rep {wanted!r}: no one of that name or id in the CRM or the plan;"
        f" {'close' if close != names[:8] else 'some'}: {', '.join(close)}"
    )
