"""The ``activities`` chart: each activity's target per working day, by role."""

from __future__ import annotations

from typing import TYPE_CHECKING

from salesplan.reports.chart import Chart
from salesplan.reports.charts.spec import (
    _LABEL_LIMIT,
    Row,
    _Datasets,
    _encoding_field,
    _finish,
    _fit,
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
    from salesplan.reports.formatting import Formatter
    from salesplan.reports.i18n import Translator


def activity_chart(result: PlanBuild, t: Translator, fmt: Formatter) -> Chart | None:
    """``activities``: each activity's target per working day, stacked by the role doing it."""
    activities = list(result.activities.values())
    if not activities:
        return None
    data = _Datasets()
    labels = _rows((activity.name for activity in activities), _LABEL_LIMIT)
    unassigned = t.gettext("Unassigned")
    segments: list[Row] = []
    totals: list[Row] = []
    roles: list[str] = []
    for label, activity in zip(labels, activities, strict=True):
        shares = activity.by_role or {unassigned: activity.total}
        whole = sum(shares.values())
        parts: list[str] = []
        for order, (role, amount) in enumerate(shares.items()):
            share = amount / whole if whole > 0 else 0.0
            per_day = activity.per_working_day * share
            if role not in roles:
                roles.append(role)
            parts.append(f"{role} {fmt.number(per_day, 1)}")
            segments.append(
                {
                    "row": label,
                    "name": activity.name,
                    "role": role,
                    "order": order,
                    "value": per_day,
                    "value_text": fmt.number(per_day, 1),
                    "week_text": fmt.number(activity.per_week * share, 1),
                }
            )
        text = fmt.number(activity.per_working_day, 1)
        if len(shares) > 1:
            text += "  (" + " · ".join(parts) + ")"
        totals.append(
            {
                "row": label,
                "name": activity.name,
                "value": activity.per_working_day,
                "text": _fit(text, 200),
                "total_text": fmt.integer(activity.total),
            }
        )
    top = max(max(row["value"] for row in totals), 1e-9)
    y = _rows_axis("row", labels)
    x_scale = {"domain": [0, top * 1.3], "nice": False, "zero": True}
    bars = _layer(
        _mark("bar"),
        data(segments),
        y=y,
        x=_encoding_field(
            "value:Q",
            stack="zero",
            scale=x_scale,
            axis={"title": t.gettext("Per working day"), "tickCount": 5, "grid": True},
        ),
        color=_encoding_field("role:N", scale={"domain": roles}, legend=_legend(t.gettext("Role"))),
        order=_encoding_field("order:Q"),
        tooltip=[
            _tip("name", t.gettext("Activity")),
            _tip("role", t.gettext("Role")),
            _tip("value_text", t.gettext("Per working day")),
            _tip("week_text", t.gettext("Per week")),
        ],
    )
    texts = _layer(
        _text_mark(align="left", dx=4, limit=_slack(200)),
        data(totals),
        y=y,
        x=_encoding_field("value:Q", scale=x_scale),
        text=_encoding_field("text:N"),
        tooltip=[
            _tip("name", t.gettext("Activity")),
            _tip("total_text", t.gettext("Total in the period")),
        ],
    )
    chart = _layered(bars, texts, width=420, height=_height(len(labels)))
    return _finish(
        chart,
        "activities",
        t.gettext("Activities per working day"),
        t,
        fmt,
        data,
        t.gettext("What the team must do each working day, by role"),
    )
