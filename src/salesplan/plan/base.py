"""The base of every plan model: unknown keys are errors, text is trimmed."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["PlanModel"]


class PlanModel(BaseModel):
    """Strict model: an unknown key is an error (the loader suggests the closest name)."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        validate_default=False,
        populate_by_name=True,
    )
