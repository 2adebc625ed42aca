"""The ``funnel`` chart: the deals each pipeline stage must reach, then the wins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from salesplan.reports.chart import Chart
from salesplan.reports.charts.spec import (
    _BLUE,
    _GREEN,
    _MUTED,
    Row,
    _Datasets,
    _encoding_field,
    _finish,
    _fit,
    _height,
    _layer,
    _layered,
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


def funnel_chart(result: PlanBuild, t: Translator, fmt: Formatter) -> Chart | None:
    """``funnel``: the deals each pipeline stage must reach, in process order, then the wins."""
    stages = [stage for stage in result.funnel if not stage.post_sale]
    if not stages:
        return None
    data = _Datasets()
    won = t.gettext("Won")
    labels = _rows([stage.name for stage in stages] + [won], 150)
    rows: list[Row] = []
    for index, stage in enumerate(stages):
        if index == len(stages) - 1:
            note = t.say("{rate} to won", rate=fmt.percent(stage.conversion))
        else:
            note = t.say("{rate} to next stage", rate=fmt.percent(stage.conversion))
            if stage.win_rate is not None:
                note += " · " + t.say("{rate} to won", rate=fmt.percent(stage.win_rate))
        rows.append(
            {
                "row": labels[index],
                "name": stage.name,
                "owner": stage.owner,
                "volume": stage.required,
                "volume_text": fmt.integer(stage.required),
                "open_text": fmt.integer(stage.open),
                "create_text": fmt.integer(stage.to_create),
                "note": _fit(note, 240, size=10),
                "full_note": note,
                "fill": _BLUE,
            }
        )
    rows.append(
        {
            "row": labels[-1],
            "name": won,
            "owner": "",
            "volume": result.deals_required,
            "volume_text": fmt.integer(result.deals_required),
            "open_text": "",
            "create_text": "",
            "note": "",
            "full_note": "",
            "fill": _GREEN,
        }
    )
    top = max(max(row["volume"] for row in rows), 1)
    bars_width = 250
    y = _rows_axis("row", labels, 150)
    x = _encoding_field(
        "volume:Q", scale={"domain": [0, top * 1.2], "nice": False, "zero": True}, axis=None
    )
    tooltip = [
        _tip("name", t.gettext("Stage")),
        _tip("owner", t.gettext("Owner")),
        _tip("volume_text", t.gettext("Deals to reach the stage")),
        _tip("open_text", t.gettext("Open today")),
        _tip("create_text", t.gettext("To create")),
        _tip("full_note", t.gettext("Conversion")),
    ]
    chart = _layered(
        _layer(
            _mark("bar", cornerRadiusEnd=2),
            y=y,
            x=x,
            color=_encoding_field("fill:N", scale=None),
            tooltip=tooltip,
        ),
        _layer(
            _text_mark(align="left", dx=4, fontWeight="bold"),
            y=y,
            x=x,
            text=_encoding_field("volume_text:N"),
            tooltip=tooltip,
        ),
        _layer(
            _text_mark(align="left", color=_MUTED, fontSize=10, limit=_slack(240)),
            y=y,
            x=_value(bars_width + 12),
            text=_encoding_field("note:N"),
            tooltip=tooltip,
        ),
        data=data(rows),
        width=bars_width,
        height=_height(len(rows)),
    )
    return _finish(
        chart,
        "funnel",
        t.gettext("Sales funnel"),
        t,
        fmt,
        data,
        t.gettext("Deals that must reach each stage to win the goal, and the conversion onward"),
    )
