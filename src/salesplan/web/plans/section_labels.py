"""What the section forms call each field of the plan, and each choice, in the reader's
language. Every field of every section model has a label here (a test checks it)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

__all__ = ["CHOICES", "FIELDS", "HINTS", "SECTIONS", "Section"]


class Section:
    """One of the plan's seven sections: its number, URL key, model keys and title."""

    def __init__(
        self, number: int, key: str, keys: tuple[str, ...], title: Promise, intro: Promise
    ):
        self.number = number
        self.key = key
        self.keys = keys
        self.title = title
        self.intro = intro


SECTIONS: tuple[Section, ...] = (
    Section(1, "mission", ("mission",), _("Mission and positioning"),
            _("Why the company exists, who it competes with and why buyers choose it.")),
    Section(2, "goals", ("name", "currency", "country", "locale", "calendar", "goals"),
            _("Goals and targets"),
            _("The period, the revenue goal, the activities and their targets, and the working calendar.")),
    Section(3, "team", ("team",), _("Team structure"),
            _("The roles, what one person in each can do, their ramp, attrition and pay, and the people.")),
    Section(4, "audience", ("audience",), _("Target audience and personas"),
            _("The ideal customer profile and the people on the buying side.")),
    Section(5, "strategy", ("strategy",), _("Stages and methodology"),
            _("The sales process in order, its conversions, and how the team works it.")),
    Section(6, "action_plan", ("action_plan",), _("Action plan"),
            _("Projects, activities, hiring and milestones, with owners and dates.")),
    Section(7, "measurement", ("measurement",), _("Performance metrics"),
            _("How performance is measured: metrics with targets, dashboards per role, tools.")),
)  # fmt: skip

