"""Calibration metrics over the canonical CRM tables, as Ibis expressions.

Each function takes Ibis tables (``deals``, ``stage_changes``) and returns plain
Python results with their sample sizes; proportions come with a 95% Wilson
interval and a warning when they rest on fewer than 30 records. Durations are
computed from epoch seconds, windows always have a tie-breaker, and medians and
percentiles are exact, so DuckDB and PostgreSQL give the same answers.

>>> [round(bound, 4) for bound in wilson(18, 20)]
[0.699, 0.9721]
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, SupportsInt, cast

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = [
    "FEW",
    "Duration",
    "MonthRate",
    "Proportion",
    "RepHistory",
    "Segment",
    "StageConversion",
    "activities_per_advance",
    "activities_per_won_deal",
    "daily_throughput",
    "deal_counts",
    "lead_conversion_by_source",
    "lead_response_hours",
    "rep_history",
    "sales_cycle",
    "seasonality",
    "segments",
    "stage_conversions",
    "stage_order",
    "time_in_stage",
    "timesheet_capacity",
    "wilson",
    "win_rate",
    "win_rate_by_month",
    "win_rate_from_stage",
    "won_value",
]

FEW = 30
"""Below this many records a figure is shown with a warning."""
ORDER_SAMPLE = 50_000
"""Deals whose histories settle the stage order (a hash-chosen sample beyond that)."""
ADVANCE_SAMPLE = 100_000
"""Deals whose activities settle the activities per stage advance (sampled beyond that)."""
_DAY = 86_400.0


def _whole(value: object) -> int:
    """A count from a query: an empty sum (None or NaN) is 0."""
    if value is None or value != value:  # NaN is not equal to itself
        return 0
    return int(cast(SupportsInt, value))


def wilson(successes: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95% by default)."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    denominator = 1 + z * z / n
    return ((centre - spread) / denominator, (centre + spread) / denominator)


@dataclass(frozen=True, slots=True)
class Proportion:
    """A share with its counts, interval and, when the sample is small, a warning."""

    successes: int
    n: int

    @property
    def value(self) -> float | None:
        return self.successes / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.successes, self.n)

    @property
    def warning(self) -> str | None:
        if self.n < FEW:
            return f"rests on {self.n} records (fewer than {FEW}): treat it as a rough guide"
        return None


@dataclass(frozen=True, slots=True)
class Duration:
    """Days something took: percentiles of the finished ones, and how many are still running."""

    n: int
    censored: int
    median: float | None
    p75: float | None
    p90: float | None


@dataclass(frozen=True, slots=True)
class StageConversion:
    """How many deals that reached ``source`` went on to ``target``."""

    source: str
    target: str
    rate: Proportion


def deal_counts(deals: ir.Table) -> dict[str, int]:
    """Deals by status: ``{"open": …, "won": …, "lost": …}``."""
    rows = deals.group_by("status").aggregate(n=deals.count()).execute()
    counts = {"open": 0, "won": 0, "lost": 0}
    counts.update(
        {str(status): int(n) for status, n in zip(rows["status"], rows["n"], strict=True)}
    )
    return counts


def win_rate(deals: ir.Table) -> Proportion:
    """Won ÷ (won + lost): closed deals only; open ones have not been decided."""
    closed = deals.filter(deals.status.isin(["won", "lost"]))
    row = closed.aggregate(won=(closed.status == "won").sum(), n=closed.count()).execute()
    return Proportion(_whole(row["won"].iloc[0]), _whole(row["n"].iloc[0]))


def won_value(deals: ir.Table) -> dict[str, float | int | None]:
    """Average and median value of won deals (with a value), their count and quartiles."""
    won = deals.filter((deals.status == "won") & deals.value.notnull())
    row = won.aggregate(
        n=won.count(),
        mean=won.value.mean(),
        median=won.value.quantile(0.5),
        p25=won.value.quantile(0.25),
        p75=won.value.quantile(0.75),
    ).execute()
    result: dict[str, float | int | None] = {"n": int(row["n"].iloc[0])}
    for key in ("mean", "median", "p25", "p75"):
        value = row[key].iloc[0]
        result[key] = None if value is None or value != value else float(value)
    return result


def _sample_deals(stage_changes: ir.Table, deals: int) -> ir.Table:
    """About *deals* deals' stage changes, chosen by a hash of the deal id (all when fewer).

    The size is judged from the row count, which is cheap, at five changes per deal.
    """
    rows = int(stage_changes.count().execute())
    if rows <= deals * 5:
        return stage_changes
    return stage_changes.filter(stage_changes.deal_id.hash() % (rows // (deals * 5) + 1) == 0)


def stage_order(stage_changes: ir.Table) -> list[str]:
    """Stages in the order deals move through them, from the history itself.

    For every two stages, count the deals that entered one before the other; a
    stage comes earlier the more stages it precedes more often than they precede
    it (ties broken by name). Deals that skip stages do not disturb the order.
    Beyond 50,000 deals a hash-chosen sample of about that many settles it.
    """
    sample = _sample_deals(stage_changes, ORDER_SAMPLE)  # the order is clear long before every deal
    firsts = sample.group_by(["deal_id", "to_stage"]).aggregate(entered=sample.changed_at.min())
    other = firsts.view()
    pairs = (
        firsts.join(other, [firsts.deal_id == other.deal_id, firsts.entered < other.entered])
        .group_by([firsts.to_stage.name("earlier"), other.to_stage.name("later")])
        .aggregate(n=firsts.deal_id.count())
        .execute()
    )
    before: dict[tuple[str, str], int] = {
        (str(a), str(b)): int(n)
        for a, b, n in zip(pairs["earlier"], pairs["later"], pairs["n"], strict=True)
    }
    stages = sorted({stage for pair in before for stage in pair} | _all_stages(stage_changes))
    score = {
        stage: sum(
            1
            for other_stage in stages
            if before.get((stage, other_stage), 0) > before.get((other_stage, stage), 0)
        )
        for stage in stages
    }
    return sorted(stages, key=lambda stage: (-score[stage], stage))


def _all_stages(stage_changes: ir.Table) -> set[str]:
    return {
        str(stage) for stage in stage_changes.select("to_stage").distinct().execute()["to_stage"]
    }


def stage_conversions(
    stage_changes: ir.Table,
    order: list[str],
    definition: Literal["reached", "next"] = "reached",
) -> list[StageConversion]:
    """Conversion between consecutive stages of *order*.

    ``reached``: of the deals that reached a stage (entered it or any later one),
    the share that reached the next one or any later. ``next``: of the deals that
    entered a stage, the share whose very next move was into the next stage.
    """
    import ibis

    position = {stage: index for index, stage in enumerate(order)}
    mapping = ibis.cases(
        *((stage_changes.to_stage == s, i) for s, i in position.items()), else_=None
    )
    moves = stage_changes.mutate(step=mapping).filter(lambda t: t.step.notnull())
    results = []
    if definition == "reached":
        furthest = moves.group_by("deal_id").aggregate(furthest=moves.step.max()).execute()
        reached = [int((furthest["furthest"] >= i).sum()) for i in range(len(order))]
        for i in range(len(order) - 1):
            results.append(
                StageConversion(order[i], order[i + 1], Proportion(reached[i + 1], reached[i]))
            )
        return results
    window = ibis.window(group_by=moves.deal_id, order_by=[moves.changed_at, moves.step])
    following = moves.mutate(next_step=moves.step.lead().over(window))
    counts = (
        following.group_by("step")
        .aggregate(
            entered=following.count(),
            onward=(following.next_step == following.step + 1).sum(),
        )
        .execute()
    )
    by_step = {
        int(s): (_whole(e), _whole(o))
        for s, e, o in zip(counts["step"], counts["entered"], counts["onward"], strict=True)
    }
    for i in range(len(order) - 1):
        entered, onward = by_step.get(i, (0, 0))
        results.append(StageConversion(order[i], order[i + 1], Proportion(onward, entered)))
    return results


def _duration_aggregates(
    days: ir.FloatingColumn, finished: ir.BooleanColumn
) -> dict[str, ir.Value]:
    """Count, censored count and percentiles of *days* in one pass (finished rows only)."""
    return {
        "n": finished.sum(),
        "censored": (~finished).sum(),
        "median": days.quantile(0.5, where=finished),
        "p75": days.quantile(0.75, where=finished),
        "p90": days.quantile(0.9, where=finished),
    }


def _duration(row: dict[str, object]) -> Duration:
    def value(key: str) -> float | None:
        found = row[key]
        return None if found is None or found != found else float(found)  # type: ignore[arg-type]

    return Duration(
        _whole(row["n"]), _whole(row["censored"]), value("median"), value("p75"), value("p90")
    )


def _percentiles(
    durations: ir.FloatingColumn, finished: ir.BooleanColumn, table: ir.Table
) -> Duration:
    frame = table.aggregate(**_duration_aggregates(durations, finished)).execute()
    return _duration({key: frame[key].iloc[0] for key in frame.columns})


def time_in_stage(stage_changes: ir.Table, deals: ir.Table | None = None) -> dict[str, Duration]:
    """Days deals stayed in each stage.

    A stay ends when the deal moves on or, given *deals*, when it is won or lost;
    finished stays make the percentiles. Stays of deals still open in that stage
    are counted as censored, not dropped and not mistaken for short stays.
    """
    import ibis

    window = ibis.window(
        group_by=stage_changes.deal_id, order_by=[stage_changes.changed_at, stage_changes.to_stage]
    )
    stays = stage_changes.mutate(left_at=stage_changes.changed_at.lead().over(window))
    if deals is not None:
        closes = deals.select(deal_id=deals.id, closed_at=deals.closed_at, deal_source=deals.source)
        stays = stays.left_join(
            closes, [stays.deal_id == closes.deal_id, stays.source == closes.deal_source]
        ).select(stays, closed_at=closes.closed_at)
        stays = stays.mutate(left_at=stays.left_at.fill_null(stays.closed_at))
    stays = stays.mutate(
        days=(stays.left_at.epoch_seconds() - stays.changed_at.epoch_seconds()) / _DAY
    )
    finished = stays.left_at.notnull()
    frame = (
        stays.group_by("to_stage").aggregate(**_duration_aggregates(stays.days, finished)).execute()
    )
    rows = frame.to_dict("records")
    return {
        str(row["to_stage"]): _duration(row)
        for row in sorted(rows, key=lambda r: str(r["to_stage"]))
    }


def sales_cycle(deals: ir.Table) -> Duration:
    """Days from creation to a win; open deals are censored, lost ones left out."""
    relevant = deals.filter(deals.status.isin(["won", "open"]) & deals.created_at.notnull())
    relevant = relevant.mutate(
        days=(relevant.closed_at.epoch_seconds() - relevant.created_at.epoch_seconds()) / _DAY
    )
    finished = (relevant.status == "won") & relevant.closed_at.notnull()
    return _percentiles(relevant.days, finished, relevant)


def activities_per_won_deal(activities: ir.Table, deals: ir.Table) -> tuple[int, dict[str, float]]:
    """How many activities of each type a won deal had, on average: the activity cost of a win.

    Returns the number of won deals and ``{type: activities per won deal}``.
    """
    won = deals.filter(deals.status == "won").select(deal_id=deals.id, deal_source=deals.source)
    count = won.count().execute()
    if not count:
        return 0, {}
    linked = activities.join(
        won, [activities.deal_id == won.deal_id, activities.source == won.deal_source]
    )
    rows = linked.group_by(linked.type).aggregate(n=linked.count()).execute()
    per_deal = {
        str(t): _whole(n) / int(count) for t, n in zip(rows["type"], rows["n"], strict=True)
    }
    return int(count), dict(sorted(per_deal.items()))


def daily_throughput(activities: ir.Table) -> dict[str, float]:
    """Activities of each type one person does on a day they work, from the activities
    done (``done_at``, or ``due_at`` for activities marked done): the median over the
    person-days of that type. A realistic capacity per working day."""
    done = activities.filter(activities.done.fill_null(False) | activities.done_at.notnull())
    done = done.mutate(day=done.done_at.fill_null(done.due_at).date()).filter(
        lambda t: t.day.notnull()
    )
    per_day = done.group_by([done.owner, done.day, done.type]).aggregate(n=done.count())
    rows = per_day.group_by(per_day.type).aggregate(median=per_day.n.quantile(0.5)).execute()
    return {str(t): float(v) for t, v in sorted(zip(rows["type"], rows["median"], strict=True))}


def lead_response_hours(leads: ir.Table, activities: ir.Table) -> Duration:
    """Hours from a lead's arrival to the first activity on the deal it became; leads
    without a deal or without an activity yet are censored."""
    first = activities.group_by([activities.source, activities.deal_id]).aggregate(
        first_at=activities.created_at.fill_null(activities.due_at).min()
    )
    joined = leads.left_join(
        first, [leads.converted_deal_id == first.deal_id, leads.source == first.source]
    ).select(leads.created_at, first.first_at)
    joined = joined.mutate(
        days=(joined.first_at.epoch_seconds() - joined.created_at.epoch_seconds()) / 3600.0
    )
    return _percentiles(
        joined.days, joined.first_at.notnull() & joined.created_at.notnull(), joined
    )


@dataclass(frozen=True, slots=True)
class MonthRate:
    """One cohort month: won and lost deals, and the win rate with its interval."""

    month: str
    rate: Proportion


def win_rate_by_month(
    deals: ir.Table, cohort: Literal["created", "closed"] = "closed"
) -> list[MonthRate]:
    """Win rate month by month. ``closed``: deals decided in the month (what the month
    delivered); ``created``: deals created in the month, however late they closed (how
    good that month's pipeline was — recent months are not finished yet)."""
    closed = deals.filter(deals.status.isin(["won", "lost"]))
    when = closed.closed_at if cohort == "closed" else closed.created_at
    closed = closed.mutate(month=when.strftime("%Y-%m")).filter(lambda t: t.month.notnull())
    frame = (
        closed.group_by("month")
        .aggregate(won=(closed.status == "won").sum(), n=closed.count())
        .execute()
    )
    rows = sorted(zip(frame["month"], frame["won"], frame["n"], strict=True))
    return [MonthRate(str(month), Proportion(_whole(won), _whole(n))) for month, won, n in rows]


def seasonality(deals: ir.Table) -> dict[int, float]:
    """Won deals per calendar month (1–12) relative to the average month (1.0 = average),
    from the months the history covers. A plan can spread its goal by it."""
    won = deals.filter((deals.status == "won") & deals.closed_at.notnull())
    won = won.mutate(
        year_month=won.closed_at.strftime("%Y-%m"), calendar_month=won.closed_at.month()
    )
    per_month = won.group_by(["year_month", "calendar_month"]).aggregate(n=won.count())
    frame = per_month.group_by("calendar_month").aggregate(mean=per_month.n.mean()).execute()
    means = {int(m): float(v) for m, v in zip(frame["calendar_month"], frame["mean"], strict=True)}
    if not means:
        return {}
    overall = sum(means.values()) / len(means)
    return {month: means[month] / overall for month in sorted(means)}


@dataclass(frozen=True, slots=True)
class Segment:
    """One segment's record: win rate, won value and the value a new deal there is worth."""

    name: str
    deals: int
    win_rate: Proportion
    average_won_value: float | None

    @property
    def expected_value(self) -> float | None:
        """Win rate × average won value: what one more deal in the segment is worth."""
        if self.win_rate.value is None or self.average_won_value is None:
            return None
        return self.win_rate.value * self.average_won_value


def segments(deals: ir.Table, by: str) -> list[Segment]:
    """Deals grouped by *by* (``industry``, ``source_channel``, ``employee_count`` bands…),
    ranked by expected value per deal: a suggestion of where the ideal customer is."""
    column = deals[by]
    if by == "employee_count":
        import ibis

        column = ibis.cases(
            (column < 50, "1–49"),
            (column < 250, "50–249"),
            (column < 1000, "250–999"),
            else_="1000+",
        )
    grouped = deals.mutate(segment=column.cast("string")).filter(lambda t: t.segment.notnull())
    frame = (
        grouped.group_by("segment")
        .aggregate(
            deals=grouped.count(),
            won=(grouped.status == "won").sum(),
            decided=grouped.status.isin(["won", "lost"]).sum(),
            value=grouped.value.mean(where=grouped.status == "won"),
        )
        .execute()
    )
    result = []
    for row in frame.to_dict("records"):
        value = row["value"]
        result.append(
            Segment(
                str(row["segment"]),
                _whole(row["deals"]),
                Proportion(_whole(row["won"]), _whole(row["decided"])),
                None if value is None or value != value else float(value),
            )
        )
    return sorted(result, key=lambda s: (-(s.expected_value or 0.0), s.name))


def timesheet_capacity(timesheets: ir.Table) -> dict[str, dict[str, float | int | None]]:
    """From timesheets, per activity type: minutes per activity (total minutes ÷ total
    count, over the days that logged both) and the median count per person-day — what
    a role's ``minutes_per_activity`` and ``capacity`` can be set from."""
    both = timesheets.filter(
        timesheets["count"].notnull() & timesheets.minutes.notnull() & (timesheets["count"] > 0)
    )
    minutes = both.group_by("activity_type").aggregate(
        minutes=both.minutes.sum() / both["count"].sum(), n=both.count()
    )
    counted = timesheets.filter(timesheets["count"].notnull())
    daily = counted.group_by("activity_type").aggregate(
        daily=counted["count"].quantile(0.5), days=counted.count()
    )
    frame_minutes = {str(r["activity_type"]): r for r in minutes.execute().to_dict("records")}
    frame_daily = {str(r["activity_type"]): r for r in daily.execute().to_dict("records")}
    result: dict[str, dict[str, float | int | None]] = {}
    for kind in sorted(set(frame_minutes) | set(frame_daily)):
        per = frame_minutes.get(kind, {})
        day = frame_daily.get(kind, {})
        result[kind] = {
            "minutes_per_activity": _float_or_none(per.get("minutes")),
            "median_per_day": _float_or_none(day.get("daily")),
            "person_days": _whole(day.get("days")),
        }
    return result


def _float_or_none(value: object) -> float | None:
    if value is None or value != value:
        return None
    return float(cast(float, value))


@dataclass(frozen=True, slots=True)
class RepHistory:
    """What the activity log says about people: ramp by month since start, and attrition."""

    ramp: list[float]  # share of a ramped rep's monthly output, months 1, 2, 3, …
    reps: int
    leavers: int
    rep_years: float

    @property
    def annual_attrition(self) -> float | None:
        return self.leavers / self.rep_years if self.rep_years else None


def rep_history(activities: ir.Table, months: int = 6, gone_after_days: int = 60) -> RepHistory:
    """Ramp and attrition read from each owner's done activities.

    A rep starts with their first activity and, if their last activity is more than
    *gone_after_days* before the log ends, has left. Ramp: done activities in month
    *k* since start, averaged over reps, relative to their average from month *months*
    + 1 on (fully ramped); only reps whose first month is inside the log count, so a
    log that starts with a team already in place does not look like a ramp.
    """
    done = activities.filter(activities.owner.notnull())
    done = done.mutate(at=done.done_at.fill_null(done.due_at).fill_null(done.created_at)).filter(
        lambda t: t.at.notnull()
    )
    # the log's end: the 99th percentile, so that a few far-future due dates do not move it
    bounds = done.aggregate(
        first=done.at.min(), last=done.at.epoch_seconds().quantile(0.99)
    ).execute()
    log_start, log_end = bounds["first"].iloc[0], bounds["last"].iloc[0]
    if log_start is None or log_start != log_start:
        return RepHistory([], 0, 0, 0.0)
    per_rep = done.group_by("owner").aggregate(start=done.at.min(), end=done.at.max())
    reps = per_rep.execute()
    cutoff = dt.datetime.fromtimestamp(float(log_end), tz=dt.UTC).replace(
        tzinfo=None
    ) - dt.timedelta(days=gone_after_days)
    leavers = int((reps["end"] < cutoff).sum())
    rep_years = float(((reps["end"] - reps["start"]).dt.total_seconds() / (365.25 * 86400)).sum())
    # reps who started at least a month after the log began: their first months are real
    newcomers = per_rep.filter(per_rep.start >= log_start + dt.timedelta(days=30))
    joined = done.join(newcomers, done.owner == newcomers.owner)
    joined = joined.mutate(
        month=((joined.at.epoch_seconds() - joined.start.epoch_seconds()) // (30.44 * 86400)).cast(
            "int64"
        )
        + 1
    )
    counts = joined.group_by([joined.owner, joined.month]).aggregate(n=joined.count()).execute()
    if counts.empty:
        return RepHistory([], len(reps), leavers, rep_years)
    by_month = counts.groupby("month")["n"].mean()
    ramped = by_month[by_month.index > months].mean()
    if not ramped or ramped != ramped:
        return RepHistory([], len(reps), leavers, rep_years)
    ramp = [
        round(min(1.0, float(by_month.get(k, 0.0)) / float(ramped)), 4)
        for k in range(1, months + 1)
    ]
    return RepHistory(ramp, len(reps), leavers, rep_years)


def lead_conversion_by_source(leads: ir.Table, deals: ir.Table) -> dict[str, dict[str, Proportion]]:
    """Per lead source: the share of leads whose deal exists in the store, and the share
    whose deal was won. A lead counts as converted only when its ``converted_deal_id``
    names a deal the workspace has (an export may fill it for every lead)."""
    known = deals.select(
        deal_key=deals.id, deal_source=deals.source, deal_won=deals.status == "won"
    )
    marked = leads.left_join(
        known, [leads.converted_deal_id == known.deal_key, leads.source == known.deal_source]
    ).select(leads.source_channel, known.deal_key, known.deal_won)
    marked = marked.mutate(channel=marked.source_channel.fill_null("(none)"))
    frame = (
        marked.group_by("channel")
        .aggregate(
            leads=marked.count(),
            deals=marked.deal_key.notnull().sum(),
            won=marked.deal_won.fill_null(False).sum(),
        )
        .execute()
    )
    return {
        str(row["channel"]): {
            "to_deal": Proportion(_whole(row["deals"]), _whole(row["leads"])),
            "to_won": Proportion(_whole(row["won"]), _whole(row["leads"])),
        }
        for row in sorted(frame.to_dict("records"), key=lambda r: str(r["channel"]))
    }


def win_rate_from_stage(
    stage_changes: ir.Table, deals: ir.Table, stage: str, order: list[str]
) -> Proportion:
    """Of the decided deals that reached *stage* (or a later stage of *order*), the share won:
    the conversion of a plan's last pipeline stage into a win."""
    later = order[order.index(stage) :] if stage in order else [stage]
    reached = (
        stage_changes.filter(stage_changes.to_stage.isin(later))
        .select(reached_id=stage_changes.deal_id, reached_source=stage_changes.source)
        .distinct()
    )
    decided = deals.filter(deals.status.isin(["won", "lost"]))
    joined = decided.semi_join(
        reached, [decided.id == reached.reached_id, decided.source == reached.reached_source]
    )
    row = joined.aggregate(won=(joined.status == "won").sum(), n=joined.count()).execute()
    return Proportion(_whole(row["won"].iloc[0]), _whole(row["n"].iloc[0]))


def activities_per_advance(
    stage_changes: ir.Table, activities: ir.Table
) -> dict[str, dict[str, float]]:
    """For each stage, the activities of each type done on a deal while it was in the stage,
    per deal that moved on from it: ``{stage: {type: per advance}}``. The activity cost of
    each step of the funnel, which a plan's ``stages[].activities`` asks for. Beyond
    100,000 deals, a hash-chosen sample of about that many is used."""
    import ibis

    stage_changes = _sample_deals(stage_changes, ADVANCE_SAMPLE)  # an average settles early
    window = ibis.window(
        group_by=stage_changes.deal_id, order_by=[stage_changes.changed_at, stage_changes.to_stage]
    )
    stays = stage_changes.mutate(left_at=stage_changes.changed_at.lead().over(window)).filter(
        lambda t: t.left_at.notnull()
    )
    advances = stays.group_by("to_stage").aggregate(advances=stays.count())
    done = activities.mutate(
        at=activities.done_at.fill_null(activities.due_at).fill_null(activities.created_at)
    )
    done = done.filter(done.at.notnull() & done.deal_id.notnull())
    during = stays.join(
        done,
        [
            stays.deal_id == done.deal_id,
            stays.source == done.source,
            done.at >= stays.changed_at,
            done.at < stays.left_at,
        ],
    )
    counts = during.group_by([during.to_stage, during.type]).aggregate(n=during.count())
    frame = counts.join(advances, "to_stage").execute()
    result: dict[str, dict[str, float]] = {}
    for row in frame.to_dict("records"):
        result.setdefault(str(row["to_stage"]), {})[str(row["type"])] = _whole(row["n"]) / _whole(
            row["advances"]
        )
    return {stage: dict(sorted(types.items())) for stage, types in sorted(result.items())}
