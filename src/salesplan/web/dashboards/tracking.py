"""The dashboard's tracking run: the plan's current version against the workspace's CRM.

The store's facts (the period's actuals, win chances, people: ~1 s of queries over a
1M-deal store) are cached per process, keyed by the store file's identity (path,
size and modification time of the file and its WAL, so an import invalidates them)
and by what the query depends on (``FactsQuery``: the period window up to as_of, the
plan's stage and activity names). Editing a goal or a rate keeps them valid; every
view (leader, role, rep) is computed from the same facts in milliseconds.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from pathlib import Path

from salesplan.analytics.tracking import (
    FactsQuery,
    StoreFacts,
    Tracking,
    facts_query,
    store_facts,
    track,
)
from salesplan.crm.store import STORE
from salesplan.engine import build
from salesplan.engine.build import calendar_for
from salesplan.plan import loads
from salesplan.plan.document import SalesPlan
from salesplan.web.accounts.models import Membership
from salesplan.web.plans.models import Plan
from salesplan.web.store_access import reading

__all__ = ["cached_facts", "store_identity", "view_for", "warm"]

FACTS_KEPT = 32
_facts: OrderedDict[tuple[object, ...], StoreFacts] = OrderedDict()
_computing: dict[tuple[object, ...], threading.Lock] = {}
_guard = threading.Lock()


def store_identity(store: Path) -> tuple[object, ...]:
    """Changes whenever the store is written (an import rewrites the file or its WAL)."""
    store = store.resolve()
    wal = store.with_name(store.name + ".wal")
    stats = [store.stat()] + ([wal.stat()] if wal.exists() else [])
    return (str(store), *((s.st_size, s.st_mtime_ns, s.st_ino) for s in stats))


def cached_facts(store: Path, query: FactsQuery) -> StoreFacts:
    """The store's facts for *query*: computed once per store state (single-flight)."""
    import ibis

    key = (*store_identity(store), query)
    with _guard:
        if key in _facts:
            _facts.move_to_end(key)
            return _facts[key]
        lock = _computing.setdefault(key, threading.Lock())
    with lock:  # concurrent misses of one key wait for the first instead of repeating it
        with _guard:
            if key in _facts:
                return _facts[key]
        with reading(store):
            con = ibis.duckdb.connect(str(store), read_only=True)
            con.raw_sql("SET TimeZone = 'UTC'")
            try:
                tables = {
                    name: con.table(name)
                    for name in ("deals", "stage_changes", "activities", "leads", "people")
                }
                found = store_facts(tables, query)
            finally:
                con.disconnect()
        with _guard:
            _facts[key] = found
            _computing.pop(key, None)
            while len(_facts) > FACTS_KEPT:
                _facts.popitem(last=False)
    return found


def view_for(
    member: Membership,
    document: SalesPlan,
    as_of: dt.date,
    *,
    role: str | None = None,
    rep: str | None = None,
) -> Tracking | None:
    """Track *document* (a plan's current version) for *member*'s view; None when the
    workspace has no CRM data yet.

    A rep sees their own view (their CRM owner name); a manager their team's (the
    plan role they manage, else every managed role); a leader or admin the whole
    team's, or a role's or rep's when asked.
    """
    store = member.workspace.crm_folder / STORE
    if not store.exists():
        return None
    result = build(document)
    days = calendar_for(document).working_days(result.period_start, result.period_end)
    if member.role == "rep":
        role, rep = None, member.crm_owner or member.user.get_username()
    elif member.role == "manager":
        role, rep = member.plan_role or "manager", None
    facts = cached_facts(store, facts_query(document, result, as_of))
    return track({}, document, result, days, as_of, role=role, rep=rep, facts=facts)


def warm(today: dt.date) -> int:
    """Compute the store facts of every plan's current version as of *today*, so the
    first dashboards after a start (or an import) do not wait for the store, then each
    plan's chance of hitting the goal; return how many plans were warmed. Plans whose
    workspace has no CRM data are skipped."""
    from salesplan.web.dashboards.goal_chance import goal_chance

    warmed = []
    for plan in Plan.objects.select_related("workspace"):
        store = plan.workspace.crm_folder / STORE
        if not store.exists():
            continue
        document = loads(plan.current.text)
        cached_facts(store, facts_query(document, build(document), today))
        warmed.append(plan)
    for plan in warmed:  # then the slower chances of hitting the goal
        goal_chance(plan.workspace.crm_folder, plan.current, today, wait=True)
    return len(warmed)