FIELDS: dict[str, Promise] = {
    # plan basics and calendar
    "name": _("Name"),
    "currency": _("Currency (ISO code)"),
    "country": _("Country (for public holidays)"),
    "locale": _("Number format (locale)"),
    "calendar": _("Working calendar"),
    "subdivision": _("Region (for regional holidays)"),
    "weekend": _("Weekend days"),
    "days_off": _("Company days off"),
    "date": _("Date"),
    # the sections themselves
    "mission": _("Mission and positioning"),
    "team": _("Team structure"),
    "audience": _("Target audience and personas"),
    "strategy": _("Stages and methodology"),
    "action_plan": _("Action plan"),
    "measurement": _("Performance metrics"),
    # 1 mission
    "statement": _("Mission statement"),
    "competitors": _("Competitors"),
    "kind": _("Kind"),
    "how_they_compete": _("How they compete"),
    "value_proposition": _("Value proposition"),
    "features": _("Features (one a line)"),
    "benefits": _("Benefits (one a line)"),
    "solutions": _("Problems we solve (one a line)"),
    "research": _("Positioning research"),
    "source": _("Source"),
    "note": _("Finding"),
    "open_questions": _("Open questions (one a line)"),
    # 2 goals
    "goals": _("Goals"),
    "period": _("Period"),
    "start": _("Start"),
    "end": _("End"),
    "horizon": _("Or a horizon"),
    "revenue_goal": _("New-business revenue goal"),
    "average_deal_value": _("Average deal value"),
    "activities": _("Activities"),
    "skills": _("Skills (one a line)"),
    "target": _("Target"),
    "per_working_day": _("Per working day"),
    "per_week": _("Per week"),
    "per_month": _("Per month"),
    "total": _("In total"),
    "role": _("Role"),
    "other_goals": _("Other goals"),
    "due": _("Due"),
    "quota": _("Quota policy"),
    "over_assignment": _("Quota over-assignment (×)"),
    "expected_attainment": _("Expected quota attainment"),
    "economics": _("Unit economics"),
    "arpa_monthly": _("Revenue per account a month"),
    "gross_margin": _("Gross margin"),
    "monthly_churn": _("Monthly churn"),
    "ltv": _("Customer lifetime value"),
    "marketing_spend": _("Marketing spend in the period"),
    "other_costs": _("Other costs in the period"),
    # 3 team
    "roles": _("Roles"),
    "responsibilities": _("Responsibilities (one a line)"),
    "ideal_qualities": _("Ideal qualities (one a line)"),
    "capacity": _("Capacity per working day (activity: number)"),
    "minutes_per_activity": _("Or minutes per activity (activity: minutes)"),
    "selling_hours_per_day": _("Selling hours a day"),
    "manages": _("Manages roles (one id a line)"),
    "span_of_control": _("People per manager"),
    "fixed_headcount": _("Fixed headcount"),
    "ramp": _("Ramp: productivity by month"),
    "attrition": _("Attrition a year"),
    "time_to_hire": _("Time to hire (45d, 6w, 3m)"),
    "compensation": _("Pay a year"),
    "base": _("Base"),
    "variable": _("Variable at 100% of quota"),
    "commission_rate": _("Commission rate"),
    "carries_quota": _("Carries a quota"),
    "max_hires": _("At most this many hires"),
    "people": _("People"),
    # 4 audience
    "icp": _("Ideal customer profile"),
    "industries": _("Industries"),
    "sub_segments": _("Sub-segments (one a line)"),
    "employee_count": _("Employees"),
    "min": _("At least"),
    "max": _("At most"),
    "funding_stages": _("Funding stages (one a line)"),
    "regions": _("Regions (one a line)"),
    "challenges": _("Challenges (one a line)"),
    "personas": _("Personas"),
    "profile": _("Profile"),
    "demographics": _("Demographics (one a line)"),
    "attributes": _("Attributes (one a line)"),
    "how_we_help": _("How we help (one a line)"),
    # 5 strategy
    "methodology": _("Methodology"),
    "description": _("Description"),
    "principles": _("Principles (one a line)"),
    "stages": _("Stages, in order"),
    "id": _("Id"),
    "owner": _("Owner"),
    "conversion": _("Conversion to the next stage"),
    "days_in_stage": _("Days in stage"),
    "post_sale": _("After the sale"),
    "exit_criteria": _("Exit criteria (one a line)"),
    "playbooks": _("Playbooks"),
    "stage": _("Stage"),
    "tactics": _("Tactics (one a line)"),
    "techniques": _("Techniques (one a line)"),
    "templates": _("Templates (one a line)"),
    "open_pipeline": _("Deals already open"),
    "count": _("Deals"),
    "value": _("Value"),
    # 6 action plan
    "items": _("Items"),
    "title": _("Title"),
    "duration": _("Or a duration (45d, 6w, 3m)"),
    "depends_on": _("Depends on (one id a line)"),
    "status": _("Status"),
    "notes": _("Notes"),
    "short_term_goals": _("Short-term goals (one a line)"),
    "long_term_goals": _("Long-term goals (one a line)"),
    # 7 measurement
    "primary_metric": _("Primary metric"),
    "secondary_metrics": _("Secondary metrics"),
    "unit": _("Unit"),
    "dashboards": _("Dashboards"),
    "metrics": _("Metric ids (one a line)"),
    "cadence": _("Cadence"),
    "technology": _("Tools (one a line)"),
}

HINTS: dict[str, Promise] = {
    "capacity": _("e.g. “email: 80” — what one fully ramped person does in a working day"),
    "activities": _("e.g. “call: 20” — per deal at this stage"),
    "ramp": _("e.g. “25, 50, 75, 100” — percent of full productivity in months 1, 2, 3…"),
    "conversion": _("the share of deals that move on; for the last stage, the share won"),
}

CHOICES: dict[str, Promise] = {
    "direct": _("direct"),
    "indirect": _("indirect"),
    "marketing": _("marketing"),
    "customer_service": _("customer service"),
    "customers": _("customers"),
    "blog": _("blog"),
    "online_reviews": _("online reviews"),
    "other": _("other"),
    "30d": _("30 days"),
    "60d": _("60 days"),
    "90d": _("90 days"),
    "month": _("month"),
    "quarter": _("quarter"),
    "year": _("year"),
    "project": _("project"),
    "activity": _("activity"),
    "hiring": _("hiring"),
    "milestone": _("milestone"),
    "planned": _("planned"),
    "in_progress": _("in progress"),
    "done": _("done"),
    "blocked": _("blocked"),
    "cancelled": _("cancelled"),
    "mon": _("Mon"),
    "tue": _("Tue"),
    "wed": _("Wed"),
    "thu": _("Thu"),
    "fri": _("Fri"),
    "sat": _("Sat"),
    "sun": _("Sun"),
    "en": _("English"),
    "id": _("Bahasa Indonesia"),
}
