"""A plan section as a form, read off the plan's own pydantic models.

Each field of a section model becomes a :class:`Widget` named by its path in the
form (``team.roles.0.capacity``), with the model path it stands for
(``("team", "roles", "SDR", "capacity")``) so a validation problem lands on the field
it is about. Rates are shown in percent, lists of words one per line, small maps
(``email: 80``) one pair per line, and lists or maps of records as rows with one blank
row to add another. Posting the form gives back the section's data in the shape the
plan's YAML has, with values as typed: the models parse them as they parse YAML.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from salesplan.plan.fields import Duration, parse_money, parse_rate
from salesplan.web.plans.numbers import parse_number, reader_language, show_number

__all__ = [
    "Widget",
    "attach_form_problems",
    "attach_problems",
    "read_field",
    "read_form",
    "widget_for_field",
    "widgets_for",
]

PathPart = str | int
_LONG_TEXT = frozenset(
    {"statement", "description", "how_they_compete", "profile", "notes", "note", "target"}
)
_PAIR = re.compile(r"^\s*([^:=]+?)\s*[:=]\s*(.+?)\s*$")


@dataclass
class Widget:
    """One field of a section form, or a group, rows or keyed rows of fields."""

    name: str
    loc: tuple[PathPart, ...]
    field: str
    kind: str
    value: str = ""
    checked: bool = False
    optional: bool = True
    choices: tuple[str, ...] = ()
    selected: tuple[str, ...] = ()
    children: list[Widget] = dataclasses.field(default_factory=list)
    key: str = ""  # keyed rows: the row's key (``SDR``)
    error: str = ""

    @property
    def is_container(self) -> bool:
        return self.kind in ("group", "rows", "keyed", "row")

    @property
    def has_error(self) -> bool:
        return any(widget.error for widget in self.walk())

    @property
    def summary(self) -> str:
        """A row's name as shown when folded: its key, id, name or title."""
        if self.key:
            return self.key
        for name in ("id", "name", "title", "stage", "role", "source", "date"):
            for child in self.children:
                if child.field == name and child.value:
                    return child.value
        return ""

    def walk(self) -> Iterable[Widget]:
        yield self
        for child in self.children:
            yield from child.walk()


# ── what kind of widget a model field is ───────────────────────────────────────


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _parser(annotation: Any, metadata: Iterable[Any] = ()) -> Any:
    """The BeforeValidator function of an ``Annotated`` type (``parse_rate`` for ``Rate``)."""
    found = list(metadata)
    if typing.get_origin(annotation) is typing.Annotated:
        found += list(annotation.__metadata__)
    for item in found:
        function = getattr(item, "func", None)
        if function is not None:
            return function
    return None


def _base(annotation: Any) -> Any:
    if typing.get_origin(annotation) is typing.Annotated:
        return typing.get_args(annotation)[0]
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _scalar_kind(annotation: Any, metadata: Iterable[Any], name: str) -> str:
    parser = _parser(annotation, metadata)
    base = _base(annotation)
    if parser is parse_rate:
        return "percent"
    if parser is parse_money or base in (int, float):
        return "number"
    if base is Duration:
        return "duration"
    if base is bool:
        return "checkbox"
    if base is dt.date:
        return "date"
    if typing.get_origin(base) is typing.Literal:
        return "select"
    if parser is not None and base is float:
        return "number"
    return "textarea" if name in _LONG_TEXT else "text"


def kind_of(info: FieldInfo, name: str) -> tuple[str, Any, bool]:
    """(widget kind, the inner type it needs, optional) for a model field."""
    annotation, optional = _strip_optional(info.annotation)
    annotation = _base(annotation) if _parser(annotation) is None else annotation
    origin = typing.get_origin(annotation)
    if origin is list:
        (item,) = typing.get_args(annotation)
        if _is_model(item):
            return "rows", item, optional
        if _parser(item) is parse_rate:
            return "percents", item, optional
        if typing.get_origin(_base(item)) is typing.Literal:
            return "multi", _base(item), optional
        return "lines", item, optional
    if origin is dict:
        _, value = typing.get_args(annotation)
        if _is_model(value):
            return "keyed", value, optional
        return "pairs", value, optional
    if _is_model(annotation):
        return "group", annotation, optional
    return _scalar_kind(annotation, info.metadata, name), annotation, optional


