"""The ``scenarios`` and ``tornado`` charts: scenarios side by side, and what moves the plan most."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from salesplan.reports.chart import Chart
from salesplan.reports.charts.spec import (
    _BLUE,
    _INK,
    _MUTED,
    _ORANGE,
    _ROW,
    Row,
    Spec,
    _bar,
    _Datasets,
    _encoding_field,
    _faceted,
    _finish,
    _height,
    _layer,
    _layered,
    _legend,
    _mark,
    _rows,
    _rows_axis,
    _slack,
    _text_mark,
    _tip,
)

if TYPE_CHECKING:
    from salesplan.engine.results import PlanBuild
    from salesplan.engine.sensitivity import Sensitivity
    from salesplan.reports.formatting import Formatter
    from salesplan.reports.i18n import Translator


def scenario_chart(
    builds: Sequence[tuple[str, PlanBuild]], t: Translator, fmt: Formatter
) -> Chart | None:
    """``scenarios``: deals, headcount, budget and activities per day, one panel each."""
    if len(builds) < 2:
        return None
    data = _Datasets()
    names = _rows((name for name, _ in builds), 110)
    metrics = [
        t.gettext("Deals to win"),
        t.gettext("Headcount required"),
        t.gettext("Budget"),
        t.gettext("Activities per working day"),
    ]
    rows: list[Row] = []
    for name, (_, result) in zip(names, builds, strict=True):
        headcount = sum(role.required for role in result.headcount.values())
        per_day = sum(activity.per_working_day for activity in result.activities.values())
        values: list[tuple[float, str]] = [
            (result.deals_required, fmt.integer(result.deals_required)),
            (headcount, fmt.integer(headcount)),
            (result.budget.total, fmt.money_short(result.budget.total)),
            (per_day, fmt.number(per_day, 1)),
        ]
        for metric, (value, text) in zip(metrics, values, strict=True):
            rows.append(
                {
                    "metric": metric,
                    "scenario": name,
                    "value": value,
                    "room": value * 1.4,  # an invisible point: room for the label
                    "text": text,
                }
            )
    y = _rows_axis("scenario", names, 110)
    tooltip = [
        _tip("scenario", t.gettext("Scenario")),
        _tip("metric", t.gettext("Measure")),
        _tip("text", t.gettext("Value")),
    ]
    bars = _layer(
        _mark("bar", cornerRadiusEnd=2),
        y=y,
        x=_encoding_field("value:Q", axis=None, scale={"zero": True, "nice": False}),
        color=_encoding_field("scenario:N", scale={"domain": names}, legend=None),
        tooltip=tooltip,
    )
    texts = _layer(
        _text_mark(align="left", dx=4),
        y=y,
        x=_encoding_field("value:Q"),
        text=_encoding_field("text:N"),
        tooltip=tooltip,
    )
    room = _layer(_mark("point", opacity=0), y=y, x=_encoding_field("room:Q"))
    chart = _faceted(
        _layered(bars, texts, room, width=170, height=max(48, _ROW * len(names))),
        _encoding_field(
            "metric:N",
            sort=metrics,
            title=None,
            header={"labelAnchor": "start", "labelLimit": _slack(280)},
        ),
        data=data(rows),
        columns=2,
        spacing={"row": 18, "column": 24},
        resolve={"scale": {"x": "independent"}},
    )
    return _finish(
        chart,
        "scenarios",
        t.gettext("Scenarios compared"),
        t,
        fmt,
        data,
        t.gettext("Key outputs of each scenario; each panel has its own scale"),
    )


# ── Sensitivity (tornado) ───────────────────────────────────────────────────

_IMPLIED_PREFIXES = ("strategy.stages.", "team.roles.", "goals.activities.", "goals.")


def _input_label(path: str) -> str:
    """An input's override path without the prefix its shape already tells.

    >>> _input_label("strategy.stages.demo.conversion"), _input_label("goals.revenue_goal")
    ('demo.conversion', 'revenue_goal')
    """
    for prefix in _IMPLIED_PREFIXES:
        if path.startswith(prefix) and len(path) > len(prefix):
            return path[len(prefix) :]
    return path


def tornado_chart(
    items: Sequence[Sensitivity], t: Translator, fmt: Formatter, limit: int = 10
) -> Chart | None:
    """``tornado``: the *limit* inputs that move total headcount most, largest swing on top.

    When no input moves the headcount (whole people absorb ±10%), the activities
    are the measure. Inputs that move nothing are left out; ``None`` if none moves.
    """
    if not items or limit < 1:
        return None
    by_headcount = any(item.high.headcount != item.low.headcount for item in items)

    def outcome(item: Sensitivity, which: str) -> float:
        point = getattr(item, which)
        return float(point.headcount if by_headcount else point.activities)

    def swing(item: Sensitivity) -> float:
        return abs(outcome(item, "high") - outcome(item, "low"))

    moving = [item for item in items if swing(item) > 0]
    if not moving:
        return None
    data = _Datasets()
    ranked = sorted(moving, key=swing, reverse=True)[:limit]  # stable: ties keep their order
    labels = _rows((_input_label(item.input) for item in ranked), 250)
    lowered = t.gettext("Input lowered")
    raised = t.gettext("Input raised")

    def show(value: float) -> str:
        return fmt.integer(value)

    bars: list[Row] = []
    lefts: list[Row] = []
    rights: list[Row] = []
    base_value = outcome(ranked[0], "base")
    for label, item in zip(labels, ranked, strict=True):
        base, low, high = (outcome(item, which) for which in ("base", "low", "high"))
        common = {
            "row": label,
            "input": item.input,
            "value_text": fmt.number(item.value),
            "low_text": show(low),
            "high_text": show(high),
            "base_text": show(base),
        }
        bars.append({**common, "side": lowered, "from": base, "to": low})
        bars.append({**common, "side": raised, "from": base, "to": high})
        smaller, larger = min(low, high), max(low, high)
        if smaller < base:
            lefts.append({**common, "at": smaller, "text": show(smaller)})
        if larger > base:
            rights.append({**common, "at": larger, "text": show(larger)})
    everything = [base_value, *(row["to"] for row in bars)]
    low_end, high_end = min(everything), max(everything)
    pad = max((high_end - low_end) * 0.2, 0.5)
    x_scale = {"domain": [low_end - pad, high_end + pad], "nice": False, "zero": False}
    measure = t.gettext("Headcount required") if by_headcount else t.gettext("Activities")
    y = _rows_axis("row", labels, 250)
    at = _encoding_field("at:Q", scale=x_scale)
    tooltip = [
        _tip("input", t.gettext("Input")),
        _tip("value_text", t.gettext("Value")),
        _tip("low_text", lowered),
        _tip("high_text", raised),
        _tip("base_text", t.gettext("Base")),
    ]
    layers: list[Spec] = [
        _layer(
            _mark("bar", height=_bar(len(labels))),
            data(bars),
            y=y,
            x=_encoding_field(
                "from:Q",
                scale=x_scale,
                axis={
                    "title": measure,
                    "tickCount": 5,
                    "tickMinStep": 1 if by_headcount else 0,
                },
            ),
            x2=_encoding_field("to"),
            color=_encoding_field(
                "side:N",
                scale={"domain": [lowered, raised], "range": [_ORANGE, _BLUE]},
                legend=_legend(None),
            ),
            tooltip=tooltip,
        ),
        _layer(_mark("rule", color=_INK, strokeWidth=1), data([{"at": base_value}]), x=at),
    ]
    sides: list[tuple[list[Row], str, int]] = [(lefts, "right", -4), (rights, "left", 4)]
    for rows, align, dx in sides:
        if rows:
            layers.append(
                _layer(
                    _text_mark(align=align, dx=dx, color=_MUTED),
                    data(rows),
                    y=y,
                    x=at,
                    text=_encoding_field("text:N"),
                    tooltip=tooltip,
                )
            )
    chart = _layered(*layers, width=340, height=_height(len(labels)))
    subtitle = (
        t.say(
            "Headcount required when one input moves; the line is the plan: {base}",
            base=show(base_value),
        )
        if by_headcount
        else t.say(
            "Activities when one input moves; the line is the plan: {base}", base=show(base_value)
        )
    )
    return _finish(chart, "tornado", t.gettext("What moves the plan most"), t, fmt, data, subtitle)
