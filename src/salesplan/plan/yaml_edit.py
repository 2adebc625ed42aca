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

__all__ = ["replace_sections", "set_values"]


def _yaml() -> YAML:
    yaml = round_trip_yaml()
    yaml.preserve_quotes = True  # a person's quoting stays as they wrote it
    yaml.width = 4096  # long lines stay as they were written, never re-wrapped
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


def _same_scalar(old: Any, new: Any) -> bool:
    """Whether two scalars mean the same value (``250k`` and ``250000``; ``40%`` and ``0.4``)."""
    if old == new or str(old) == str(new):
        return True
    from salesplan.plan.fields import parse_money, parse_rate

    for parse in (parse_rate, parse_money):
        try:
            return bool(parse(old) == parse(new))
        except Exception:
            continue
    return False


def _merge(old: Any, full: Any, minimal: Any) -> Any:
    """The new value, reusing *old*'s nodes (and so their comments) wherever it is unchanged.

    *full* is the new value with every default written out, *minimal* without them: a key
    the YAML already has keeps being written (``attrition: 0%`` stays), a new key is
    written only when it is not the default, and a key now unset (None) goes.
    """
    if isinstance(old, CommentedMap) and isinstance(full, Mapping):
        small = minimal if isinstance(minimal, Mapping) else {}
        for key in list(old):
            if full.get(key) is None:
                del old[key]
            else:
                old[key] = _merge(old[key], full[key], small.get(key, full[key]))
        for key, value in small.items():
            if key not in old and value is not None:
                old[key] = value
        return old
    if isinstance(old, CommentedSeq) and isinstance(full, list):
        items = minimal if isinstance(minimal, list) and len(minimal) == len(full) else full
        del old[len(full) :]
        for index, value in enumerate(full):
            if index < len(old):
                old[index] = _merge(old[index], value, items[index])
            else:
                old.append(items[index])
        return old
    if isinstance(old, Mapping | list) or isinstance(full, Mapping | list):
        return minimal
    return old if _same_scalar(old, full) else full


def replace_sections(
    text: str, sections: Mapping[str, Any], minimal: Mapping[str, Any] | None = None
) -> str:
    """*text* with each top-level key of *sections* set to its new data.

    *sections* has every value written out (defaults included); *minimal*, when given,
    the same without the defaults, for the keys the YAML does not have yet. Unchanged
    values keep their node, so their comments, quoting and the way they were written
    (``250k``) stay; a key whose new value is None is removed, and so is a section
    given as None.

    >>> text = "goals:\\n  revenue_goal: 250k  # board number\\n  average_deal_value: 5000\\n"
    >>> print(replace_sections(text, {"goals": {"revenue_goal": 250000,
    ...                                          "average_deal_value": 6000}}), end="")
    goals:
      revenue_goal: 250k  # board number
      average_deal_value: 6000
    """
    yaml = _yaml()
    document = yaml.load(text)
    for key, value in sections.items():
        small = (minimal or {}).get(key, value) if minimal is not None else value
        if value is None:
            document.pop(key, None)
        elif key in document:
            document[key] = _merge(document[key], value, small)
        elif small not in (None, {}, []):
            document[key] = small
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return buffer.getvalue()
