"""The probability of hitting the goal: a Monte Carlo simulation of the rest of the period.

Every source of uncertainty is drawn from evidence, once per trial, vectorised
with NumPy:

- **stage conversions** from Beta posteriors of their counts (a uniform prior:
  ``Beta(advanced + 1, exited − advanced + 1)``), so a stage seen 12 times is
  far less certain than one seen 1,200 times;
- **activity volume**: the pipeline the team creates per working day, scaled by
  a Gamma factor with mean 1 and the reps' day-to-day variability as its
  coefficient of variation, then a Poisson count of new deals;
- **team capacity**: ramp and attrition as a factor with its own mean and spread
  (``capacity`` and ``capacity_sd``), clipped at zero; with ``stage_roles`` and
  ``role_capacity``, per role: the first stage's role scales the pipeline it
  creates, and a later stage's role short of people loses the deals it cannot work;
- **deal values** by bootstrap from the won deals' values.

**When deals are won** (``timing``, a :class:`DealTiming`): deals are grouped
into cohorts — open deals by stage and age, deals already created in the period
by the days they have left — and each cohort carries the evidence of earlier
windows of the same length: of the deals like them then, how many were won
before that window ended. Each trial draws every cohort's chance from its Beta
posterior, multiplies all of them by one *window factor* (mean 1, the
window-to-window variability seen in the history: a good quarter lifts every
cohort at once), and draws the wins. New pipeline of the rest of the period is
thinned the same way: a Poisson count of the deals created *and* won before the
end. Without ``timing`` (too little history) the older rule holds: an open deal
that converts closes in the period, and new deals count when created at least
one sales cycle before the end.

The result is the distribution of the period's revenue and won deals:
``P(revenue ≥ goal)``, P10/P50/P90 and a histogram.

``goal_seek`` finds, for one lever at a time, the smallest change that lifts the
probability to a target, with the same random draws for every candidate
(common random numbers), so the search sees the lever, not the noise.

>>> inputs = ForecastInputs(
...     goal=100_000, won_to_date=20_000, open_deals=(10, 5), conversions=((80, 100), (40, 100)),
...     new_per_day=2.0, volume_cv=0.2, days_left=40, cycle_days=10,
...     deal_values=(4_000.0, 5_000.0, 6_000.0),
... )
>>> result = simulate(inputs, trials=20_000, seed=7)
>>> 0.0 < result.probability < 1.0, result.revenue_p10 < result.revenue_p50 < result.revenue_p90
(True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "DealTiming",
    "ForecastInputs",
    "ForecastResult",
    "Lever",
    "LeverChange",
    "TimingCohort",
    "goal_seek",
    "simulate",
]

Floats = NDArray[np.float64]
PARAMETER_DRAWS = 4_096
"""Draws of the timing cohorts' chances, shared out over the trials (Beta draws are costly)."""
Lever = Literal["volume", "capacity", "deal_size", "days", "conversion"]


@dataclass(frozen=True)
class TimingCohort:
    """Deals with one chance of being won before the period ends, and the evidence for it.

    ``wins`` and ``misses`` are the Beta posterior's parameters: of the deals like
    these in earlier windows of the same length (prior included), how many were won
    before their window ended and how many were not.
    """

    deals: int  # deals in the cohort now
    wins: float
    misses: float
    stage: int = 0  # the pipeline stage it sits in, for the conversion and headcount levers

    def __post_init__(self) -> None:
        if self.deals < 0 or self.wins <= 0 or self.misses <= 0:
            raise ValueError(
                f"a timing cohort needs deals ≥ 0 and positive evidence (found deals={self.deals},"
                f" wins={self.wins}, misses={self.misses})"
            )


