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
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from babel.numbers import get_decimal_symbol, get_group_symbol

from salesplan.plan.dates import shift
from salesplan.reports.chart import Chart
from salesplan.reports.labels import ITEM_KINDS, ITEM_STATUSES

if TYPE_CHECKING:
    from salesplan.engine.results import PlanBuild
    from salesplan.engine.sensitivity import Sensitivity
    from salesplan.plan.action_plan import ActionItem
    from salesplan.plan.document import SalesPlan
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

Spec = dict[str, Any]
"""A Vega-Lite spec, or a piece of one (an encoding channel, a mark, a scale): plain JSON."""
Row = dict[str, Any]
"""One data row; user text only ever lives in rows."""

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

# ── The look: one place ─────────────────────────────────────────────────────

FONT = "DejaVu Sans, Liberation Sans, sans-serif"
PALETTE = [
    "#4C72B0",  # blue
    "#DD8452",  # orange
    "#55A868",  # green
    "#C44E52",  # red
    "#8172B3",  # purple
    "#937860",  # brown
    "#DA8BC3",  # pink
    "#8C8C8C",  # grey
    "#CCB974",  # olive
    "#64B5CD",  # teal
]
_BLUE, _ORANGE, _GREEN, _RED, _PURPLE = PALETTE[:5]
_GREY = "#8C8C8C"
_INK = "#333333"
_MUTED = "#6B6B6B"
_GRID = "#E6E6E6"
_RULE = "#9A9A9A"

PAGE_WIDTH = 640  # fits the text width of A4 and Letter pages
_LABEL_LIMIT = 170  # px of a row label before it is cut with "…"
_ROW = 22  # px per bar row


def _height(rows: int) -> int:
    """Plot height for *rows* bar rows: grows with the rows, never tiny.

    >>> _height(3), _height(60)
    (120, 1320)
    """
    return max(120, _ROW * rows)


def _bar(rows: int) -> float:
    """Bar thickness in px: most of a row, but never a slab when there are few rows.

    >>> _bar(1), _bar(10), _bar(60)
    (18, 15.4, 15.4)
    """
    return min(18, round(0.7 * _height(rows) / max(rows, 1), 1))


def _unique(labels: Iterable[str]) -> list[str]:
    """Labels made distinct (repeats get invisible zero-width spaces), order kept.

    Rows are keyed by their label; two stages both named "Demo" must stay two rows.

    >>> [len(x) for x in _unique(["Demo", "Call", "Demo", "Demo"])]
    [4, 4, 5, 6]
    """
    seen: set[str] = set()
    out: list[str] = []
    for label in labels:
        candidate = label
        while candidate in seen:
            candidate += "\u200b"
        seen.add(candidate)
        out.append(candidate)
    return out


# Advance widths of DejaVu Sans in 1/2048 em. Labels are cut here, before Vega sees them:
# Vega cuts a label that is too long by measuring it again and again, and in vl-convert
# each measurement is slow (a 15-row Gantt took 0.6 s more to render with Vega cutting).
_WIDTHS: dict[str, int] = {}
for _chars, _units in (
    (" !\"#$%&'()*+,-./", "651 821 942 1716 1303 1946 1597 563 799 799 1024 1716 651 739 651 690"),
    ("0123456789:;<=>?@", "1303 " * 10 + "690 690 1716 1716 1716 1087 2048"),
    ("ABCDEFGHIJKLM", "1401 1405 1430 1577 1294 1178 1587 1540 604 604 1343 1141 1767"),
    ("NOPQRSTUVWXYZ", "1532 1612 1235 1612 1423 1300 1251 1499 1401 2025 1403 1251 1403"),
    ("abcdefghijklm", "1255 1300 1126 1300 1260 721 1300 1298 569 569 1186 569 1995"),
    ("nopqrstuvwxyz", "1298 1253 1300 1300 842 1067 803 1298 1212 1675 1212 1212 1075"),
    ("·×—–…\u200b", "651 1716 2048 1024 2048 0"),
):
    _WIDTHS.update(zip(_chars, map(int, _units.split()), strict=True))
