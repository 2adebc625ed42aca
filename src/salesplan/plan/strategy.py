"""Section 5 of the plan: the sales stages, the methodology and the playbooks."""

from __future__ import annotations

from pydantic import Field, model_validator

from salesplan.plan.base import PlanModel
from salesplan.plan.fields import Amount, Identifier, Money, Rate

__all__ = ["CLASSIC_STAGES", "Methodology", "OpenDeals", "Playbook", "Stage", "StrategySection"]

CLASSIC_STAGES: tuple[str, ...] = (
    "prospecting",
    "qualification",
    "first_contact",
    "scheduling_meetings",
    "needs_assessment",
    "presentation",
    "negotiation",
    "closing",
    "referral",
)
"""The nine classic stages; a plan keeps those relevant to it."""


class Stage(PlanModel):
    """A step of the sales process.

    ``conversion`` is the share of deals that move on to the next stage; for the
    last pipeline stage it is the share that is won. ``activities`` are needed
    per deal at this stage and are done by the stage's ``owner`` role. A
    ``post_sale`` stage (such as referral) works on won customers.
    """

    id: Identifier
    name: str
    owner: Identifier
    conversion: Rate
    days_in_stage: Amount = 0.0
    activities: dict[Identifier, Amount] = Field(default_factory=dict)
    post_sale: bool = False
    description: str = ""
    exit_criteria: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _conversion_positive(self) -> Stage:
        if not self.post_sale and self.conversion <= 0:
            raise ValueError("conversion must be more than 0% — no deal would ever move on")
        return self


class Methodology(PlanModel):
    """How the team sells: SPIN, MEDDIC, Challenger, Sandler, or a custom method."""

    name: str = "custom"
    description: str = ""
    principles: list[str] = Field(default_factory=list)


class Playbook(PlanModel):
    """Tactics, techniques and templates for one stage."""

    stage: Identifier
    tactics: list[str] = Field(default_factory=list)
    techniques: list[str] = Field(default_factory=list)
    templates: list[str] = Field(default_factory=list)


class OpenDeals(PlanModel):
    """Deals already open in a stage when the plan is built."""

    stage: Identifier
    count: int = Field(ge=0)
    value: Money | None = None


class StrategySection(PlanModel):
    """The sales process in order, and how the team works it."""

    methodology: Methodology = Field(default_factory=Methodology)
    stages: list[Stage] = Field(min_length=1)
    playbooks: list[Playbook] = Field(default_factory=list)
    open_pipeline: list[OpenDeals] = Field(default_factory=list)

    @property
    def pipeline_stages(self) -> list[Stage]:
        """Stages before the win, in order."""
        return [stage for stage in self.stages if not stage.post_sale]
