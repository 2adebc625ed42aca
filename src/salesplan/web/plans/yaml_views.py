"""Importing a plan's YAML: as a new plan, or as the next version of a plan.

The file is checked as ``salesplan validate`` checks it (every problem with its line
and column) before anything is stored; the upload stops being read past 1 MB.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from salesplan.plan import loads
from salesplan.plan.errors import PlanError
from salesplan.web.accounts.access import member_of
from salesplan.web.accounts.models import Membership
from salesplan.web.imports.uploads import SizeLimit
from salesplan.web.plans import actions
from salesplan.web.plans.messages import problem_text
from salesplan.web.plans.models import Plan
from salesplan.web.plans.views import _plan

__all__ = ["YAML_LIMIT", "plan_import", "version_upload"]

YAML_LIMIT = 1024 * 1024  # a plan is a few kB; a megabyte is far more than any


class YamlRefusedError(Exception):
    """The upload is not a plan: every problem, for the person."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def _read(request: HttpRequest, limit: SizeLimit) -> tuple[str, str]:
    """The uploaded file's name and text, checked as a plan (``YamlRefusedError``)."""
    upload = request.FILES.get("file")
    if limit.too_big:
        raise YamlRefusedError([_("The file is larger than 1 MB: a plan is a few kB.")])
    if upload is None:
        raise YamlRefusedError([_("Choose a YAML file.")])
    name = Path((upload.name or "plan.yaml").replace("\\", "/")).name
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise YamlRefusedError([_("%(name)s is not UTF-8 text.") % {"name": name}]) from None
    try:
        loads(text, source=name)
    except PlanError as error:
        raise YamlRefusedError([_render(issue, name) for issue in error.issues]) from None
    return name, text


def _render(issue: object, source: str) -> str:
    from salesplan.plan.errors import PlanIssue, format_path

    assert isinstance(issue, PlanIssue)
    where = source
    if issue.line is not None:
        where += f":{issue.line}" + (f":{issue.column}" if issue.column is not None else "")
    field = format_path(issue.path)
    message = problem_text("", issue.message)
    return f"{where} {field}: {message}" if field else f"{where}: {message}"


def _limited(request: HttpRequest) -> SizeLimit:
    limit = SizeLimit(request, YAML_LIMIT)
    request.upload_handlers.insert(0, limit)
    return limit


@csrf_exempt  # the size limit is in place before the body is read; CSRF is checked below
@login_required
@require_POST
def plan_import(request: HttpRequest, slug: str) -> HttpResponse:
    """A new plan from an uploaded YAML file."""
    member = member_of(request, slug, "plan.create")
    return _plan_import(request, member, _limited(request))


@csrf_protect
def _plan_import(request: HttpRequest, member: Membership, limit: SizeLimit) -> HttpResponse:
    from salesplan.plan.templates import TEMPLATES

    try:
        name, text = _read(request, limit)
    except YamlRefusedError as refused:
        plans = Plan.objects.filter(workspace=member.workspace).prefetch_related("versions")
        return render(
            request,
            "plans/list.html",
            {
                "member": member,
                "plans": plans,
                "templates": TEMPLATES,
                "problems": refused.problems,
            },
            status=400,
        )
    plan = actions.import_plan(member, text, name)
    messages.success(request, _("%(name)s imported as a new plan.") % {"name": name})
    return redirect("plans:edit", slug=member.workspace.slug, plan_id=plan.pk)


@csrf_exempt  # as above
@login_required
@require_POST
def version_upload(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """An uploaded YAML file as the plan's next version (optimistic, like every save)."""
    member, plan = _plan(slug, request, plan_id, "plan.edit")
    return _version_upload(request, member, plan, _limited(request))


@csrf_protect
def _version_upload(
    request: HttpRequest, member: Membership, plan: Plan, limit: SizeLimit
) -> HttpResponse:
    problems: list[str] = []
    conflict = None
    try:
        name, text = _read(request, limit)
        base = int(request.POST.get("base_version", "0") or 0)
        version = actions.save_version(
            member, plan, text, base, _("uploaded %(name)s") % {"name": name}
        )
    except YamlRefusedError as refused:
        problems = refused.problems
    except ValueError:
        problems = [_("The form is out of date: reload the page.")]
    except actions.VersionConflictError as error:
        conflict = error
    else:
        messages.success(request, _("Saved as version %(number)s.") % {"number": version.number})
        return redirect("plans:versions", slug=member.workspace.slug, plan_id=plan.pk)
    return render(
        request,
        "plans/versions.html",
        {
            "member": member,
            "plan": plan,
            "versions": plan.versions.select_related("author"),
            "problems": problems,
            "conflict": conflict,
        },
        status=409 if conflict else 400,
    )
