"""What happened in a period, per owner, read from the canonical CRM tables with Ibis.

Every query groups by owner so that one pass serves the team, each role, each rep
and the leaderboard. ``Window`` is ``[start, end)`` in UTC; "open at the end"
means created before it and not closed before it, in the stage of its last stage
change before it, so a past ``--as-of`` sees the pipeline as it stood that day.
Stage names are matched to the plan's stages by name or id, as ``calibrate``
matches them; activity types to the plan's activities the same way.

The definitions run on DuckDB and PostgreSQL alike (checked in CI).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from salesplan.analytics.calibration import stage_key

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = ["Actuals", "WinChances", "Window", "period_actuals", "win_chances"]

Owner = str | None


@dataclass(frozen=True, slots=True)
class Window:
    """From *start* (inclusive) to *end* (exclusive), UTC."""

    start: dt.datetime
    end: dt.datetime

    @classmethod
    def of_days(cls, first: dt.date, last: dt.date) -> Window:
        """The window of whole days *first* … *last*."""
        return cls(
            dt.datetime.combine(first, dt.time()),
            dt.datetime.combine(last + dt.timedelta(days=1), dt.time()),
        )


@dataclass
class Actuals:
    """Per owner: deals won and lost, stage entries, activities done, the open pipeline."""

    won: dict[Owner, tuple[int, float, int]] = field(default_factory=dict)  # n, value, with value
    lost: dict[Owner, int] = field(default_factory=dict)
    entries: dict[tuple[int, Owner], int] = field(default_factory=dict)  # (plan stage, owner)
    created: dict[Owner, int] = field(default_factory=dict)  # deals created in the window
    stage_history: bool = True  # whether the CRM records stage changes at all
    logged: set[str] = field(default_factory=set)  # plan activities the CRM has ever logged
    activities: dict[tuple[str, Owner], int] = field(default_factory=dict)  # (plan activity, owner)
    open: dict[tuple[int, Owner], tuple[int, float, int]] = field(default_factory=dict)
    cycle_days: dict[Owner, list[float]] = field(default_factory=dict)
    response_hours: list[float] = field(default_factory=list)
    unmatched_stages: set[str] = field(default_factory=set)
    unmatched_activities: set[str] = field(default_factory=set)
    owners: set[str] = field(default_factory=set)


def _index(names: Mapping[str, int], value: object) -> int | None:
    return names.get(stage_key(str(value))) if value is not None else None


def _owner(value: object) -> Owner:
    if value is None or value != value:  # NaN
        return None
    return str(value)


def period_actuals(
    tables: Mapping[str, ir.Table],
    window: Window,
    stages: Mapping[str, int],
    activities: Mapping[str, str],
) -> Actuals:
    """The period's actuals from *tables* (``deals``, ``stage_changes``, ``activities``,
    ``leads``). *stages* maps a stage key (``stage_key`` of a name or id) to the
    plan's pipeline index, *activities* an activity key to the plan activity id."""
    deals, changes = tables["deals"], tables["stage_changes"]
    acts = tables["activities"]
    found = Actuals()
    start, end = window.start, window.end

    closed = deals.filter(
        deals.status.isin(["won", "lost"]) & (deals.closed_at >= start) & (deals.closed_at < end)
    )
    rows = (
        closed.group_by([closed.owner, closed.status])
        .aggregate(
            n=closed.count(),
            value=closed.value.sum(),
            valued=closed.value.count(),
        )
        .execute()
    )
    for owner, status, n, value, valued in rows.itertuples(index=False):
        who = _owner(owner)
        if status == "won":
            total = 0.0 if value is None or value != value else float(value)
            found.won[who] = (int(n), total, int(valued))
        else:
            found.lost[who] = int(n)

    won = closed.filter(closed.status == "won")
    cycles = won.select(
        owner=won.owner,
        days=(won.closed_at.epoch_seconds() - won.created_at.epoch_seconds()) / 86_400.0,
    ).filter(lambda t: t.days.notnull())
    for owner, days in cycles.execute().itertuples(index=False):
        found.cycle_days.setdefault(_owner(owner), []).append(float(days))

    made = deals.filter((deals.created_at >= start) & (deals.created_at < end))
    rows = made.group_by(made.owner).aggregate(n=made.count()).execute()
    found.created = {_owner(owner): int(n) for owner, n in rows.itertuples(index=False)}
    found.stage_history = bool(int(changes.filter(changes.changed_at < end).count().execute()))

    moved = changes.filter((changes.changed_at >= start) & (changes.changed_at < end))
    owners = deals.select(o_source=deals.source, o_id=deals.id, o_owner=deals.owner)
    moved = moved.left_join(owners, [moved.source == owners.o_source, moved.deal_id == owners.o_id])
    rows = (
        moved.group_by([moved.to_stage, moved.o_owner])
        .aggregate(n=moved.deal_id.nunique())
        .execute()
    )
    for stage, owner, n in rows.itertuples(index=False):
        index = _index(stages, stage)
        if index is None:
            found.unmatched_stages.add(str(stage))
            continue
        key = (index, _owner(owner))
        found.entries[key] = found.entries.get(key, 0) + int(n)

    done = acts.filter(acts.done.fill_null(False) | acts.done_at.notnull())
    done = done.mutate(when=done.done_at.fill_null(done.due_at))
    for kind in done.filter(done.when < end).select("type").distinct().execute()["type"]:
        activity = activities.get(stage_key(str(kind))) or activities.get(
            stage_key(str(kind)).rstrip("s")
        )
        if activity is not None:
            found.logged.add(activity)
    done = done.filter((done.when >= start) & (done.when < end))
    rows = done.group_by([done.type, done.owner]).aggregate(n=done.count()).execute()
    for kind, owner, n in rows.itertuples(index=False):
        activity = activities.get(stage_key(str(kind))) or activities.get(
            stage_key(str(kind)).rstrip("s")
        )
        if activity is None:
            found.unmatched_activities.add(str(kind))
            continue
        key2 = (activity, _owner(owner))
        found.activities[key2] = found.activities.get(key2, 0) + int(n)
        if owner is not None:
            found.owners.add(str(owner))

    _open_pipeline(found, deals, changes, end, stages)
    found.owners |= {o for o in found.won if o} | {o for (_, o) in found.entries if o}

    leads = tables.get("leads")
    if leads is not None:
        _response(found, leads, acts, window)
    return found


