"""Load and save plan documents as YAML, keeping line and column for every error.

>>> from salesplan.plan.yaml_io import loads
>>> loads("name: x\\ngoals: {period: {start: 2027-01-01, horizon: quarter}, "
...       "revenue_goal: 1k, average_deal_value: 1k}\\n"
...       "strategy: {stages: [{id: won, name: Close, owner: AE, conversion: 140%}]}\\n",
...       source="plan.yaml")
Traceback (most recent call last):
...
salesplan.plan.errors.PlanError: plan.yaml:3:67 strategy.stages[0].conversion: 140% is not a rate — write 40% or 0.4
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from salesplan.plan.document import SalesPlan
from salesplan.plan.errors import PathPart, PlanError, PlanIssue
from salesplan.plan.references import CountryLookup, check_references
from salesplan.plan.scenarios import check_scenarios

__all__ = ["dumps", "load", "loads", "round_trip_yaml", "save"]


def load(path: str | Path, *, countries: CountryLookup | None = None) -> SalesPlan:
    """Read and validate a plan file; raise :class:`PlanError` with locations on any problem.

    *countries* lists the country codes a plan may name (default: the ``holidays`` package).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PlanError([PlanIssue((), "file not found")], source=path) from None
    except UnicodeDecodeError as error:
        raise PlanError(
            [PlanIssue((), f"not UTF-8 text (byte {error.start}) — save the plan as UTF-8")],
            source=path,
        ) from None
    except OSError as error:
        raise PlanError([PlanIssue((), f"cannot read: {error.strerror}")], source=path) from None
    return loads(text, source=path, countries=countries)


def loads(
    text: str, source: str | Path = "<plan>", *, countries: CountryLookup | None = None
) -> SalesPlan:
    """Validate plan YAML given as text (``source`` names it in messages).

    A plan is parsed with the fast C loader; only when it has a problem is it
    parsed again keeping line and column of every node, to say where.
    """
    data = _parse_fast(text)
    if data is None:  # the fast loader failed: the careful parse explains why
        data = _parse_yaml(text, source)
    try:
        plan = SalesPlan.model_validate(data)
    except ValidationError as error:
        located = _parse_yaml(text, source)
        issues = [_issue_from_pydantic(detail, located) for detail in error.errors()]
        raise PlanError(_dedupe(issues), source=source) from None
    issues = check_references(plan, countries) + check_scenarios(plan)
    if issues:
        located = _parse_yaml(text, source)
        raise PlanError([_locate(issue, located) for issue in issues], source=source)
    return plan


def _parse_fast(text: str) -> Mapping[str, Any] | None:
    """The document as plain data, or None when it is not a valid YAML mapping."""
    try:
        data = YAML(typ="safe", pure=False).load(text)
    except (YAMLError, ValueError):
        return None
    return data if isinstance(data, Mapping) else None


def dumps(plan: SalesPlan) -> str:
    """The plan as YAML; ``loads(dumps(plan)) == plan``."""
    data = plan.model_dump(mode="python", exclude_defaults=True, by_alias=True)
    data = {"schema_version": plan.schema_version, **data}
    buffer = io.StringIO()
    round_trip_yaml().dump(data, buffer)
    return buffer.getvalue()