del _chars, _units
_ELLIPSIS = "…"


def _text_width(text: str, size: float = 11, bold: bool = False) -> float:
    """Estimated width in px of *text* in DejaVu Sans (a little generous).

    >>> round(_text_width("Demo")), round(_text_width("Demo", bold=True))
    (33, 36)
    """
    units = sum(_WIDTHS.get(char, 2048 if ord(char) > 0x2E80 else 1350) for char in text)
    return units / 2048 * size * (1.1 if bold else 1.0)


def _fit(text: str, width: float, size: float = 11, bold: bool = False) -> str:
    """*text* cut with "…" to fit *width* px; the whole text stays in the tooltip.

    >>> _fit("Demo", 100), _fit("Trial onboarding sessions", 80)
    ('Demo', 'Trial onboar…')
    """
    if _text_width(text, size, bold) <= width:
        return text
    room = width - _text_width(_ELLIPSIS, size, bold)
    used = 0.0
    for index, char in enumerate(text):
        used += _text_width(char, size, bold)
        if used > room:
            return text[:index].rstrip() + _ELLIPSIS
    return text


def _rows(names: Iterable[str], width: float) -> list[str]:
    """Row labels: each name cut to *width* px, then made distinct."""
    return _unique(_fit(name, width) for name in names)


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _datetime(day: dt.date) -> Spec:
    """A Vega-Lite DateTime (UTC, so that dates never move by a time zone).

    >>> _datetime(dt.date(2027, 3, 1))
    {'year': 2027, 'month': 3, 'date': 1, 'utc': True}
    """
    return {"year": day.year, "month": day.month, "date": day.day, "utc": True}


def _locale(fmt: Formatter) -> Spec:
    """The d3 number and time locale of *fmt*, from Babel's data."""
    loc = fmt.locale
    prefix, _, suffix = fmt.money(1).partition("1")
    months = loc.months["format"]
    days = loc.days["format"]
    sunday_first = (6, 0, 1, 2, 3, 4, 5)
    periods = loc.periods
    return {
        "number": {
            "decimal": get_decimal_symbol(loc),
            "thousands": get_group_symbol(loc),
            "grouping": [3],
            "currency": [prefix, suffix],
        },
        "time": {
            "dateTime": "%x, %X",
            "date": "%-m/%-d/%Y" if loc.territory == "US" else "%d/%m/%Y",
            "time": "%H:%M:%S",
            "periods": [periods.get("am", "AM"), periods.get("pm", "PM")],
            "days": [str(days["wide"][i]) for i in sunday_first],
            "shortDays": [str(days["abbreviated"][i]) for i in sunday_first],
            "months": [str(months["wide"][i]) for i in range(1, 13)],
            "shortMonths": [str(months["abbreviated"][i]) for i in range(1, 13)],
        },
    }


def _config(fmt: Formatter) -> Spec:
    """The look shared by every chart: fonts, muted colours, no frame, the plan's locale."""
    axis_text = {"labelColor": _INK, "titleColor": _INK, "labelFontSize": 11, "titleFontSize": 11}
    return {
        "font": FONT,
        "background": "white",
        "padding": 8,
        "locale": _locale(fmt),
        "view": {"stroke": None},
        "axis": {
            **axis_text,
            "titleFontWeight": "normal",
            "gridColor": _GRID,
            "domainColor": _RULE,
            "tickColor": _RULE,
            "labelLimit": _LABEL_LIMIT,
        },
        "legend": {**axis_text, "titleFontWeight": "normal", "labelLimit": 160},
        "header": {
            "labelColor": _INK,
            "labelFontSize": 11,
            "labelFontWeight": "bold",
            "titleFontSize": 11,
        },
        "text": {"color": _INK, "fontSize": 11},
        "range": {"category": PALETTE},
    }


# ── Spec pieces ─────────────────────────────────────────────────────────────

_TYPES = {"N": "nominal", "Q": "quantitative", "T": "temporal"}


