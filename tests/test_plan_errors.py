"""Broken plans → the exact message a person sees: ``file:line:col field.path: what is wrong``.

Every case starts from the small plan below and breaks one thing; the line
numbers in the expected messages refer to it (shown on the left).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from salesplan.plan import PlanError, load, loads
from salesplan.plan.errors import PlanIssue

BASE = """\
name: Broken on purpose
goals:
  period:
    start: 2027-01-01
    end: 2027-03-31
  revenue_goal: 100k
  average_deal_value: 1000
  activities:
    email: {name: Emails}
    demo: {name: Demos}
team:
  roles:
    SDR:
      name: SDR
      capacity: {email: 80}
      time_to_hire: 45d
    AE:
      name: AE
      capacity: {demo: 4}
strategy:
  stages:
    - id: meeting
      name: Meeting
      owner: SDR
      conversion: 40%
      activities: {email: 30}
    - id: demo
      name: Demo
      owner: AE
      conversion: 25%
      activities: {demo: 1}
"""
#  1 name / 2 goals / 3 period / 4 start / 5 end / 6 revenue_goal / 7 average_deal_value
#  8 activities / 9 email / 10 demo / 11 team / 12 roles / 13 SDR / 14 name / 15 capacity
# 16 time_to_hire / 17 AE / 18 name / 19 capacity / 20 strategy / 21 stages / 22 - id: meeting
# 23 name / 24 owner / 25 conversion / 26 activities / 27 - id: demo / 28 name / 29 owner
# 30 conversion / 31 activities

SCENARIO = "scenarios:\n  best:\n    overrides:\n      "  # the override is on line 35

MANAGERS = """\
      capacity: {demo: 4}
    Lead:
      name: Lead
      manages: [Head]
      span_of_control: 3
    Head:
      name: Head
      manages: [Lead]
      span_of_control: 3
