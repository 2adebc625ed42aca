"""The charts of a plan document, as Vega-Lite specs built from plain dicts.

Each builder returns a :class:`~salesplan.reports.chart.Chart` (or ``None``
when there is nothing to draw). Specs carry their data inline and their own
number and date locale (``config.locale``), so they render offline in
vl-convert and in the HTML report alike.

The specs are JSON and are written as such, with a few small helpers for the
recurring pieces (:func:`_encoding_field`, :func:`_layer`, :func:`_mark` …).
No chart library is imported at run time: Altair took ~0.3 s to import and
~0.2 s per document to copy and convert the specs. The tests check every spec
against the Vega-Lite JSON schema instead. The pieces of a spec may be shared
(one axis dict in several layers): a spec is read, never changed in place.

Rules every builder keeps:

* every title, axis, legend and generated label is translated (``t``) and its
  numbers are formatted for the plan's locale (``fmt``);
* user text (stage names, item titles, owners) is only ever data values, never
  part of an expression, so it cannot change the chart;
* long names are cut with an ellipsis (here, by estimated width, with Vega's
  ``limit`` as a safety net) and shown whole in the tooltip; the height grows
  with the number of rows; widths stay near 640 px (an A4 or Letter text column);
* one look for all (:func:`_config`): DejaVu Sans, a muted palette, no frame.

The shared helpers and the look are in :mod:`~salesplan.reports.charts.spec`;
each chart has its module (``funnel``, ``activities``, ``capacity``,
``hiring``, ``process``, ``gantt``, and ``scenarios`` for the scenario and
tornado charts). This module names the charts and builds them all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from salesplan.reports.charts.activities import activity_chart
from salesplan.reports.charts.capacity import capacity_chart
from salesplan.reports.charts.funnel import funnel_chart
from salesplan.reports.charts.gantt import gantt_chart
from salesplan.reports.charts.hiring import hiring_chart
from salesplan.reports.charts.process import process_chart
from salesplan.reports.charts.scenarios import scenario_chart, tornado_chart

if TYPE_CHECKING:
    import datetime as dt

    from salesplan.engine.results import PlanBuild
    from salesplan.engine.sensitivity import Sensitivity
    from salesplan.plan.document import SalesPlan
    from salesplan.reports.chart import Chart
    from salesplan.reports.formatting import Formatter
    from salesplan.reports.i18n import Translator

__all__ = [
    "CHART_IDS",
    "activity_chart",
    "all_charts",
    "capacity_chart",
    "funnel_chart",
    "gantt_chart",
    "hiring_chart",
    "process_chart",
    "scenario_chart",
    "tornado_chart",
]

CHART_IDS: tuple[str, ...] = (
    "funnel",
    "activities",
    "capacity",
    "hiring",
    "process",
    "gantt",
    "scenarios",
    "tornado",
)
"""Chart ids in the order :func:`all_charts` returns them (the plan's section order)."""


def all_charts(
    plan: SalesPlan,
    result: PlanBuild,
    *,
    t: Translator,
    fmt: Formatter,
    as_of: dt.date | None = None,
    scenarios: Sequence[tuple[str, PlanBuild]] | Mapping[str, PlanBuild] | None = None,
    sensitivity: Sequence[Sensitivity] | None = None,
) -> list[Chart]:
    """Every chart there is something to draw for, in the order of :data:`CHART_IDS`.

    *scenarios* is ``compare_scenarios(...)`` (or its items) and *sensitivity*
    is ``sensitivity(...)``; without them those charts are left out.
    """
    if isinstance(scenarios, Mapping):
        scenarios = list(scenarios.items())
    charts = [
        funnel_chart(result, t, fmt),
        activity_chart(result, t, fmt),
        capacity_chart(result, t, fmt),
        hiring_chart(result, t, fmt),
        process_chart(plan, result, t, fmt),
        gantt_chart(plan, t, fmt, as_of=as_of),
        scenario_chart(scenarios, t, fmt) if scenarios else None,
        tornado_chart(sensitivity, t, fmt) if sensitivity else None,
    ]
    return [chart for chart in charts if chart is not None]
