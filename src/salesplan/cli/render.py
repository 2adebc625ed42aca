"""Rich tables of a built plan, in the plan's language and number format."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from salesplan.cli.labels import label

if TYPE_CHECKING:
    from salesplan.engine.results import PlanBuild
    from salesplan.engine.sensitivity import Sensitivity

__all__ = [
    "NumberFormat",
    "render_build",
    "render_explanations",
    "render_scenarios",
    "render_sensitivity",
]


class NumberFormat:
    """Numbers, money and rates formatted for one locale with Babel."""

    def __init__(self, locale: str, currency: str) -> None:
        self.locale = locale
        self.currency = currency

    def number(self, value: float | None, decimals: int = 2) -> str:
        if value is None:
            return "—"
        from babel.numbers import format_decimal

        pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
        return format_decimal(round(value, decimals), format=pattern, locale=self.locale)

    def money(self, value: float | None) -> str:
        if value is None:
            return "—"
        from babel.numbers import format_currency

        return format_currency(
            round(value),
            self.currency,
            locale=self.locale,
            format_type="standard",
            currency_digits=False,
            format="¤#,##0",
        )

    def percent(self, value: float | None) -> str:
        if value is None:
            return "—"
        from babel.numbers import format_percent

        return format_percent(value, format="#,##0.#%", locale=self.locale)


def _table(title: str, *columns: str, numeric_from: int = 1) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold")
    for index, column in enumerate(columns):
        table.add_column(column, justify="right" if index >= numeric_from else "left")
    return table


def render_build(console: Console, result: PlanBuild, locale: str) -> None:
    """Every section of a built plan as tables, then its warnings."""
    lang = result.language
    fmt = NumberFormat(locale, result.currency)
    summary = Table.grid(padding=(0, 2))
    summary.add_column(style="bold")
    summary.add_column()
    rows = [
        ("plan", result.plan_name + (f" · {result.scenario}" if result.scenario else "")),
        ("period", f"{result.period_start} → {result.period_end}"),
        ("as_of", str(result.as_of)),
        ("working_days", fmt.number(result.working_days)),
        ("revenue_goal", fmt.money(result.revenue_goal)),
        ("average_deal", fmt.money(result.average_deal_value)),
        ("deals_required", fmt.number(result.deals_required)),
        (
            "coverage",
            f"{fmt.number(result.pipeline_coverage)}×" if result.pipeline_coverage else "—",
        ),
        ("velocity", fmt.money(result.velocity.per_day) if result.velocity else "—"),
    ]
    for key, value in rows:
        summary.add_row(label(lang, key), value)
    console.print(summary)
    console.print()

    funnel = _table(
        label(lang, "funnel"),
        label(lang, "stage"),
        label(lang, "owner"),
        label(lang, "conversion"),
        label(lang, "required"),
        label(lang, "open"),
        label(lang, "to_create"),
        label(lang, "win_rate"),
        numeric_from=2,
    )
    for stage in result.funnel:
        funnel.add_row(
            stage.name,
            stage.owner,
            fmt.percent(stage.conversion),
            fmt.number(stage.required),
            fmt.number(stage.open),
            fmt.number(stage.to_create),
            fmt.percent(stage.win_rate),
        )
    console.print(funnel)

    activities = _table(
        label(lang, "activities"),
        label(lang, "activity"),
        label(lang, "total"),
        label(lang, "per_day"),
        label(lang, "per_week"),
        label(lang, "per_month"),
        label(lang, "role"),
        label(lang, "source"),
    )
    for volume in result.activities.values():
        activities.add_row(
            volume.name,
            fmt.number(volume.total),
            fmt.number(volume.per_working_day),
            fmt.number(volume.per_week),
            fmt.number(volume.per_month),
            ", ".join(volume.by_role),
            label(lang, volume.source),
        )
    console.print(activities)

    team = _table(
        label(lang, "team"),
        label(lang, "role"),
        label(lang, "fte"),
        label(lang, "required"),
        label(lang, "current"),
        label(lang, "to_hire"),
        label(lang, "per_rep"),
        label(lang, "quota"),
    )
    names = {a.activity: a.name.lower() for a in result.activities.values()}
    for headcount in result.headcount.values():
        per_rep = "\n".join(
            f"{fmt.number(value)} {names.get(activity, activity)}"
            for activity, value in headcount.per_rep_per_day.items()
        )
        team.add_row(
            headcount.role,
            fmt.number(headcount.fte),
            fmt.number(headcount.required),
            fmt.number(headcount.current),
            fmt.number(headcount.to_hire),
            per_rep or "—",
            fmt.money(headcount.quota_per_rep) if headcount.quota_per_rep else "—",
        )
    console.print(team)

    if result.hiring:
        hiring = _table(
            label(lang, "hiring"),
            label(lang, "role"),
            label(lang, "count"),
            label(lang, "hire_by"),
            label(lang, "start"),
            label(lang, "ramped_by"),
            label(lang, "quarter"),
            label(lang, "reason"),
        )
        for hire in result.hiring:
            hiring.add_row(
                hire.role,
                fmt.number(hire.count),
                str(hire.hire_by),
                str(hire.start),
                str(hire.ramped_by),
                hire.quarter,
                label(lang, hire.reason),
            )
        console.print(hiring)

    _render_capacity(console, result, fmt)
    _render_timeline(console, result, fmt)

    money = result.budget
    budget = _table(label(lang, "budget"), "", label(lang, "value"))
    budget_rows = [
        ("compensation", fmt.money(money.compensation)),
        ("marketing", fmt.money(money.marketing_spend)),
        ("other_costs", fmt.money(money.other_costs)),
        ("budget_total", fmt.money(money.total)),
        ("cost_per_deal", fmt.money(money.cost_per_won_deal)),
        ("cac", fmt.money(money.cac)),
        ("ltv", fmt.money(money.ltv)),
        ("ltv_to_cac", fmt.number(money.ltv_to_cac)),
        ("payback", fmt.number(money.payback_months, 1)),
    ]
    for key, value in budget_rows:
        budget.add_row(label(lang, key), value)
    console.print(budget)
    render_warnings(console, result)


def _render_capacity(console: Console, result: PlanBuild, fmt: NumberFormat) -> None:
    """Effective (ramped) FTE against the FTE needed: a row per month, a column per role."""
    lang = result.language
    months = list(dict.fromkeys(m.month for m in result.capacity_by_month))
    cells = {(m.month, m.role): m for m in result.capacity_by_month}
    roles = [
        role
        for role in result.headcount
        if any(
            cells[(month, role)].required_fte or cells[(month, role)].effective_fte
            for month in months
        )
    ]
    if not months or not roles:
        return
    table = _table(label(lang, "capacity"), label(lang, "month"), *roles)
    for month in months:
        row = []
        for role in roles:
            cell = cells[(month, role)]
            text = f"{fmt.number(cell.effective_fte)} / {fmt.number(cell.required_fte)}"
            short = cell.effective_fte + 0.005 < cell.required_fte
            row.append(f"[yellow]{text}[/yellow]" if short else text)
        table.add_row(month, *row)
    console.print(table)


def _render_timeline(console: Console, result: PlanBuild, fmt: NumberFormat) -> None:
    """Pipeline to create per stage, month by month, including months before the period."""
    lang = result.language
    if not result.timeline:
        return
    stages = [s for s in result.funnel if not s.post_sale]
    table = _table(
        label(lang, "timeline"),
        label(lang, "month"),
        *(s.name for s in stages),
        label(lang, "wins"),
    )
    for month in result.timeline:
        table.add_row(
            month.month,
            *(fmt.number(month.created.get(s.stage, 0.0), 1) for s in stages),
            fmt.number(month.wins, 1),
        )
    console.print(table)


def render_warnings(console: Console, result: PlanBuild) -> None:
    lang = result.language
    if not result.warnings:
        console.print(f"[green]{label(lang, 'no_warnings')}[/green]")
        return
    console.print(f"[bold yellow]{label(lang, 'warnings')}[/bold yellow]")
    for warning in result.warnings:
        console.print(f"[yellow]![/yellow] {warning.message}", highlight=False)


def render_explanations(console: Console, result: PlanBuild, figures: list[str]) -> None:
    lang = result.language
    table = _table(
        label(lang, "figure"), label(lang, "figure"), label(lang, "value"), label(lang, "how")
    )
    table.columns[2].justify = "left"
    for figure in figures:
        explanation = result.explanations[figure]
        table.add_row(figure, str(explanation.value), explanation.formula)
    console.print(table)


def render_scenarios(console: Console, builds: dict[str, PlanBuild], locale: str) -> None:
    first = next(iter(builds.values()))
    lang = first.language
    fmt = NumberFormat(locale, first.currency)
    table = _table(label(lang, "scenarios"), "", *builds)
    rows: list[tuple[str, list[str]]] = [
        (label(lang, "revenue_goal"), [fmt.money(b.revenue_goal) for b in builds.values()]),
        (label(lang, "average_deal"), [fmt.money(b.average_deal_value) for b in builds.values()]),
        (label(lang, "deals_required"), [fmt.number(b.deals_required) for b in builds.values()]),
    ]
    for stage in first.funnel:
        rows.append(
            (
                stage.name,
                [
                    fmt.number(next((s.required for s in b.funnel if s.stage == stage.stage), None))
                    for b in builds.values()
                ],
            )
        )
    for activity in first.activities.values():
        rows.append(
            (
                f"{activity.name} / {label(lang, 'per_day').lower()}",
                [
                    fmt.number(
                        b.activities[activity.activity].per_working_day
                        if activity.activity in b.activities
                        else None
                    )
                    for b in builds.values()
                ],
            )
        )
    for role in first.headcount:
        rows.append(
            (
                f"{role} {label(lang, 'required').lower()}",
                [fmt.number(b.headcount[role].required) for b in builds.values()],
            )
        )
    rows.append(
        (
            label(lang, "hires_total"),
            [fmt.number(sum(h.count for h in b.hiring)) for b in builds.values()],
        )
    )
    rows.append((label(lang, "budget_total"), [fmt.money(b.budget.total) for b in builds.values()]))
    rows.append((label(lang, "cac"), [fmt.money(b.budget.cac) for b in builds.values()]))
    rows.append((label(lang, "warnings"), [fmt.number(len(b.warnings)) for b in builds.values()]))
    for name, values in rows:
        table.add_row(name, *values)
    console.print(table)


def render_sensitivity(
    console: Console,
    rows: list[Sensitivity],
    language: str,
    fmt: NumberFormat,
    step: float,
) -> None:
    """Inputs ranked by effect; each cell reads "at −step / now / at +step"."""
    table = _table(
        label(language, "sensitivity", step=fmt.percent(step)),
        label(language, "input"),
        label(language, "base_value"),
        label(language, "deals"),
        label(language, "activities_total"),
        label(language, "headcount"),
    )
    table.columns[0].overflow = "fold"
    for row in rows:
        if row.input.endswith(".conversion"):
            value = fmt.percent(row.value)
        elif row.input in {"goals.revenue_goal", "goals.average_deal_value"}:
            value = fmt.money(row.value)
        else:
            value = fmt.number(row.value)
        activities = " / ".join(
            fmt.number(outcome.activities, 0) for outcome in (row.low, row.base, row.high)
        )
        table.add_row(
            row.input,
            value,
            f"{row.low.deals} / {row.base.deals} / {row.high.deals}",
            activities,
            f"{row.low.headcount} / {row.base.headcount} / {row.high.headcount}",
        )
    console.print(table)