def _encoding_field(shorthand: str, **props: Any) -> Spec:
    """An encoding channel bound to a data field, *shorthand* ``field:N`` (or ``Q``, ``T``).

    ``None`` in *props* is kept (JSON ``null``: no scale, no axis, no title).
    ``x2`` and ``y2`` take no type (a bare field name): theirs is the primary channel's.

    >>> _encoding_field("volume:Q", axis=None)
    {'field': 'volume', 'type': 'quantitative', 'axis': None}
    >>> _encoding_field("to")
    {'field': 'to'}
    """
    name, _, code = shorthand.partition(":")
    channel: Spec = {"field": name}
    if code:
        channel["type"] = _TYPES[code]
    channel.update(props)
    return channel


def _value(value: Any) -> Spec:
    """An encoding channel set to one constant (a position in px, a colour)."""
    return {"value": value}


def _mark(kind: str, **props: Any) -> Spec:
    """A mark definition: ``bar``, ``line``, ``point``, ``rect``, ``rule``, ``text``."""
    return {"type": kind, **props}


def _text_mark(**props: Any) -> Spec:
    """A text mark: labels next to bars, captions, the words in the process boxes."""
    return _mark("text", **props)


def _layer(mark: Spec, data: Spec | None = None, **encoding: Any) -> Spec:
    """One layer: a *mark*, its channels (``x=``, ``y=``, ``tooltip=`` …) and its *data*.

    Without *data* the layer draws the rows of the chart (or of its facet).
    """
    layer: Spec = {"mark": mark, "encoding": encoding}
    if data is not None:
        layer["data"] = data
    return layer


def _layered(*layers: Spec, width: float, height: float, data: Spec | None = None) -> Spec:
    """Layers drawn over each other in one view of *width* × *height* px."""
    spec: Spec = {"layer": list(layers), "width": width, "height": height}
    if data is not None:
        spec["data"] = data
    return spec


def _faceted(
    view: Spec,
    facet: Spec,
    *,
    data: Spec,
    columns: int,
    spacing: Mapping[str, int],
    resolve: Spec,
) -> Spec:
    """Small multiples: *view* once per value of the *facet* field, *columns* to a row."""
    return {
        "data": data,
        "facet": facet,
        "columns": columns,
        "spacing": dict(spacing),
        "resolve": resolve,
        "spec": view,
    }


def _legend(title: str | None, orient: str = "top", symbol: str = "square", **props: Any) -> Spec:
    """A legend: above the chart with square symbols unless told otherwise."""
    return {"title": title, "orient": orient, "symbolType": symbol, **props}


def _title(text: str, subtitle: str = "") -> Spec:
    """The chart's heading: bold, left, with a muted subtitle."""
    title: Spec = {"text": text}
    if subtitle:
        title["subtitle"] = subtitle
    title.update(
        anchor="start",
        fontSize=14,
        fontWeight="bold",
        color="#222222",
        subtitleColor=_MUTED,
        subtitleFontSize=11,
        offset=12,
    )
    return title


def _finish(
    body: Spec,
    chart_id: str,
    title: str,
    t: Translator,
    fmt: Formatter,
    data: _Datasets,
    subtitle: str = "",
) -> Chart:
    """Title, the shared look, the locale and the data around *body*: the spec as a :class:`Chart`.

    Rendering checks the spec; the tests check it against the Vega-Lite schema too.
    """
    spec: Spec = {
        "title": _title(title, subtitle),
        **body,
        "config": _config(fmt),
        "datasets": data.values,
    }
    return Chart(id=chart_id, title=title, spec=spec, language=t.language)


class _Datasets:
    """The inline data of one chart, each list of rows named once (``rows_0``, ``rows_1`` …).

    Layers refer to their rows by name, so rows drawn by two layers (a bar and
    its label) are written once; names follow the order of first use.
    """

    def __init__(self) -> None:
        self.values: dict[str, list[Row]] = {}
        self._names: dict[int, str] = {}  # id of a list of rows → its name

    def __call__(self, rows: list[Row]) -> Spec:
        name = self._names.get(id(rows))
        if name is None:  # the lists stay referenced in .values: an id is never reused
            name = self._names[id(rows)] = f"rows_{len(self.values)}"
            self.values[name] = rows
        return {"name": name}


