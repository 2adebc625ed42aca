"""One page per section of the plan: the section's form, its live effect on the plan's
numbers, and saving it as a new version — merged with what others saved meanwhile
when they did not touch the same section."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from salesplan.engine import build
from salesplan.plan import loads
from salesplan.web.accounts.models import Membership
from salesplan.web.plans import actions
from salesplan.web.plans.diff import InputChange
from salesplan.web.plans.form_schema import Widget
from salesplan.web.plans.models import Plan, PlanVersion
from salesplan.web.plans.section_labels import SECTIONS, Section
from salesplan.web.plans.sections import edit_section, find_section, section_widgets, their_changes
from salesplan.web.plans.views import _language, _plan

__all__ = ["section_page", "section_recompute"]

# the sections whose fields change the plan's numbers show them beside the form
_WITH_NUMBERS = frozenset({"goals", "team", "strategy"})


def _section(key: str) -> Section:
    section = find_section(key)
    if section is None:
        raise Http404
    return section


def _render(
    request: HttpRequest,
    member: Membership,
    plan: Plan,
    section: Section,
    widgets: list[Widget],
    *,
    base: PlanVersion,
    status: int = 200,
    problems: list[str] | None = None,
    theirs: list[InputChange] | None = None,
    current: PlanVersion | None = None,
) -> HttpResponse:
    numbers = section.key in _WITH_NUMBERS
    result = None
    if numbers:
        document = loads((current or base).text)
        result = build(document.for_reader(_language(request)))
    return render(
        request,
        "plans/section.html",
        {
            "member": member,
            "plan": plan,
            "section": section,
            "sections": SECTIONS,
            # a section of one key shows that key's fields, without a box around them all
            "widgets": widgets[0].children
            if len(widgets) == 1 and widgets[0].kind == "group"
            else widgets,
            "version": base,
            "current": current or base,
            "can_edit": member.can("plan.edit"),
            "problems": problems or [],
            "theirs": theirs,
            "numbers": numbers,
            "result": result,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_page(request: HttpRequest, slug: str, plan_id: int, key: str) -> HttpResponse:
    """GET: the section's form. POST: save it as a new version (``plan.edit``)."""
    section = _section(key)
    if request.method != "POST":
        member, plan = _plan(slug, request, plan_id, "plan.view")
        current = plan.current
        return _render(
            request, member, plan, section, section_widgets(section, loads(current.text)),
            base=current,
        )  # fmt: skip
    member, plan = _plan(slug, request, plan_id, "plan.edit")
    return _save(request, member, plan, section)


def _save(request: HttpRequest, member: Membership, plan: Plan, section: Section) -> HttpResponse:
    current = plan.current
    try:
        base_number = int(request.POST.get("base_version", ""))
    except ValueError:
        base_number = current.number
    base = plan.versions.filter(number=base_number).first() or current
    language = _language(request)
    # the edit applies on top of the newest version: what others saved in other
    # sections meanwhile is kept
    found = edit_section(section, current.text, request.POST, language)
    if request.POST.get("_action") == "more":  # one more blank row; nothing saved
        return _render(request, member, plan, section, found.widgets, base=base, current=current)
    if not found.ok:
        return _render(
            request, member, plan, section, found.widgets, base=base, status=422,
            problems=found.problems, current=current,
        )  # fmt: skip
    theirs = their_changes(section, base.text, current.text) if base != current else []
    if theirs and request.POST.get("overwrite") != str(current.number):
        return _render(
            request, member, plan, section, found.widgets, base=base, status=409,
            theirs=theirs, current=current,
        )  # fmt: skip
    message = request.POST.get("message", "").strip() or _("edited %(section)s") % {
        "section": section.title
    }
    try:
        version = actions.save_version(member, plan, found.text, current.number, message)
    except actions.VersionConflictError as conflict:  # someone saved in the last instant
        newest = conflict.current
        return _render(
            request, member, plan, section, found.widgets, base=base, status=409,
            theirs=their_changes(section, base.text, newest.text), current=newest,
        )  # fmt: skip
    if theirs:  # saved over their changes, as the person chose
        messages.success(
            request,
            _("Saved as version %(number)s, over your colleague's version %(theirs)s.")
            % {"number": version.number, "theirs": current.number},
        )
    elif base.number != current.number:
        messages.success(
            request,
            _("Saved as version %(number)s, merged with version %(theirs)s saved meanwhile.")
            % {"number": version.number, "theirs": current.number},
        )
    else:
        messages.success(request, _("Saved as version %(number)s.") % {"number": version.number})
    return redirect("plans:section", slug=member.workspace.slug, plan_id=plan.pk, key=section.key)


@login_required
@require_POST
def section_recompute(request: HttpRequest, slug: str, plan_id: int, key: str) -> HttpResponse:
    """The HTMX partial: the plan's numbers with the posted (unsaved) section."""
    section = _section(key)
    _, plan = _plan(slug, request, plan_id, "plan.edit")
    found = edit_section(section, plan.current.text, request.POST, _language(request))
    problems: list[tuple[str | None, str, str]] = [
        (None, "", message) for message in found.problems
    ]
    problems += [
        (widget.field, "", widget.error)
        for top in found.widgets
        for widget in top.walk()
        if widget.error
    ]
    return render(
        request,
        "plans/_outputs.html",
        {"result": found.result, "problems": _labelled(problems), "plan": plan},
        status=200 if found.ok else 422,
    )


def _labelled(problems: list[tuple[str | None, str, str]]) -> list[tuple[str, str, str]]:
    from salesplan.web.plans.templatetags.plan_tags import field_label

    return [
        (field_label(field) if field else "", path, message) for field, path, message in problems
    ]
