"""Plan pages: the list, a new plan from a template, the editor with live recompute,
versions, and the YAML download. Each view parses input, calls an action or the
engine, and renders; HTMX requests get the partial."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from salesplan.engine import build
from salesplan.plan import loads
from salesplan.plan.document import SalesPlan
from salesplan.plan.errors import PlanError
from salesplan.plan.templates import TEMPLATES
from salesplan.web.accounts.access import member_of
from salesplan.web.accounts.models import Membership
from salesplan.web.accounts.roles import Action
from salesplan.web.plans import actions
from salesplan.web.plans.diff import diff_versions
from salesplan.web.plans.editor import (
    Clash,
    EditorField,
    Recomputed,
    editor_fields,
    recompute,
    three_way,
)
from salesplan.web.plans.models import Plan, PlanVersion


def _language(request: HttpRequest) -> str:
    """The reader's language (the interface's): the engine's sentences follow it."""
    return "id" if getattr(request, "LANGUAGE_CODE", "en") == "id" else "en"


def _plan(slug: str, request: HttpRequest, plan_id: int, action: Action) -> tuple[Membership, Plan]:
    """The person's membership and the plan, which must be in that workspace (else 404)."""
    member = member_of(request, slug, action)
    plan = Plan.objects.filter(pk=plan_id, workspace=member.workspace).first()
    if plan is None:
        raise Http404
    return member, plan


@login_required
@require_http_methods(["GET", "POST"])
def plan_list(request: HttpRequest, slug: str) -> HttpResponse:
    member = member_of(request, slug, "plan.view")
    error = ""
    if request.method == "POST":
        member = member_of(request, slug, "plan.create")
        template = request.POST.get("template", "")
        if template not in TEMPLATES:
            error = _("Choose one of the templates.")
        else:
            language = request.POST.get("language", "en")
            plan = actions.create_plan(member, template, "id" if language == "id" else "en")
            return redirect("plans:edit", slug=slug, plan_id=plan.pk)
    plans = Plan.objects.filter(workspace=member.workspace).prefetch_related("versions")
    return render(
        request,
        "plans/list.html",
        {"member": member, "plans": plans, "templates": TEMPLATES, "error": error},
        status=400 if error else 200,
    )


