"""An import job: one uploaded export (a file, several files, or a ZIP of them), its
mapping or CRM settings, and what its import did.

``mapping`` (JSON) holds, besides a generic file's column mapping (``columns``,
``table``, …): ``files``, every uploaded file (``name`` as uploaded, ``path`` of the
CSV the import reads, ``problem`` when it cannot be read); ``crm``, the source the
files are read as (``csv`` or a CRM's name) with that CRM's settings; and, once a
CRM export is imported, ``summary`` (rows per file and table, the importer's notes).
"""

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

    @property
    def files(self) -> list[dict[str, str]]:
        """Every uploaded file: ``name``, ``path`` (the CSV read) and ``problem``."""
        kept = self.mapping.get("files") if isinstance(self.mapping, dict) else None
        if kept:
            return [
                {
                    "name": str(f.get("name", "")),
                    "path": str(f.get("path", "")),
                    "problem": str(f.get("problem", "")),
                }
                for f in kept
            ]
        return [{"name": self.file_name, "path": self.stored_file, "problem": ""}]

    @property
    def crm(self) -> str:
        """``csv`` for a generic file, else the CRM whose export this is."""
        return str(self.mapping.get("crm", "csv")) if isinstance(self.mapping, dict) else "csv"

    @property
    def is_export(self) -> bool:
        """Whether it is a CRM's export or several files (else one generic file to map)."""
        return self.crm != "csv" or len(self.files) > 1

    @property
    def summary(self) -> dict[str, Any]:
        """What a CRM export's import wrote (empty for a generic file)."""
        found = self.mapping.get("summary") if isinstance(self.mapping, dict) else None
        return found if isinstance(found, dict) else {}