@dataclass(frozen=True)
class DealTiming:
    """When deals are won, from earlier windows of the history (see ``analytics.deal_timing``).

    - ``cohorts``: the deals known now — open ones by stage and age, and (in a
      backtest) those already created in the period by the days they have left;
    - ``new_wins``/``new_misses``: the Beta evidence that a deal created during the
      rest of the period is won before it ends (averaged over its days left);
    - ``window_cv``: the window-to-window variability of these chances, shared by
      every cohort in a trial;
    - ``days_left``: the working days the evidence is for. When the ``days`` lever
      moves the period, a chance p over those days becomes ``1 − (1 − p)^f`` over
      f times as many (a constant hazard), never above the stage's chance of ever
      winning.
    """

    cohorts: tuple[TimingCohort, ...]
    new_wins: float
    new_misses: float
    window_cv: float
    days_left: int

    def __post_init__(self) -> None:
        if self.new_wins <= 0 or self.new_misses <= 0 or self.window_cv < 0:
            raise ValueError("the new pipeline's evidence must be positive, window_cv ≥ 0")


@dataclass(frozen=True)
class ForecastInputs:
    """What the simulation knows: the goal, what is won and open, and the evidence."""

    goal: float
    won_to_date: float
    open_deals: tuple[int, ...]  # open now, per pipeline stage in order
    conversions: tuple[tuple[int, int], ...]  # (advanced or won, exited) per pipeline stage
    new_per_day: float  # deals entering the first stage per working day, at full capacity
    volume_cv: float  # day-to-day variability of that volume (coefficient of variation)
    days_left: int  # working days left in the period
    cycle_days: float  # working days from entering the first stage to the win
    deal_values: tuple[float, ...]  # won deals' values, for the bootstrap
    won_deals_to_date: int = 0
    capacity: float = 1.0  # the planned team's effective capacity (ramp, attrition) as a share
    capacity_sd: float = 0.0
    conversion_scale: tuple[float, ...] = ()  # a lever: multiplies each stage's conversion
    stage_roles: tuple[str, ...] = ()  # the role owning each pipeline stage
    role_capacity: tuple[tuple[str, float], ...] = ()  # effective ÷ needed FTE, per role
    timing: DealTiming | None = None  # when deals are won; None: within the period, by stage

    def capacity_of(self, role: str) -> float:
        """A role's effective capacity as a share of what its work needs (1 when unknown)."""
        return dict(self.role_capacity).get(role, 1.0)

    def __post_init__(self) -> None:
        if len(self.open_deals) != len(self.conversions):
            raise ValueError("open_deals and conversions need one entry per pipeline stage")
        if not self.deal_values:
            raise ValueError("deal_values needs at least one won deal's value")
        for advanced, exited in self.conversions:
            if not 0 <= advanced <= exited:
                raise ValueError(f"a stage count of {advanced} of {exited} is impossible")
        if self.timing is not None:
            for cohort in self.timing.cohorts:
                if not 0 <= cohort.stage < max(len(self.conversions), 1):
                    raise ValueError(
                        f"a timing cohort in stage {cohort.stage}; stages are 0 to"
                        f" {len(self.conversions) - 1}"
                    )


@dataclass(frozen=True)
class ForecastResult:
    """The distribution of the period's outcome."""

    trials: int
    probability: float  # P(revenue ≥ goal)
    revenue_p10: float
    revenue_p50: float
    revenue_p90: float
    deals_p10: float
    deals_p50: float
    deals_p90: float
    histogram: tuple[tuple[float, float, int], ...]  # (from, to, trials) of revenue


def _draws(inputs: ForecastInputs, trials: int, rng: np.random.Generator) -> dict[str, Floats]:
    """The random numbers of one run, drawn once so a goal-seek can reuse them."""
    advanced = np.asarray([a for a, _ in inputs.conversions], dtype=np.float64)
    exited = np.asarray([e for _, e in inputs.conversions], dtype=np.float64)
    draws = {
        "beta": rng.beta(advanced + 1, exited - advanced + 1, size=(trials, advanced.size)),
        "volume": rng.standard_normal(size=trials),
        "capacity": rng.standard_normal(size=trials),
    }
    timing = inputs.timing
    if timing is not None:
        wins = np.asarray([c.wins for c in timing.cohorts], dtype=np.float64)
        misses = np.asarray([c.misses for c in timing.cohorts], dtype=np.float64)
        # the cohorts' chances: a pool of parameter draws shared out over the trials
        pool = min(trials, PARAMETER_DRAWS)
        draws["cohorts"] = rng.beta(wins, misses, size=(pool, wins.size))
        draws["new"] = rng.beta(timing.new_wins, timing.new_misses, size=trials)
        draws["window"] = rng.standard_normal(size=trials)
    return draws