# ── showing values ────────────────────────────────────────────────────────────


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return show_number(value, reader_language())  # 1,5 for an Indonesian reader
    return str(value)


def _percent_text(value: Any) -> str:
    """``40%`` or ``0.4`` → ``40`` (the field says %)."""
    if value is None or value == "":
        return ""
    text = str(value).strip()
    if text.endswith("%"):
        try:
            return _plain(float(text[:-1]))
        except ValueError:
            return text[:-1].strip()
    try:
        return _plain(round(parse_rate(value) * 100, 10))
    except Exception:
        return text


def _show(kind: str, value: Any) -> str:
    if kind == "percent":
        return _percent_text(value)
    if kind == "lines":
        return "\n".join(_plain(item) for item in value or [])
    if kind == "percents":  # "; " where a comma is the decimal mark
        joint = "; " if reader_language() == "id" else ", "
        return joint.join(_percent_text(item) for item in value or [])
    if kind == "pairs":
        return "\n".join(f"{key}: {_plain(item)}" for key, item in (value or {}).items())
    return _plain(value)


# ── the form of a model ───────────────────────────────────────────────────────


def widgets_for(
    model: type[BaseModel], data: Mapping[str, Any] | None, name: str, loc: tuple[PathPart, ...]
) -> list[Widget]:
    """The widgets of *model*'s fields, showing *data* (its YAML-shaped values)."""
    data = data or {}
    found = []
    for field_name, info in model.model_fields.items():
        found.append(
            widget_for_field(field_name, info, data.get(field_name), f"{name}.{field_name}", loc)
        )
    return found


def widget_for_field(
    field_name: str, info: FieldInfo, value: Any, name: str, loc: tuple[PathPart, ...]
) -> Widget:
    kind, inner, optional = kind_of(info, field_name)
    here = (*loc, field_name)
    optional = optional or not info.is_required()
    if kind == "group":
        return Widget(
            name, here, field_name, kind, optional=optional,
            children=widgets_for(inner, value if isinstance(value, Mapping) else None, name, here),
        )  # fmt: skip
    if kind in ("rows", "keyed"):
        return _rows(field_name, kind, inner, value, name, here)
    if kind == "checkbox":
        checked = value is True or str(value).lower() in ("true", "on", "yes", "1")
        return Widget(name, here, field_name, kind, checked=checked, optional=optional)
    if kind in ("select", "multi"):
        choices = tuple(str(choice) for choice in typing.get_args(inner))
        chosen = value if isinstance(value, list) else [] if value is None else [value]
        return Widget(
            name, here, field_name, kind, optional=optional, choices=choices,
            selected=tuple(str(item) for item in chosen), value=_plain(value),
        )  # fmt: skip
    return Widget(name, here, field_name, kind, _show(kind, value), optional=optional)


def _rows(
    field_name: str,
    kind: str,
    model: type[BaseModel],
    value: Any,
    name: str,
    loc: tuple[PathPart, ...],
) -> Widget:
    if kind == "keyed":
        items = list((value or {}).items()) if isinstance(value, Mapping) else []
    else:
        items = [(index, item) for index, item in enumerate(value or [])]
    rows = []
    for index, (key, item) in enumerate([*items, ("", None)]):
        row_name = f"{name}.{index}"
        row_loc = (*loc, key if kind == "keyed" else index)
        rows.append(
            Widget(
                row_name,
                row_loc,
                field_name,
                "row",
                key=str(key) if kind == "keyed" else "",
                children=widgets_for(
                    model, item if isinstance(item, Mapping) else None, row_name, row_loc
                ),
            )
        )
    return Widget(name, loc, field_name, kind, children=rows)


# ── reading a posted form back into data ──────────────────────────────────────


def read_form(
    model: type[BaseModel], posted: Mapping[str, Any], name: str, problems: dict[str, str]
) -> dict[str, Any]:
    """*model*'s data from the posted form, shaped like its YAML (blank fields left out)."""
    data: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        value = read_field(field_name, info, posted, f"{name}.{field_name}", problems)
        if value is not None:
            data[field_name] = value
    return data


