"""The dashboard of the signed-in person's role."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from salesplan.analytics.tracking import TrackError, Tracking
from salesplan.plan import loads
from salesplan.plan.document import SalesPlan
from salesplan.reports.formatting import Formatter
from salesplan.web.accounts.access import member_of
from salesplan.web.dashboards.goal_chance import GoalChance, goal_chance
from salesplan.web.dashboards.present import KpiRow, LeaderRow, leaderboard, present
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
    leaders: list[LeaderRow] = []
    as_of = _as_of(request)
    chance = None
    fresh, pending = True, False
    money: Formatter | dict[str, str] = {}
    if chosen is not None:
        document = loads(chosen.current.text)
        try:
            tracking = view_for(member, document, as_of, role=role, rep=rep)
        except TrackError as problem:
            error = str(problem)
        if tracking is not None:
            rows = present(tracking, document)
            leaders = leaderboard(tracking, document)
            shown = goal_chance(member.workspace.crm_folder, chosen.current, as_of)
            chance, fresh, pending = shown.chance, shown.fresh, shown.pending
            money = _money(request, document)
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "member": member,
            "plans": plans,
            "plan": chosen,
            "tracking": tracking,
            "rows": rows,
            "leaders": leaders,
            "role_name": _role_name(tracking, chosen),
            "error": error,
            "as_of": as_of,
            "chance": chance,
            "fresh": fresh,
            "pending": pending,
            "money": _chance_money(chance, money),
        },
    )


def _role_name(tracking: Tracking | None, plan: Plan | None) -> str:
    """The plan's name for the role a view is about (``Sales Manager`` for ``SM``)."""
    if tracking is None or tracking.role is None or plan is None:
        return ""
    role = loads(plan.current.text).team.roles.get(tracking.role)
    return role.name if role else tracking.role


def _money(request: HttpRequest, document: SalesPlan) -> Formatter:
    language = "id" if getattr(request, "LANGUAGE_CODE", "en") == "id" else "en"
    return Formatter(document.for_reader(language).effective_locale, document.currency)


def _chance_money(chance: GoalChance | None, fmt: Formatter | dict[str, str]) -> dict[str, str]:
    """The chance's revenue figures in the plan's currency, formatted for the reader."""
    if chance is None or isinstance(fmt, dict):
        return {}
    return {name: fmt.money(getattr(chance, f"revenue_{name}")) for name in ("p10", "p50", "p90")}


@login_required
def chance_partial(request: HttpRequest, slug: str) -> HttpResponse:
    """The goal's chance card: the figure once computed, else the card that polls again."""
    member = member_of(request, slug, "dashboard.own")
    plan = Plan.objects.filter(workspace=member.workspace, pk=request.GET.get("plan") or 0).first()
    if plan is None:
        raise Http404
    as_of = _as_of(request)
    version = plan.current
    shown = goal_chance(member.workspace.crm_folder, version, as_of)
    money = _chance_money(shown.chance, _money(request, loads(version.text)))
    return render(
        request,
        "dashboards/_chance.html",
        {
            "member": member,
            "plan": plan,
            "as_of": as_of,
            "chance": shown.chance,
            "fresh": shown.fresh,
            "pending": shown.pending,
            "money": money,
        },
    )