def _slack(width: float) -> int:
    """A Vega ``limit`` for text already cut to *width*: only a safety net."""
    return round(width * 1.15)


def _rows_axis(field: str, domain: list[str], width: float = _LABEL_LIMIT) -> Spec:
    """A row per value of *field*, in the order of *domain* (top to bottom).

    The labels in *domain* come from :func:`_rows` with the same *width*.
    """
    return _encoding_field(
        f"{field}:N",
        scale={"domain": domain, "paddingInner": 0.25, "paddingOuter": 0.15},
        axis={
            "title": None,
            "ticks": False,
            "domain": False,
            "labelPadding": 6,
            "labelLimit": _slack(width),
        },
    )


def _tip(field: str, title: str) -> Spec:
    return _encoding_field(f"{field}:N", title=title)


# ── Funnel ──────────────────────────────────────────────────────────────────


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


# ── Activities ──────────────────────────────────────────────────────────────


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


# ── Capacity ────────────────────────────────────────────────────────────────


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


# ── Hiring ──────────────────────────────────────────────────────────────────


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


# ── Action plan (Gantt) ─────────────────────────────────────────────────────


def _item_end(item: ActionItem) -> dt.date:
    if item.end is not None:
        return item.end
    if item.duration is not None:
        return shift(item.start, item.duration.amount, item.duration.unit)
    return item.start


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
            "end_text": fmt.short_date(end),
            "opacity": opacity[item.status],
            "stroke": _RED if item.status == "blocked" else "transparent",
            "text": _fit(
                owner if item.status == "planned" else f"{owner} · {statuses[item.status]}",
                150,
                size=10,
            ),
        }
        milestone = item.kind == "milestone" or end == item.start
        (milestones if milestone else bars).append(row)
    links: list[Row] = []
    heads: list[Row] = []
    for number, item in enumerate(items):
        row_to, start_to, _ = where[item.id]
        for dependency in item.depends_on:
            if dependency not in where or dependency == item.id:
                continue
            row_from, _, end_from = where[dependency]
            late = end_from > start_to
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


# ── Scenarios ───────────────────────────────────────────────────────────────


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


# ── Sales process diagram ───────────────────────────────────────────────────

_PER_ROW = 5  # boxes per row: five keep ~100 px boxes readable at page width
_BOX_GAP = 34  # px between boxes in a row: the arrow and its conversion
_ROW_GAP = 40  # px between rows: the connector that wraps to the next row
_MAX_LINES = 4  # activity lines shown in a box; the rest are counted


def _two_lines(text: str, width: float) -> str:
    """A bold box title on at most two lines (``\\n``) of *width* px, broken between words.

    >>> _two_lines("Admissions interview", 94), _two_lines("Demo", 94)
    ('Admissions\\ninterview', 'Demo')
    """
    words = text.split()
    if _text_width(text, bold=True) <= width or len(words) < 2:
        return _fit(text, width, bold=True)
    first, rest = words[0], words[1:]
    while rest and _text_width(f"{first} {rest[0]}", bold=True) <= width:
        first += " " + rest.pop(0)
    lines = [first, " ".join(rest)] if rest else [first]
    return "\n".join(_fit(line, width, bold=True) for line in lines)


