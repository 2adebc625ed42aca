"""When deals are won: the forecast's timing model, estimated from earlier windows.

The question for a forecast made at moment *t* for a window of *W* days is not
"will this deal ever be won?" but "will it be won before the window ends?". The
history answers it directly. Take reference windows of the same length that
ended before *t* — starting at ``t − W``, ``t − W − 7``, … back to when the CRM's
record of outcomes begins, at most 52 of them — and, in each, look at:

- the deals **open at its start**, grouped by their stage then (the last stage
  change before it; "no stage history" when the CRM has none) and their age
  (0–14, 14–30, 30–60, 60–120, 120–240, 240+ days): how many were won before the
  window ended;
- the deals **created during it**, grouped by the days they had left (six equal
  slices of the window): how many were won before it ended.

Pooled over the windows, each cohort's counts give a Beta posterior for its
chance (windows overlap, so a deal seen in k windows of one cohort counts 1/k
of a deal there), and a weak prior of two deals at
the pooled rate of its kind keeps an unseen cohort sensible). The spread of a
window's wins around what the pooled chances expect — beyond the spread that
chance alone gives — is the *between-window variability*: the forecast draws one
factor with that coefficient of variation per trial and applies it to every
cohort, so a good or bad quarter moves them all, and the P10–P90 interval widens
as much as the history's own windows varied.

Everything is measured with what was known at each moment: a deal closed after
a window's start was open then, a stage entered later was not yet entered.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from salesplan.analytics.deal_history import DealHistory
from salesplan.engine.forecast import DealTiming, TimingCohort

__all__ = [
    "AGE_EDGES",
    "MAX_WINDOWS",
    "STEP_DAYS",
    "CohortEvidence",
    "TimingEvidence",
    "history_start",
    "timing_evidence",
]

AGE_EDGES = (14.0, 30.0, 60.0, 120.0, 240.0)
"""Upper edges of the age buckets of open deals, in days (the last bucket is open-ended)."""
LEFT_SLICES = 6
"""Slices of the window by the days a newly created deal has left."""
STEP_DAYS = 7.0
"""Days between the starts of two reference windows."""
MAX_WINDOWS = 52
PRIOR_DEALS = 2.0
"""The weight, in deals, of the prior at the pooled rate of a cohort's kind."""
MIN_WINDOWS_FOR_SPREAD = 3
DEFAULT_WINDOW_CV = 0.25
"""Between-window variability assumed when fewer than three reference windows exist."""
FLOOR_WINDOW_CV = 0.0

Kind = Literal["open", "new"]


@dataclass(frozen=True)
class CohortEvidence:
    """One cohort: how many deals are in it now and what the reference windows saw."""

    kind: Kind
    stage: str | None  # open deals: their stage at the moment; None when unknown
    label: str
    deals: int
    won: int  # won before their window ended, summed over the reference windows
    seen: int  # deals seen, summed over the reference windows
    wins: float  # the Beta posterior's parameters
    misses: float

    @property
    def chance(self) -> float:
        """The posterior mean chance of being won before the window ends."""
        return self.wins / (self.wins + self.misses)


@dataclass(frozen=True)
class TimingEvidence:
    """What the reference windows say about the deals known at one moment."""

    window_days: float
    windows: int
    cohorts: list[CohortEvidence]
    new_wins: float
    new_misses: float
    window_cv: float
    notes: list[str] = field(default_factory=list)

    def to_timing(self, days_left: int, stage_index: Callable[[str | None], int]) -> DealTiming:
        """The engine's :class:`DealTiming`, with each cohort's stage as a pipeline position."""
        return DealTiming(
            cohorts=tuple(
                TimingCohort(c.deals, c.wins, c.misses, stage_index(c.stage))
                for c in self.cohorts
                if c.deals > 0
            ),
            new_wins=self.new_wins,
            new_misses=self.new_misses,
            window_cv=self.window_cv,
            days_left=days_left,
        )


def history_start(history: DealHistory, before: float) -> float | None:
    """When the CRM's record of outcomes begins: the later of the first creation and the
    first close, among those before *before* (None when nothing closed before it)."""
    created = history.created[history.created < before]
    closed = history.closed[history.closed < before]
    if created.size == 0 or closed.size == 0:
        return None
    return float(max(created.min(), closed.min()))


def _age_bucket(age: NDArray[np.float64]) -> NDArray[np.int64]:
    return np.searchsorted(np.asarray(AGE_EDGES), age, side="right").astype(np.int64)


def _left_slice(left: NDArray[np.float64], window: float) -> NDArray[np.int64]:
    """The slice of the window a deal with *left* days remaining falls in (0: fewest)."""
    share = np.ceil(left / window * LEFT_SLICES).astype(np.int64) - 1
    return np.clip(share, 0, LEFT_SLICES - 1)