"""


def broken(old: str, new: str) -> str:
    assert BASE.count(old) >= 1, old
    return BASE.replace(old, new, 1)


def message(text: str) -> str:
    with pytest.raises(PlanError) as caught:
        loads(text, source="plan.yaml")
    return str(caught.value)


def test_base_plan_is_valid() -> None:
    plan = loads(BASE, source="plan.yaml")
    assert [stage.id for stage in plan.strategy.stages] == ["meeting", "demo"]


CASES = [
    # rates
    pytest.param(
        broken("conversion: 40%", "conversion: 140%"),
        "plan.yaml:25:19 strategy.stages[0].conversion: 140% is not a rate — write 40% or 0.4",
        id="rate-140-percent",
    ),
    pytest.param(
        broken("conversion: 40%", "conversion: 1.4"),
        "plan.yaml:25:19 strategy.stages[0].conversion: 1.4 is not a rate — write 40% or 0.4",
        id="rate-1.4",
    ),
    pytest.param(
        broken("conversion: 40%", "conversion: -5%"),
        "plan.yaml:25:19 strategy.stages[0].conversion: -5% is not a rate — write 40% or 0.4",
        id="rate-negative",
    ),
    pytest.param(
        broken("conversion: 40%", "conversion: high"),
        "plan.yaml:25:19 strategy.stages[0].conversion: 'high' is not a rate — write 40% or 0.4",
        id="rate-word",
    ),
    pytest.param(
        broken("conversion: 40%", "conversion: 0%"),
        "plan.yaml:22:7 strategy.stages[0]: conversion must be more than 0% — no deal would ever"
        " move on",
        id="rate-zero",
    ),
    # unknown keys
    pytest.param(
        broken("conversion: 40%", "convertion: 40%"),
        "plan.yaml:22:7 strategy.stages[0].conversion: missing — this field is required\n"
        "plan.yaml:25:7 strategy.stages[0].convertion: unknown key 'convertion' — did you mean"
        " 'conversion'?",
        id="unknown-key-convertion",
    ),
    pytest.param(
        broken("name: Broken on purpose\n", "name: Broken on purpose\ncurency: USD\n"),
        "plan.yaml:2:1 curency: unknown key 'curency' — did you mean 'currency'?",
        id="unknown-top-level-key",
    ),
    pytest.param(
        broken("    end: 2027-03-31\n", "    end: 2027-03-31\n    zzz: 1\n"),
        "plan.yaml:6:5 goals.period.zzz: unknown key 'zzz' — valid keys: start, end, horizon",
        id="unknown-key-no-close-match",
    ),
    pytest.param(
        broken("  average_deal_value: 1000\n", ""),
        "plan.yaml:3:3 goals.average_deal_value: missing — this field is required",
        id="missing-key",
    ),
    # cross-references
    pytest.param(
        broken("owner: SDR", "owner: SRD"),
        "plan.yaml:24:14 strategy.stages[0].owner: unknown role 'SRD' — did you mean 'SDR'?",
        id="unknown-owner-did-you-mean",
    ),
    pytest.param(
        broken("owner: SDR", "owner: Boss"),
        "plan.yaml:24:14 strategy.stages[0].owner: unknown role 'Boss' — valid: AE, SDR",
        id="unknown-owner-valid-list",
    ),
    pytest.param(
        broken("activities: {demo: 1}", "activities: {demo: 1, email: 2}"),
        "plan.yaml:31:36 strategy.stages[1].activities.email: owner AE has no capacity for"
        " 'email' — add it to team.roles.AE.capacity",
        id="activity-not-in-owner-capacity",
    ),
    pytest.param(
        broken("activities: {demo: 1}", "activities: {dmeo: 1}"),
        "plan.yaml:31:26 strategy.stages[1].activities.dmeo: unknown activity 'dmeo' — did you"
        " mean 'demo'?",
        id="unknown-activity",
    ),
    pytest.param(
        broken("team:\n  roles:\n", "team:\n  people:\n    - {name: Ana, role: SRD}\n  roles:\n"),
        "plan.yaml:13:25 team.people[0].role: unknown role 'SRD' — did you mean 'SDR'?",
        id="person-unknown-role",
    ),
    pytest.param(
        broken("id: demo", "id: meeting"),
        "plan.yaml:27:11 strategy.stages[1].id: stage id 'meeting' is used twice",
        id="stage-id-twice",
    ),
    pytest.param(
        broken("      capacity: {demo: 4}\n", MANAGERS),
        "plan.yaml:22:16 team.roles.Lead.manages: management cycle: Lead → Head → Lead — a role"
        " cannot manage its own managers",
        id="management-cycle",
    ),
    # values
    pytest.param(
        broken("time_to_hire: 45d", "time_to_hire: 45x"),
        "plan.yaml:16:21 team.roles.SDR.time_to_hire: '45x' is not a duration — write 45d, 6w"
        " or 3m",
        id="bad-duration",
    ),
    pytest.param(
        broken("end: 2027-03-31", "end: 2026-12-31"),
        "plan.yaml:4:5 goals.period: end 2026-12-31 is before start 2027-01-01",
        id="end-before-start",
    ),
    pytest.param(
        broken("end: 2027-03-31", "end: 2027-03-31\n    horizon: quarter"),
        "plan.yaml:4:5 goals.period: give either end (a date) or horizon (30d, 60d, 90d, month,"
        " quarter or year)",
        id="end-and-horizon",
    ),
    pytest.param(
        broken("start: 2027-01-01", "start: soon"),
        "plan.yaml:4:12 goals.period.start: 'soon' is not valid — expected a valid date or"
        " datetime, input is too short",
        id="not-a-date",
    ),
    pytest.param(
        broken("revenue_goal: 100k", "revenue_goal: lots"),
        "plan.yaml:6:17 goals.revenue_goal: 'lots' is not an amount — write 250000 or 250k",
        id="not-money",
    ),
    pytest.param(
        broken("revenue_goal: 100k", "revenue_goal: -5"),
        "plan.yaml:6:17 goals.revenue_goal: -5 is negative — an amount must be 0 or more",
        id="negative-money",
    ),
    pytest.param(
        broken("owner: SDR", "owner: 1SDR"),
        "plan.yaml:24:14 strategy.stages[0].owner: '1SDR' is not an id — use letters, digits,"
        " '_' or '-', starting with a letter",
        id="bad-identifier",
    ),
    pytest.param(
        broken("email: {name: Emails}", "email: {name: Emails, target: {per_week: 10, total: 5}}"),
        "plan.yaml:9:35 goals.activities.email.target: give exactly one of per_working_day,"
        " per_week, per_month or total (found per_week, total)",
        id="two-targets",
    ),
    pytest.param(
        broken("capacity: {email: 80}", "capacity: {email: 0}"),
        "plan.yaml:14:7 team.roles.SDR: capacity for email must be more than 0 (found 0)",
        id="zero-capacity",
    ),
    pytest.param(
        broken("name: Broken on purpose\n", "name: Broken on purpose\ncurrency: DOLLARS\n"),
        "plan.yaml:2:11 currency: 'DOLLARS' is not a currency code — write an ISO code such as"
        " USD or IDR",
        id="bad-currency",
    ),
    pytest.param(
        broken("name: Broken on purpose\n", "name: Broken on purpose\ncountry: USA\n"),
        "plan.yaml:2:10 country: 'USA' is not a country code — write a two-letter code such as"
        " US or ID",
        id="bad-country",
    ),
    # invalid YAML
    pytest.param(
        broken("  average_deal_value: 1000\n", "  average_deal_value: 1000\n  revenue_goal: 5\n"),
        "plan.yaml:8:3 invalid YAML: while constructing a mapping found duplicate key"
        ' "revenue_goal" with value "5" (original value: "100k")',
        id="duplicate-key",
    ),
    pytest.param(
        broken("    end: 2027-03-31", "     end: 2027-03-31"),
        "plan.yaml:5:9 invalid YAML: mapping values are not allowed here",
        id="bad-indentation",
    ),
    pytest.param(
        broken("      name: AE\n", "      name: AE\n     x: 1\n"),
        "plan.yaml:19:6 invalid YAML: while parsing a block mapping expected <block end>, but"
        " found '<block mapping start>'",
        id="bad-dedent",
    ),
    pytest.param(
        broken("      name: SDR\n", "\tname: SDR\n"),
        "plan.yaml:14:1 invalid YAML: while scanning for the next token found character '\\t'"
        " that cannot start any token",
        id="tab-indentation",
    ),
    # scenarios
    pytest.param(
        BASE + SCENARIO + "strategy.stages.dmeo.conversion: 60%\n",
        "plan.yaml:35:40 scenarios.best.overrides['strategy.stages.dmeo.conversion']: no 'dmeo' in"
        " strategy.stages — did you mean 'demo'?",
        id="scenario-unknown-stage",
    ),
    pytest.param(
        BASE + SCENARIO + "goals.revenu_goal: 300000\n",
        "plan.yaml:35:26 scenarios.best.overrides['goals.revenu_goal']: no 'revenu_goal' in goals"
        " — did you mean 'revenue_goal'?",
        id="scenario-misspelt-key",
    ),
    pytest.param(
        BASE + SCENARIO + "name: 3\n",
        "plan.yaml:35:13 scenarios.best.overrides.name: name is not a numeric input (found"
        " 'Broken on purpose'); scenarios override numbers, rates and durations",
        id="scenario-not-numeric",
    ),
    pytest.param(
        BASE + SCENARIO + "strategy.stages.demo.conversion: 140%\n",
        "plan.yaml:35:7 scenarios.best.overrides: strategy.stages[1].conversion: 140% is not a"
        " rate — write 40% or 0.4",
        id="scenario-bad-value",
    ),
    pytest.param(
        BASE + "scenarios:\n  best:\n    overides:\n      goals.revenue_goal: 1\n",
        "plan.yaml:34:5 scenarios.best.overides: unknown key 'overides' — did you mean"
        " 'overrides'?",
        id="scenario-unknown-key",
    ),
    # not a mapping
    pytest.param(
        "- a\n- b\n",
        "plan.yaml:1:1 a plan is a YAML mapping of sections (found a list)",
        id="file-is-a-list",
    ),
    pytest.param(
        "just words\n",
        "plan.yaml:1:1 a plan is a YAML mapping of sections (found the text 'just words')",
        id="file-is-text",
    ),
    pytest.param(
        "42\n",
        "plan.yaml:1:1 a plan is a YAML mapping of sections (found the number 42)",
        id="file-is-a-number",
    ),
    pytest.param(
        "",
        "plan.yaml:1:1 a plan is a YAML mapping of sections (found an empty file)",
        id="file-is-empty",
    ),
    pytest.param(
        "# nothing here\n",
        "plan.yaml:1:1 a plan is a YAML mapping of sections (found an empty file)",
        id="file-has-only-a-comment",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_broken_plan_message(text: str, expected: str) -> None:
    assert message(text) == expected


def test_error_carries_structured_issues() -> None:
    with pytest.raises(PlanError) as caught:
        loads(broken("conversion: 40%", "conversion: 140%"), source="plan.yaml")
    error = caught.value
    assert error.source == "plan.yaml"
    assert error.issues == [
        PlanIssue(
            ("strategy", "stages", 0, "conversion"),
            "140% is not a rate — write 40% or 0.4",
            25,
            19,
        )
    ]


def test_every_problem_is_reported_at_once() -> None:
    text = broken("owner: SDR", "owner: SRD").replace(
        "activities: {demo: 1}", "activities: {dmeo: 1}"
    )
    assert message(text).splitlines() == [
        "plan.yaml:24:14 strategy.stages[0].owner: unknown role 'SRD' — did you mean 'SDR'?",
        "plan.yaml:31:26 strategy.stages[1].activities.dmeo: unknown activity 'dmeo' — did you"
        " mean 'demo'?",
    ]


def test_default_source_name() -> None:
    with pytest.raises(PlanError, match=r"^<plan>:25:19 strategy\.stages\[0\]\.conversion: "):
        loads(broken("conversion: 40%", "conversion: 1.4"))


def test_load_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(broken("conversion: 40%", "conversion: 1.4"), encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        load(path)
    assert str(caught.value) == (
        f"{path}:25:19 strategy.stages[0].conversion: 1.4 is not a rate — write 40% or 0.4"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "file not found"),
        (b"name: \xff\xfe\n", "not UTF-8 text (byte 6) — save the plan as UTF-8"),
    ],
)
def test_unreadable_file(tmp_path: Path, content: bytes | None, expected: str) -> None:
    path = tmp_path / "plan.yaml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(PlanError) as caught:
        load(path)
    assert str(caught.value) == f"{path}: {expected}"


def test_impossible_date_is_a_plan_error() -> None:
    text = broken("start: 2027-01-01", "start: 2027-02-30")
    with pytest.raises(PlanError, match=r"^plan\.yaml:4:\d+ "):
        loads(text, source="plan.yaml")