def _get(posted: Mapping[str, Any], name: str) -> str:
    value = posted.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def read_field(
    field_name: str, info: FieldInfo, posted: Mapping[str, Any], name: str, problems: dict[str, str]
) -> Any:
    kind, inner, _ = kind_of(info, field_name)
    if kind == "group":
        found = read_form(inner, posted, name, problems)
        return found or None
    if kind in ("rows", "keyed"):
        return _read_rows(kind, inner, posted, name, problems)
    if kind == "checkbox":
        return True if _get(posted, name) else None
    if kind == "multi":
        getlist = getattr(posted, "getlist", None)
        chosen = getlist(name) if getlist else posted.get(name, [])
        return [item for item in chosen if item]
    text = _get(posted, name)
    if kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()] or None
    if kind == "percents":
        separators = r"[;\s]+" if reader_language() == "id" else r"[,;\s]+"
        parts = [part for part in re.split(separators, text) if part]
        return [_percent(part) for part in parts] or None
    if kind == "pairs":
        return _read_pairs(text, name, problems)
    if not text:
        return None
    if kind == "percent":
        return _percent(text)
    if kind == "number":
        return _number(text)
    return text


def _number(text: str) -> Any:
    """``80`` → 80 and ``1,5`` (Indonesian) → 1.5, so the YAML holds numbers; anything
    else as typed: "250k" and the like are read by the plan's own types (or refused)."""
    try:
        number = parse_number(text, reader_language())
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


def _percent(text: str) -> str:
    """``12,5`` (Indonesian) or ``12.5%`` → ``12.5%``; anything else as typed."""
    try:
        number = parse_number(text.rstrip("%").strip(), reader_language())
    except ValueError:
        return text if text.endswith("%") else f"{text}%"
    return f"{show_number(round(number, 10))}%"


def _read_pairs(text: str, name: str, problems: dict[str, str]) -> dict[str, Any] | None:
    from django.utils.translation import gettext as _

    found: dict[str, Any] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _PAIR.match(line)
        if match is None:
            problems[name] = _("line %(line)s: %(text)r — write one “name: number” a line") % {
                "line": number,
                "text": line.strip(),
            }
            continue
        found[match.group(1)] = _number(match.group(2))
    return found or None


def _blank(widget_values: Mapping[str, Any]) -> bool:
    return not any(value not in (None, "", [], {}) for value in widget_values.values())


def _read_rows(
    kind: str,
    model: type[BaseModel],
    posted: Mapping[str, Any],
    name: str,
    problems: dict[str, str],
) -> Any:
    from django.utils.translation import gettext as _

    try:
        count = min(int(_get(posted, f"{name}._count") or 0), 500)
    except ValueError:
        count = 0
    rows: list[dict[str, Any]] = []
    keyed: dict[str, Any] = {}
    for index in range(count):
        row_name = f"{name}.{index}"
        if _get(posted, f"{row_name}._remove"):
            continue
        row = read_form(model, posted, row_name, problems)
        key = _get(posted, f"{row_name}._key") if kind == "keyed" else ""
        if _blank(row) and not key:
            continue
        if kind == "keyed":
            if not key:
                problems[f"{row_name}._key"] = _("give this row an id (letters, digits, _ or -)")
            elif key in keyed:
                problems[f"{row_name}._key"] = _("%(key)s is used twice") % {"key": key}
            keyed[key or f"_row{index}"] = row
        else:
            rows.append(row)
    return keyed if kind == "keyed" else rows


def attach_problems(
    widgets: list[Widget], problems: Mapping[tuple[PathPart, ...], str]
) -> list[str]:
    """Put each problem on the widget its model path is about; return those that fit none."""
    everything = [widget for top in widgets for widget in top.walk()]
    left = []
    for loc, message in problems.items():
        best: Widget | None = None
        for widget in everything:
            if loc[: len(widget.loc)] == widget.loc and (
                best is None or len(widget.loc) > len(best.loc)
            ):
                best = widget
        if best is None:
            left.append(message)
            continue
        rest = loc[len(best.loc) :]
        detail = ".".join(str(part) for part in rest)
        text = f"{detail}: {message}" if detail and best.kind not in ("row",) else message
        best.error = f"{best.error}; {text}" if best.error else text
    return left


def attach_form_problems(widgets: list[Widget], problems: Mapping[str, str]) -> None:
    """Problems found reading the form, by form name (``team.roles.0._key``)."""
    by_name = {widget.name: widget for top in widgets for widget in top.walk()}
    for name, message in problems.items():
        target = by_name.get(name) or by_name.get(name.rsplit(".", 1)[0])
        if target is not None:
            target.error = message
