"""Team targets: what each person in a role is asked to do a working day, edited by the
role's manager. A manager reaches the roles their plan role manages (a sales manager
who manages SDR and AE edits both), or their own role; leaders and admins reach every
role. The page shows what the plan then asks of each person in seat, recomputed as
they type, and saves a new version like every other edit."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from salesplan.engine import build
from salesplan.plan import loads
from salesplan.plan.document import SalesPlan
from salesplan.web.accounts.models import Membership
from salesplan.web.plans.editor import EditorField, editor_fields, recompute
from salesplan.web.plans.views import _language, _plan, save_fields

__all__ = ["plan_targets", "targets_recompute", "targets_save", "team_roles"]


def team_roles(member: Membership, plan: SalesPlan) -> list[str]:
    """The plan roles whose targets *member* may change."""
    if member.can("plan.edit"):
        return list(plan.team.roles)
    own = plan.team.roles.get(member.plan_role)
    if own is None:
        return []
    managed = [role for role in own.manages if role in plan.team.roles]
    return managed or [member.plan_role]


def _fields_for(member: Membership) -> Callable[[SalesPlan], list[EditorField]]:
    def fields_of(plan: SalesPlan) -> list[EditorField]:
        roles = set(team_roles(member, plan))
        return [
            field
            for field in editor_fields(plan)
            if field.group == "team" and field.path.split(".")[2] in roles
        ]

    return fields_of


@login_required
def plan_targets(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    member, plan = _plan(slug, request, plan_id, "plan.targets")
    version = plan.current
    document = loads(version.text)
    roles = team_roles(member, document)
    return render(
        request,
        "plans/targets.html",
        {
            "member": member,
            "plan": plan,
            "version": version,
            "current": version,
            "fields": _fields_for(member)(document),
            "roles": roles,
            "result": build(document.for_reader(_language(request))),
            "can_edit": bool(roles),
            "errors": {},
        },
    )


@login_required
@require_POST
def targets_recompute(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    member, plan = _plan(slug, request, plan_id, "plan.targets")
    version = plan.current
    document = loads(version.text)
    fields = _fields_for(member)(document)
    found = recompute(version.text, document, fields, request.POST, _language(request))
    labels = {field.path: field.label for field in fields}
    problems = [
        (labels.get(path, ""), "", message) for path, message in (found.errors or {}).items()
    ]
    return render(
        request,
        "plans/_targets_outputs.html",
        {
            "result": found.result,
            "problems": problems,
            "roles": team_roles(member, document),
            "plan": plan,
        },
        status=200 if found.result is not None else 422,
    )


@login_required
@require_POST
def targets_save(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    member, plan = _plan(slug, request, plan_id, "plan.targets")
    roles = team_roles(member, loads(plan.current.text))
    return save_fields(
        request, member, plan, _fields_for(member), "plans/targets.html", "plans:targets",
        {"roles": roles},
    )  # fmt: skip
