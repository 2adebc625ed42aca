"""Change values inside a plan's YAML text, keeping every comment and the layout.

``salesplan calibrate --write`` uses it: a person's plan keeps its comments, its
order and its formatting, and only the calibrated values and the ``calibration``
record change. Paths are the override paths of scenarios
(``strategy.stages.demo.conversion``: lists addressed by ``id`` or ``name``).

>>> text = "goals:\\n  average_deal_value: 5000  # typed by hand\\n"
>>> print(set_values(text, {"goals.average_deal_value": 6200}), end="")
goals:
  average_deal_value: 6200  # typed by hand
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from salesplan.plan.yaml_io import round_trip_yaml

__all__ = ["set_values"]


def _yaml() -> YAML:
    yaml = round_trip_yaml()
    yaml.preserve_quotes = True  # a person's quoting stays as they wrote it
    return yaml


def _step(node: Any, part: str) -> Any:
    if isinstance(node, CommentedMap):
        if part not in node:
            raise KeyError(part)
        return node[part]
    if isinstance(node, CommentedSeq):
        for item in node:
            if isinstance(item, CommentedMap) and part in (item.get("id"), item.get("name")):
                return item
        raise KeyError(part)
    raise KeyError(part)


def set_values(text: str, values: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> str:
    """*text* with each dotted path in *values* set, and *extra* top-level keys set or replaced."""
    yaml = _yaml()
    document = yaml.load(text)
    for path, value in values.items():
        parts = path.split(".")
        node = document
        for part in parts[:-1]:
            node = _step(node, part)
        if not isinstance(node, CommentedMap):
            raise KeyError(path)
        node[parts[-1]] = value
    for key, value in (extra or {}).items():
        document[key] = value
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return buffer.getvalue()
