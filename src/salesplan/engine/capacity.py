"""Full-time equivalents per role from activity volume and capacity.

FTE = Σ over the role's activities of (activity per working day ÷ capacity per
working day); with minutes-based capacity, (Σ activity per day × minutes) ÷
(selling hours × 60). Required headcount is ``ceil(FTE)``. Roles that manage
others need ``ceil(people managed ÷ span of control)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from salesplan.engine.funnel import ceil_whole
from salesplan.engine.results import Explanation
from salesplan.engine.wording import number, say
from salesplan.plan.document import SalesPlan
from salesplan.plan.errors import PlanError, PlanIssue

__all__ = ["RoleNeed", "role_needs"]


@dataclass(frozen=True, slots=True)
class RoleNeed:
    role: str
    fte: float
    required: int
    explanation: Explanation
    fte_formula: str = ""


def _activity_fte(
    plan: SalesPlan, role_id: str, per_day: dict[str, float]
) -> tuple[float, str, tuple[str, ...]]:
    lang = plan.language
    role = plan.team.roles[role_id]
    names = plan.goals.activities
    unit = say(lang, "per_day")
    fte = 0.0
    terms: list[str] = []
    inputs: list[str] = []
    minutes_terms: list[str] = []
    minutes_total = 0.0
    for activity_id, volume in per_day.items():
        label = names[activity_id].name.lower() if activity_id in names else activity_id
        if activity_id in role.capacity:
            capacity = role.capacity[activity_id]
            fte += volume / capacity
            terms.append(f"{number(volume, lang)} {label}{unit} ÷ {number(capacity, lang)}")
            inputs.append(f"team.roles.{role_id}.capacity.{activity_id}")
        else:
            minutes = role.minutes_per_activity[activity_id]
            minutes_total += volume * minutes
            minutes_terms.append(
                f"{number(volume, lang)} {label}{unit} × {number(minutes, lang)} min"
            )
            inputs.append(f"team.roles.{role_id}.minutes_per_activity.{activity_id}")
    if minutes_terms:
        assert role.selling_hours_per_day is not None
        fte += minutes_total / (role.selling_hours_per_day * 60)
        hours = number(role.selling_hours_per_day, lang)
        terms.append(f"({' + '.join(minutes_terms)}) ÷ ({hours} h × 60 min)")
        inputs.append(f"team.roles.{role_id}.selling_hours_per_day")
    return fte, " + ".join(terms), tuple(inputs)


def role_needs(
    plan: SalesPlan,
    per_day_by_role: dict[str, dict[str, float]],
    headcount_after_hiring: dict[str, int] | None = None,
) -> dict[str, RoleNeed]:
    """FTE and required headcount of every role, managers after the people they manage."""
    lang = plan.language
    needs: dict[str, RoleNeed] = {}
    managers = []
    for role_id, role in plan.team.roles.items():
        figure = f"headcount.{role_id}.required"
        if role.fixed_headcount is not None:
            required = role.fixed_headcount
            needs[role_id] = RoleNeed(
                role_id,
                float(required),
                required,
                Explanation(
                    figure,
                    required,
                    say(lang, "fte.fixed", role=role_id, required=required),
                    (f"team.roles.{role_id}.fixed_headcount",),
                ),
            )
        elif role.manages:
            managers.append(role_id)
        elif per_day_by_role.get(role_id):
            fte, terms, inputs = _activity_fte(plan, role_id, per_day_by_role[role_id])
            required = ceil_whole(fte)
            needs[role_id] = RoleNeed(
                role_id,
                fte,
                required,
                Explanation(
                    figure,
                    required,
                    say(
                        lang,
                        "fte.formula",
                        role=role_id,
                        terms=terms,
                        fte=number(fte, lang),
                        required=number(required, lang),
                    ),
                    inputs,
                ),
                say(lang, "fte.value", role=role_id, terms=terms, fte=number(fte, lang)),
            )
        else:
            needs[role_id] = RoleNeed(
                role_id, 0.0, 0, Explanation(figure, 0, say(lang, "fte.none", role=role_id))
            )
    # managers may manage managers: resolve in passes until nothing changes
    pending = list(managers)
    while pending:
        progressed = False
        for role_id in list(pending):
            role = plan.team.roles[role_id]
            if any(managed in pending for managed in role.manages if managed != role_id):
                continue
            assert role.span_of_control is not None
            counts = headcount_after_hiring or {}
            managed = sum(
                max(needs[m].required, counts.get(m, 0)) for m in role.manages if m in needs
            )
            fte = managed / role.span_of_control
            required = ceil_whole(fte)
            needs[role_id] = RoleNeed(
                role_id,
                fte,
                required,
                Explanation(
                    f"headcount.{role_id}.required",
                    required,
                    say(
                        lang,
                        "fte.managers",
                        role=role_id,
                        managed=managed,
                        span=role.span_of_control,
                        fte=number(fte, lang),
                        required=required,
                    ),
                    (f"team.roles.{role_id}.span_of_control",),
                ),
                say(
                    lang,
                    "fte.value",
                    role=role_id,
                    terms=f"{managed} ÷ {role.span_of_control}",
                    fte=number(fte, lang),
                ),
            )
            pending.remove(role_id)
            progressed = True
        if not progressed:  # load() reports this; a plan built in code may still have it
            raise PlanError(
                [
                    PlanIssue(
                        ("team", "roles", pending[0], "manages"),
                        f"management cycle among {', '.join(pending)} — a role cannot manage its own managers",
                    )
                ]
            )
    return {role_id: needs[role_id] for role_id in plan.team.roles}