def process_chart(
    plan: SalesPlan, result: PlanBuild, t: Translator, fmt: Formatter
) -> Chart | None:
    """``process``: the stages as boxes in order, the win, then post-sale stages.

    Five boxes to a row, wrapping onto further rows, so that 50 stages still
    read. Each box shows the stage, its owner role and the activities per deal;
    the arrow to the next box carries the conversion. Post-sale stages come
    after the win, dashed and in another colour.
    """
    stages = plan.strategy.stages
    data = _Datasets()
    volumes = {stage.stage: stage.required for stage in result.funnel}
    names = {key: activity.name for key, activity in plan.goals.activities.items()}
    roles = {key: role.name for key, role in plan.team.roles.items()}
    after_win = t.gettext("After the win")

    def activity_lines(amounts: Mapping[str, float]) -> list[str]:
        return [f"{fmt.number(amount)} × {names.get(key, key)}" for key, amount in amounts.items()]

    def shown(lines: list[str]) -> list[str]:
        if len(lines) <= _MAX_LINES:
            return lines
        more = t.say("+{count} more", count=fmt.integer(len(lines) - _MAX_LINES + 1))
        return [*lines[: _MAX_LINES - 1], more]

    nodes: list[Row] = []
    for stage in [s for s in stages if not s.post_sale]:
        activities = activity_lines(stage.activities)
        nodes.append(
            {
                "kind": "stage",
                "title": stage.name,
                "lines": [t.say("Owner: {role}", role=stage.owner), *shown(activities)],
                "owner": roles.get(stage.owner, stage.owner),
                "volume_text": fmt.integer(volumes.get(stage.id, 0)),
                "conversion_text": fmt.percent(stage.conversion),
                "activities_text": ", ".join(activities),
                "arrow": fmt.percent(stage.conversion),
            }
        )
    deals = t.ngettext("{count} deal", "{count} deals", result.deals_required).format(
        count=fmt.integer(result.deals_required)
    )
    nodes.append(
        {
            "kind": "won",
            "title": t.gettext("Won"),
            "lines": [deals],
            "owner": "",
            "volume_text": fmt.integer(result.deals_required),
            "conversion_text": "",
            "activities_text": "",
            "arrow": "",
        }
    )
    for stage in [s for s in stages if s.post_sale]:
        activities = activity_lines(stage.activities)
        nodes.append(
            {
                "kind": "post_sale",
                "title": stage.name,
                "lines": [
                    t.say("Owner: {role}", role=stage.owner),
                    *shown(activities),
                    t.say("{rate} convert", rate=fmt.percent(stage.conversion)),
                ],
                "owner": roles.get(stage.owner, stage.owner),
                "volume_text": fmt.integer(volumes.get(stage.id, 0)),
                "conversion_text": fmt.percent(stage.conversion),
                "activities_text": ", ".join(activities),
                "arrow": "",
            }
        )

    per_row = min(_PER_ROW, len(nodes))
    box_width = (PAGE_WIDTH - _BOX_GAP * (per_row - 1)) / per_row
    inside = box_width - 8  # text width in a box
    for node in nodes:
        node["title_lines"] = _two_lines(node["title"], inside)
        node["lines"] = [_fit(line, inside, size=10) for line in node["lines"]]
    title_height = 34 if any("\n" in node["title_lines"] for node in nodes) else 18
    line_count = max(len(node["lines"]) for node in nodes)
    box_height = 14 + title_height + 14 * line_count
    row_count = -(-len(nodes) // per_row)
    total_height = row_count * box_height + (row_count - 1) * _ROW_GAP
    styles = {
        "stage": ("#EEF2F9", _BLUE, [1, 0]),
        "won": ("#E8F3EA", _GREEN, [1, 0]),
        "post_sale": ("#F2EFF7", _PURPLE, [4, 3]),
    }
    boxes: list[Row] = []
    titles: list[Row] = []
    texts: list[Row] = []
    segments: list[Row] = []
    heads: list[Row] = []
    notes: list[Row] = []
    for index, node in enumerate(nodes):
        row, column = divmod(index, per_row)
        left = column * (box_width + _BOX_GAP)
        top = row * (box_height + _ROW_GAP)
        center = left + box_width / 2
        fill, stroke, dash = styles[node["kind"]]
        boxes.append(
            {
                "x": left,
                "x2": left + box_width,
                "y": top,
                "y2": top + box_height,
                "fill": fill,
                "stroke": stroke,
                "dash": dash,
                "title": node["title"],
                "kind": after_win if node["kind"] == "post_sale" else "",
                "owner": node["owner"],
                "volume_text": node["volume_text"],
                "conversion_text": node["conversion_text"],
                "activities_text": node["activities_text"],
            }
        )
        titles.append({"x": center, "y": top + 8, "text": node["title_lines"]})
        for number, line in enumerate(node["lines"]):
            texts.append({"x": center, "y": top + 10 + title_height + 14 * number, "text": line})
        if index == len(nodes) - 1:
            continue
        color = _PURPLE if nodes[index + 1]["kind"] == "post_sale" else _RULE
        label = node["arrow"]
        if column < per_row - 1:  # the next box is to the right
            middle = top + box_height / 2
            start, end = left + box_width, left + box_width + _BOX_GAP
            points = [(start + 2, middle), (end - 5, middle)]
            heads.append({"x": end - 5, "y": middle, "shape": "triangle-right", "color": color})
            if label:
                notes.append({"x": (start + end) / 2, "y": middle - 5, "text": label})
        else:  # wrap: down, back to the first column, down into the next row
            bottom = top + box_height
            lane = bottom + _ROW_GAP / 2
            first = box_width / 2
            next_top = bottom + _ROW_GAP
            points = [(center, bottom + 2), (center, lane), (first, lane), (first, next_top - 5)]
            heads.append({"x": first, "y": next_top - 5, "shape": "triangle-down", "color": color})
            if label:
                notes.append({"x": (center + first) / 2, "y": lane - 3, "text": label})
        for order, (x, y) in enumerate(points):
            segments.append({"link": index, "order": order, "x": x, "y": y, "color": color})

    # positions in px, as computed above: no scales, no axes
    place = {
        "x": _encoding_field("x:Q", scale=None, axis=None),
        "y": _encoding_field("y:Q", scale=None, axis=None),
    }
    tooltip = [
        _tip("title", t.gettext("Stage")),
        _tip("kind", t.gettext("Phase")),
        _tip("owner", t.gettext("Owner")),
        _tip("volume_text", t.gettext("Deals to reach the stage")),
        _tip("conversion_text", t.gettext("Conversion")),
        _tip("activities_text", t.gettext("Activities per deal")),
    ]
    limit = _slack(inside)
    text = _encoding_field("text:N")
    layers: list[Spec] = [
        _layer(
            _mark("rect", cornerRadius=4, strokeWidth=1.5),
            data(boxes),
            **place,
            x2=_encoding_field("x2"),
            y2=_encoding_field("y2"),
            fill=_encoding_field("fill:N", scale=None),
            stroke=_encoding_field("stroke:N", scale=None),
            strokeDash=_encoding_field("dash:N", scale=None),
            tooltip=tooltip,
        ),
        _layer(
            _text_mark(fontWeight="bold", fontSize=11, limit=limit, baseline="top", lineBreak="\n"),
            data(titles),
            **place,
            text=text,
        ),
        _layer(
            _text_mark(fontSize=10, color=_MUTED, limit=limit, baseline="middle"),
            data(texts),
            **place,
            text=text,
        ),
    ]
    if segments:
        layers.append(
            _layer(
                _mark("line", strokeWidth=1.5),
                data(segments),
                **place,
                detail=_encoding_field("link:N"),
                order=_encoding_field("order:Q"),
                color=_encoding_field("color:N", scale=None),
            )
        )
        layers.append(
            _layer(
                _mark("point", filled=True, size=40, opacity=1),
                data(heads),
                **place,
                shape=_encoding_field("shape:N", scale=None),
                color=_encoding_field("color:N", scale=None),
            )
        )
    if notes:
        layers.append(
            _layer(
                _text_mark(fontSize=10, fontWeight="bold", baseline="bottom"),
                data(notes),
                **place,
                text=text,
            )
        )
    chart = _layered(*layers, width=PAGE_WIDTH, height=total_height)
    return _finish(
        chart,
        "process",
        t.gettext("Sales process"),
        t,
        fmt,
        data,
        t.gettext(
            "Stages in order with owner and activities per deal; arrows carry the conversion"
        ),
    )


# ── All of them ─────────────────────────────────────────────────────────────


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
