"""A plan is a series of versions of one YAML document; every save is a version."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from salesplan.web.accounts.models import Workspace

__all__ = ["Plan", "PlanVersion"]


class Plan(models.Model):
    """A plan of a workspace. Its text lives in its versions; the newest is current."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="plans")
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def current(self) -> PlanVersion:
        version = self.versions.order_by("-number").first()
        if version is None:
            raise PlanVersion.DoesNotExist(f"plan {self.pk} has no version")
        return version


class PlanVersion(models.Model):
    """One saved state of a plan's YAML: who saved it, when, and why."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_version_number_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"
