"""The dashboard's tracking run: the plan's current version against the workspace's CRM."""

from __future__ import annotations

import datetime as dt

from salesplan.analytics.tracking import Tracking, track
from salesplan.crm.store import STORE
from salesplan.engine import build
from salesplan.engine.build import calendar_for
from salesplan.plan import loads
from salesplan.web.accounts.models import Membership
from salesplan.web.plans.models import Plan

__all__ = ["view_for"]


def view_for(
    member: Membership,
    plan: Plan,
    as_of: dt.date,
    *,
    role: str | None = None,
    rep: str | None = None,
) -> Tracking | None:
    """Track *plan* for *member*'s view; None when the workspace has no CRM data yet.

    A rep sees their own view (their CRM owner name); a manager their team's (the
    plan role they manage, else every managed role); a leader or admin the whole
    team's, or a role's or rep's when asked.
    """
    import ibis

    store = member.workspace.crm_folder / STORE
    if not store.exists():
        return None
    document = loads(plan.current.text)
    result = build(document)
    days = calendar_for(document).working_days(result.period_start, result.period_end)
    if member.role == "rep":
        role, rep = None, member.crm_owner or member.user.get_username()
    elif member.role == "manager":
        role, rep = member.plan_role or "manager", None
    con = ibis.duckdb.connect(str(store), read_only=True)
    con.raw_sql("SET TimeZone = 'UTC'")
    try:
        tables = {
            name: con.table(name)
            for name in ("deals", "stage_changes", "activities", "leads", "people")
        }
        return track(tables, document, result, days, as_of, role=role, rep=rep)
    finally:
        con.disconnect()
