"""Every write to a plan, each in its own transaction: a view parses input, calls one of
these and renders what it returns.

Saving is optimistic: the editor sends the version it started from, and a save on
top of anything newer is refused with what changed in between, so an edit is never
silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from salesplan.plan import loads
from salesplan.plan.templates import template_text
from salesplan.web.accounts.access import audit
from salesplan.web.accounts.models import Membership
from salesplan.web.plans.models import Plan, PlanVersion

__all__ = ["VersionConflictError", "create_plan", "import_plan", "save_version"]


@dataclass
class VersionConflictError(Exception):
    """Someone saved the plan after the editor loaded it."""

    base: int
    current: PlanVersion

    def __str__(self) -> str:
        who = self.current.author.get_username() if self.current.author else "someone"
        return (
            f"{who} saved version {self.current.number} while you were editing version {self.base}"
        )


def create_plan(member: Membership, template: str, language: str = "en") -> Plan:
    """A new plan from a template (its first version), checked before it is stored."""
    text = template_text(template, language)
    plan_document = loads(text)
    with transaction.atomic():
        plan = Plan.objects.create(workspace=member.workspace, name=plan_document.name)
        PlanVersion.objects.create(
            plan=plan,
            number=1,
            text=text,
            author=member.user,
            message=f"from the {template} template",
        )
        audit(member, "plan.create", plan.name, template=template, plan=plan.pk)
    return plan


def import_plan(member: Membership, text: str, file_name: str) -> Plan:
    """A new plan whose first version is an uploaded YAML file (checked before it is stored)."""
    plan_document = loads(text, source=file_name)
    with transaction.atomic():
        plan = Plan.objects.create(workspace=member.workspace, name=plan_document.name[:200])
        PlanVersion.objects.create(
            plan=plan,
            number=1,
            text=text,
            author=member.user,
            message=f"imported {file_name}"[:300],
        )
        audit(member, "plan.import", plan.name, file=file_name, plan=plan.pk)
    return plan


def save_version(
    member: Membership, plan: Plan, text: str, base: int, message: str = ""
) -> PlanVersion:
    """Save *text* as the next version, if the plan is still at version *base*.

    Raises :class:`PlanError` when the text is not a valid plan (nothing is stored)
    and :class:`VersionConflictError` when someone saved in between.
    """
    loads(text)  # a PlanError stops here, before anything is written
    with transaction.atomic():
        current = (
            PlanVersion.objects.select_for_update().filter(plan=plan).order_by("-number").first()
        )
        number = current.number if current else 0
        if current is not None and number != base:
            raise VersionConflictError(base, current)
        try:
            version = PlanVersion.objects.create(
                plan=plan, number=number + 1, text=text, author=member.user, message=message[:300]
            )
        except IntegrityError:  # a save raced in between the check and the insert
            raise VersionConflictError(base, plan.current) from None
        audit(member, "plan.save", plan.name, plan=plan.pk, version=version.number)
    return version
