"""The document tree: every section in the plan's order, the engine's figures, structure snapshots.

Snapshots record structure, not pixels: headings, table captions and columns,
figure ids. Refresh them after an intended change with
``SALESPLAN_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_report_content.py``
and review the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

import pytest

from conftest import make_plan
from report_support import (
    AS_OF,
    LANGUAGES,
    ROOT,
    TEMPLATES,
    large_plan,
    template_document,
)
from salesplan.engine import build
from salesplan.reports.document import (
    BulletList,
    Callout,
    Cards,
    Figure,
    KeyFigures,
    Paragraph,
    Report,
    Section,
    Table,
)
from salesplan.reports.writers import make_report

SNAPSHOTS = ROOT / "tests" / "snapshots" / "reports"
ORDER = [
    "summary",
    "mission",
    "goals",
    "team",
    "audience",
    "strategy",
    "action-plan",
    "measurement",
    "scenarios",
    "appendix",
]


def structure(report: Report) -> list[dict[str, Any]]:
    def block(item: object) -> object:
        if isinstance(item, Table):
            return {"table": item.caption, "columns": item.columns}
        if isinstance(item, Figure):
            return {"figure": item.chart.id}
        if isinstance(item, Cards):
            return {"cards": len(item.cards)}
        if isinstance(item, KeyFigures):
            return {"key_figures": [f.label for f in item.figures]}
        if isinstance(item, BulletList):
            return {"list": item.title}
        if isinstance(item, Callout):
            return "callout"
        assert isinstance(item, Paragraph)
        return "paragraph"

    def section(item: Section) -> dict[str, Any]:
        return {
            "heading": item.heading,
            "blocks": [block(b) for b in item.blocks],
            "subsections": [section(s) for s in item.subsections],
        }

    return [section(s) for s in report.sections]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", TEMPLATES)
def test_structure_matches_snapshot(template: str, language: str) -> None:
    report = template_document(language, template).report
    assert [s.id for s in report.sections] == ORDER
    found = structure(report)
    path = SNAPSHOTS / f"{language}-{template}.json"
    if os.environ.get("SALESPLAN_UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(json.dumps(found, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert found == json.loads(path.read_text(encoding="utf-8"))


def test_every_template_has_every_chart_and_numbered_sections() -> None:
    report = template_document("en", "quarter").report
    charts = [figure.chart.id for figure in report.figures()]
    for chart in [
        "funnel",
        "activities",
        "hiring",
        "capacity",
        "process",
        "gantt",
        "scenarios",
        "tornado",
    ]:
        assert chart in charts
    numbered = [s.number for s in report.sections if s.number]
    assert numbered == ["1", "2", "3", "4", "5", "6", "7"]


def test_summary_carries_the_engine_figures() -> None:
    document = template_document("en", "quarter")
    result = document.inputs.result
    summary = document.report.sections[0]
    figures = next(b for b in summary.blocks if isinstance(b, KeyFigures)).figures
    values = {f.label: f.value for f in figures}
    assert values["Revenue goal"] == "$250,000"
    assert values["Deals to win"] == f"{result.deals_required:,}"
    now = sum(h.current for h in result.headcount.values())
    needed = sum(h.required for h in result.headcount.values())
    assert values["Team now → needed"] == f"{now} → {needed}"
    assert values["Budget"] == f"${round(result.budget.total):,}"


def test_indonesian_document_formats_money_and_dates_the_indonesian_way() -> None:
    report = template_document("id", "quarter").report
    figures = next(b for b in report.sections[0].blocks if isinstance(b, KeyFigures)).figures
    goal = next(f for f in figures if f.label == "Target pendapatan")
    assert goal.value.startswith("Rp ")
    assert "." in goal.value
    assert "," not in goal.value
    assert "31 Maret 2027" in report.subtitle


def test_reader_language_can_differ_from_the_plan_language() -> None:
    plan = template_document("en", "quarter").inputs.plan
    report = make_report(plan, as_of=AS_OF, language="id", with_sensitivity=False).report
    assert report.sections[0].title == "Ringkasan eksekutif"
    # the engine's sentences follow the reader too
    appendix = report.sections[-1]
    explained = next(b for b in appendix.subsections[0].blocks if isinstance(b, Table))
    assert any("dibutuhkan" in row[1] for row in explained.rows)


def test_empty_sections_say_so() -> None:
    report = make_report(make_plan(), as_of=AS_OF, with_sensitivity=False).report
    by_id = {s.id: s for s in report.sections}
    for empty in ["mission", "audience", "action-plan"]:
        texts = [b.text for b in by_id[empty].blocks if isinstance(b, Paragraph)]
        assert texts == ["This section of the plan is not written yet."], empty
    # no action items written, but the hires the plan needs are still scheduled and drawn
    gantt = [figure for figure in report.figures() if figure.chart.id == "gantt"]
    assert len(gantt) == 1
    assert gantt[0].caption.startswith("With the hiring steps")


def test_appendix_says_where_each_assumption_came_from() -> None:
    def tweak(data: dict[str, Any]) -> None:
        data["calibration"] = {
            "workspace": "crm-2026",
            "calibrated_on": dt.date(2026, 10, 30),
            "since": dt.date(2025, 1, 1),
            "until": dt.date(2026, 9, 30),
            "values": {
                "strategy.stages.demo.conversion": {
                    "value": 0.5,
                    "n": 412,
                    "metric": "demo → proposal",
                }
            },
        }

    report = make_report(make_plan(tweak), as_of=AS_OF, with_sensitivity=False).report
    appendix = report.sections[-1]
    assumptions = next(s for s in appendix.subsections if s.id == "assumptions")
    table = assumptions.blocks[0]
    assert isinstance(table, Table)
    rows = {row[0]: row for row in table.rows}
    assert rows["strategy.stages.demo.conversion"][2] == (
        "Calibrated from crm-2026 on Oct 30, 2026: demo → proposal, n = 412 (Jan 1, 2025 – Sep 30, 2026)"
    )
    assert rows["goals.revenue_goal"][2] == "Typed in the plan"


def test_every_explanation_and_warning_is_in_the_appendix() -> None:
    document = template_document("en", "saas-inbound")
    result = document.inputs.result
    appendix = document.report.sections[-1]
    explained = next(b for b in appendix.subsections[0].blocks if isinstance(b, Table))
    assert [row[0] for row in explained.rows] == list(result.explanations)
    warnings = [b.text for b in appendix.subsections[2].blocks if isinstance(b, Callout)]
    assert warnings == [w.message for w in result.warnings]


def test_large_plans_keep_every_row() -> None:
    plan = large_plan()
    result = build(plan, as_of=AS_OF)
    report = make_report(plan, as_of=AS_OF, with_sensitivity=False).report
    team = next(s for s in report.sections if s.id == "team")
    team_table = next(b for b in team.blocks if isinstance(b, Table))
    assert len(team_table.rows) == len(result.headcount) == 55
    action = next(s for s in report.sections if s.id == "action-plan")
    items = next(b for b in action.blocks if isinstance(b, Table))
    assert len(items.rows) == 55


def test_a_reader_in_another_language_gets_its_numbers_and_dates() -> None:
    plan = template_document("en", "saas-inbound").inputs.plan
    assert plan.locale == "en_US"
    report = make_report(plan, as_of=AS_OF, language="id", with_sensitivity=False).report
    assert "1 April 2027" in report.subtitle
    figures = next(b for b in report.sections[0].blocks if isinstance(b, KeyFigures)).figures
    assert figures[0].value == "US$600.000"