def _mean_one(normal: Floats, cv: float) -> Floats:
    """A Gamma factor with mean 1 and coefficient of variation *cv*, from standard normals.

    The Wilson–Hilferty transform of one normal draw per trial keeps the draws
    common across goal-seek candidates.
    """
    if cv <= 0:
        return np.ones(normal.shape[0])
    shape = 1.0 / cv**2
    cube = shape * (1 - 1 / (9 * shape) + normal * np.sqrt(1 / (9 * shape))) ** 3
    return np.asarray(np.maximum(cube, 0.0) / shape, dtype=np.float64)


def _within_days(chance: Floats, stretch: float, ceiling: Floats) -> Floats:
    """A chance of winning within the evidence's window, over *stretch* times as many days.

    A constant hazard: ``1 − (1 − p)^stretch``, never above *ceiling* (the chance
    of ever winning) when that is higher than p.
    """
    if stretch == 1.0:
        return chance
    longer = 1.0 - (1.0 - chance) ** stretch
    return np.asarray(np.minimum(longer, np.maximum(chance, ceiling)), dtype=np.float64)


def _timed_wins(
    inputs: ForecastInputs,
    timing: DealTiming,
    draws: dict[str, Floats],
    expected_new: Floats,
    from_stage: Floats,
    rng: np.random.Generator,
) -> Floats:
    """Won deals per trial when the timing of wins is modelled (see :class:`DealTiming`)."""
    trials = expected_new.shape[0]
    # what the levers do to each stage's chance of winning: with the levers ÷ without
    plain = np.flip(np.cumprod(np.flip(np.clip(draws["beta"], 0.0, 1.0), axis=1), axis=1), axis=1)
    if plain.shape[1] == 0:
        plain = np.ones((trials, 1))
        from_stage = plain
    lift = np.divide(from_stage, plain, out=np.ones_like(plain), where=plain > 0)
    window = _mean_one(draws["window"], timing.window_cv)
    stretch = inputs.days_left / timing.days_left if timing.days_left > 0 else 1.0
    stages = np.asarray([c.stage for c in timing.cohorts], dtype=np.int64)
    counts = np.asarray([c.deals for c in timing.cohorts], dtype=np.int64)
    pooled = draws["cohorts"][np.arange(trials) % draws["cohorts"].shape[0]]
    chance = np.clip(pooled * window[:, None], 0.0, 1.0)
    chance = _within_days(chance, stretch, plain[:, stages])
    chance = np.clip(chance * lift[:, stages], 0.0, 1.0)
    # all cohorts' wins as one binomial of their deals at their average chance: the exact
    # sum (Poisson-binomial) has the same mean and at most this variance, at a 50th the cost
    total = int(counts.sum())
    average = chance @ counts / total if total else np.zeros(trials)
    won = rng.binomial(total, np.clip(average, 0.0, 1.0)).astype(np.float64)
    new = np.clip(draws["new"] * window, 0.0, 1.0)
    new = np.clip(_within_days(new, stretch, plain[:, 0]) * lift[:, 0], 0.0, 1.0)
    # a Poisson count thinned by the chance of a win is Poisson: the new deals won in time
    return np.asarray(won + rng.poisson(expected_new * new), dtype=np.float64)


