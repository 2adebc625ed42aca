"""The one way a view reaches a workspace: through the signed-in person's membership.

A workspace the person does not belong to is a 404, the same as one that does not
exist, so ids in URLs reveal nothing. An action their role may not do is a 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from salesplan.web.accounts.models import AuditEvent, Membership
from salesplan.web.accounts.roles import Action

__all__ = ["audit", "member_of"]


def member_of(request: HttpRequest, slug: str, action: Action) -> Membership:
    """The signed-in person's membership of workspace *slug*, allowed to do *action*."""
    if not request.user.is_authenticated:
        raise Http404
    found = (
        Membership.objects.select_related("workspace", "user")
        .filter(user=request.user, workspace__slug=slug)
        .first()
    )
    if found is None:
        raise Http404
    if not found.can(action):
        raise PermissionDenied(f"a {found.role} may not do {action}")
    return found


def audit(member: Membership, action: str, target: str, **detail: object) -> None:
    """Record who did what (every write of the app calls this)."""
    AuditEvent.objects.create(
        workspace=member.workspace, user=member.user, action=action, target=target, detail=detail
    )
