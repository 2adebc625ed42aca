"""The report's charts: every template's charts render offline, read in order, and keep user text as data.

The specs are plain dicts (no chart library at run time); Altair stays a test-only
dependency here, for its copy of the Vega-Lite JSON schema that every spec must follow.
Rendering is the slow part: every template's specs are built and checked, and the
English templates and two Indonesian ones are also rendered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import make_plan
from salesplan.engine import build
from salesplan.engine.results import PlanBuild
from salesplan.engine.sensitivity import Outcome, Sensitivity, compare_scenarios, sensitivity
from salesplan.plan import SalesPlan, load, templates
from salesplan.reports import charts
from salesplan.reports.chart import Chart
from salesplan.reports.charts.scenarios import _input_label
from salesplan.reports.formatting import Formatter
from salesplan.reports.i18n import Translator, translator

AS_OF = dt.date(2026, 11, 1)
TEMPLATES = sorted(Path(templates.__file__).parent.glob("*/*.yaml"))
RENDERED = {"en/30-60-90", "en/agency", "en/quarter", "en/referral-club", "en/saas-inbound"}
RENDERED |= {"id/quarter", "id/referral-club"}  # Indonesian numbers and dates; post-sale stages
HOSTILE = "</script><img onerror=alert(1)>"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def words_for(language: str) -> Translator:
    try:
        return translator(language)
    except LookupError:  # no catalog yet: English source strings
        return Translator(language, {})


def formatter(plan: SalesPlan) -> Formatter:
    return Formatter(plan.effective_locale, plan.currency)


@dataclass
class Built:
    plan: SalesPlan
    result: PlanBuild
    t: Translator
    fmt: Formatter
    charts: list[Chart]
    key: str = ""
    rendered: bool = True
    rebuild: Callable[[], list[Chart]] | None = None  # builds the same charts again
    svgs: dict[str, str] = dataclasses.field(default_factory=dict)

    def chart(self, chart_id: str) -> Chart:
        return next(chart for chart in self.charts if chart.id == chart_id)

    def svg(self, chart_id: str) -> str:
        """The chart as SVG, rendered once per module (rendering is the slow part)."""
        if chart_id not in self.svgs:
            self.svgs[chart_id] = self.chart(chart_id).to_svg()
        return self.svgs[chart_id]


def chart_set(plan: SalesPlan, as_of: dt.date | None = None, *, analyses: bool = True) -> Built:
    """Every chart of *plan*; without *analyses*, no scenario and no sensitivity chart."""
    result = build(plan, as_of=AS_OF)
    t, fmt = words_for(plan.language), formatter(plan)
    scenarios = compare_scenarios(plan, as_of=AS_OF) if analyses else None
    ranked = sensitivity(plan, as_of=AS_OF) if analyses else None

    def made() -> list[Chart]:
        return charts.all_charts(
            plan, result, t=t, fmt=fmt, as_of=as_of, scenarios=scenarios, sensitivity=ranked
        )

    return Built(plan, result, t, fmt, made(), rebuild=made)


def template_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.fixture(scope="module", params=TEMPLATES, ids=template_id)
def template(request: pytest.FixtureRequest) -> Built:
    path: Path = request.param
    built = chart_set(load(path), as_of=AS_OF)
    rendered = sorted(RENDERED)
    built.rendered = template_id(path) in RENDERED
    built.key = str(rendered.index(template_id(path))) if built.rendered else ""
    return built


def svg_texts(svg: str) -> list[str]:
    """The text of every ``<text>`` element, in document order (still XML-escaped)."""
    return [
        re.sub(r"<[^>]+>", "", inner)
        for inner in re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    ]


def svg_height(svg: str) -> float:
    match = re.search(r'<svg[^>]*\bheight="([\d.]+)"', svg)
    assert match, svg[:200]
    return float(match.group(1))


def walk(node: Any) -> Iterator[Any]:
    """Every dict and list inside a spec."""
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def y_domain(spec: dict[str, Any]) -> list[str]:
    """The row order of a bar chart: the explicit domain of its ``row`` axis."""
    for node in walk(spec):
        if isinstance(node, dict) and node.get("field") == "row" and "scale" in node:
            domain: list[str] = node["scale"]["domain"]
            return domain
    raise AssertionError("no row axis")


# ── every template ──────────────────────────────────────────────────────────


def test_every_chart_of_every_template_renders(template: Built) -> None:
    ids = [chart.id for chart in template.charts]
    assert ids == [chart_id for chart_id in charts.CHART_IDS if chart_id in ids]
    expected = {"funnel", "activities", "capacity", "process", "gantt", "scenarios", "tornado"}
    assert expected <= set(ids)
    assert ("hiring" in ids) == bool(template.result.hiring)
    for chart in template.charts:
        assert chart.language == template.plan.language
        assert chart.title
    if not template.rendered:
        return
    # every chart to SVG, and each kind of chart to PNG in one of the rendered templates
    as_png = set(charts.CHART_IDS[int(template.key) :: len(RENDERED)])
    for chart in template.charts:
        assert template.svg(chart.id).lstrip().startswith("<svg"), chart.id
        if chart.id in as_png:
            assert chart.to_png(scale=1).startswith(PNG_MAGIC), chart.id


def test_every_kind_of_chart_goes_through_png() -> None:
    keys = range(len(RENDERED))
    assert {i for k in keys for i in charts.CHART_IDS[k :: len(RENDERED)]} == set(charts.CHART_IDS)


def test_specs_carry_their_data_and_fetch_nothing(template: Built) -> None:
    for chart in template.charts:
        text = json.dumps(chart.spec, ensure_ascii=False)
        assert "http" not in text, chart.id
        assert not any(isinstance(node, dict) and "url" in node for node in walk(chart.spec))
        assert chart.spec["datasets"], chart.id
        assert chart.spec["config"]["font"].startswith("DejaVu Sans")


def test_specs_are_the_same_each_time(template: Built) -> None:
    assert template.rebuild is not None
    again = template.rebuild()
    assert [json.dumps(c.spec) for c in again] == [json.dumps(c.spec) for c in template.charts]


def test_funnel_shows_the_stages_in_plan_order(template: Built) -> None:
    names = [stage.name for stage in template.plan.strategy.stages if not stage.post_sale]
    chart = template.chart("funnel")
    assert y_domain(chart.spec) == [*names, template.t.gettext("Won")]
    if not template.rendered:
        return
    texts = svg_texts(template.svg("funnel"))
    positions = [texts.index(html.escape(name, quote=False)) for name in names]
    assert positions == sorted(positions)
    assert template.fmt.integer(template.result.deals_required) in texts


def test_gantt_names_every_owner(template: Built) -> None:
    rows = [row for data in template.chart("gantt").spec["datasets"].values() for row in data]
    owners = {row.get("owner") for row in rows}
    svg = template.svg("gantt") if template.rendered else ""
    for item in template.plan.action_plan.items:
        owner = item.owner or template.t.gettext("No owner")
        assert owner in owners
        if template.rendered:
            assert html.escape(owner, quote=False) in svg


def test_numbers_follow_the_plan_locale(template: Built) -> None:
    locale = template.charts[0].spec["config"]["locale"]
    expected = (",", ".") if template.plan.language == "id" else (".", ",")
    assert (locale["number"]["decimal"], locale["number"]["thousands"]) == expected
    top = max(template.result.activities.values(), key=lambda a: a.per_working_day)
    shown = template.fmt.number(top.per_working_day, 1)
    assert shown in json.dumps(template.chart("activities").spec["datasets"], ensure_ascii=False)
    if template.rendered:
        assert shown in template.svg("activities")


# ── single charts ───────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def quarter() -> Built:
    return chart_set(load(next(p for p in TEMPLATES if p.match("en/quarter.yaml"))))


def test_funnel_order_is_not_alphabetical() -> None:
    def reorder(data: dict[str, Any]) -> None:
        stages = data["strategy"]["stages"]
        stages[0]["name"], stages[2]["name"] = "Zulu first", "Alpha last"

    plan = make_plan(reorder)
    result = build(plan, as_of=AS_OF)
    chart = charts.funnel_chart(result, words_for("en"), formatter(plan))
    assert chart is not None
    assert y_domain(chart.spec) == ["Zulu first", "Demo", "Alpha last", "Won"]
    texts = svg_texts(chart.to_svg())
    assert texts.index("Zulu first") < texts.index("Demo") < texts.index("Alpha last")


def test_post_sale_stages_stay_out_of_the_funnel() -> None:
    plan = load(next(p for p in TEMPLATES if p.match("en/referral-club.yaml")))
    result = build(plan, as_of=AS_OF)
    chart = charts.funnel_chart(result, words_for("en"), formatter(plan))
    assert chart is not None
    post_sale = [stage.name for stage in plan.strategy.stages if stage.post_sale]
    assert post_sale
    assert not set(post_sale) & set(y_domain(chart.spec))
    process = charts.process_chart(plan, result, words_for("en"), formatter(plan))
    assert process is not None
    texts = svg_texts(process.to_svg())
    assert texts.index("Won") < texts.index(post_sale[0])


def test_today_line_only_inside_the_dates(quarter: Built) -> None:
    plan, t, fmt = quarter.plan, quarter.t, quarter.fmt
    inside = dt.date(2027, 1, 20)
    label = t.say("Today, {date}", date=fmt.short_date(inside))
    chart = charts.gantt_chart(plan, t, fmt, as_of=inside)
    assert chart is not None
    assert html.escape(label, quote=False) in svg_texts(chart.to_svg())
    for as_of in (None, dt.date(2030, 1, 1)):
        outside = charts.gantt_chart(plan, t, fmt, as_of=as_of)
        assert outside is not None
        assert "Today" not in json.dumps(outside.spec)


def status_plan() -> SalesPlan:
    """Four items: two with one title, one done, one cancelled, a milestone with two dependencies."""

    def items(data: dict[str, Any]) -> None:
        data["action_plan"] = {
            "items": [
                {
                    "id": "b",
                    "title": "Second",
                    "owner": "Ana",
                    "start": dt.date(2027, 1, 4),
                    "duration": "3w",
                },
                {
                    "id": "a",
                    "title": "First",
                    "owner": "Ana",
                    "start": dt.date(2027, 1, 11),
                    "end": dt.date(2027, 2, 5),
                    "status": "done",
                },
                {
                    "id": "m",
                    "title": "Milestone",
                    "owner": "",
                    "kind": "milestone",
                    "start": dt.date(2027, 2, 8),
                    "depends_on": ["a", "b"],
                },
                {
                    "id": "c",
                    "title": "Second",
                    "owner": "Budi",
                    "start": dt.date(2027, 2, 1),
                    "duration": "1m",
                    "status": "cancelled",
                },
            ]
        }

    return make_plan(items)


def test_gantt_keeps_plan_order_and_marks_status() -> None:
    plan = status_plan()
    t, fmt = words_for("en"), formatter(plan)
    chart = charts.gantt_chart(plan, t, fmt)
    assert chart is not None
    domain = y_domain(chart.spec)
    assert [row.replace("\u200b", "") for row in domain] == [
        "Second",
        "First",
        "Milestone",
        "Second",
    ]
    assert len(set(domain)) == 4  # same title, two rows: overlaps stay visible
    rows = [row for data in chart.spec["datasets"].values() for row in data if "opacity" in row]
    opacity = {row["title"] + row["owner"]: row["opacity"] for row in rows}
    assert opacity["FirstAna"] < opacity["SecondAna"]
    assert opacity["SecondBudi"] < opacity["FirstAna"]
    links = [row for data in chart.spec["datasets"].values() for row in data if "link" in row]
    assert len({row["link"] for row in links}) == 2  # one line per dependency
    svg = chart.to_svg()
    assert "No owner" in svg
    assert "Ana · Done" in svg


def sensitivity_item(name: str, low: int, high: int, activities: float = 100.0) -> Sensitivity:
    base = Outcome(deals=10, activities=activities, headcount=5)
    return Sensitivity(
        name,
        1.0,
        Outcome(10, activities - low, low),
        base,
        Outcome(10, activities + high, high),
    )


def test_tornado_puts_the_largest_swing_on_top(quarter: Built) -> None:
    ranked = sensitivity(quarter.plan, as_of=AS_OF)
    chart = charts.tornado_chart(ranked, quarter.t, quarter.fmt, limit=5)
    assert chart is not None
    rows = y_domain(chart.spec)
    swings = {_input_label(item.input): item.swing[0] for item in ranked}
    assert 0 < len(rows) <= 5
    assert [swings[row] for row in rows] == sorted((swings[row] for row in rows), reverse=True)
    assert swings[rows[0]] == max(swings.values())
    chart.to_svg()

    items = [
        sensitivity_item("small", 5, 6),
        sensitivity_item("big", 2, 9),
        sensitivity_item("none", 5, 5),
    ]
    made = charts.tornado_chart(items, quarter.t, quarter.fmt)
    assert made is not None
    assert y_domain(made.spec) == ["big", "small"]  # what moves nothing is left out


def test_tornado_falls_back_to_activities(quarter: Built) -> None:
    still = [
        Sensitivity("a", 1.0, Outcome(10, 90.0, 5), Outcome(10, 100.0, 5), Outcome(10, 105.0, 5)),
        Sensitivity("b", 1.0, Outcome(10, 70.0, 5), Outcome(10, 100.0, 5), Outcome(10, 130.0, 5)),
    ]
    chart = charts.tornado_chart(still, quarter.t, quarter.fmt)
    assert chart is not None
    assert y_domain(chart.spec) == ["b", "a"]
    assert "Activities" in json.dumps(chart.spec)
    nothing = [Sensitivity("a", 1.0, Outcome(1, 1.0, 1), Outcome(1, 1.0, 1), Outcome(1, 1.0, 1))]
    assert charts.tornado_chart(nothing, quarter.t, quarter.fmt) is None


def test_nothing_to_draw_gives_no_chart(quarter: Built) -> None:
    plan, result, t, fmt = quarter.plan, quarter.result, quarter.t, quarter.fmt
    empty = plan.model_copy(
        update={"action_plan": plan.action_plan.model_copy(update={"items": []})}
    )
    assert charts.gantt_chart(empty, t, fmt) is None
    assert charts.scenario_chart([], t, fmt) is None
    assert charts.scenario_chart([("base", result)], t, fmt) is None
    assert charts.tornado_chart([], t, fmt) is None
    no_hires = dataclasses.replace(result, hiring=[])
    assert charts.hiring_chart(no_hires, t, fmt) is None
    made = charts.all_charts(empty, no_hires, t=t, fmt=fmt)
    assert [chart.id for chart in made] == ["funnel", "activities", "capacity", "process"]


def test_scenarios_side_by_side(quarter: Built) -> None:
    builds = list(compare_scenarios(quarter.plan, as_of=AS_OF).items())
    chart = charts.scenario_chart(builds, quarter.t, quarter.fmt)
    assert chart is not None
    texts = svg_texts(chart.to_svg())
    for name, result in builds:
        assert name in texts
        assert quarter.fmt.money_short(result.budget.total) in texts
    assert "Deals to win" in texts


# ── hostile and large plans ─────────────────────────────────────────────────


def hostile_plan() -> SalesPlan:
    def tweak(data: dict[str, Any]) -> None:
        data["strategy"]["stages"][0]["name"] = HOSTILE
        data["goals"]["activities"]["email"]["name"] = HOSTILE
        data["team"]["people"].append({"name": HOSTILE, "role": "SDR"})
        data["action_plan"] = {
            "items": [
                {
                    "id": "x",
                    "title": HOSTILE,
                    "owner": HOSTILE,
                    "start": dt.date(2027, 1, 4),
                    "duration": "2w",
                },
            ]
        }

    return make_plan(tweak)


def test_hostile_text_stays_data() -> None:
    plan = hostile_plan()
    made = chart_set(plan, as_of=dt.date(2027, 1, 10))
    assert {"funnel", "activities", "process", "gantt"} <= {chart.id for chart in made.charts}
    escaped = html.escape(HOSTILE, quote=False)
    for chart in made.charts:
        svg = chart.to_svg()
        for raw in ("<img", "<script", "</script"):
            assert raw not in svg, chart.id
        serialised = chart.spec_json()
        assert "</script>" not in serialised, chart.id
        assert "<" not in serialised, chart.id
        if chart.id in {"funnel", "gantt"}:
            assert escaped[:12] in svg, chart.id  # drawn as text (cut by the label limit)
        if chart.id in {"funnel", "activities", "process", "gantt"}:
            values = [row for data in chart.spec["datasets"].values() for row in data]
            assert any(HOSTILE in row.values() for row in values), chart.id
        # user text never reaches an expression
        for node in walk(chart.spec):
            if isinstance(node, dict):
                for key in ("expr", "filter", "calculate", "labelExpr", "test"):
                    assert HOSTILE not in json.dumps(node.get(key, "")), chart.id


def large_plan(count: int) -> SalesPlan:
    def tweak(data: dict[str, Any]) -> None:
        data["team"]["people"] += [{"name": f"Owner {k}", "role": "AE"} for k in range(12)]
        data["strategy"]["stages"] = [
            {
                "id": f"stage_{i}",
                "name": f"Stage {i} with a rather long descriptive name that must be cut",
                "owner": "SDR" if i < count // 2 else "AE",
                "conversion": "97%",
                "activities": {"email": 1} if i < count // 2 else {"demo": 0.1},
            }
            for i in range(count)
        ]
        data["action_plan"] = {
            "items": [
                {
                    "id": f"item_{i}",
                    "title": f"Action item number {i} of the plan, written at length",
                    "owner": f"Owner {i % 12}",
                    "start": dt.date(2027, 1, 1) + dt.timedelta(days=2 * i),
                    "duration": f"{1 + i % 5}w",
                    "depends_on": [f"item_{i - 1}"] if i % 7 else [],
                }
                for i in range(count)
            ]
        }

    return make_plan(tweak)


@pytest.fixture(scope="module")
def large() -> dict[int, Built]:
    """The large plan with 3 and with 60 stages and items (no scenarios, no sensitivity)."""
    return {size: chart_set(large_plan(size), analyses=False) for size in (3, 60)}


def test_sixty_stages_and_items_grow_the_charts(large: dict[int, Built]) -> None:
    small, big = large[3], large[60]
    for chart_id in ("funnel", "process", "gantt"):
        assert big.chart(chart_id).spec["height"] > 3 * small.chart(chart_id).spec["height"]
    assert len(y_domain(big.chart("funnel").spec)) == 61
    assert big.chart("funnel").spec["height"] >= 61 * 22
    assert len(y_domain(big.chart("gantt").spec)) == 60
    # the rows are drawn: the rendered charts are as tall as their specs say
    for chart_id in ("funnel", "gantt"):
        assert svg_height(big.svg(chart_id)) > big.chart(chart_id).spec["height"], chart_id


# ── the Vega-Lite schema, and no chart library at run time ───────────────────


@pytest.fixture(scope="module")
def vega_lite() -> Any:
    """A validator for the Vega-Lite JSON schema, from Altair (a test-only dependency)."""
    pytest.importorskip("altair")
    jsonschema = pytest.importorskip("jsonschema")
    from altair.vegalite.v6.schema import core

    schema = core.load_schema()
    return jsonschema.validators.validator_for(schema)(schema)


def assert_valid(validator: Any, made: list[Chart | None]) -> None:
    for chart in made:
        assert chart is not None
        datasets = chart.spec["datasets"]
        # the schema takes any object as a row: one row per dataset checks as much as all
        assert all(isinstance(row, dict) for rows in datasets.values() for row in rows)
        spec = {**chart.spec, "datasets": {name: rows[:1] for name, rows in datasets.items()}}
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(spec)]
        assert not errors, (chart.id, errors[:3])


def test_specs_follow_the_vega_lite_schema(template: Built, vega_lite: Any) -> None:
    assert_valid(vega_lite, list(template.charts))


def test_unusual_specs_follow_the_vega_lite_schema(
    quarter: Built, large: dict[int, Built], vega_lite: Any
) -> None:
    t, fmt = quarter.t, quarter.fmt
    made: list[Chart | None] = [
        charts.gantt_chart(quarter.plan, t, fmt, as_of=dt.date(2027, 1, 20)),  # today line
        charts.gantt_chart(status_plan(), t, fmt, as_of=dt.date(2027, 2, 1)),
        charts.tornado_chart(
            [sensitivity_item("small", 5, 6), sensitivity_item("big", 2, 9)], t, fmt
        ),
        charts.tornado_chart(  # activities as the measure; no label on the left
            [Sensitivity("a", 1.0, *(Outcome(10, n, 5) for n in (100.0, 100.0, 130.0)))], t, fmt
        ),
    ]
    made += chart_set(hostile_plan(), as_of=dt.date(2027, 1, 10), analyses=False).charts
    made += large[3].charts + large[60].charts
    assert_valid(vega_lite, made)


BUILD_WITHOUT_ALTAIR = """
import datetime as dt
import sys

