"""A built plan as a document tree: every section in the plan's order, translated and formatted.

``build_report`` is the one place that decides what a plan document says. The
writers (HTML, PDF, DOCX, Markdown) only lay this tree out, so every format
carries the same sections, tables, figures and sentences. Text the plan's
author wrote is kept as written; everything salesplan generates goes through
the translator and the locale's number, money and date formats.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from salesplan.engine.results import PlanBuild
from salesplan.engine.sensitivity import Sensitivity
from salesplan.plan.dates import shift
from salesplan.plan.document import SalesPlan
from salesplan.plan.strategy import Stage
from salesplan.reports import charts
from salesplan.reports.chart import Chart
from salesplan.reports.document import (
    Align,
    Block,
    BulletList,
    Callout,
    Card,
    Cards,
    Figure,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Report,
    Section,
    Table,
)
from salesplan.reports.formatting import Formatter
from salesplan.reports.i18n import Translator, translator
from salesplan.reports.labels import (
    COMPETITOR_KINDS,
    HIRE_REASONS,
    ITEM_KINDS,
    ITEM_STATUSES,
    RESEARCH_SOURCES,
)

__all__ = ["ReportInputs", "build_report", "page_size_for"]

DASH = "—"
_LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE"})


def _aligned(numbers: int) -> list[Align]:
    """A label column, then *numbers* right-aligned columns."""
    right: list[Align] = ["right"] * numbers
    return ["left", *right]


def page_size_for(locale: str) -> str:
    """Letter where the locale's country uses it (``en_US``), A4 everywhere else.

    >>> page_size_for("en_US"), page_size_for("id_ID"), page_size_for("en_GB")
    ('Letter', 'A4', 'A4')
    """
    territory = (
        locale.replace("-", "_").split("_")[1].upper() if "_" in locale or "-" in locale else ""
    )
    return "Letter" if territory in _LETTER_TERRITORIES else "A4"


@dataclass(frozen=True)
class ReportInputs:
    """What a document is made from: the plan as written, its build, and the comparisons."""

    plan: SalesPlan  # with the scenario applied
    result: PlanBuild
    scenarios: list[tuple[str, PlanBuild]] = field(default_factory=list)
    sensitivity: list[Sensitivity] = field(default_factory=list)
    generated_on: dt.date | None = None


class _Writer:
    """Builds the sections; holds the translator and formatter so helpers stay short."""

    def __init__(self, inputs: ReportInputs) -> None:
        self.inputs = inputs
        self.plan = inputs.plan
        self.result = inputs.result
        self.t: Translator = translator(self.plan.language)
        self.fmt = Formatter(self.plan.effective_locale, self.plan.currency)
        as_of = self.result.as_of
        inside = self.result.period_start <= as_of <= self.result.period_end
        self.charts: dict[str, Chart] = {
            chart.id: chart
            for chart in charts.all_charts(
                self.plan,
                self.result,
                t=self.t,
                fmt=self.fmt,
                as_of=as_of if inside else None,
                scenarios=inputs.scenarios or None,
                sensitivity=inputs.sensitivity or None,
            )
        }

    # ── small helpers ──────────────────────────────────────────────────────
    def _(self, message: str) -> str:
        return self.t.gettext(message)

    def role_name(self, role_id: str) -> str:
        role = self.plan.team.roles.get(role_id)
        return role.name if role is not None else role_id

    def activity_name(self, activity_id: str) -> str:
        activity = self.plan.goals.activities.get(activity_id)
        return activity.name if activity is not None else activity_id

    def maybe_money(self, value: float | None) -> str:
        return DASH if value is None else self.fmt.money(value)

    def maybe_number(self, value: float | None, digits: int = 2) -> str:
        return DASH if value is None else self.fmt.number(value, digits)

    def figure(self, chart_id: str, caption: str = "") -> list[Block]:
        chart = self.charts.get(chart_id)
        # the chart carries its title; a caption only adds what the title does not say
        return [] if chart is None else [Figure(chart, caption)]

    def empty(self) -> Paragraph:
        return Paragraph(self._("This section of the plan is not written yet."), "note")

    # ── the document ──────────────────────────────────────────────────────
    def report(self) -> Report:
        plan, result, t = self.plan, self.result, self.t
        period = f"{self.fmt.date(result.period_start)} – {self.fmt.date(result.period_end)}"
        subtitle = t.say("Sales plan · {period}", period=period)
        if result.scenario:
            subtitle += " · " + t.say("scenario {name}", name=result.scenario)
        sections = [
            self.summary(),
            self.mission(),
            self.goals(),
            self.team(),
            self.audience(),
            self.strategy(),
            self.action_plan(),
            self.measurement(),
            self.scenarios(),
            self.appendix(),
        ]
        generated = self.inputs.generated_on
        return Report(
            title=plan.name,
            subtitle=subtitle,
            language=plan.language,
            locale=plan.effective_locale,
            page_size="Letter" if page_size_for(plan.effective_locale) == "Letter" else "A4",
            sections=sections,
            labels={
                "contents": t.gettext("Contents"),
                "update_contents": t.gettext(
                    "Right-click → Update field to build the table of contents."
                ),
                "page": t.gettext("Page"),
                "of": t.gettext("of"),
                "as_of": t.say("Figures as of {date}", date=self.fmt.date(result.as_of)),
                "generated": ""
                if generated is None
                else t.say("Generated by salesplan on {date}", date=self.fmt.date(generated)),
            },
        )

    # ── executive summary ─────────────────────────────────────────────────
    def summary(self) -> Section:
        result, fmt, t = self.result, self.fmt, self.t
        pipeline = [s for s in result.funnel if not s.post_sale]
        now = sum(h.current for h in result.headcount.values())
        needed = sum(h.required for h in result.headcount.values())
        hires = sum(h.count for h in result.hiring)
        budget = result.budget
        figures = [
            KeyFigure(
                t.gettext("Revenue goal"),
                fmt.money(result.revenue_goal),
                t.say("{days} working days", days=fmt.integer(result.working_days)),
            ),
            KeyFigure(
                t.gettext("Deals to win"),
                fmt.integer(result.deals_required),
                t.say("at {value} per deal", value=fmt.money(result.average_deal_value)),
            ),
        ]
        if pipeline:
            first = pipeline[0]
            figures.append(
                KeyFigure(
                    t.say("{stage} to create", stage=first.name),
                    fmt.integer(first.to_create),
                    t.say(
                        "{coverage}× pipeline coverage", coverage=fmt.number(first.coverage or 0, 1)
                    ),
                )
            )
        figures += [
            KeyFigure(
                t.gettext("Team now → needed"),
                f"{fmt.integer(now)} → {fmt.integer(needed)}",
                t.say("{hires} hires", hires=fmt.integer(hires)),
            ),
            KeyFigure(
                t.gettext("Budget"),
                fmt.money(budget.total),
                t.say("CAC {cac}", cac=self.maybe_money(budget.cac)),
            ),
        ]
        if budget.ltv_to_cac is not None:
            figures.append(
                KeyFigure(
                    t.gettext("LTV:CAC"),
                    fmt.number(budget.ltv_to_cac, 1),
                    t.say(
                        "payback {months} months",
                        months=self.maybe_number(budget.payback_months, 1),
                    ),
                )
            )
        blocks: list[Block] = [KeyFigures(figures)]
        if self.plan.mission.statement:
            blocks.append(Paragraph(self.plan.mission.statement, "lead"))
        blocks.append(self.targets_per_role_table())
        if result.hiring:
            blocks.append(self.hiring_table())
        risks = [Callout(w.message) for w in result.warnings[:5]]
        if risks:
            blocks.append(Paragraph(t.gettext("Risks and warnings"), "lead"))
            blocks += risks
            if len(result.warnings) > 5:
                blocks.append(
                    Paragraph(
                        t.say(
                            "{count} more warnings are listed in the appendix.",
                            count=len(result.warnings) - 5,
                        ),
                        "note",
                    )
                )
        else:
            blocks.append(
                Callout(t.gettext("No warnings: the plan is reachable as written."), "info")
            )
        return Section("summary", t.gettext("Executive summary"), blocks=blocks)

    def targets_per_role_table(self) -> Table:
        result, fmt = self.result, self.fmt
        rows: list[list[str]] = []
        for role_id, head in result.headcount.items():
            for activity_id, per_rep in head.per_rep_per_day.items():
                volume = result.activities.get(activity_id)
                team_total = volume.by_role.get(role_id, 0.0) if volume else 0.0
                days = max(result.working_days, 1)
                rows.append(
                    [
                        head.name,
                        self.activity_name(activity_id),
                        fmt.number(per_rep, 1),
                        fmt.number(team_total / days, 1),
                        fmt.number(team_total / days * self._week_days(), 1),
                    ]
                )
        return Table(
            [
                self._("Role"),
                self._("Activity"),
                self._("Per rep per day"),
                self._("Team per day"),
                self._("Team per week"),
            ],
            rows,
            ["left", "left", "right", "right", "right"],
            self._("Daily and weekly activity targets per role"),
        )

    def _week_days(self) -> float:
        result = self.result
        return float(max(result.working_days_by_week.values(), default=5))

    def hiring_table(self) -> Table:
        fmt = self.fmt
        rows = [
            [
                self.role_name(h.role),
                fmt.integer(h.count),
                self._(HIRE_REASONS[h.reason]),
                fmt.short_date(h.hire_by),
                fmt.short_date(h.start),
                fmt.short_date(h.ramped_by),
            ]
            for h in self.result.hiring
        ]
        return Table(
            [
                self._("Role"),
                self._("Hires"),
                self._("Reason"),
                self._("Hire by"),
                self._("Start"),
                self._("Fully ramped"),
            ],
            rows,
            ["left", "right", "left", "left", "left", "left"],
            self._("Hires and their dates"),
        )

    # ── 1. mission ────────────────────────────────────────────────────────
    def mission(self) -> Section:
        mission = self.plan.mission
        blocks: list[Block] = []
        if mission.statement:
            blocks.append(Paragraph(mission.statement, "lead"))
        if mission.competitors:
            blocks.append(
                Table(
                    [self._("Competitor"), self._("Type"), self._("How they compete")],
                    [
                        [c.name, self._(COMPETITOR_KINDS[c.kind]), c.how_they_compete]
                        for c in mission.competitors
                    ],
                    caption=self._("Competitors"),
                )
            )
        value = mission.value_proposition
        for title, items in (
            (self._("Features"), value.features),
            (self._("Benefits"), value.benefits),
            (self._("Solutions"), value.solutions),
        ):
            if items:
                blocks.append(BulletList(list(items), title))
        if mission.research:
            blocks.append(
                Table(
                    [self._("Source"), self._("Finding")],
                    [[self._(RESEARCH_SOURCES[n.source]), n.note] for n in mission.research],
                    caption=self._("Research notes"),
                )
            )
        if mission.open_questions:
            blocks.append(BulletList(list(mission.open_questions), self._("Open questions")))
        return Section(
            "mission", self._("Mission and positioning"), "1", blocks=blocks or [self.empty()]
        )

    # ── 2. goals ──────────────────────────────────────────────────────────
    def goals(self) -> Section:
        result, fmt, t = self.result, self.fmt, self.t
        goals = self.plan.goals
        blocks: list[Block] = [
            Paragraph(
                t.say(
                    "The goal is {goal} of new-business revenue between {start} and {end}: "
                    "{deals} deals at an average of {deal}, over {days} working days.",
                    goal=fmt.money(result.revenue_goal),
                    start=fmt.date(result.period_start),
                    end=fmt.date(result.period_end),
                    deals=fmt.integer(result.deals_required),
                    deal=fmt.money(result.average_deal_value),
                    days=fmt.integer(result.working_days),
                ),
                "lead",
            )
        ]
        if goals.other_goals:
            blocks.append(
                Table(
                    [self._("Goal"), self._("Target"), self._("Due")],
                    [
                        [g.name, g.target, fmt.short_date(g.due) if g.due else DASH]
                        for g in goals.other_goals
                    ],
                    caption=self._("Other goals"),
                )
            )
        sales = Section("sales-targets", self._("Sales targets"))
        sales.blocks.append(self.funnel_table())
        sales.blocks += self.figure("funnel")
        if result.pipeline_coverage is not None:
            sales.blocks.append(
                Paragraph(
                    t.say(
                        "Pipeline coverage: every won deal needs {coverage} deals entering the "
                        "funnel, so the first stage must hold {coverage}× the goal's deals.",
                        coverage=fmt.number(result.pipeline_coverage, 1),
                    )
                )
            )
        activity = Section("activity-targets", self._("Activity targets"))
        activity.blocks.append(self.activity_table())
        activity.blocks.append(self.targets_per_role_table())
        activity.blocks += self.figure("activities")
        skills = [[a.name, ", ".join(a.skills)] for a in goals.activities.values() if a.skills]
        if skills:
            activity.blocks.append(
                Table(
                    [self._("Activity"), self._("Skills it needs")],
                    skills,
                    caption=self._("Skills per activity"),
                )
            )
        return Section(
            "goals", self._("Goals and targets"), "2", blocks=blocks, subsections=[sales, activity]
        )

    def funnel_table(self) -> Table:
        fmt = self.fmt
        rows = []
        for stage in self.result.funnel:
            rows.append(
                [
                    stage.name,
                    self.role_name(stage.owner),
                    DASH if stage.post_sale else fmt.percent(stage.conversion),
                    fmt.integer(stage.required),
                    fmt.integer(stage.open),
                    fmt.integer(stage.to_create),
                    DASH if stage.win_rate is None else fmt.percent(stage.win_rate),
                ]
            )
        rows.append(
            [self._("Won deals"), "", "", fmt.integer(self.result.deals_required), "", "", ""]
        )
        return Table(
            [
                self._("Stage"),
                self._("Owner"),
                self._("Conversion"),
                self._("Must reach"),
                self._("Open now"),
                self._("To create"),
                self._("Win rate from here"),
            ],
            rows,
            ["left", "left", "right", "right", "right", "right", "right"],
            self._("The funnel, from the goal back to the first stage"),
            total_row=True,
        )

    def activity_table(self) -> Table:
        fmt = self.fmt
        rows = [
            [
                a.name,
                fmt.number(a.total, 0),
                fmt.number(a.per_working_day, 1),
                fmt.number(a.per_week, 1),
                fmt.number(a.per_month, 1),
                self._("set directly") if a.source == "target" else self._("from the funnel"),
            ]
            for a in self.result.activities.values()
        ]
        return Table(
            [
                self._("Activity"),
                self._("Total"),
                self._("Per day"),
                self._("Per week"),
                self._("Per month"),
                self._("Source"),
            ],
            rows,
            ["left", "right", "right", "right", "right", "left"],
            self._("Activity targets for the whole team"),
        )

    # ── 3. team ───────────────────────────────────────────────────────────
    def team(self) -> Section:
        plan, result, fmt = self.plan, self.result, self.fmt
        if not plan.team.roles:
            return Section("team", self._("Team"), "3", blocks=[self.empty()])
        rows = []
        duties = []
        for role_id, role in plan.team.roles.items():
            head = result.headcount[role_id]
            starts = sorted(
                fmt.short_date(p.start)
                for p in plan.team.people
                if p.role == role_id and p.start is not None
            )
            hires = [h for h in result.hiring if h.role == role_id]
            rows.append(
                [
                    role.name,
                    fmt.integer(head.current),
                    fmt.integer(head.required),
                    fmt.integer(head.to_hire),
                    fmt.money(role.compensation.base),
                    fmt.money(role.compensation.ote),
                    fmt.percent(role.compensation.commission_rate)
                    if role.compensation.commission_rate
                    else DASH,
                    ", ".join([*starts[:3], *(fmt.short_date(h.start) for h in hires[:3])]) or DASH,
                ]
            )
            if role.responsibilities or role.ideal_qualities:
                duties.append(
                    [
                        role.name,
                        "; ".join(role.responsibilities) or DASH,
                        "; ".join(role.ideal_qualities) or DASH,
                    ]
                )
        table = Table(
            [
                self._("Role"),
                self._("Now"),
                self._("Needed"),
                self._("To hire"),
                self._("Base salary"),
                self._("On-target earnings"),
                self._("Commission"),
                self._("Start dates"),
            ],
            rows,
            ["left", "right", "right", "right", "right", "right", "right", "left"],
            self._("The team"),
        )
        blocks: list[Block] = [table]
        if duties:
            blocks.append(
                Table(
                    [self._("Role"), self._("Responsibilities"), self._("Ideal qualities")],
                    duties,
                    caption=self._("What each role does, and whom to hire for it"),
                )
            )
        blocks.append(self.fte_table())
        if plan.team.people:
            blocks.append(
                Table(
                    [self._("Name"), self._("Role"), self._("Start"), self._("End")],
                    [
                        [
                            p.name,
                            self.role_name(p.role),
                            fmt.short_date(p.start) if p.start else DASH,
                            fmt.short_date(p.end) if p.end else DASH,
                        ]
                        for p in plan.team.people
                    ],
                    caption=self._("People on the team"),
                )
            )
        hiring = Section("hiring", self._("Hiring timeline"))
        if result.hiring:
            hiring.blocks.append(self.hiring_table())
            hiring.blocks += self.figure("hiring")
        else:
            hiring.blocks.append(Paragraph(self._("No hires are needed in this period."), "note"))
        capacity = Section("capacity", self._("Headcount and capacity by month"))
        capacity.blocks.append(
            Paragraph(
                self._(
                    "People in seat and their effective capacity after ramp and expected "
                    "attrition, against the capacity the targets need."
                )
            )
        )
        capacity.blocks += self.figure("capacity")
        capacity.blocks.append(self.capacity_table())
        return Section("team", self._("Team"), "3", blocks=blocks, subsections=[hiring, capacity])

    def fte_table(self) -> Table:
        fmt = self.fmt
        rows = [
            [
                h.name,
                fmt.number(h.fte, 2),
                fmt.integer(h.required),
                fmt.number(h.current_fte, 2),
                fmt.number(h.effective_fte, 2),
                fmt.number(h.expected_leavers, 1),
                DASH if h.quota_per_rep is None else fmt.money(h.quota_per_rep),
            ]
            for h in self.result.headcount.values()
        ]
        return Table(
            [
                self._("Role"),
                self._("FTE needed"),
                self._("Headcount needed"),
                self._("Effective FTE now"),
                self._("Effective FTE planned"),
                self._("Expected leavers"),
                self._("Quota per rep"),
            ],
            rows,
            ["left", "right", "right", "right", "right", "right", "right"],
            self._(
                "Capacity the targets need, and what the team delivers after ramp and attrition"
            ),
        )

    def capacity_table(self) -> Table:
        fmt = self.fmt
        months = list(self.result.working_days_by_month)
        by_role: dict[str, dict[str, float]] = {}
        for month in self.result.capacity_by_month:
            by_role.setdefault(month.role, {})[month.month] = month.effective_fte
        shown = months[:12]
        rows = [
            [self.role_name(role), *(fmt.number(values.get(m, 0.0), 1) for m in shown)]
            for role, values in by_role.items()
        ]
        return Table(
            [self._("Role"), *(fmt.month(m) for m in shown)],
            rows,
            _aligned(len(shown)),
            self._("Effective FTE by month"),
        )

    # ── 4. audience ───────────────────────────────────────────────────────
    def audience(self) -> Section:
        audience = self.plan.audience
        icp = audience.icp
        blocks: list[Block] = []
        criteria: list[list[str]] = []
        if icp.industries:
            criteria.append(
                [
                    self._("Industries"),
                    "; ".join(
                        i.name + (f" ({', '.join(i.sub_segments)})" if i.sub_segments else "")
                        for i in icp.industries
                    ),
                ]
            )
        if icp.employee_count is not None:
            size = icp.employee_count
            criteria.append(
                [
                    self._("Company size"),
                    self.t.say(
                        "{low}–{high} employees",
                        low=self.fmt.integer(size.min),
                        high=self.fmt.integer(size.max),
                    )
                    if size.max is not None
                    else self.t.say("{low}+ employees", low=self.fmt.integer(size.min)),
                ]
            )
        for label, values in (
            (self._("Funding stages"), icp.funding_stages),
            (self._("Regions"), icp.regions),
            (self._("Challenges"), icp.challenges),
        ):
            if values:
                criteria.append([label, "; ".join(values)])
        if criteria:
            blocks.append(
                Table(
                    [self._("Criterion"), self._("Ideal customer")],
                    criteria,
                    caption=self._("Ideal customer profile"),
                )
            )
        if audience.personas:
            blocks.append(
                Cards(
                    [
                        Card(
                            p.name,
                            p.profile,
                            [
                                (label, list(values))
                                for label, values in (
                                    (self._("Demographics"), p.demographics),
                                    (self._("Attributes"), p.attributes),
                                    (self._("Challenges"), p.challenges),
                                    (self._("Goals"), p.goals),
                                    (self._("How we help"), p.how_we_help),
                                )
                                if values
                            ],
                        )
                        for p in audience.personas
                    ]
                )
            )
        return Section(
            "audience",
            self._("Target audience and personas"),
            "4",
            blocks=blocks or [self.empty()],
        )

    # ── 5. strategy ───────────────────────────────────────────────────────
    def strategy(self) -> Section:
        strategy = self.plan.strategy
        fmt = self.fmt
        blocks: list[Block] = []
        blocks += self.figure("process")
        rows = []
        for stage in strategy.stages:
            rows.append(
                [
                    stage.name,
                    self.role_name(stage.owner),
                    self._stage_conversion(stage),
                    fmt.number(stage.days_in_stage, 1),
                    ", ".join(
                        f"{self.activity_name(a)}: {fmt.number(amount, 2)}"
                        for a, amount in stage.activities.items()
                    )
                    or DASH,
                    "; ".join(stage.exit_criteria) or DASH,
                ]
            )
        blocks.append(
            Table(
                [
                    self._("Stage"),
                    self._("Owner"),
                    self._("Conversion"),
                    self._("Days in stage"),
                    self._("Activities per deal"),
                    self._("Exit criteria"),
                ],
                rows,
                ["left", "left", "right", "right", "left", "left"],
                self._("The sales process, stage by stage"),
            )
        )
        for stage in strategy.stages:
            if stage.description:
                blocks.append(Paragraph(f"{stage.name}: {stage.description}"))
        method = strategy.methodology
        methodology = Section("methodology", self._("Methodology"))
        methodology.blocks.append(Paragraph(method.name, "lead"))
        if method.description:
            methodology.blocks.append(Paragraph(method.description))
        if method.principles:
            methodology.blocks.append(BulletList(list(method.principles), self._("Principles")))
        subsections = [methodology]
        if strategy.playbooks:
            names = {stage.id: stage.name for stage in strategy.stages}
            playbooks = Section("playbooks", self._("Playbooks"))
            playbooks.blocks.append(
                Cards(
                    [
                        Card(
                            names.get(book.stage, book.stage),
                            "",
                            [
                                (label, list(values))
                                for label, values in (
                                    (self._("Tactics"), book.tactics),
                                    (self._("Techniques"), book.techniques),
                                    (self._("Templates"), book.templates),
                                )
                                if values
                            ],
                        )
                        for book in strategy.playbooks
                    ]
                )
            )
            subsections.append(playbooks)
        return Section(
            "strategy",
            self._("Sales stages and methodology"),
            "5",
            blocks=blocks,
            subsections=subsections,
        )

    def _stage_conversion(self, stage: Stage) -> str:
        if stage.post_sale:
            return self.t.say("{rate} (after the sale)", rate=self.fmt.percent(stage.conversion))
        return self.fmt.percent(stage.conversion)

    # ── 6. action plan ────────────────────────────────────────────────────
    def action_plan(self) -> Section:
        section = self.plan.action_plan
        fmt = self.fmt
        blocks: list[Block] = []
        if section.items:
            titles = {item.id: item.title for item in section.items}
            rows = []
            for item in section.items:
                end = item.end
                if end is None and item.duration is not None:
                    end = shift(item.start, item.duration.amount, item.duration.unit)
                rows.append(
                    [
                        item.title,
                        self._(ITEM_KINDS[item.kind]),
                        item.owner or DASH,
                        fmt.short_date(item.start),
                        fmt.short_date(end) if end else DASH,
                        ", ".join(titles.get(d, d) for d in item.depends_on) or DASH,
                        self._(ITEM_STATUSES[item.status]),
                    ]
                )
            blocks.append(
                Table(
                    [
                        self._("Item"),
                        self._("Type"),
                        self._("Owner"),
                        self._("Start"),
                        self._("End"),
                        self._("Depends on"),
                        self._("Status"),
                    ],
                    rows,
                    caption=self._("Action plan"),
                )
            )
            blocks += self.figure("gantt")
        if section.short_term_goals:
            blocks.append(BulletList(list(section.short_term_goals), self._("Short-term goals")))
        if section.long_term_goals:
            blocks.append(BulletList(list(section.long_term_goals), self._("Long-term goals")))
        return Section("action-plan", self._("Action plan"), "6", blocks=blocks or [self.empty()])

    # ── 7. measurement ────────────────────────────────────────────────────
    def measurement(self) -> Section:
        measurement = self.plan.measurement
        fmt = self.fmt
        stages = {stage.id: stage.name for stage in self.plan.strategy.stages}
        blocks: list[Block] = [
            Paragraph(
                self.t.say(
                    "Primary metric: new-business revenue, {goal} in the period.",
                    goal=fmt.money(self.result.revenue_goal),
                ),
                "lead",
            )
        ]
        if measurement.secondary_metrics:
            blocks.append(
                Table(
                    [
                        self._("Metric"),
                        self._("Stage"),
                        self._("Target"),
                        self._("Unit"),
                        self._("Definition"),
                    ],
                    [
                        [
                            m.name,
                            stages.get(m.stage, m.stage) if m.stage else DASH,
                            DASH if m.target is None else fmt.number(m.target, 2),
                            m.unit or DASH,
                            m.description or DASH,
                        ]
                        for m in measurement.secondary_metrics
                    ],
                    ["left", "left", "right", "left", "left"],
                    self._("Secondary metrics per stage"),
                )
            )
        tree = Section("kpi-tree", self._("From activities to revenue"))
        tree.blocks.append(BulletList(self.kpi_tree()))
        subsections = [tree]
        if measurement.dashboards:
            metrics = {m.id: m.name for m in measurement.secondary_metrics}
            dashboards = Section("dashboards", self._("Dashboards per role"))
            dashboards.blocks.append(
                Table(
                    [self._("Role"), self._("Metrics"), self._("Cadence")],
                    [
                        [
                            self.role_name(d.role),
                            ", ".join(metrics.get(m, m) for m in d.metrics) or DASH,
                            d.cadence,
                        ]
                        for d in measurement.dashboards
                    ],
                )
            )
            subsections.append(dashboards)
        if measurement.technology:
            blocks.append(
                BulletList(list(measurement.technology), self._("Measurement technology"))
            )
        return Section(
            "measurement",
            self._("Performance metrics"),
            "7",
            blocks=blocks,
            subsections=subsections,
        )

    def kpi_tree(self) -> list[str]:
        """Revenue ← won deals ← each stage ← the activities that feed it, as sentences."""
        result, fmt, t = self.result, self.fmt, self.t
        lines = [
            t.say(
                "Revenue {goal} = {deals} won deals × {deal}",
                goal=fmt.money(result.revenue_goal),
                deals=fmt.integer(result.deals_required),
                deal=fmt.money(result.average_deal_value),
            )
        ]
        pipeline = [s for s in result.funnel if not s.post_sale]
        following = t.gettext("won deals")
        for stage in reversed(pipeline):
            lines.append(
                t.say(
                    "{next} ← {volume} {stage} × {rate}",
                    next=following,
                    volume=fmt.integer(stage.required),
                    stage=stage.name,
                    rate=fmt.percent(stage.conversion),
                )
            )
            following = stage.name
        for written in self.plan.strategy.stages:
            if not written.activities:
                continue
            parts = [
                f"{fmt.number(amount, 2)} {self.activity_name(a).lower()}"
                for a, amount in written.activities.items()
            ]
            lines.append(
                t.say(
                    "{stage} ← {activities} per deal, by {role}",
                    stage=written.name,
                    activities=", ".join(parts),
                    role=self.role_name(written.owner),
                )
            )
        for head in result.headcount.values():
            if head.per_rep_per_day:
                lines.append(
                    t.say(
                        "{role}: {count} people × {activities} per day each",
                        role=head.name,
                        count=fmt.integer(head.required),
                        activities=", ".join(
                            f"{fmt.number(v, 1)} {self.activity_name(a).lower()}"
                            for a, v in head.per_rep_per_day.items()
                        ),
                    )
                )
        return lines

    # ── scenarios and sensitivity ─────────────────────────────────────────
    def scenarios(self) -> Section:
        fmt = self.fmt
        blocks: list[Block] = []
        builds = self.inputs.scenarios
        if len(builds) > 1:
            names = [name for name, _ in builds]
            rows: list[list[str]] = [
                [self._("Deals to win"), *(fmt.integer(b.deals_required) for _, b in builds)],
                [self._("Revenue goal"), *(fmt.money(b.revenue_goal) for _, b in builds)],
            ]
            for activity_id, activity in self.result.activities.items():
                rows.append(
                    [
                        self.t.say("{activity} per day", activity=activity.name),
                        *(
                            fmt.number(b.activities[activity_id].per_working_day, 1)
                            if activity_id in b.activities
                            else DASH
                            for _, b in builds
                        ),
                    ]
                )
            for role_id, head in self.result.headcount.items():
                rows.append(
                    [
                        self.t.say("{role} needed", role=head.name),
                        *(
                            fmt.integer(b.headcount[role_id].required)
                            if role_id in b.headcount
                            else DASH
                            for _, b in builds
                        ),
                    ]
                )
            rows += [
                [
                    self._("Hires"),
                    *(fmt.integer(sum(h.count for h in b.hiring)) for _, b in builds),
                ],
                [self._("Budget"), *(fmt.money(b.budget.total) for _, b in builds)],
                [self._("CAC"), *(self.maybe_money(b.budget.cac) for _, b in builds)],
                [
                    self._("Warnings"),
                    *(fmt.integer(len(b.warnings)) for _, b in builds),
                ],
            ]
            blocks.append(
                Table(
                    [self._("Figure"), *names],
                    rows,
                    _aligned(len(names)),
                    self._("Scenarios side by side"),
                )
            )
            for name in names:
                described = self.plan.scenarios.get(name)
                if described is not None and described.description:
                    blocks.append(Paragraph(f"{name}: {described.description}", "note"))
            blocks += self.figure("scenarios")
        else:
            blocks.append(Paragraph(self._("The plan defines no scenarios."), "note"))
        moving = [s for s in self.inputs.sensitivity if any(s.swing)][:10]
        if moving:
            blocks.append(
                Paragraph(
                    self._(
                        "Each input moved 10% down and up on its own: the inputs that move "
                        "the headcount, the activities and the deals most."
                    )
                )
            )
            blocks += self.figure("tornado")
            blocks.append(
                Table(
                    [
                        self._("Input"),
                        self._("Value"),
                        self._("Headcount −10% / +10%"),
                        self._("Deals −10% / +10%"),
                    ],
                    [
                        [
                            s.input,
                            fmt.number(s.value, 4),
                            f"{fmt.integer(s.low.headcount)} / {fmt.integer(s.high.headcount)}",
                            f"{fmt.integer(s.low.deals)} / {fmt.integer(s.high.deals)}",
                        ]
                        for s in moving
                    ],
                    ["left", "right", "right", "right"],
                    self._("Sensitivity of the outcome to each input"),
                )
            )
        return Section("scenarios", self._("Scenarios and sensitivity"), blocks=blocks)

    # ── appendix ──────────────────────────────────────────────────────────
    def appendix(self) -> Section:
        result = self.result
        explanations = Section("how-computed", self._("How each number was computed"))
        explanations.blocks.append(
            Table(
                [self._("Figure"), self._("How it was computed")],
                [[key, e.formula] for key, e in result.explanations.items()],
                caption=self._("The engine's explanation of every figure"),
            )
        )
        assumptions = Section("assumptions", self._("Where each assumption came from"))
        assumptions.blocks.append(self.assumptions_table())
        warnings = Section("warnings", self._("All warnings"))
        if result.warnings:
            warnings.blocks += [Callout(w.message) for w in result.warnings]
        else:
            warnings.blocks.append(Paragraph(self._("No warnings."), "note"))
        return Section(
            "appendix",
            self._("Appendix"),
            blocks=[
                Paragraph(
                    self.t.say(
                        "Built as of {date} with {days} working days in {country}.",
                        date=self.fmt.date(result.as_of),
                        days=self.fmt.integer(result.working_days),
                        country=self.plan.country or DASH,
                    ),
                    "note",
                )
            ],
            subsections=[explanations, assumptions, warnings],
        )

    def assumptions_table(self) -> Table:
        from salesplan.engine.sensitivity import numeric_inputs

        fmt = self.fmt
        record = self.plan.calibration
        rows = []
        for path, value in numeric_inputs(self.plan).items():
            shown = fmt.percent(value) if path.endswith(".conversion") else fmt.number(value, 2)
            calibrated = record.values.get(path) if record is not None else None
            if record is not None and calibrated is not None:
                span = " – ".join(
                    fmt.short_date(day) for day in (record.since, record.until) if day is not None
                )
                source = self.t.say(
                    "Calibrated from {workspace} on {date}: {metric}, n = {n}{span}",
                    workspace=record.workspace,
                    date=fmt.short_date(record.calibrated_on),
                    metric=calibrated.metric or path,
                    n=fmt.integer(calibrated.n),
                    span=f" ({span})" if span else "",
                )
            else:
                source = self._("Typed in the plan")
            rows.append([path, shown, source])
        return Table(
            [self._("Input"), self._("Value"), self._("Source")],
            rows,
            ["left", "right", "left"],
            self._("Inputs and their sources"),
        )


def build_report(inputs: ReportInputs) -> Report:
    """The document tree of a built plan."""
    return _Writer(inputs).report()


def section_ids(report: Report) -> Sequence[str]:
    """Ids of the top-level sections, in order (used by tests and the TOC)."""
    return [section.id for section in report.sections]
