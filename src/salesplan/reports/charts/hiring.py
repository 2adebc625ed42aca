"""The ``hiring`` chart: when each hire group is recruited and ramped."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from salesplan.reports.chart import Chart
from salesplan.reports.charts.spec import (
    _BLUE,
    _LABEL_LIMIT,
    _MUTED,
    _ORANGE,
    _RULE,
    Row,
    Spec,
    _bar,
    _Datasets,
    _datetime,
    _encoding_field,
    _finish,
    _fit,
    _height,
    _iso,
    _layer,
    _layered,
    _legend,
    _mark,
    _rows,
    _rows_axis,
    _slack,
    _text_mark,
    _tip,
    _value,
)

if TYPE_CHECKING:
    from salesplan.engine.results import PlanBuild
    from salesplan.reports.formatting import Formatter
    from salesplan.reports.i18n import Translator


def hiring_chart(result: PlanBuild, t: Translator, fmt: Formatter) -> Chart | None:
    """``hiring``: for each hire group, recruiting (hire by → start) then ramping (→ ramped)."""
    hires = result.hiring
    if not hires:
        return None
    data = _Datasets()
    reasons = {"growth": t.gettext("Growth"), "backfill": t.gettext("Backfill")}
    recruiting = t.gettext("Recruiting")
    ramping = t.gettext("Ramping")
    labels = _rows((f"{hire.role} · {reasons[hire.reason]}" for hire in hires), _LABEL_LIMIT)
    phases: list[Row] = []
    ends: list[Row] = []
    for label, hire in zip(labels, hires, strict=True):
        role = result.headcount.get(hire.role)
        count = t.ngettext("{count} hire", "{count} hires", hire.count).format(
            count=fmt.integer(hire.count)
        )
        common = {
            "row": label,
            "role": role.name if role is not None else hire.role,
            "count_text": count,
            "reason": reasons[hire.reason],
            "quarter": hire.quarter,
            "hire_by_text": fmt.short_date(hire.hire_by),
            "start_text": fmt.short_date(hire.start),
            "ramped_text": fmt.short_date(hire.ramped_by),
        }
        phases.append(
            {**common, "phase": recruiting, "from": _iso(hire.hire_by), "to": _iso(hire.start)}
        )
        phases.append(
            {**common, "phase": ramping, "from": _iso(hire.start), "to": _iso(hire.ramped_by)}
        )
        ramped = t.say("ramped by {date}", date=fmt.short_date(hire.ramped_by))
        ends.append(
            {**common, "at": _iso(hire.ramped_by), "text": _fit(f"{count} · {ramped}", 230)}
        )
    earliest = min([result.period_start, *(hire.hire_by for hire in hires)])
    latest = max([result.period_end, *(hire.ramped_by for hire in hires)])
    span = max((latest - earliest).days, 7)
    x_scale = {
        "type": "utc",
        "domain": [
            _datetime(earliest - dt.timedelta(days=round(span * 0.03))),
            _datetime(latest + dt.timedelta(days=round(span * 0.45))),
        ],
        "nice": False,
    }
    y = _rows_axis("row", labels)
    tooltip = [
        _tip("role", t.gettext("Role")),
        _tip("count_text", t.gettext("Hires")),
        _tip("reason", t.gettext("Reason")),
        _tip("hire_by_text", t.gettext("Hire by")),
        _tip("start_text", t.gettext("Start")),
        _tip("ramped_text", t.gettext("Ramped by")),
    ]
    at = _encoding_field("at:T", scale=x_scale)
    period = [
        {"at": _iso(result.period_start), "text": t.gettext("Period start")},
        {"at": _iso(result.period_end), "text": t.gettext("Period end")},
    ]
    rules = _layer(_mark("rule", color=_RULE, strokeDash=[4, 3]), data(period), x=at)
    bars = _layer(
        _mark("bar", height=_bar(len(labels))),
        data(phases),
        y=y,
        x=_encoding_field(
            "from:T",
            scale=x_scale,
            axis={"title": None, "grid": True, "labelOverlap": True, "tickCount": 6},
        ),
        x2=_encoding_field("to"),
        color=_encoding_field(
            "phase:N",
            scale={"domain": [recruiting, ramping], "range": [_ORANGE, _BLUE]},
            legend=_legend(None),
        ),
        tooltip=[*tooltip, _tip("phase", t.gettext("Phase"))],
    )
    texts = _layer(
        _text_mark(align="left", dx=4, limit=_slack(230)),
        data(ends),
        y=y,
        x=at,
        text=_encoding_field("text:N"),
        tooltip=tooltip,
    )
    caption: Spec = {"baseline": "bottom", "dy": -3, "color": _MUTED, "fontSize": 10}
    start_label = _layer(
        _text_mark(align="left", dx=3, **caption),
        data(period[:1]),
        x=at,
        y=_value(0),
        text=_encoding_field("text:N"),
    )
    end_label = _layer(
        _text_mark(align="right", dx=-3, **caption),
        data(period[1:]),
        x=at,
        y=_value(0),
        text=_encoding_field("text:N"),
    )
    chart = _layered(
        rules, bars, texts, start_label, end_label, width=450, height=_height(len(labels))
    )
    return _finish(
        chart,
        "hiring",
        t.gettext("Hiring timeline"),
        t,
        fmt,
        data,
        t.gettext("When to open each role, when the hires start and when they are fully ramped"),
    )
