"""The ``forecast`` chart: how the period's revenue is distributed, against the goal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from salesplan.reports.chart import Chart
from salesplan.reports.charts.spec import (
    Row,
    _Datasets,
    _encoding_field,
    _finish,
    _layer,
    _layered,
    _mark,
    _text_mark,
    _value,
)

if TYPE_CHECKING:
    from salesplan.engine.forecast import ForecastResult
    from salesplan.reports.formatting import Formatter
    from salesplan.reports.i18n import Translator

_BAR = "#4c78a8"
_HIT = "#54a24b"
_GOAL = "#222222"


def forecast_chart(
    result: ForecastResult, goal: float, t: Translator, fmt: Formatter
) -> Chart | None:
    """``forecast``: a histogram of simulated revenue, green at or above the goal, with the goal line."""
    if not result.histogram or result.trials == 0:
        return None
    data = _Datasets()
    bins: list[Row] = [
        {
            "from": low,
            "to": high,
            "share": count / result.trials,
            "hit": t.gettext("Goal reached") if low >= goal else t.gettext("Below the goal"),
            "range": f"{fmt.money_short(low)} – {fmt.money_short(high)}",
            "trials": fmt.percent(count / result.trials),
        }
        for low, high, count in result.histogram
    ]
    goal_row: list[Row] = [{"goal": goal, "text": t.say("Goal {goal}", goal=fmt.money_short(goal))}]
    x = _encoding_field("from:Q", title=t.gettext("Revenue in the period"), axis={"format": "~s"})
    bars = _layer(
        _mark("rect", stroke="white", strokeWidth=0.5),
        data(bins),
        x=x,
        x2=_encoding_field("to"),
        y=_encoding_field(
            "share:Q",
            title=t.gettext("Share of trials"),
            axis={"format": "%"},
            scale={"zero": True},
        ),
        y2={"datum": 0},
        color=_encoding_field(
            "hit:N",
            scale={
                "domain": [t.gettext("Below the goal"), t.gettext("Goal reached")],
                "range": [_BAR, _HIT],
            },
            legend={"title": None, "orient": "top"},
        ),
        tooltip=[
            _encoding_field("range:N", title=t.gettext("Revenue")),
            _encoding_field("trials:N", title=t.gettext("Trials")),
        ],
    )
    rule = _layer(
        _mark("rule", strokeWidth=2),
        data(goal_row),
        x=_encoding_field("goal:Q"),
        color=_value(_GOAL),
    )
    label = _layer(
        _text_mark(align="left", dx=4, dy=-4, baseline="bottom", fontWeight="bold"),
        data(goal_row),
        x=_encoding_field("goal:Q"),
        y=_value(0),
        text=_encoding_field("text:N"),
        color=_value(_GOAL),
    )
    subtitle = t.say(
        "P(revenue ≥ goal) = {probability}; P10 {p10}, P50 {p50}, P90 {p90}",
        probability=fmt.percent(result.probability),
        p10=fmt.money_short(result.revenue_p10),
        p50=fmt.money_short(result.revenue_p50),
        p90=fmt.money_short(result.revenue_p90),
    )
    body = _layered(bars, rule, label, width=600, height=240)
    return _finish(body, "forecast", t.gettext("Revenue forecast"), t, fmt, data, subtitle)
