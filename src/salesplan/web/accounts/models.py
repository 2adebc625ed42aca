"""Workspaces (one per company or team), who belongs to them in which role, and what
they changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models

from salesplan.web.accounts.roles import ROLES, Action, allowed

__all__ = ["AuditEvent", "Membership", "Workspace"]


class Workspace(models.Model):
    """A company or team: its plans, its CRM store and its members. Nobody sees another's."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def crm_folder(self) -> Path:
        """The folder of this workspace's CRM store (``salesplan import`` writes there)."""
        web = settings.WEB
        return Path(web.data_dir) / "workspaces" / self.slug


class Membership(models.Model):
    """A person in a workspace: their role in the app, and who they are in the CRM and plan."""

    ROLE_CHOICES = [(role, role) for role in ROLES]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=ROLE_CHOICES)
    crm_owner = models.CharField(
        max_length=200, blank=True, help_text="Their id or name as the CRM's deal owner."
    )
    plan_role = models.CharField(
        max_length=60, blank=True, help_text="Their role in the plan's team (SDR, AE, …)."
    )
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    language = models.CharField(
        max_length=5, default="en", choices=[("en", "English"), ("id", "Bahasa Indonesia")]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "workspace"], name="one_membership_per_workspace"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.workspace} ({self.role})"

    def can(self, action: Action) -> bool:
        return allowed(self.role, action)


class AuditEvent(models.Model):
    """Who changed what, when: every write of the app records one."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="audit")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=60)
    target = models.CharField(max_length=200)
    detail: Any = models.JSONField(default=dict)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user}: {self.action} {self.target}"