def _open_pipeline(
    found: Actuals,
    deals: ir.Table,
    changes: ir.Table,
    end: dt.datetime,
    stages: Mapping[str, int],
) -> None:
    """Deals open at *end*, by the stage they were in then and their owner."""
    open_then = deals.filter(
        (deals.created_at < end)
        & (deals.closed_at.isnull() | (deals.closed_at >= end))
        & (deals.status.isin(["open", "won", "lost"]))
    )
    before = changes.filter(changes.changed_at < end)
    last = before.group_by([before.source, before.deal_id]).aggregate(
        last_stage=before.to_stage.argmax(before.changed_at)
    )
    joined = open_then.left_join(
        last, [open_then.source == last.source, open_then.id == last.deal_id]
    )
    joined = joined.select(
        stage=joined.last_stage.fill_null(joined.stage),
        owner=joined.owner,
        value=joined.value,
    )
    rows = (
        joined.group_by([joined.stage, joined.owner])
        .aggregate(n=joined.count(), value=joined.value.sum(), valued=joined.value.count())
        .execute()
    )
    for stage, owner, n, value, valued in rows.itertuples(index=False):
        index = _index(stages, stage)
        if index is None:
            if stage is not None:
                found.unmatched_stages.add(str(stage))
            continue
        key = (index, _owner(owner))
        before_n, before_value, before_valued = found.open.get(key, (0, 0.0, 0))
        total = 0.0 if value is None or value != value else float(value)
        found.open[key] = (before_n + int(n), before_value + total, before_valued + int(valued))


def _response(found: Actuals, leads: ir.Table, acts: ir.Table, window: Window) -> None:
    """Hours from each lead of the period to the first activity on the deal it became."""
    these = leads.filter(
        (leads.created_at >= window.start)
        & (leads.created_at < window.end)
        & leads.converted_deal_id.notnull()
    )
    if not int(these.count().execute()):
        return  # no lead of the period became a deal: spare the activity scan
    first = acts.group_by([acts.source, acts.deal_id]).aggregate(
        first_at=acts.created_at.fill_null(acts.due_at).min()
    )
    joined = these.join(
        first, [these.converted_deal_id == first.deal_id, these.source == first.source]
    )
    hours = joined.select(
        hours=(joined.first_at.epoch_seconds() - joined.created_at.epoch_seconds()) / 3600.0
    ).filter(lambda t: t.hours.notnull() & (t.hours >= 0))
    found.response_hours = [float(h) for h in hours.execute()["hours"]]


@dataclass(frozen=True, slots=True)
class WinChances:
    """Of the deals decided before a day, per plan stage reached: won and decided."""

    won: tuple[int, ...]
    decided: tuple[int, ...]


def win_chances(
    tables: Mapping[str, ir.Table], end: dt.datetime, stages: Mapping[str, Any]
) -> WinChances:
    """Per plan stage *i*: how many of the deals closed before *end* that had reached
    stage *i* or a later one were won. The calibrated stage-to-win probability is
    ``won[i] / decided[i]`` (the caller shrinks it towards the plan's)."""
    deals, changes = tables["deals"], tables["stage_changes"]
    count = 1 + max((int(v) for v in stages.values()), default=-1)
    names = (
        changes.filter(changes.changed_at < end)
        .select("to_stage")
        .distinct()
        .execute()["to_stage"]
        .tolist()
    )
    ranks = {
        str(name): int(stages[stage_key(str(name))])
        for name in names
        if name is not None and stage_key(str(name)) in stages
    }
    won, decided = [0] * count, [0] * count
    if not ranks:
        return WinChances(tuple(won), tuple(decided))
    before = changes.filter((changes.changed_at < end) & changes.to_stage.isin(list(ranks)))
    before = before.mutate(rank=before.to_stage.substitute(ranks, else_=-1))
    furthest = before.group_by([before.source, before.deal_id]).aggregate(
        furthest=before["rank"].max()
    )
    closed = deals.filter(deals.status.isin(["won", "lost"]) & (deals.closed_at < end))
    joined = closed.join(
        furthest, [closed.source == furthest.source, closed.id == furthest.deal_id]
    )
    rows = joined.group_by([joined.furthest, joined.status]).aggregate(n=joined.count()).execute()
    by_rank: dict[int, dict[str, int]] = defaultdict(dict)
    for rank, status, n in rows.itertuples(index=False):
        by_rank[int(rank)][str(status)] = int(n)
    for index in range(count):
        for rank, counts in by_rank.items():
            if rank >= index:
                won[index] += counts.get("won", 0)
                decided[index] += counts.get("won", 0) + counts.get("lost", 0)
    return WinChances(tuple(won), tuple(decided))
