"""The ``process`` chart: the sales stages as boxes in order, with their conversions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from salesplan.reports.chart import Chart
from salesplan.reports.charts.spec import (
    _BLUE,
    _GREEN,
    _MUTED,
    _PURPLE,
    _RULE,
    PAGE_WIDTH,
    Row,
    Spec,
    _Datasets,
    _encoding_field,
    _finish,
    _fit,
    _layer,
    _layered,
    _mark,
    _slack,
    _text_mark,
    _text_width,
    _tip,
)

if TYPE_CHECKING:
    from salesplan.engine.results import PlanBuild
    from salesplan.plan.document import SalesPlan
    from salesplan.reports.formatting import Formatter
    from salesplan.reports.i18n import Translator


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
