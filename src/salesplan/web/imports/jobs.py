"""Import jobs in the background: a thread per job, one import at a time per workspace
(DuckDB lets one writer at a time hold a store; the others wait as ``queued``).

A generic file goes through ``crm.csv_import`` with its mapping, a CRM's export through
that CRM's importer (``exports.import_export``); either writes all or nothing.

Tests and single-shot tools run a job in the calling thread with ``inline=True`` (or
the Django setting ``SALESPLAN_IMPORTS_INLINE = True``).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone
from pydantic import ValidationError

from salesplan.crm.csv_import import STEPS, ImportFailedError, import_csv
from salesplan.crm.sample import SampleError
from salesplan.crm.store import STORE, Workspace, WorkspaceError
from salesplan.web.imports.columns import MappingChoice
from salesplan.web.imports.exports import (
    ExportChoice,
    NothingToImportError,
    import_export,
    problem_rows,
    recognised,
    summary,
)
from salesplan.web.imports.models import ImportJob
from salesplan.web.store_access import writing

__all__ = ["is_running_here", "run", "start"]

_registry = threading.Lock()
_workspace_locks: dict[int, threading.Lock] = {}
_running_here: set[int] = set()
# the percentage shown when each step starts
_PROGRESS = {step: 10 + 80 * index // len(STEPS) for index, step in enumerate(STEPS)}


def _lock_for(workspace_id: int) -> threading.Lock:
    with _registry:
        return _workspace_locks.setdefault(workspace_id, threading.Lock())


def is_running_here(job_id: int) -> bool:
    """Whether this process has the job queued or running (after a restart, none is)."""
    with _registry:
        return job_id in _running_here


def start(job: ImportJob, *, inline: bool | None = None) -> None:
    """Queue *job* and run it: in a background thread, or here when *inline*."""
    job.status = ImportJob.Status.QUEUED
    job.progress = 0
    job.problems = []
    job.error = ""
    job.save(update_fields=["status", "progress", "problems", "error"])
    if inline is None:
        inline = bool(getattr(settings, "SALESPLAN_IMPORTS_INLINE", False))
    if inline:
        run(job.pk)
        return
    with _registry:
        _running_here.add(job.pk)
    threading.Thread(
        target=_in_background, args=(job.pk,), name=f"salesplan-import-{job.pk}", daemon=True
    ).start()


def _in_background(job_id: int) -> None:
    close_old_connections()
    try:
        run(job_id)
    finally:
        with _registry:
            _running_here.discard(job_id)
        connections.close_all()


def _set(job: ImportJob, **changes: Any) -> None:
    for name, value in changes.items():
        setattr(job, name, value)
    job.save(update_fields=list(changes))


def _names(job: ImportJob) -> dict[str, str]:
    """Each kept file's name in the data folder → the name it was uploaded with."""
    return {Path(file["path"]).name: file["name"] for file in job.files}


def _import_file(job: ImportJob, store: Workspace) -> dict[str, Any]:
    mapping = MappingChoice.from_json(job.mapping).mapping()
    result = import_csv(
        store,
        job.path,
        mapping,
        on_error="skip" if job.skip_bad_rows else "fail",
        progress=lambda step: _set(job, step=step, progress=_PROGRESS.get(step, 50)),
    )
    return {
        "rows_read": result.rows_read,
        "rows_accepted": result.rows_accepted,
        "rows_rejected": result.rows_rejected,
    }


def _import_export(job: ImportJob, store: Workspace) -> dict[str, Any]:
    choice = ExportChoice.from_json(job.mapping)

    def tell(done: int, total: int) -> None:
        _set(job, step="importing", progress=10 + 80 * done // max(total, 1))

    results = import_export(
        store,
        choice,
        recognised(job.files, choice),
        "skip" if job.skip_bad_rows else "fail",
        progress=tell,
    )
    done = summary(results, _names(job))
    job.mapping = {**job.mapping, "summary": done}
    return {
        "rows_read": done["rows_read"],
        "rows_accepted": done["rows_accepted"],
        "rows_rejected": done["rows_rejected"],
        "mapping": job.mapping,
    }


def run(job_id: int) -> ImportJob:
    """Import the job's files into its workspace's CRM store and record what happened.

    Errors are kept as ``crm`` words them (the page shows them in the reader's language).
    """
    job = ImportJob.objects.select_related("workspace").get(pk=job_id)
    with _lock_for(job.workspace_id):
        _set(job, status=ImportJob.Status.RUNNING, step="", progress=5)
        try:
            importer = _import_file if job.crm == "csv" else _import_export
            with writing(job.workspace.crm_folder / STORE):  # dashboards wait meanwhile
                store = Workspace.open(job.workspace.crm_folder)
                counts = importer(job, store)
        except ImportFailedError as failed:
            _set(
                job,
                status=ImportJob.Status.FAILED,
                problems=problem_rows(failed.problems, _names(job)),
                error=failed.hint or "the file has problems",
                finished_at=timezone.now(),
            )
        except NothingToImportError:
            _set(
                job,
                status=ImportJob.Status.FAILED,
                error="none of the files is one this CRM's importer reads",
                finished_at=timezone.now(),
            )
        except (SampleError, WorkspaceError, ValidationError, OSError) as error:
            _set(
                job,
                status=ImportJob.Status.FAILED,
                error=str(error).split(": ", 1)[-1][:2000],
                finished_at=timezone.now(),
            )
        else:
            _set(
                job,
                status=ImportJob.Status.DONE,
                step="",
                progress=100,
                finished_at=timezone.now(),
                **counts,
            )
    return job