@login_required
def plan_edit(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    member, plan = _plan(slug, request, plan_id, "plan.view")
    version = plan.current
    document = loads(version.text)
    result = build(document.for_reader(_language(request)))
    can_edit = member.can("plan.edit")
    return render(
        request,
        "plans/edit.html",
        {
            "member": member,
            "plan": plan,
            "version": version,
            "fields": editor_fields(document),
            "result": result,
            "can_edit": can_edit,
            "errors": {},
        },
    )


def _edited(
    request: HttpRequest, plan: Plan
) -> tuple[PlanVersion, SalesPlan, list[EditorField], Recomputed]:
    """The current version, its plan and editor fields, and the posted values applied."""
    version = plan.current
    document = loads(version.text)
    fields = editor_fields(document)
    found = recompute(version.text, document, fields, request.POST, _language(request))
    return version, document, fields, found


@login_required
@require_POST
def plan_recompute(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """The HTMX partial: the plan's key outputs with the posted (unsaved) values."""
    _, plan = _plan(slug, request, plan_id, "plan.edit")
    _, _, fields, found = _edited(request, plan)
    labels = {field.path: field.label for field in fields}
    problems = [
        (labels.get(path, ""), path, message) for path, message in (found.errors or {}).items()
    ]
    return render(
        request,
        "plans/_outputs.html",
        {"result": found.result, "problems": problems, "plan": plan},
        status=200 if found.result is not None else 422,
    )


@login_required
@require_POST
def plan_save(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    member, plan = _plan(slug, request, plan_id, "plan.edit")
    return save_fields(request, member, plan, editor_fields, "plans/edit.html", "plans:edit")


FieldsOf = Callable[[SalesPlan], list[EditorField]]


def save_fields(
    request: HttpRequest,
    member: Membership,
    plan: Plan,
    fields_of: FieldsOf,
    template: str,
    page: str,
    context: dict[str, object] | None = None,
) -> HttpResponse:
    """Save the posted values of *fields_of*'s fields as a new version.

    The values apply on top of the newest version. When someone saved after the
    version the person started from, only the fields the person changed are applied,
    so theirs are kept; a field both changed to different values is a clash, shown with
    both values (409) until the person reloads or saves theirs over it.
    """
    current = plan.current
    try:
        base_number = int(request.POST.get("base_version", ""))
    except ValueError:
        base_number = current.number
    base = plan.versions.filter(number=base_number).first() or current
    document = loads(current.text)
    fields = fields_of(document)
    posted = {
        field.path: request.POST[field.path] for field in fields if field.path in request.POST
    }
    clashes: list[Clash] = []
    merged = base.number != current.number
    if merged and request.POST.get("overwrite") != str(current.number):
        posted, clashes = three_way(fields_of(loads(base.text)), fields, posted)
    found = recompute(current.text, document, fields, posted, _language(request))
    kept = [replace(field, value=request.POST.get(field.path, field.value)) for field in fields]
    shown: dict[str, object] = {
        **(context or {}),
        "member": member,
        "plan": plan,
        "version": base,
        "current": current,
        "fields": kept,
        "result": found.result or build(document.for_reader(_language(request))),
        "can_edit": True,
        "errors": found.errors or {},
        "clashes": clashes,
    }
    if clashes:
        shown["conflict"] = actions.VersionConflictError(base.number, current)
        return render(request, template, shown, status=409)
    if found.errors:
        return render(request, template, shown, status=422)
    try:
        version = actions.save_version(
            member, plan, found.text, current.number, request.POST.get("message", "")
        )
    except actions.VersionConflictError as conflict:
        shown["conflict"] = conflict
        return render(request, template, shown, status=409)
    except PlanError as error:
        shown["errors"] = {"": str(error)}
        return render(request, template, shown, status=422)
    if merged and request.POST.get("overwrite") == str(current.number):
        messages.success(
            request,
            _("Saved as version %(number)s, over your colleague's version %(theirs)s.")
            % {"number": version.number, "theirs": current.number},
        )
    elif merged:
        messages.success(
            request,
            _("Saved as version %(number)s, merged with version %(theirs)s saved meanwhile.")
            % {"number": version.number, "theirs": current.number},
        )
    return redirect(page, slug=member.workspace.slug, plan_id=plan.pk)


@login_required
def plan_versions(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    member, plan = _plan(slug, request, plan_id, "plan.view")
    versions = plan.versions.select_related("author")
    return render(
        request, "plans/versions.html", {"member": member, "plan": plan, "versions": versions}
    )


@login_required
def plan_yaml(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    _, plan = _plan(slug, request, plan_id, "plan.view")
    response = HttpResponse(plan.current.text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}.yaml"'
    return response


@login_required
def plan_diff(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """Two versions side by side: the inputs that changed and their effect on the outputs."""
    member, plan = _plan(slug, request, plan_id, "plan.view")
    numbers = sorted(plan.versions.values_list("number", flat=True))
    try:
        old = int(request.GET.get("from", numbers[-2] if len(numbers) > 1 else numbers[0]))
        new = int(request.GET.get("to", numbers[-1]))
    except ValueError:
        raise Http404 from None
    versions = {v.number: v for v in plan.versions.filter(number__in=[old, new])}
    if old not in versions or new not in versions:
        raise Http404
    found = diff_versions(versions[old].text, versions[new].text)
    return render(
        request,
        "plans/diff.html",
        {
            "member": member,
            "plan": plan,
            "old": versions[old],
            "new": versions[new],
            "diff": found,
            "numbers": numbers,
        },
    )


@login_required
@require_POST
def plan_restore(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """Save an old version's text as the newest version (history is never rewritten)."""
    member, plan = _plan(slug, request, plan_id, "plan.edit")
    try:
        number = int(request.POST.get("number", ""))
        base = int(request.POST.get("base_version", ""))
    except ValueError:
        raise Http404 from None
    old = plan.versions.filter(number=number).first()
    if old is None:
        raise Http404
    try:
        actions.save_version(
            member, plan, old.text, base, _("restored version %(number)s") % {"number": number}
        )
    except actions.VersionConflictError as conflict:
        return render(
            request,
            "plans/versions.html",
            {
                "member": member,
                "plan": plan,
                "versions": plan.versions.select_related("author"),
                "conflict": conflict,
            },
            status=409,
        )
    return redirect("plans:versions", slug=slug, plan_id=plan.pk)


@login_required
def plan_gantt(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """The action plan's Gantt chart (hiring steps included), the documents' own chart."""
    from salesplan.engine.schedule import plan_schedule
    from salesplan.reports.charts.gantt import schedule_chart

    member, plan = _plan(slug, request, plan_id, "plan.view")
    document = loads(plan.current.text).for_reader(_language(request))
    schedule = plan_schedule(document, build(document))
    chart = schedule_chart(document, schedule, dt.datetime.now(tz=dt.UTC).date())
    return render(
        request,
        "plans/gantt.html",
        {
            "member": member,
            "plan": plan,
            # the SVG is vl-convert's rendering of our own spec, every label escaped by it
            "svg": mark_safe(chart.to_svg()) if chart else "",
            "schedule": schedule,
        },
    )


@login_required
def plan_document(request: HttpRequest, slug: str, plan_id: int, kind: str) -> HttpResponse:
    """The plan as a document (HTML, PDF, DOCX, XLSX with live formulas, Markdown)."""
    from salesplan.reports.writers import FORMATS, make_report

    _, plan = _plan(slug, request, plan_id, "plan.view")
    if kind not in FORMATS:
        raise Http404
    language = _language(request)
    document = make_report(loads(plan.current.text), language=language, with_sensitivity=False)
    with tempfile.TemporaryDirectory(prefix="salesplan-doc-") as scratch:
        path = document.write(kind, Path(scratch) / f"plan.{kind}")
        content = path.read_bytes()
    response = HttpResponse(content, content_type=_CONTENT_TYPES[kind])
    name = f"plan-{plan.pk}-v{plan.current.number}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


_CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "md": "text/markdown; charset=utf-8",
}