@dataclass
class _Counts:
    """Per reference window: deals seen and won, per open cohort key and per new slice;
    and which deals were ever seen in each cohort (a key × deal mark, for the overlap)."""

    open_seen: list[NDArray[np.int64]] = field(default_factory=list)
    open_won: list[NDArray[np.int64]] = field(default_factory=list)
    new_seen: list[NDArray[np.int64]] = field(default_factory=list)
    new_won: list[NDArray[np.int64]] = field(default_factory=list)
    open_mark: NDArray[np.bool_] | None = None  # cohort key × deal: seen in some window
    new_mark: NDArray[np.bool_] | None = None  # slice × deal

    def mark(
        self, kind: Kind, keys: int, deals: int, key: NDArray[np.int64], deal: NDArray[np.int64]
    ) -> None:
        """Note that each *deal* was seen in cohort *key*."""
        found = self.open_mark if kind == "open" else self.new_mark
        if found is None:
            found = np.zeros((keys, deals), dtype=np.bool_)
            if kind == "open":
                self.open_mark = found
            else:
                self.new_mark = found
        found[key, deal] = True

    def distinct(self, kind: Kind, keys: int) -> NDArray[np.int64]:
        """Distinct deals seen per cohort key over all windows (a deal in many counts once);
        with *keys* 1, the distinct (deal, key) pairs of every key together."""
        found = self.open_mark if kind == "open" else self.new_mark
        if found is None:
            return np.zeros(keys, dtype=np.int64)
        per_key = np.asarray(found.sum(axis=1), dtype=np.int64)
        if keys == 1:
            return np.asarray([per_key.sum()], dtype=np.int64)
        return per_key


def _open_keys(history: DealHistory, moment: float) -> tuple[NDArray[np.bool_], NDArray[np.int64]]:
    """Which deals are open at *moment*, and each deal's cohort key (stage × age)."""
    open_now = (history.created < moment) & ~(history.closed < moment)
    stage = history.stage_at(moment)
    stage = np.where(stage < 0, len(history.stage_names), stage)  # the last code: unknown
    keys = stage * (len(AGE_EDGES) + 1) + _age_bucket(moment - history.created)
    return open_now, keys


def _count_window(history: DealHistory, start: float, window: float, counts: _Counts) -> None:
    keys_total = (len(history.stage_names) + 1) * (len(AGE_EDGES) + 1)
    end = start + window
    won_in = history.won & (history.closed >= start) & (history.closed < end)
    open_now, keys = _open_keys(history, start)
    counts.open_seen.append(np.bincount(keys[open_now], minlength=keys_total))
    deals = history.created.size
    counts.mark("open", keys_total, deals, keys[open_now], np.flatnonzero(open_now))
    counts.open_won.append(np.bincount(keys[open_now & won_in], minlength=keys_total))
    created = (history.created >= start) & (history.created < end)
    slices = _left_slice(end - history.created[created], window)
    counts.new_seen.append(np.bincount(slices, minlength=LEFT_SLICES))
    counts.mark("new", LEFT_SLICES, deals, slices, np.flatnonzero(created))
    counts.new_won.append(np.bincount(slices[won_in[created]], minlength=LEFT_SLICES))


def _beta(won: float, seen: float, pooled: float) -> tuple[float, float]:
    prior = min(max(pooled, 1e-3), 1 - 1e-3)
    return float(won + PRIOR_DEALS * prior), float(seen - won + PRIOR_DEALS * (1 - prior))


def _total(rows: list[NDArray[np.int64]]) -> NDArray[np.int64]:
    return np.asarray(np.sum(np.stack(rows), axis=0), dtype=np.int64)


def _overlap(seen: NDArray[np.int64], distinct: NDArray[np.int64]) -> NDArray[np.float64]:
    """How many windows, on average, saw each deal of a cohort (at least 1)."""
    return np.maximum(np.divide(seen, np.maximum(distinct, 1)), 1.0)


def _pooled(won: NDArray[np.int64], seen: NDArray[np.int64]) -> float:
    return float(won.sum() / seen.sum()) if seen.sum() else 0.5


def _window_cv(
    counts: _Counts, open_rate: NDArray[np.float64], new_rate: NDArray[np.float64], window: float
) -> float | None:
    """Between-window variability of the chances, beyond what chance alone explains.

    Each reference window's wins are divided by what the pooled chances expect.
    Windows a week apart overlap, so their ratios move together and their spread
    understates how much two *separate* windows differ: with a correlation of
    ``1 − distance ÷ window`` between two windows (shared days), the spread is
    divided by one minus the average correlation. None when the windows span less
    than two window lengths (too few independent windows to measure).
    """
    ratios, noise, starts = [], [], []
    for index, (open_seen, open_won, new_seen, new_won) in enumerate(
        zip(counts.open_seen, counts.open_won, counts.new_seen, counts.new_won, strict=True)
    ):
        expected = float(open_seen @ open_rate + new_seen @ new_rate)
        if expected >= 1.0:
            ratios.append(float(open_won.sum() + new_won.sum()) / expected)
            noise.append(1.0 / expected)
            starts.append(index * STEP_DAYS)
    if len(ratios) < MIN_WINDOWS_FOR_SPREAD or starts[-1] - starts[0] < window:
        return None
    apart = np.abs(np.subtract.outer(starts, starts))
    shared = np.clip(1.0 - apart / window, 0.0, 1.0)
    correlation = (shared.sum() - len(starts)) / (len(starts) * (len(starts) - 1))
    spread = float(np.var(ratios, ddof=1)) / (1.0 - correlation)
    excess = spread - float(np.mean(noise))
    return min(max(math.sqrt(max(excess, 0.0)), FLOOR_WINDOW_CV), 1.0)