def _outcome(inputs: ForecastInputs, draws: dict[str, Floats], seed: int) -> tuple[Floats, Floats]:
    """Revenue and won deals per trial."""
    trials = draws["volume"].shape[0]
    rng = np.random.default_rng(seed + 1)  # counts: same seed, same stream, per candidate
    volume = _mean_one(draws["volume"], max(inputs.volume_cv, 0.0))
    capacity = np.maximum(inputs.capacity + inputs.capacity_sd * draws["capacity"], 0.0)
    worked = np.ones(len(inputs.conversions))
    if inputs.stage_roles:
        # the first stage's people create the pipeline: more of them, more of it; a later
        # stage's role short of people leaves some of its deals unworked (and lost)
        shares = [inputs.capacity_of(role) for role in inputs.stage_roles]
        capacity = capacity * shares[0]
        worked = np.asarray([1.0] + [min(1.0, share) for share in shares[1:]])
    scale = np.asarray(inputs.conversion_scale or (1.0,) * len(inputs.conversions))
    conversion = np.clip(draws["beta"] * scale, 0.0, 1.0) * worked
    # win probability from each stage: the product of the conversions from it onwards
    from_stage = np.flip(np.cumprod(np.flip(conversion, axis=1), axis=1), axis=1)
    if inputs.timing is not None:
        expected = inputs.new_per_day * max(inputs.days_left, 0) * volume * capacity
        won = _timed_wins(inputs, inputs.timing, draws, expected, from_stage, rng)
    else:
        win_new = from_stage[:, 0] if from_stage.shape[1] else np.ones(trials)
        selling_days = max(inputs.days_left - inputs.cycle_days, 0.0)
        new_deals = rng.poisson(inputs.new_per_day * selling_days * volume * capacity)
        won = rng.binomial(new_deals, win_new).astype(np.float64)
        for stage, count in enumerate(inputs.open_deals):
            if count:
                won += rng.binomial(count, from_stage[:, stage])
    return inputs.won_to_date + _bootstrap_values(inputs, won, rng), inputs.won_deals_to_date + won


EXACT_BOOTSTRAP = 500
"""Up to this many won deals in a trial, each deal's value is drawn from the won deals;
beyond it, their sum is drawn from its normal limit (mean n·μ, variance n·σ²)."""


def _bootstrap_values(inputs: ForecastInputs, won: Floats, rng: np.random.Generator) -> Floats:
    """The value of each trial's won deals: the bootstrap, all trials at once.

    Drawing every deal of every trial costs memory in proportion to the deals won over
    all trials — billions for a team winning tens of thousands of deals a quarter — so
    trials with more than :data:`EXACT_BOOTSTRAP` deals use the central limit theorem
    instead: a sum of that many draws is normal to well under a percent.
    """
    trials = won.shape[0]
    values = np.asarray(inputs.deal_values, dtype=np.float64)
    counts = won.astype(np.int64)
    large = counts > EXACT_BOOTSTRAP
    exact = np.where(large, 0, counts)
    total = int(exact.sum())
    picks = values[rng.integers(0, values.size, size=total)] if total else np.zeros(0)
    offsets = np.concatenate(([0], np.cumsum(exact)[:-1]))
    sums = np.zeros(trials)
    has = exact > 0
    if total:
        sums[has] = np.add.reduceat(picks, offsets[has])
    if large.any():
        n = counts[large].astype(np.float64)
        spread = np.sqrt(n * float(values.var()))
        sums[large] = n * float(values.mean()) + spread * rng.standard_normal(n.size)
    return sums


def simulate(inputs: ForecastInputs, trials: int = 100_000, seed: int = 0) -> ForecastResult:
    """Run *trials* simulations of the rest of the period (fixed *seed*: repeatable)."""
    draws = _draws(inputs, trials, np.random.default_rng(seed))
    return _summary(inputs, *_outcome(inputs, draws, seed))