import salesplan.reports.content
from salesplan.engine.build import build
from salesplan.engine.sensitivity import compare_scenarios, sensitivity
from salesplan.plan import load
from salesplan.reports import charts
from salesplan.reports.formatting import Formatter
from salesplan.reports.i18n import translator

plan = load(sys.argv[1])
as_of = dt.date(2026, 11, 1)
made = charts.all_charts(
    plan,
    build(plan, as_of=as_of),
    t=translator(plan.language),
    fmt=Formatter(plan.effective_locale, plan.currency),
    as_of=dt.date(2027, 1, 20),
    scenarios=compare_scenarios(plan, as_of),
    sensitivity=sensitivity(plan, None, as_of),
)
assert [chart.id for chart in made] == list(charts.CHART_IDS), [chart.id for chart in made]
loaded = {name.partition(".")[0] for name in sys.modules} & {"altair", "jsonschema"}
assert not loaded, loaded
"""


def test_building_charts_imports_no_chart_library() -> None:
    """Altair costs ~0.3 s to import: the specs are plain dicts, the library is for tests only."""
    quarter = next(p for p in TEMPLATES if p.match("en/quarter.yaml"))
    run = subprocess.run(
        [sys.executable, "-c", BUILD_WITHOUT_ALTAIR, str(quarter)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
