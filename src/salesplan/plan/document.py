"""The sales plan document: seven sections plus calendar and scenarios."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from salesplan.plan.action_plan import ActionPlanSection
from salesplan.plan.audience import AudienceSection
from salesplan.plan.base import PlanModel
from salesplan.plan.goals import GoalsSection
from salesplan.plan.measurement import MeasurementSection
from salesplan.plan.mission import MissionSection
from salesplan.plan.strategy import StrategySection
from salesplan.plan.team import TeamSection

__all__ = [
    "CalendarSettings",
    "CalibratedValue",
    "CalibrationRecord",
    "DayOff",
    "Language",
    "SalesPlan",
    "Scenario",
]

Language = Literal["en", "id"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
SCHEMA_VERSION: Literal[1] = 1


def _default_weekend() -> list[Weekday]:
    return ["sat", "sun"]


class DayOff(PlanModel):
    """A company day off that is not a public holiday."""

    date: dt.date
    name: str = ""


class CalendarSettings(PlanModel):
    """Which days are working days, beyond the country's public holidays."""

    subdivision: str | None = None
    weekend: list[Weekday] = Field(default_factory=_default_weekend)
    days_off: list[DayOff] = Field(default_factory=list)

    @field_validator("weekend")
    @classmethod
    def _some_working_days(cls, value: list[Weekday]) -> list[Weekday]:
        if len(set(value)) >= 7:
            raise ValueError(
                "every day of the week is a weekend day — leave at least one working day"
            )
        return value


class Scenario(PlanModel):
    """A named variant of the plan: overrides of numeric inputs by dotted path.

    Paths address mappings by key and lists of stages, people or items by id or
    name, e.g. ``strategy.stages.demo.conversion`` or ``team.roles.SDR.capacity.email``.
    """

    description: str = ""
    overrides: dict[str, float | int | str] = Field(default_factory=dict)


class CalibratedValue(PlanModel):
    """Where one input's value came from when it was calibrated from CRM history."""

    value: float
    n: int = Field(ge=0)
    low: float | None = None
    high: float | None = None
    metric: str = ""


class CalibrationRecord(PlanModel):
    """Provenance of the inputs ``salesplan calibrate --write`` set: workspace, when, which data."""

    workspace: str
    calibrated_on: dt.date
    since: dt.date | None = None
    until: dt.date | None = None
    values: dict[str, CalibratedValue] = Field(default_factory=dict)


class SalesPlan(PlanModel):
    """A whole sales plan, in the order a sales plan is read."""

    schema_version: Literal[1] = SCHEMA_VERSION
    name: str
    language: Language = "en"
    locale: str | None = None
    currency: str = "USD"
    country: str | None = None
    calendar: CalendarSettings = Field(default_factory=CalendarSettings)
    mission: MissionSection = Field(default_factory=MissionSection)
    goals: GoalsSection
    team: TeamSection = Field(default_factory=TeamSection)
    audience: AudienceSection = Field(default_factory=AudienceSection)
    strategy: StrategySection
    action_plan: ActionPlanSection = Field(default_factory=ActionPlanSection)
    measurement: MeasurementSection = Field(default_factory=MeasurementSection)
    scenarios: dict[str, Scenario] = Field(default_factory=dict)
    calibration: CalibrationRecord | None = None

    @field_validator("currency")
    @classmethod
    def _iso_currency(cls, value: str) -> str:
        if len(value) != 3 or not value.isalpha():
            raise ValueError(
                f"{value!r} is not a currency code — write an ISO code such as USD or IDR"
            )
        return value.upper()

    @field_validator("country")
    @classmethod
    def _country_code(cls, value: str | None) -> str | None:
        if value is not None and (len(value) != 2 or not value.isalpha()):
            raise ValueError(
                f"{value!r} is not a country code — write a two-letter code such as US or ID"
            )
        return None if value is None else value.upper()

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from babel import Locale, UnknownLocaleError

        try:
            Locale.parse(value)
        except (UnknownLocaleError, ValueError, TypeError):
            raise ValueError(
                f"{value!r} is not a locale — write a language and territory such as en_US, en_GB or id_ID"
            ) from None
        return value

    @property
    def effective_locale(self) -> str:
        """The locale used to format numbers: ``locale`` or the language's default."""
        if self.locale:
            return self.locale
        return {"en": "en_US", "id": "id_ID"}[self.language]

    def for_reader(self, language: str) -> SalesPlan:
        """This plan as a reader of *language* sees it: labels, the engine's sentences,
        numbers and dates follow the reader — a plan written for en_US read in
        Indonesian shows "1 April 2027" and "US$600.000". Its figures do not change.

        >>> plan = SalesPlan.model_construct(language="en", locale="en_US")
        >>> plan.for_reader("id").language, plan.for_reader("id").locale
        ('id', None)
        """
        if language == self.language:
            return self
        same = self.locale is not None and self.locale.split("_")[0] == language
        return self.model_copy(
            update={"language": language, "locale": self.locale if same else None}
        )
