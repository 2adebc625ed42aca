"""``salesplan demo``: a workspace with a synthetic CRM history, an example plan whose
period the history covers, and one user per role — enough to try every page."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DEMO_USERS", "DemoLogin", "create_demo"]

DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    # user name, app role, plan role, CRM owner (the synthetic history's user names)
    ("admin", "admin", "", ""),
    ("leader", "leader", "", ""),
    ("manager", "manager", "SM", ""),
    ("sdr", "rep", "SDR", "Rep 1"),
    ("ae", "rep", "AE", "Rep 9"),
)
PLAN = """\
name: Demo quarter
currency: USD
country: US

mission:
  statement: We help field-service companies finish more jobs a day with fewer trips back.
  competitors:
    - {{name: Global field-service suites, kind: direct, how_they_compete: "Broad features and strong brands, long roll-outs"}}
    - {{name: Spreadsheets and group chats, kind: indirect, how_they_compete: "Free and familiar; most prospects start here"}}
  value_proposition:
    features: [Drag-and-drop dispatch board, Offline mobile app for technicians, Invoices from completed jobs]
    benefits: [More jobs per technician per day, Invoices out the same day]
    solutions: [Replaces the dispatcher's spreadsheet and the end-of-day phone calls]
  research:
    - {{source: customers, note: Customers bought after a missed service-level agreement cost them a contract.}}
    - {{source: online_reviews, note: Reviewers praise onboarding speed and ask for better reporting.}}

goals:
  period: {{start: {start}, horizon: quarter}}
  revenue_goal: 180k
  average_deal_value: 5000
  activities:
    call: {{name: Calls, skills: [Cold calling, Booking meetings]}}
    email: {{name: Emails, skills: [Personalised prospecting emails]}}
  other_goals:
    - {{name: Renewals, target: Renew 95% of contracts due this quarter, due: {end}}}

team:
  roles:
    SDR: {{name: Sales Development Rep, capacity: {{call: 40, email: 60}}, ramp: [50%, 100%], attrition: 20%, time_to_hire: 45d, compensation: {{base: 52000, variable: 18000}}}}
    AE: {{name: Account Executive, capacity: {{call: 30, email: 40}}, carries_quota: true, ramp: [30%, 70%, 100%], attrition: 15%, time_to_hire: 60d, compensation: {{base: 85000, variable: 85000, commission_rate: 2%}}}}
    SM: {{name: Sales Manager, manages: [SDR, AE], span_of_control: 8, compensation: {{base: 120000, variable: 40000}}}}
  people:
{people}

audience:
  icp:
    industries:
      - {{name: HVAC and building maintenance, sub_segments: [Commercial HVAC, Facility maintenance]}}
      - {{name: Security installers}}
    employee_count: {{min: 20, max: 500}}
    regions: [United States, Canada]
    challenges: [Missed service windows, Jobs invoiced late or not at all]
  personas:
    - name: Operations Director
      profile: Runs daily operations and answers for on-time visits.
      challenges: [No live view of where technicians are]
      goals: [95% of visits within the promised window]
      how_we_help: [Live dispatch board and route-aware scheduling]

strategy:
  methodology: {{name: SPIN Selling, principles: [Never demo before you know the cost of the problem]}}
  stages:
    - {{id: lead, name: Lead, owner: SDR, conversion: 60%, days_in_stage: 5, activities: {{call: 2, email: 4}}}}
    - {{id: qualified, name: Qualified, owner: SDR, conversion: 55%, days_in_stage: 8, activities: {{call: 3, email: 2}}}}
    - {{id: demo, name: Demo, owner: AE, conversion: 50%, days_in_stage: 10, activities: {{call: 1, email: 2}}}}
    - {{id: proposal, name: Proposal, owner: AE, conversion: 45%, days_in_stage: 12, activities: {{call: 2, email: 3}}}}
    - {{id: negotiation, name: Negotiation, owner: AE, conversion: 60%, days_in_stage: 7, activities: {{call: 3, email: 1}}}}
  playbooks:
    - {{stage: demo, tactics: [Send a discovery questionnaire before the demo], templates: [Demo script by industry]}}

action_plan:
  items:
    - {{id: kickoff, title: "Quarter kick-off — goal, quotas and playbooks", kind: milestone, owner: Maya, start: {kickoff}}}
    - {{id: sequences, title: Rewrite SDR sequences for HVAC, owner: Rep 1, start: {kickoff}, duration: 3w, depends_on: [kickoff]}}
    - {{id: pipeline_review, title: Weekly pipeline review with every AE, kind: activity, owner: Maya, start: {kickoff}, end: {review_end}, depends_on: [kickoff]}}
    - {{id: mid_review, title: Mid-quarter review of coverage and conversions, kind: milestone, owner: Maya, start: {mid}, depends_on: [kickoff]}}
  short_term_goals: [36 deals won this quarter]
  long_term_goals: [Grow new-business revenue 40% year on year]

measurement:
  secondary_metrics:
    - {{id: calls_made, name: Calls made, stage: lead, unit: calls}}
    - {{id: demos_held, name: Demos held, stage: demo, unit: demos}}
    - {{id: win_rate, name: Proposal win rate, stage: proposal, unit: "%", target: 45}}
  dashboards:
    - {{role: SDR, metrics: [calls_made], cadence: daily}}
    - {{role: AE, metrics: [demos_held, win_rate], cadence: weekly}}
  technology: [Pipedrive CRM, salesplan]
"""


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def create_demo(data_dir: Path, today: dt.date, deals: int = 6000) -> list[DemoLogin]:
    """Create (or reset) the demo workspace under *data_dir*; return the logins.

    Call after ``server.prepare(data_dir)``. The synthetic history runs up to *today*,
    and the plan is for the quarter *today* falls in.
    """
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from salesplan.crm.pipedrive import import_pipedrive
    from salesplan.crm.store import Workspace as CrmWorkspace
    from salesplan.crm.synthetic import write_history
    from salesplan.web.accounts.models import Membership, Workspace
    from salesplan.web.plans.models import Plan, PlanVersion

    start = _quarter_start(today)
    history_start = today - dt.timedelta(days=730)  # 24 months of deals, up to today
    people = "\n".join(
        f"    - {{name: Rep {n}, role: {'SDR' if n <= 8 else 'AE'}}}" for n in range(1, 26)
    )
    end = dt.date(start.year + (start.month + 2) // 12, (start.month + 2) % 12 + 1, 1)
    days = {
        "start": start,
        "end": end - dt.timedelta(days=1),
        "kickoff": start + dt.timedelta(days=3),
        "mid": start + dt.timedelta(days=45),
        "review_end": end - dt.timedelta(days=7),
    }
    text = PLAN.format(people=people + "\n    - {name: Maya, role: SM}", **days)
    logins: list[DemoLogin] = []
    User = get_user_model()  # noqa: N806 (Django's idiom)
    with transaction.atomic():
        Workspace.objects.filter(slug="demo").delete()
        workspace = Workspace.objects.create(name="Demo company", slug="demo")
        for username, role, plan_role, owner in DEMO_USERS:
            password = secrets.token_urlsafe(9)
            user = User.objects.filter(username=username).first() or User(username=username)
            user.set_password(password)
            user.save()
            Membership.objects.create(
                user=user, workspace=workspace, role=role, plan_role=plan_role, crm_owner=owner
            )
            logins.append(DemoLogin(username, password, role))
        plan = Plan.objects.create(workspace=workspace, name="Demo quarter")
        PlanVersion.objects.create(plan=plan, number=1, text=text, message="the demo plan")
    folder = workspace.crm_folder
    export = folder.parent / "demo-export"
    write_history(export, deals=deals, seed=7, start=history_start, until=today)
    if (folder / "store.duckdb").exists():
        (folder / "store.duckdb").unlink()
    import_pipedrive(
        CrmWorkspace.open(folder),
        [
            export / name
            for name in (
                "deal_changes.csv",
                "stages.csv",
                "fields.csv",
                "users.csv",
                "activity.csv",
            )
        ],
        won_stage="Won",
    )
    return logins
