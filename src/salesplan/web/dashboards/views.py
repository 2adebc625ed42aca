"""The dashboard of the signed-in person's role."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from salesplan.analytics.tracking import TrackError
from salesplan.plan import loads
from salesplan.web.accounts.access import member_of
from salesplan.web.dashboards.present import KpiRow, present
from salesplan.web.dashboards.tracking import view_for
from salesplan.web.plans.models import Plan


def _as_of(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return dt.datetime.now(tz=dt.UTC).date()


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    member = member_of(request, slug, "dashboard.own")
    plans = Plan.objects.filter(workspace=member.workspace)
    chosen = plans.filter(pk=request.GET.get("plan") or 0).first() or plans.first()
    role = rep = None
    if member.can("dashboard.everyone"):
        role = request.GET.get("role") or None
        rep = request.GET.get("rep") or None
    error = ""
    tracking = None
    rows: list[KpiRow] = []
    as_of = _as_of(request)
    if chosen is not None:
        document = loads(chosen.current.text)
        try:
            tracking = view_for(member, document, as_of, role=role, rep=rep)
        except TrackError as problem:
            error = str(problem)
        if tracking is not None:
            rows = present(tracking, document)
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "member": member,
            "plans": plans,
            "plan": chosen,
            "tracking": tracking,
            "rows": rows,
            "error": error,
            "as_of": as_of,
        },
    )
