"""Every write of CRM data pages, each a named action: a view parses input, calls one
of these and renders what it returns."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from salesplan.crm.sample import SampleError, read_sample
from salesplan.plan.yaml_edit import set_values
from salesplan.web.accounts.access import audit
from salesplan.web.accounts.models import Membership
from salesplan.web.imports import jobs
from salesplan.web.imports.calibration import calibration_diff
from salesplan.web.imports.columns import MappingChoice
from salesplan.web.imports.exports import (
    SOURCES,
    ExportChoice,
    detect_source,
    recognised,
    stage_names,
    won_stage_guess,
)
from salesplan.web.imports.models import ImportJob
from salesplan.web.imports.uploads import store_files
from salesplan.web.plans.actions import save_version
from salesplan.web.plans.models import Plan, PlanVersion

__all__ = [
    "NotAcceptableError",
    "accept_calibration",
    "choose_source",
    "map_each_file",
    "receive_upload",
    "save_export_choice",
    "start_export",
    "start_import",
]


class NotAcceptableError(Exception):
    """A calibration row the CRM cannot give a value for (or no CRM data at all)."""


def upload_limit() -> int:
    """The largest upload accepted, in bytes."""
    return int(settings.WEB.upload_limit_mb) * 1024 * 1024


def uploads_folder(member: Membership) -> Path:
    """Where the workspace's uploads are kept: in its data folder, beside its CRM store."""
    return member.workspace.crm_folder / "uploads"


def _crm_settings(files: list[dict[str, str]], source: str) -> dict[str, object]:
    """A fresh choice for *source*: every file it knows used, Pipedrive's won stage guessed."""
    choice = ExportChoice(source)
    if source == "pipedrive":
        choice.won_stage = won_stage_guess(stage_names(recognised(files, choice)))
    return choice.to_json()


def receive_upload(member: Membership, uploads: list[UploadedFile[bytes]]) -> ImportJob:
    """Keep an uploaded export — one file, several, or a ZIP — and tell which CRM wrote it
    (``UploadRefusedError`` when it is refused; nothing is kept then)."""
    received = store_files(uploads, uploads_folder(member), upload_limit())
    files = [
        {"name": file.name, "path": str(file.path), "problem": file.problem}
        for file in received.files
    ]
    samples = []
    for file in received.readable:
        try:
            samples.append(read_sample(file.path))
        except SampleError:
            continue
    source = detect_source(samples)
    job = ImportJob.objects.create(
        workspace=member.workspace,
        user=member.user,
        file_name=received.name,
        stored_file=str(received.readable[0].path),
        size=received.size,
        source_format=received.source_format,
        mapping={"files": files, "detected": source, **_crm_settings(files, source)},
    )
    audit(
        member,
        "crm.upload",
        job.file_name,
        job=job.pk,
        size=received.size,
        files=len(files),
        source=source,
    )
    return job


def choose_source(member: Membership, job: ImportJob, source: str) -> None:
    """Read the job's files as *source*'s export (or as generic files, ``csv``)."""
    if source not in SOURCES:
        raise ValueError(source)
    job.mapping = {
        "files": job.files,
        "detected": job.mapping.get("detected", ""),
        **_crm_settings(job.files, source),
    }
    job.save(update_fields=["mapping"])
    audit(member, "crm.source", job.file_name, job=job.pk, source=source)


def map_each_file(member: Membership, job: ImportJob) -> list[ImportJob]:
    """Split a job of several generic files into one job per readable file, each mapped on
    its own; *job* keeps the first. Returns the jobs, *job* first."""
    readable = [file for file in job.files if not file["problem"]]
    made = [job]
    for file in readable[1:]:
        made.append(
            ImportJob.objects.create(
                workspace=job.workspace,
                user=member.user,
                file_name=file["name"][:200],
                stored_file=file["path"],
                size=Path(file["path"]).stat().st_size if Path(file["path"]).exists() else 0,
                source_format="csv",
                mapping={"files": [file], "crm": "csv"},
            )
        )
    first = readable[0]
    job.file_name = first["name"][:200]
    job.stored_file = first["path"]
    job.mapping = {"files": [first], "crm": "csv"}
    job.save(update_fields=["file_name", "stored_file", "mapping"])
    audit(member, "crm.split", job.file_name, job=job.pk, jobs=[j.pk for j in made])
    return made


def save_export_choice(job: ImportJob, choice: ExportChoice, skip_bad_rows: bool) -> None:
    """Keep what the person chose on the export page (nothing is imported)."""
    job.mapping = {**job.mapping, **choice.to_json()}
    job.skip_bad_rows = skip_bad_rows
    job.save(update_fields=["mapping", "skip_bad_rows"])


def start_export(
    member: Membership, job: ImportJob, choice: ExportChoice, skip_bad_rows: bool
) -> None:
    """Record the CRM export's settings and run its importer in the background."""
    save_export_choice(job, choice, skip_bad_rows)
    used = [file.name for file in recognised(job.files, choice) if file.used]
    audit(
        member,
        "crm.import",
        job.file_name,
        job=job.pk,
        source=choice.source,
        files=used,
        skip_bad_rows=skip_bad_rows,
    )
    jobs.start(job)


def start_import(
    member: Membership, job: ImportJob, choice: MappingChoice, skip_bad_rows: bool
) -> None:
    """Record the chosen mapping and run the import in the background."""
    job.mapping = {**job.mapping, **choice.to_json()}
    job.table = choice.table
    job.skip_bad_rows = skip_bad_rows
    job.save(update_fields=["mapping", "table", "skip_bad_rows"])
    audit(
        member,
        "crm.import",
        job.file_name,
        job=job.pk,
        table=choice.table,
        skip_bad_rows=skip_bad_rows,
    )
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
