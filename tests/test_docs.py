"""The docs cannot rot: every JSON key and every plan field is documented."""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from salesplan.engine.build import build
from salesplan.plan.document import SalesPlan
from salesplan.plan.yaml_io import load

ROOT = Path(__file__).resolve().parents[1]
# maps whose keys are data (stage, role, activity ids, months), not schema
DATA_KEYED = {
    "explanations",
    "working_days_by_month",
    "working_days_by_week",
    "activities",
    "headcount",
    "by_role",
    "created",
    "per_rep_per_day",
}


def _json_keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            if key not in DATA_KEYED:
                yield from _json_keys(item)
            elif isinstance(item, dict):
                for inner in item.values():
                    yield from _json_keys(inner)
    elif isinstance(value, list) and value:
        yield from _json_keys(value[0])


def test_every_json_key_is_documented() -> None:
    result = build(load(ROOT / "examples" / "derived-quarter.yaml"), as_of=dt.date(2026, 11, 1))
    doc = (ROOT / "docs" / "json-output.md").read_text(encoding="utf-8")
    missing = sorted({key for key in _json_keys(result.to_dict()) if f"`{key}`" not in doc})
    assert missing == []


def _models(model: type[BaseModel], seen: set[type[BaseModel]]) -> Iterator[type[BaseModel]]:
    if model in seen:
        return
    seen.add(model)
    yield model
    for field in model.model_fields.values():
        for found in _nested(field.annotation):
            yield from _models(found, seen)


def _nested(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from _nested(argument)


def test_every_plan_field_is_documented() -> None:
    doc = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
    missing = [
        f"{model.__name__}.{name}"
        for model in _models(SalesPlan, set())
        for name in model.model_fields
        if f"`{name}`" not in doc
    ]
    assert missing == []


def test_every_command_is_in_the_readme() -> None:
    from salesplan.cli.app import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = [
        command.name or command.callback.__name__
        for command in app.registered_commands
        if command.callback
    ]
    assert len(names) >= 6
    assert [name for name in names if f"salesplan {name}" not in readme] == []


def test_every_crm_column_is_documented() -> None:
    from salesplan.crm.schema import TABLES

    doc = (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8")
    for table in TABLES.values():
        section = doc.split(f"## `{table.name}`", 1)
        assert len(section) == 2, table.name
        body = section[1].split("\n## ", 1)[0]
        assert [c.name for c in table.columns if f"| `{c.name}` |" not in body] == []
