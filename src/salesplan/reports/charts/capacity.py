"""The ``capacity`` chart: people in seat, ramped and needed, per role and month."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from salesplan.reports.chart import Chart
from salesplan.reports.charts.spec import (
    _BLUE,
    _RED,
    PAGE_WIDTH,
    Row,
    _Datasets,
    _datetime,
    _encoding_field,
    _faceted,
    _finish,
    _fit,
    _iso,
    _layer,
    _layered,
    _legend,
    _mark,
    _slack,
    _tip,
    _unique,
)

if TYPE_CHECKING:
    from salesplan.engine.results import PlanBuild
    from salesplan.reports.formatting import Formatter
    from salesplan.reports.i18n import Translator


def capacity_chart(result: PlanBuild, t: Translator, fmt: Formatter) -> Chart | None:
    """``capacity``: per role and month, people in seat, effective (ramped) FTE and FTE needed.

    One small panel per role (three to a row), so that eight or more roles stay readable.
    """
    months = result.capacity_by_month
    if not months:
        return None
    data = _Datasets()
    in_seat = t.gettext("In seat")
    effective = t.gettext("Effective (ramped)")
    required = t.gettext("Required")
    measures = [in_seat, effective, required]
    roles: list[str] = []
    for month in months:
        if month.role not in roles:
            roles.append(month.role)
    headers: list[str] = []
    for role in roles:
        info = result.headcount.get(role)
        name = info.name if info is not None else role
        headers.append(role if name == role else f"{role} · {name}")
    columns = min(3, len(roles))
    panel_width = int((PAGE_WIDTH - 60 - columns * 45) / columns)
    titles = _unique(_fit(header, panel_width + 20, bold=True) for header in headers)
    panel = dict(zip(roles, titles, strict=True))
    rows: list[Row] = []
    firsts: list[dt.date] = []
    # the in-seat line is drawn wide and light, so the others stay visible on top of it
    looks = {in_seat: (5, 50), effective: (2, 18), required: (2, 18)}
    for month in months:
        first = dt.date.fromisoformat(month.month + "-01")
        if first not in firsts:
            firsts.append(first)
        for measure, value in (
            (in_seat, month.headcount),
            (effective, month.effective_fte),
            (required, month.required_fte),
        ):
            width, dot = looks[measure]
            rows.append(
                {
                    "panel": panel[month.role],
                    "month": _iso(first),
                    "month_text": fmt.month(month.month),
                    "measure": measure,
                    "value": value,
                    "value_text": fmt.number(value, 1),
                    "width": width,
                    "dot": dot,
                }
            )
    firsts.sort()
    one_year = firsts[0].year == firsts[-1].year
    step = max(1, -(-len(firsts) * 36 // panel_width))  # every month if the labels fit
    ticks = [_datetime(first) for first in firsts[::step]]
    x = _encoding_field(
        "month:T",
        scale={"type": "utc"},
        axis={
            "title": None,
            "values": ticks,
            "format": "%b" if one_year else "%b %y",
            "labelOverlap": True,
            "grid": False,
        },
    )
    y = _encoding_field(
        "value:Q", axis={"title": None, "tickCount": 4, "tickMinStep": 1}, scale={"zero": True}
    )
    legend = _legend(None, symbol="stroke", symbolStrokeWidth=3)
    color = _encoding_field(
        "measure:N", scale={"domain": measures, "range": ["#BDBDBD", _BLUE, _RED]}, legend=legend
    )
    dash = _encoding_field(
        "measure:N", scale={"domain": measures, "range": [[1, 0], [1, 0], [5, 3]]}, legend=legend
    )
    tooltip = [
        _tip("panel", t.gettext("Role")),
        _tip("month_text", t.gettext("Month")),
        _tip("measure", t.gettext("Measure")),
        _tip("value_text", t.gettext("People (FTE)")),
    ]
    lines = _layer(
        _mark("line"),
        x=x,
        y=y,
        color=color,
        strokeDash=dash,
        size=_encoding_field("width:Q", scale=None),
        tooltip=tooltip,
    )
    dots = _layer(
        _mark("point", filled=True, opacity=1),
        x=x,
        y=y,
        color=color,
        size=_encoding_field("dot:Q", scale=None),
        tooltip=tooltip,
    )
    chart = _faceted(
        _layered(lines, dots, width=panel_width, height=110),
        _encoding_field(
            "panel:N",
            sort=list(panel.values()),
            title=None,
            header={"labelAnchor": "start", "labelLimit": _slack(panel_width + 20)},
        ),
        data=data(rows),
        columns=columns,
        spacing={"row": 22, "column": 24},
        resolve={"scale": {"y": "independent"}, "axis": {"x": "independent"}},
    )
    return _finish(
        chart,
        "capacity",
        t.gettext("Capacity by month"),
        t,
        fmt,
        data,
        t.gettext("People (FTE) per role: in seat, their ramped capacity, and what the plan needs"),
    )
