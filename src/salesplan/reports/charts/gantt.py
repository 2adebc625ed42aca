"""The ``gantt`` chart: the action plan's items over time, by owner, with dependencies."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from salesplan.reports.chart import Chart
from salesplan.reports.charts.spec import (
    _INK,
    _MUTED,
    _RED,
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
    _unique,
    _value,
)
from salesplan.reports.labels import ITEM_KINDS, ITEM_STATUSES

if TYPE_CHECKING:
    from salesplan.engine.schedule import ActionSchedule
    from salesplan.plan.action_plan import ActionItem
    from salesplan.plan.document import SalesPlan
    from salesplan.reports.formatting import Formatter
    from salesplan.reports.i18n import Translator


_ONE_DAY = dt.timedelta(days=1)


def _item_end(item: ActionItem) -> dt.date:
    """Where the item's bar ends on a time axis: after its last day (at its start, for a milestone)."""
    return item.last_day + _ONE_DAY if item.has_length else item.start


def gantt_chart(
    plan: SalesPlan, t: Translator, fmt: Formatter, as_of: dt.date | None = None
) -> Chart | None:
    """``gantt``: the action plan's items in plan order, by owner, with dependencies and today.

    One row per item, so that overlapping items of one owner show side by side;
    milestones (and items without length) are diamonds; done and cancelled items
    are faded, blocked ones outlined in red; a dependency is drawn from the end of
    the item it waits for to the start of the item (in red when it starts too early).
    """
    items = plan.action_plan.items
    if not items:
        return None
    data = _Datasets()
    statuses = {code: t.gettext(label) for code, label in ITEM_STATUSES.items()}
    kinds = {code: t.gettext(label) for code, label in ITEM_KINDS.items()}
    opacity = {
        "planned": 0.85,
        "in_progress": 1.0,
        "done": 0.35,
        "blocked": 0.85,
        "cancelled": 0.15,
    }
    no_owner = t.gettext("No owner")
    labels = _rows((item.title for item in items), 220)
    legend: dict[str, str] = {}  # owner → legend label (cut, distinct)
    bars: list[Row] = []
    milestones: list[Row] = []
    where: dict[str, tuple[str, dt.date, dt.date]] = {}
    for label, item in zip(labels, items, strict=True):
        end = _item_end(item)
        owner = item.owner or no_owner
        if owner not in legend:
            legend[owner] = _unique([*legend.values(), _fit(owner, 130)])[-1]
        where.setdefault(item.id, (label, item.start, end))
        row: Row = {
            "row": label,
            "title": item.title,
            "owner": owner,
            "key": legend[owner],
            "kind": kinds[item.kind],
            "status": statuses[item.status],
            "start": _iso(item.start),
            "end": _iso(end),
            "start_text": fmt.short_date(item.start),
            "end_text": fmt.short_date(item.last_day),
            "opacity": opacity[item.status],
            "stroke": _RED if item.status == "blocked" else "transparent",
            "text": _fit(
                owner if item.status == "planned" else f"{owner} · {statuses[item.status]}",
                150,
                size=10,
            ),
        }
        milestone = not item.has_length
        (milestones if milestone else bars).append(row)
    links: list[Row] = []
    heads: list[Row] = []
    for number, item in enumerate(items):
        row_to, start_to, _ = where[item.id]
        for dependency in item.depends_on:
            if dependency not in where or dependency == item.id:
                continue
            row_from, _, end_from = where[dependency]
            # a milestone may fall on the last day of what it waits for
            late = end_from > start_to + (dt.timedelta(0) if item.has_length else _ONE_DAY)
            tint = _RED if late else _RULE
            link = f"{number}:{dependency}"
            # an elbow: down (or up) from the end of what it waits for, then across to the start
            for order, (at, on) in enumerate(
                ((end_from, row_from), (end_from, row_to), (start_to, row_to))
            ):
                links.append(
                    {"link": link, "order": order, "at": _iso(at), "row": on, "color": tint}
                )
            heads.append({"at": _iso(start_to), "row": row_to, "color": tint})
    earliest = min(start for _, start, _ in where.values())
    latest = max(end for _, _, end in where.values())
    span = max((latest - earliest).days, 14)
    x_scale = {
        "type": "utc",
        "domain": [
            _datetime(earliest - dt.timedelta(days=max(1, round(span * 0.02)))),
            _datetime(latest + dt.timedelta(days=round(span * 0.3))),
        ],
        "nice": False,
    }
    x_axis = {"title": None, "orient": "top", "grid": True, "labelOverlap": True, "tickCount": 6}

    def x(field: str, axis: bool = True) -> Spec:
        """Dates across, one scale for all layers; the marks' layers carry the (top) axis."""
        if axis:
            return _encoding_field(f"{field}:T", scale=x_scale, axis=x_axis)
        return _encoding_field(f"{field}:T", scale=x_scale)

    y = _rows_axis("row", labels, 220)
    height = _height(len(labels))
    colored = _encoding_field("color:N", scale=None)  # a colour per row: late links in red
    tooltip = [
        _tip("title", t.gettext("Item")),
        _tip("owner", t.gettext("Owner")),
        _tip("kind", t.gettext("Kind")),
        _tip("status", t.gettext("Status")),
        _tip("start_text", t.gettext("Start")),
        _tip("end_text", t.gettext("End")),
    ]
    style: Spec = {
        "color": _encoding_field(
            "key:N",
            scale={"domain": list(legend.values())},
            legend=_legend(t.gettext("Owner"), orient="bottom", columns=4, labelLimit=_slack(130)),
        ),
        "opacity": _encoding_field("opacity:Q", scale=None),
        "stroke": _encoding_field("stroke:N", scale=None),
        "tooltip": tooltip,
    }
    text_style: Spec = {"align": "left", "color": _MUTED, "fontSize": 10, "limit": _slack(150)}
    caption: Spec = {"text": _encoding_field("text:N"), "tooltip": tooltip}
    layers: list[Spec] = []
    if links:
        layers.append(
            _layer(
                _mark("line", strokeWidth=1, strokeDash=[3, 2], interpolate="linear"),
                data(links),
                x=x("at"),
                y=y,
                detail=_encoding_field("link:N"),
                order=_encoding_field("order:Q"),
                color=colored,
            )
        )
        layers.append(
            _layer(
                _mark("point", shape="triangle-right", filled=True, size=30, opacity=1, xOffset=-3),
                data(heads),
                x=x("at"),
                y=y,
                color=colored,
            )
        )
    if bars:
        layers.append(
            _layer(
                _mark("bar", height=_bar(len(labels)), cornerRadius=2, strokeWidth=2),
                data(bars),
                y=y,
                x=x("start"),
                x2=_encoding_field("end"),
                **style,
            )
        )
        layers.append(
            _layer(
                _text_mark(dx=4, **text_style), data(bars), y=y, x=x("end", axis=False), **caption
            )
        )
    if milestones:
        layers.append(
            _layer(
                _mark("point", shape="diamond", filled=True, size=150, strokeWidth=2),
                data(milestones),
                y=y,
                x=x("start"),
                **style,
            )
        )
        layers.append(
            _layer(
                _text_mark(dx=10, **text_style),
                data(milestones),
                y=y,
                x=x("start", axis=False),
                **caption,
            )
        )
    if as_of is not None and earliest <= as_of <= latest:
        today = [{"at": _iso(as_of), "text": t.say("Today, {date}", date=fmt.short_date(as_of))}]
        layers.append(
            _layer(_mark("rule", color=_INK, strokeWidth=1.5), data(today), x=x("at", axis=False))
        )
        layers.append(
            _layer(
                _text_mark(align="left", baseline="top", dx=3, dy=4, color=_INK, fontSize=10),
                data(today),
                x=x("at", axis=False),
                y=_value(height),
                text=_encoding_field("text:N"),
            )
        )
    chart = _layered(*layers, width=380, height=height)
    return _finish(
        chart,
        "gantt",
        t.gettext("Action plan"),
        t,
        fmt,
        data,
        t.gettext("Items in plan order, coloured by owner; done and cancelled items are faded"),
    )


def schedule_chart(
    plan: SalesPlan, schedule: ActionSchedule, today: dt.date | None = None
) -> Chart | None:
    """The Gantt chart of a *scheduled* action plan (hiring steps included), in the
    plan's language: what ``salesplan gantt`` draws and the web app shows."""
    from salesplan.reports.formatting import Formatter
    from salesplan.reports.i18n import translator

    items = [item.as_action_item() for item in schedule.items]
    scheduled = plan.model_copy(
        update={"action_plan": plan.action_plan.model_copy(update={"items": items})}
    )
    return gantt_chart(
        scheduled, translator(plan.language), Formatter(plan.effective_locale, plan.currency), today
    )