def save(plan: SalesPlan, path: str | Path) -> None:
    """Write the plan to *path* atomically (a crash never leaves half a file)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(dumps(plan), encoding="utf-8")
    tmp.replace(path)


def round_trip_yaml() -> YAML:
    """The YAML reader and writer plans use: round-trip mode, 2-space indents, width 100."""
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _parse_yaml(text: str, source: str | Path) -> Any:
    try:
        data = round_trip_yaml().load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = " ".join(filter(None, [error.context, error.problem])) or "invalid YAML"
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        raise PlanError([PlanIssue((), f"invalid YAML: {problem}", line, column)], source) from None
    except YAMLError as error:
        raise PlanError([PlanIssue((), f"invalid YAML: {error}")], source) from None
    except ValueError as error:  # ruamel builds dates itself: 2027-02-30 fails here
        raise PlanError([_impossible_date(text, error)], source) from None
    if not isinstance(data, Mapping):
        found = "an empty file" if data is None else _kind_of(data)
        raise PlanError(
            [PlanIssue((), f"a plan is a YAML mapping of sections (found {found})", 1, 1)], source
        )
    return data


_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")


def _impossible_date(text: str, error: ValueError) -> PlanIssue:
    """Find the date YAML could not build and say where it is."""
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _DATE.finditer(line.split("#", 1)[0]):
            year, month, day = (int(part) for part in match.groups())
            try:
                dt.date(year, month, day)
            except ValueError as problem:
                return PlanIssue(
                    (),
                    f"{match.group(0)} is not a date ({problem}) — write a real date as YYYY-MM-DD",
                    number,
                    match.start() + 1,
                )
    return PlanIssue((), f"invalid value: {error}")


def _kind_of(data: Any) -> str:
    if isinstance(data, list):
        return "a list"
    if isinstance(data, bool):
        return "true/false"
    if isinstance(data, int | float):
        return f"the number {data}"
    if isinstance(data, str):
        return f"the text {data!r}"
    return "a single value"


def _dedupe(issues: list[PlanIssue]) -> list[PlanIssue]:
    seen: set[tuple[tuple[PathPart, ...], str]] = set()
    unique = []
    for issue in issues:
        key = (issue.path, issue.message)
        if key not in seen:
            seen.add(key)
            unique.append(issue)
    return unique


def _issue_from_pydantic(detail: ErrorDetails, data: Any) -> PlanIssue:
    loc = tuple(detail["loc"])
    path = _data_path(loc, data)
    kind = detail["type"]
    value = detail.get("input")
    if kind == "extra_forbidden":
        key = path[-1]
        allowed = _allowed_keys(path[:-1])
        hint = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        message = f"unknown key {key!r}"
        message += (
            f" — did you mean {hint[0]!r}?" if hint else f" — valid keys: {', '.join(allowed)}"
        )
        return _locate(PlanIssue(path, message), data, key_position=True)
    if kind == "missing":
        return _locate(PlanIssue(path, "missing — this field is required"), data)
    message = detail["msg"]
    if kind in {"value_error", "assertion_error"}:
        message = message.split(", ", 1)[1] if ", " in message else message
    elif not kind.startswith(("rate", "money", "amount", "duration", "identifier")):
        message = message[0].lower() + message[1:]
        message = message.replace("input should be", "expected")
        if not isinstance(value, Mapping | list):
            message = f"{_show(value)} is not valid — {message}"
    return _locate(PlanIssue(path, message), data)


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _data_path(loc: tuple[PathPart, ...], data: Any) -> tuple[PathPart, ...]:
    """Keep the parts of a pydantic location that exist in the document.

    Pydantic adds tags such as ``float`` or ``function-after[...]`` for unions
    and validators; they are not places in the file.
    """
    path: list[PathPart] = []
    node = data
    for part in loc:
        if part == "[key]":
            continue
        if (isinstance(node, Mapping) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = typing.cast(Any, node)[part]
            path.append(part)
        elif isinstance(node, Mapping) and isinstance(part, str) and not _is_tag(part):
            path.append(part)  # a missing or unknown key: still a place to name
            return tuple(path)
        else:
            continue
    return tuple(path)


def _is_tag(part: str) -> bool:
    return "[" in part or part in {"float", "int", "str", "bool", "date", "list", "dict", "none"}


def _locate(issue: PlanIssue, data: Any, *, key_position: bool = False) -> PlanIssue:
    """Attach the line and column of the deepest part of the path found in *data*."""
    node = data
    line: int | None = None
    column: int | None = None
    for index, part in enumerate(issue.path):
        last = index == len(issue.path) - 1
        if isinstance(node, CommentedMap) and part in node:
            position = node.lc.key(part) if (last and key_position) else node.lc.value(part)
            line, column = position[0] + 1, position[1] + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            position = node.lc.item(part)
            line, column = position[0] + 1, position[1] + 1
            node = node[part]
        elif isinstance(node, CommentedMap):
            if line is None:
                line, column = node.lc.line + 1, node.lc.col + 1
            break
        else:
            break
    return PlanIssue(issue.path, issue.message, line, column)


def _allowed_keys(path: tuple[PathPart, ...]) -> list[str]:
    """Field names of the model found at *path* inside :class:`SalesPlan`."""
    annotation: Any = SalesPlan
    for part in path:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    model = _unwrap_model(annotation)
    return list(model.model_fields) if model else []


def _step(annotation: Any, part: PathPart) -> Any:
    model = _unwrap_model(annotation)
    if model is not None:
        if isinstance(part, str) and part in model.model_fields:
            return model.model_fields[part].annotation
        return None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (list, tuple) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap_model(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _unwrap_model(arg)
            if found is not None:
                return found
    return None
