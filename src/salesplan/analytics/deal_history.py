"""Every deal's dates and outcome as NumPy arrays, for the forecast's timing model.

The timing model (``analytics.deal_timing``) and the backtest look at the
history as it stood at many moments, so they read each deal once — created,
closed, won, value — and every stage change, and then work on arrays. Times are
*day numbers*: days since 1970-01-01 UTC, with the time of day as a fraction.

Two kinds of deal cannot be placed in time and are left out (``DealHistory``
counts them): a deal without a creation date, and a closed deal without a close
date.

The reading is one Ibis selection per table, so it runs on PostgreSQL as on DuckDB.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from salesplan.crm.store import Workspace

__all__ = ["DealHistory", "day_number", "read_deal_history"]

Floats = NDArray[np.float64]
_EPOCH = dt.date(1970, 1, 1)


def day_number(day: dt.date) -> float:
    """The day number of midnight (UTC) at the start of *day*.

    >>> day_number(dt.date(1970, 1, 11))
    10.0
    """
    return float((day - _EPOCH).days)


@dataclass(frozen=True)
class DealHistory:
    """Deals (one entry each) and their stage changes (sorted by deal, then time)."""

    created: Floats  # day number of creation
    closed: Floats  # day number of the win or loss; NaN while open
    won: NDArray[np.bool_]
    value: Floats  # NaN when unknown
    change_deal: NDArray[np.int64]  # index of the deal each stage change belongs to
    change_day: Floats
    change_stage: NDArray[np.int64]  # index into ``stage_names``
    stage_names: tuple[str, ...]
    undated: int = 0  # deals left out: no creation date
    unclosed: int = 0  # deals left out: won or lost without a close date

    def __post_init__(self) -> None:
        size = self.created.size
        if not self.closed.size == self.won.size == self.value.size == size:
            raise ValueError("created, closed, won and value need one entry per deal")
        if not self.change_day.size == self.change_deal.size == self.change_stage.size:
            raise ValueError("change_deal, change_day and change_stage need one entry per change")

    def stage_at(self, day: float) -> NDArray[np.int64]:
        """Each deal's stage at *day* (the last change before it), −1 when none is known.

        >>> history = DealHistory(
        ...     created=np.array([0.0, 0.0]), closed=np.array([np.nan, np.nan]),
        ...     won=np.array([False, False]), value=np.array([np.nan, np.nan]),
        ...     change_deal=np.array([0, 0]), change_day=np.array([1.0, 5.0]),
        ...     change_stage=np.array([0, 1]), stage_names=("Lead", "Demo"),
        ... )
        >>> history.stage_at(3.0).tolist(), history.stage_at(6.0).tolist()
        ([0, -1], [1, -1])
        """
        deals = self.created.size
        if self.change_day.size == 0:
            return np.full(deals, -1, dtype=np.int64)
        # changes are sorted by (deal, day): one search per deal finds its last change before day
        span = float(np.nanmax(np.abs(self.change_day))) * 2 + 2 * abs(day) + 10.0
        keys = self.change_deal * span + self.change_day
        wanted = np.arange(deals) * span + day
        last = np.searchsorted(keys, wanted, side="left") - 1
        valid = last >= 0
        valid[valid] = self.change_deal[last[valid]] == np.flatnonzero(valid)
        stages = np.full(deals, -1, dtype=np.int64)
        stages[valid] = self.change_stage[last[valid]]
        return stages


def _days(column: object) -> Floats:
    """Timestamps (a pandas column) as day numbers; missing ones become NaN."""
    import pandas as pd

    stamps = pd.to_datetime(column)  # type: ignore[call-overload]
    nanos = stamps.to_numpy(dtype="datetime64[ns]").astype(np.int64).astype(np.float64)
    nanos[stamps.isna().to_numpy()] = np.nan
    return np.asarray(nanos / 86_400e9, dtype=np.float64)


def read_deal_history(workspace: Workspace) -> DealHistory:
    """Every deal's creation, close, outcome and value, and every stage change, from *workspace*."""
    import ibis
    import pandas as pd

    con = ibis.duckdb.connect(str(workspace.store), read_only=True)
    con.raw_sql("SET TimeZone = 'UTC'")
    try:
        deals = con.table("deals")
        rows = deals.select("source", "id", "status", "created_at", "closed_at", "value").execute()
        changes = con.table("stage_changes")
        moves = changes.select("source", "deal_id", "changed_at", "to_stage").execute()
    finally:
        con.disconnect()
    created = _days(rows["created_at"])
    closed = _days(rows["closed_at"])
    status = rows["status"].astype(str).to_numpy()
    is_open = status == "open"
    closed[is_open] = np.nan
    undated = np.isnan(created)
    unclosed = ~is_open & np.isnan(closed)
    keep = ~undated & ~unclosed

    def keys(source: pd.Series, ident: pd.Series) -> pd.Index:
        return pd.Index(source.astype(str) + "\x1f" + ident.astype(str))

    kept = keys(rows["source"][keep], rows["id"][keep])
    deal_of = np.asarray(
        kept.get_indexer(keys(moves["source"], moves["deal_id"])), dtype=np.int64
    )  # −1: a change of a deal left out (or unknown)
    day = _days(moves["changed_at"])
    codes, uniques = pd.factorize(moves["to_stage"].astype(str), sort=True)
    names = [str(name) for name in uniques]
    stage = np.asarray(codes, dtype=np.int64)
    known = (deal_of >= 0) & ~np.isnan(day)
    order = np.lexsort((day[known], deal_of[known]))
    values = rows["value"].to_numpy(dtype=np.float64, na_value=np.nan)
    return DealHistory(
        created=created[keep],
        closed=closed[keep],
        won=(status == "won")[keep],
        value=values[keep],
        change_deal=deal_of[known][order],
        change_day=day[known][order],
        change_stage=stage[known][order],
        stage_names=tuple(names),
        undated=int(undated.sum()),
        unclosed=int((unclosed & ~undated).sum()),
    )
