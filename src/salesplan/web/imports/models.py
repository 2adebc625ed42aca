"""An import job: one uploaded export, its mapping, and what its import did."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models

from salesplan.web.accounts.models import Workspace

__all__ = ["ImportJob"]


class ImportJob(models.Model):
    """An uploaded file on its way into the workspace's CRM store.

    ``uploaded`` while its mapping is being chosen; ``queued`` and ``running`` in the
    background; then ``done`` or ``failed`` (nothing written).
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded"
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="imports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    file_name = models.CharField(max_length=200, help_text="The name the file was uploaded with.")
    stored_file = models.CharField(
        max_length=500, help_text="The file as the import reads it (CSV), in the data folder."
    )
    size = models.PositiveBigIntegerField(default=0)
    source_format = models.CharField(max_length=20, default="csv")  # csv | xlsx
    table = models.CharField(max_length=30, default="deals")
    mapping: Any = models.JSONField(default=dict, blank=True)
    skip_bad_rows = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    step = models.CharField(max_length=20, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    rows_read = models.PositiveBigIntegerField(default=0)
    rows_accepted = models.PositiveBigIntegerField(default=0)
    rows_rejected = models.PositiveBigIntegerField(default=0)
    problems: Any = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} → {self.workspace} ({self.status})"

    @property
    def path(self) -> Path:
        return Path(self.stored_file)

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