def _summary(inputs: ForecastInputs, revenue: Floats, deals: Floats) -> ForecastResult:
    p10, p50, p90 = np.percentile(revenue, [10, 50, 90])
    d10, d50, d90 = np.percentile(deals, [10, 50, 90])
    counts, edges = np.histogram(revenue, bins=30)
    return ForecastResult(
        trials=int(revenue.size),
        probability=float(np.mean(revenue >= inputs.goal)),
        revenue_p10=float(p10),
        revenue_p50=float(p50),
        revenue_p90=float(p90),
        deals_p10=float(d10),
        deals_p50=float(d50),
        deals_p90=float(d90),
        histogram=tuple(
            (float(edges[i]), float(edges[i + 1]), int(counts[i])) for i in range(counts.size)
        ),
    )


@dataclass(frozen=True)
class LeverChange:
    """The smallest change of one lever that reaches the target probability."""

    lever: str
    factor: float | None  # × the lever's value; None: no change up to the limit reaches it
    probability: float


def _moved(inputs: ForecastInputs, lever: str, factor: float) -> ForecastInputs:
    if lever == "volume":
        return replace(inputs, new_per_day=inputs.new_per_day * factor)
    if lever == "capacity":
        return replace(inputs, capacity=inputs.capacity * factor)
    if lever == "deal_size":
        return replace(inputs, deal_values=tuple(v * factor for v in inputs.deal_values))
    if lever == "days":
        return replace(inputs, days_left=round(inputs.days_left * factor))
    if lever.startswith("headcount:"):
        role = lever.split(":", 1)[1]
        shares = dict(inputs.role_capacity)
        shares[role] = inputs.capacity_of(role) * factor
        return replace(inputs, role_capacity=tuple(shares.items()))
    if lever.startswith("conversion:"):
        stage = int(lever.split(":", 1)[1])
        scale = list(inputs.conversion_scale or (1.0,) * len(inputs.conversions))
        scale[stage] *= factor
        return replace(inputs, conversion_scale=tuple(scale))
    raise ValueError(f"unknown lever {lever!r}")


def goal_seek(
    inputs: ForecastInputs,
    target: float = 0.8,
    levers: Sequence[str] | None = None,
    *,
    trials: int = 20_000,
    seed: int = 0,
    limit: float = 3.0,
) -> list[LeverChange]:
    """For each lever alone, the smallest factor (up to *limit*) that gives P ≥ *target*.

    Levers: ``volume`` (activity), ``headcount:ROLE`` for each role owning a
    stage (``capacity``, the whole team, when roles are not given), ``deal_size``,
    ``days`` (period length), ``conversion:N`` (stage N). Ranked by the
    relative change each needs, smallest first; levers that cannot reach the
    target come last with ``factor`` None.
    """
    roles = list(dict.fromkeys(inputs.stage_roles))
    names = (
        list(levers)
        if levers is not None
        else [
            "volume",
            *([f"headcount:{role}" for role in roles] if roles else ["capacity"]),
            "deal_size",
            "days",
            *(f"conversion:{i}" for i in range(len(inputs.conversions))),
        ]
    )
    draws = _draws(inputs, trials, np.random.default_rng(seed))

    def probability(candidate: ForecastInputs) -> float:
        revenue, _ = _outcome(candidate, draws, seed)
        return float(np.mean(revenue >= candidate.goal))

    base = probability(inputs)
    changes: list[LeverChange] = []
    for lever in names:
        if base >= target:
            changes.append(LeverChange(lever, 1.0, base))
            continue
        high = limit
        reached = probability(_moved(inputs, lever, high))
        if reached < target:
            changes.append(LeverChange(lever, None, reached))
            continue
        low = 1.0
        for _ in range(18):  # bisection to about 1e-5 of the range
            middle = (low + high) / 2
            if probability(_moved(inputs, lever, middle)) >= target:
                high = middle
            else:
                low = middle
        changes.append(LeverChange(lever, high, probability(_moved(inputs, lever, high))))
    return sorted(changes, key=lambda c: (c.factor is None, c.factor or 0.0))
