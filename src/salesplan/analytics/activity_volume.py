"""How much a team's activity volume varies, built up from each rep's week-to-week record.

The forecast multiplies the plan's new pipeline by a volume factor; its spread
should say how far the rest of the period's activity may land from the plan's pace.
The activity log answers that per rep:

- **within a rep**: each rep's done activities per week vary around their own mean
  (a rep has good and bad weeks); independent reps' ups and downs partly cancel, so
  a team of *N* varies by ``√(N·σ²) ÷ (N·μ)`` — less, the more reps;
- **together**: what the team's weekly total varies beyond the sum of its reps'
  variances is common to everyone (a holiday week, a campaign, a slow month), and
  does not cancel.

The team planned for the period (its people, not the history's) sets *N*, so a
team twice the size varies less per week, while common swings stay. Averaged over
the weeks left, the factor's coefficient of variation is
``√(σ²_rep ÷ (N·μ²) + cv²_common) ÷ √weeks``.

>>> v = RepVariability(reps=10, weeks=26, mean=50.0, within=100.0, common_cv=0.1)
>>> round(v.volume_cv(people=10, weeks_left=1), 4), round(v.volume_cv(people=40, weeks_left=4), 4)
(0.1183, 0.0524)
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = ["MIN_WEEKS", "WEEKS", "RepVariability", "rep_variability"]

WEEKS = 26
"""Weeks of activity before the forecast day that the variability is read from."""
MIN_WEEKS = 4
"""A rep needs this many weeks in the log to count; the team, this many weeks in all."""


@dataclass(frozen=True, slots=True)
class RepVariability:
    """Reps' weekly activity: its mean per rep, the within-rep variance, the common part."""

    reps: int
    weeks: int
    mean: float  # done activities per rep per week, averaged over the reps
    within: float  # week-to-week variance of one rep's count, averaged over the reps
    common_cv: float  # the team total's variability shared by everyone, as a CV

    def volume_cv(self, people: float, weeks_left: float) -> float:
        """The CV of the team's average weekly volume over *weeks_left* weeks, for a
        team of *people*."""
        if self.mean <= 0:
            return 0.0
        per_week = math.sqrt(self.within / (max(people, 1.0) * self.mean**2) + self.common_cv**2)
        return per_week / math.sqrt(max(weeks_left, 1.0))


def rep_variability(activities: ir.Table, before: dt.date) -> RepVariability | None:
    """Read from the done activities of the :data:`WEEKS` weeks before *before* (per owner
    and ISO week); None when fewer than two reps with :data:`MIN_WEEKS` weeks each are
    in the log."""
    end = dt.datetime.combine(before, dt.time())
    start = end - dt.timedelta(weeks=WEEKS)
    done = activities.filter(activities.done.fill_null(False) | activities.done_at.notnull())
    done = done.mutate(when=done.done_at.fill_null(done.due_at))
    done = done.filter((done.when >= start) & (done.when < end) & done.owner.notnull())
    rows = (
        done.group_by([done.owner, done.when.truncate("W").name("week")])
        .aggregate(n=done.count())
        .execute()
    )
    if rows.empty:
        return None
    weeks = sorted({_day(w) for w in rows["week"]})
    index = {week: position for position, week in enumerate(weeks)}
    counts: dict[str, list[float]] = {}
    for owner, week, n in rows.itertuples(index=False):
        counts.setdefault(str(owner), [0.0] * len(weeks))[index[_day(week)]] = float(n)
    series = {}
    for owner, row in counts.items():
        active = [position for position, n in enumerate(row) if n > 0]
        span = row[active[0] : active[-1] + 1]  # weeks between their first and last: 0 counts
        if len(span) >= MIN_WEEKS:
            series[owner] = span
    if len(series) < 2 or len(weeks) < MIN_WEEKS:
        return None
    means = {owner: sum(row) / len(row) for owner, row in series.items()}
    variances = {
        owner: sum((n - means[owner]) ** 2 for n in row) / (len(row) - 1)
        for owner, row in series.items()
    }
    mean = sum(means.values()) / len(means)
    within = sum(variances.values()) / len(variances)
    totals = [sum(row[i] for row in counts.values()) for i in range(len(weeks))]
    total_mean = sum(totals) / len(totals)
    total_var = sum((t - total_mean) ** 2 for t in totals) / (len(totals) - 1)
    shared = max(total_var - sum(variances.values()), 0.0)
    common_cv = math.sqrt(shared) / total_mean if total_mean > 0 else 0.0
    return RepVariability(len(series), len(weeks), mean, within, common_cv)


def _day(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
