"""Section 4 of the plan: target audience, ideal customer profile and personas."""

from __future__ import annotations

from pydantic import Field, model_validator

from salesplan.plan.base import PlanModel

__all__ = ["AudienceSection", "EmployeeRange", "IdealCustomerProfile", "Industry", "Persona"]


class Industry(PlanModel):
    """An industry we sell into, with the sub-segments that fit best."""

    name: str
    sub_segments: list[str] = Field(default_factory=list)


class EmployeeRange(PlanModel):
    """Company size, in employees, that fits the ideal customer profile."""

    min: int = Field(default=1, ge=1)
    max: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _max_not_below_min(self) -> EmployeeRange:
        if self.max is not None and self.max < self.min:
            raise ValueError(f"max {self.max} is below min {self.min}")
        return self


class IdealCustomerProfile(PlanModel):
    """The companies most likely to buy and succeed with us."""

    industries: list[Industry] = Field(default_factory=list)
    employee_count: EmployeeRange | None = None
    funding_stages: list[str] = Field(default_factory=list)
    regions: list[str] = Field(default_factory=list)
    challenges: list[str] = Field(default_factory=list)


class Persona(PlanModel):
    """A person on the buying side: who they are and how we help them."""

    name: str
    profile: str = ""
    demographics: list[str] = Field(default_factory=list)
    attributes: list[str] = Field(default_factory=list)
    challenges: list[str] = Field(default_factory=list)
    goals: list[str] = Field(default_factory=list)
    how_we_help: list[str] = Field(default_factory=list)


class AudienceSection(PlanModel):
    """Who we sell to."""

    icp: IdealCustomerProfile = Field(default_factory=IdealCustomerProfile)
    personas: list[Persona] = Field(default_factory=list)