def _age_label(bucket: int) -> str:
    edges = (0.0, *AGE_EDGES)
    if bucket >= len(AGE_EDGES):
        return f"{edges[-1]:.0f}+ days old"
    return f"{edges[bucket]:.0f}–{edges[bucket + 1]:.0f} days old"


def timing_evidence(
    history: DealHistory, moment: float, window: float, *, given_new: bool = False
) -> TimingEvidence | None:
    """The timing model at *moment* (a day number) for a window of *window* days.

    The cohorts are the deals open at *moment*; with *given_new* (a backtest, where
    the activity that happened is given) also the deals created in
    ``[moment, moment + window)``, by the days they had left. None when no
    reference window fits between the start of the history and *moment*.
    """
    start = history_start(history, moment)
    if start is None or window <= 0:
        return None
    starts = [
        moment - window - step * STEP_DAYS
        for step in range(MAX_WINDOWS)
        if moment - window - step * STEP_DAYS >= start
    ]
    if not starts:
        return None
    counts = _Counts()
    for begin in starts:
        _count_window(history, begin, window, counts)
    open_seen, open_won = _total(counts.open_seen), _total(counts.open_won)
    new_seen, new_won = _total(counts.new_seen), _total(counts.new_won)
    # windows overlap: a deal seen in k of them counts 1/k of a deal in its cohort's evidence
    open_overlap = _overlap(open_seen, counts.distinct("open", open_seen.size))
    new_overlap = _overlap(new_seen, counts.distinct("new", LEFT_SLICES))
    open_pool, new_pool = _pooled(open_won, open_seen), _pooled(new_won, new_seen)
    open_beta = [
        _beta(w / k, s / k, open_pool)
        for w, s, k in zip(open_won, open_seen, open_overlap, strict=True)
    ]
    new_beta = [
        _beta(w / k, s / k, new_pool)
        for w, s, k in zip(new_won, new_seen, new_overlap, strict=True)
    ]
    overall = float(new_seen.sum() / max(counts.distinct("new", 1).sum(), 1))
    new_wins, new_misses = _beta(
        new_won.sum() / max(overall, 1.0), new_seen.sum() / max(overall, 1.0), new_pool
    )
    notes: list[str] = []
    spread = _window_cv(
        counts,
        np.asarray([a / (a + b) for a, b in open_beta]),
        np.asarray([a / (a + b) for a, b in new_beta]),
        window,
    )
    if spread is None:
        spread = DEFAULT_WINDOW_CV
        notes.append(
            f"{len(starts)} reference windows of {window:.0f} days span less than two windows:"
            f" too few to measure how much windows vary — {DEFAULT_WINDOW_CV:.0%} assumed"
        )
    cohorts = _open_cohorts(history, moment, open_won, open_seen, open_beta)
    if given_new:
        created = (history.created >= moment) & (history.created < moment + window)
        now_new = np.bincount(
            _left_slice(moment + window - history.created[created], window), minlength=LEFT_SLICES
        )
        for index in range(LEFT_SLICES):
            low, high = window * index / LEFT_SLICES, window * (index + 1) / LEFT_SLICES
            cohorts.append(
                CohortEvidence(
                    "new",
                    None,
                    f"created with {low:.0f}–{high:.0f} days left",
                    int(now_new[index]),
                    int(new_won[index]),
                    int(new_seen[index]),
                    *new_beta[index],
                )
            )
    return TimingEvidence(
        window_days=window,
        windows=len(starts),
        cohorts=cohorts,
        new_wins=new_wins,
        new_misses=new_misses,
        window_cv=spread,
        notes=notes,
    )


def _open_cohorts(
    history: DealHistory,
    moment: float,
    won: NDArray[np.int64],
    seen: NDArray[np.int64],
    beta: list[tuple[float, float]],
) -> list[CohortEvidence]:
    open_now, keys = _open_keys(history, moment)
    now = np.bincount(keys[open_now], minlength=won.size)
    ages = len(AGE_EDGES) + 1
    cohorts = []
    for key in np.flatnonzero(now):
        code, bucket = divmod(int(key), ages)
        stage = history.stage_names[code] if code < len(history.stage_names) else None
        cohorts.append(
            CohortEvidence(
                "open",
                stage,
                f"{stage or 'no stage history'}, {_age_label(bucket)}",
                int(now[key]),
                int(won[key]),
                int(seen[key]),
                *beta[key],
            )
        )
    return cohorts
