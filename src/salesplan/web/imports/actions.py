"""Every write of CRM data pages, each a named action: a view parses input, calls one
of these and renders what it returns."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from salesplan.plan.yaml_edit import set_values
from salesplan.web.accounts.access import audit
from salesplan.web.accounts.models import Membership
from salesplan.web.imports import jobs
from salesplan.web.imports.calibration import calibration_diff
from salesplan.web.imports.columns import MappingChoice
from salesplan.web.imports.models import ImportJob
from salesplan.web.imports.uploads import store_upload
from salesplan.web.plans.actions import save_version
from salesplan.web.plans.models import Plan, PlanVersion

__all__ = ["NotAcceptableError", "accept_calibration", "receive_upload", "start_import"]


class NotAcceptableError(Exception):
    """A calibration row the CRM cannot give a value for (or no CRM data at all)."""


def upload_limit() -> int:
    """The largest upload accepted, in bytes."""
    return int(settings.WEB.upload_limit_mb) * 1024 * 1024


def uploads_folder(member: Membership) -> Path:
    """Where the workspace's uploads are kept: in its data folder, beside its CRM store."""
    return member.workspace.crm_folder / "uploads"


def receive_upload(member: Membership, upload: UploadedFile[bytes]) -> ImportJob:
    """Keep an uploaded export (``UploadRefusedError`` when it is refused; nothing is kept)."""
    stored = store_upload(upload, uploads_folder(member), upload_limit())
    job = ImportJob.objects.create(
        workspace=member.workspace,
        user=member.user,
        file_name=Path((upload.name or "upload").replace("\\", "/")).name[:200],
        stored_file=str(stored.path),
        size=stored.size,
        source_format=stored.source_format,
    )
    audit(member, "crm.upload", job.file_name, job=job.pk, size=stored.size)
    return job


def start_import(
    member: Membership, job: ImportJob, choice: MappingChoice, skip_bad_rows: bool
) -> None:
    """Record the chosen mapping and run the import in the background."""
    job.mapping = choice.to_json()
    job.skip_bad_rows = skip_bad_rows
    job.save(update_fields=["mapping", "skip_bad_rows"])
    audit(member, "crm.import", job.file_name, job=job.pk, skip_bad_rows=skip_bad_rows)
    jobs.start(job)


def accept_calibration(
    member: Membership, plan: Plan, path: str, base: int
) -> tuple[PlanVersion, float | str]:
    """Write the CRM's figure for *path* into a new version of *plan* (comments kept).

    The value is computed here again from the store, never taken from the form.
    Returns the new version and the value written. Raises ``NotAcceptableError``, or ``VersionConflictError`` when the plan moved on.
    """
    current = plan.current
    rows = calibration_diff(member.workspace.crm_folder, current.text) or []
    row = next((r for r in rows if r.path == path and r.proposed is not None), None)
    if row is None or row.proposed is None:
        raise NotAcceptableError(path)
    text = set_values(current.text, {row.path: row.proposed})
    message = f"calibrated {row.path} from the CRM: {row.proposed} (n={row.n})"
    version = save_version(member, plan, text, base, message)
    audit(
        member,
        "crm.calibration.accept",
        plan.name,
        plan=plan.pk,
        path=row.path,
        value=row.proposed,
        n=row.n,
        version=version.number,
    )
    return version, row.proposed
