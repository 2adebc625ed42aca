"""Who may do what: one table, read by every view and by the permission tests.

Roles:

- **admin**: everything, including managing members;
- **leader** (the sales leader): edits plans, imports CRM data, sees everyone;
- **manager**: reads plans, edits their team's targets, sees their team's dashboards;
- **rep**: reads plans and sees their own dashboard.

>>> allowed("rep", "plan.edit"), allowed("leader", "plan.edit")
(False, True)
"""

from __future__ import annotations

from typing import Literal

__all__ = ["ACTIONS", "PERMISSIONS", "ROLES", "Action", "Role", "allowed"]

Role = Literal["admin", "leader", "manager", "rep"]
ROLES: tuple[Role, ...] = ("admin", "leader", "manager", "rep")
Action = Literal[
    "plan.view",
    "plan.create",
    "plan.edit",
    "plan.targets",
    "dashboard.own",
    "dashboard.team",
    "dashboard.everyone",
    "crm.import",
    "members.manage",
    "audit.view",
]
PERMISSIONS: dict[Action, frozenset[Role]] = {
    "plan.view": frozenset(ROLES),
    "plan.create": frozenset({"admin", "leader"}),
    "plan.edit": frozenset({"admin", "leader"}),
    "plan.targets": frozenset({"admin", "leader", "manager"}),
    "dashboard.own": frozenset(ROLES),
    "dashboard.team": frozenset({"admin", "leader", "manager"}),
    "dashboard.everyone": frozenset({"admin", "leader"}),
    "crm.import": frozenset({"admin", "leader"}),
    "members.manage": frozenset({"admin"}),
    "audit.view": frozenset({"admin", "leader"}),
}
ACTIONS: tuple[Action, ...] = tuple(PERMISSIONS)


def allowed(role: str, action: Action) -> bool:
    """Whether *role* may do *action*."""
    return role in PERMISSIONS[action]
