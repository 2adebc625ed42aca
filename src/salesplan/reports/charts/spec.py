"""The shared pieces of every chart spec: the look, the locale, text widths and spec builders.

The look is in one place (:func:`_config`: DejaVu Sans, a muted palette, no
frame, the plan's number and date locale from :func:`_locale`). Row labels are
cut by estimated width (:func:`_text_width`, :func:`_fit`) before Vega sees
them. The builders (:func:`_encoding_field`, :func:`_layer`, :func:`_mark`,
:func:`_text_mark` …) write the recurring pieces of a spec as plain dicts, and
:func:`_finish` wraps a chart's body with its title, look and inline data
(:class:`_Datasets`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from babel.numbers import get_decimal_symbol, get_group_symbol

from salesplan.reports.chart import Chart

if TYPE_CHECKING:
    from salesplan.reports.formatting import Formatter
    from salesplan.reports.i18n import Translator

Spec = dict[str, Any]
"""A Vega-Lite spec, or a piece of one (an encoding channel, a mark, a scale): plain JSON."""
Row = dict[str, Any]
"""One data row; user text only ever lives in rows."""

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
