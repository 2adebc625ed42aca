"""CRM data pages: upload (a file, several files or a ZIP), the source and its files or
the column mapping, each with a dry run, progress, calibration diff. Each view parses
input, calls an action, and renders; the progress poll gets a partial."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from salesplan.crm.sample import SampleError, read_sample
from salesplan.plan.errors import PlanError
from salesplan.web.accounts.access import member_of
from salesplan.web.accounts.models import Membership
from salesplan.web.imports import actions, jobs
from salesplan.web.imports.calibration import calibration_diff
from salesplan.web.imports.columns import (
    STATUSES,
    TABLE,
    TARGETS,
    MappingChoice,
    best_proposal,
    canonical_columns,
    dry_run,
    from_post,
    proposed,
    target_label,
)
from salesplan.web.imports.exports import (
    CRMS,
    SOURCES,
    ExportChoice,
    ExportFile,
    dry_run_export,
    feeds,
    recognised,
    stage_names,
    valid_timezone,
)
from salesplan.web.imports.models import ImportJob
from salesplan.web.imports.uploads import (
    MAX_FILES,
    SizeLimit,
    UploadRefusedError,
    too_big_message,
)
from salesplan.web.plans.actions import VersionConflictError
from salesplan.web.plans.models import Plan


def _job(request: HttpRequest, slug: str, job_id: int) -> tuple[Membership, ImportJob]:
    """The person's membership and the job, which must be in that workspace (else 404)."""
    member = member_of(request, slug, "crm.import")
    job = ImportJob.objects.filter(pk=job_id, workspace=member.workspace).first()
    if job is None:
        raise Http404
    return member, job


# ── upload ─────────────────────────────────────────────────────────────────────


@csrf_exempt  # the size limit must be in place before the body is read; CSRF is checked below
@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    member = member_of(request, slug, "crm.import")  # before reading any of the body
    limit = SizeLimit(request, actions.upload_limit())
    if request.method == "POST":
        request.upload_handlers.insert(0, limit)
        try:
            request.FILES  # noqa: B018 — parsed here, so that too many files is a refusal
        except TooManyFilesSent:
            message = _("Upload at most %(limit)s files at once (or one ZIP of them).") % {
                "limit": MAX_FILES
            }
            return _upload_page(request, member, message, 400)
    return _upload(request, member, limit)


@csrf_protect
def _upload(request: HttpRequest, member: Membership, limit: SizeLimit) -> HttpResponse:
    error = ""
    status = 200
    if request.method == "POST":
        uploaded = request.FILES.getlist("file")
        if limit.too_big:
            error, status = too_big_message(actions.upload_limit()), 413
        elif not uploaded:
            error, status = _("Choose a file to upload."), 400
        else:
            try:
                job = actions.receive_upload(member, uploaded)
            except UploadRefusedError as refused:
                error, status = str(refused), 400
            else:
                return redirect("imports:mapping", slug=member.workspace.slug, job_id=job.pk)
    return _upload_page(request, member, error, status)


def _upload_page(request: HttpRequest, member: Membership, error: str, status: int) -> HttpResponse:
    recent = ImportJob.objects.filter(workspace=member.workspace).select_related("user")[:20]
    return render(
        request,
        "imports/upload.html",
        {
            "member": member,
            "jobs": recent,
            "error": error,
            "limit_mb": actions.upload_limit() // (1024 * 1024),
            "max_files": MAX_FILES,
        },
        status=status,
    )


# ── source, mapping, preview and dry run ───────────────────────────────────────


@login_required
@require_http_methods(["GET", "POST"])
def mapping(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    """The second step: a CRM export's files and settings, or a generic file's columns."""
    member, job = _job(request, slug, job_id)
    if job.status != ImportJob.Status.UPLOADED:
        return redirect("imports:job", slug=slug, job_id=job.pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "source":
        source = request.POST.get("crm", "")
        if source not in SOURCES:
            return HttpResponseBadRequest(_("Choose one of the sources offered."))
        actions.choose_source(member, job, source)
        return redirect("imports:mapping", slug=slug, job_id=job.pk)
    if action == "split" and job.crm == "csv" and len(job.files) > 1:
        made = actions.map_each_file(member, job)
        messages.info(
            request,
            ngettext(
                "Each file is mapped on its own: %(count)s more is waiting under Recent imports.",
                "Each file is mapped on its own: %(count)s more are waiting under Recent imports.",
                len(made) - 1,
            )
            % {"count": len(made) - 1},
        )
        return redirect("imports:mapping", slug=slug, job_id=job.pk)
    if job.is_export:
        return _export(request, member, job, action)
    return _columns(request, member, job, action)


def _columns(request: HttpRequest, member: Membership, job: ImportJob, action: str) -> HttpResponse:
    try:
        sample = read_sample(job.path)
    except SampleError:
        raise Http404 from None  # the upload is gone from the data folder
    if request.method == "POST":
        table = request.POST.get("table", str(job.mapping.get("table", TABLE)))
        shown = request.POST.get("shown_table", table)  # the table the form's columns were for
        skip = request.POST.get("skip_bad_rows") == "on"
        if table in TARGETS and (action == "table" or table != shown):  # propose its columns
            choice = proposed(job.path, request.POST.get("source", "").strip()[:60] or "csv", table)
        else:
            choice = from_post(request.POST, sample.header, sample)
    elif "columns" in job.mapping:
        choice, skip = MappingChoice.from_json(job.mapping), job.skip_bad_rows
    else:
        choice, skip = best_proposal(job.path, "csv"), False
    found = dry_run(job.path, choice)
    error = ""
    status = 200
    if request.method == "POST":
        job.mapping = {**job.mapping, **choice.to_json()}
        job.table = choice.table
        job.skip_bad_rows = skip
        job.save(update_fields=["mapping", "table", "skip_bad_rows"])
        if action == "start":
            if found.error:
                error, status = _("Fix the mapping first."), 422
            elif found.total_problems and not skip:
                error = _(
                    "Some rows have problems: fix the file or the mapping, or choose to set"
                    " those rows aside."
                )
                status = 422
            elif not found.rows_read:
                error, status = _("The file has no rows to import."), 422
            else:
                actions.start_import(member, job, choice, skip)
                return redirect("imports:job", slug=member.workspace.slug, job_id=job.pk)
    return render(
        request,
        "imports/mapping.html",
        {
            "member": member,
            "job": job,
            "header": sample.header,
            "choice": choice,
            "columns": canonical_columns(choice.table),
            "tables": [(name, target_label(name)) for name in TARGETS],
            "sources": _sources(),
            "statuses": STATUSES,
            "skip": skip,
            "dry": found,
            "error": error,
        },
        status=status,
    )


def _sources() -> list[tuple[str, str]]:
    labels = {
        "csv": _("generic tables (map the columns)"),
        "pipedrive": _("a Pipedrive export"),
        "hubspot": _("a HubSpot export"),
        "salesforce": _("a Salesforce export"),
    }
    return [(source, labels[source]) for source in SOURCES]


def _choosable(file: ExportFile) -> bool:
    """Whether the page offers to tick or untick the file."""
    return bool(file.kind) and not file.problem and not file.not_needed


def _export(request: HttpRequest, member: Membership, job: ImportJob, action: str) -> HttpResponse:
    choice = ExportChoice.from_json(job.mapping)
    files = recognised(job.files, choice)
    skip = job.skip_bad_rows
    error, status = "", 200
    if request.method == "POST" and action in ("check", "start") and choice.source in CRMS:
        post = request.POST
        wanted = post.get("won_stage", "")
        choice.won_stage = wanted if wanted in stage_names(files) else ""
        zone = post.get("timezone", "").strip()[:60] or "UTC"
        if valid_timezone(zone):
            choice.timezone = zone
        else:
            error = _("%(zone)s is not a time zone (write it like Asia/Jakarta or UTC).") % {
                "zone": zone
            }
            status = 422
        choice.left_out = [
            file.index
            for file in files
            if _choosable(file) and post.get(f"use:{file.index}") != "on"
        ]
        skip = post.get("skip_bad_rows") == "on"
        actions.save_export_choice(job, choice, skip)
        files = recognised(job.files, choice)
    names = stage_names(files) if choice.source == "pipedrive" else []
    dry = dry_run_export(choice, files) if choice.source in CRMS else None
    if action == "start" and not error and dry is not None:
        if dry.error:
            error, status = _("Fix the problem with the files first."), 422
        elif dry.total_problems and not skip:
            error = _("Some rows have problems: fix the files, or choose to set those rows aside.")
            status = 422
        elif not dry.rows_read:
            error, status = _("The files have no rows to import."), 422
        else:
            actions.start_export(member, job, choice, skip)
            return redirect("imports:job", slug=member.workspace.slug, job_id=job.pk)
    return render(
        request,
        "imports/export.html",
        {
            "member": member,
            "job": job,
            "choice": choice,
            "sources": _sources(),
            "files": [
                {
                    "file": file,
                    "feeds": feeds(choice.source, file.kind) if file.kind else "",
                    "choosable": _choosable(file),
                }
                for file in files
            ],
            "stages": names,
            "dry": dry,
            "skip": skip,
            "error": error,
        },
        status=status,
    )


# ── progress ───────────────────────────────────────────────────────────────────


def _settle_interrupted(job: ImportJob) -> None:
    """A job left queued or running by a restarted server will never finish: say so."""
    if job.active and not jobs.is_running_here(job.pk):
        job.refresh_from_db()
        if job.active and not jobs.is_running_here(job.pk):
            job.status = ImportJob.Status.FAILED
            job.error = "interrupted (the server restarted): nothing was written; start it again"
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "error", "finished_at"])


@login_required
@require_GET
def job_page(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    member, job = _job(request, slug, job_id)
    if job.status == ImportJob.Status.UPLOADED:
        return redirect("imports:mapping", slug=slug, job_id=job.pk)
    _settle_interrupted(job)
    return render(request, "imports/job.html", {"member": member, "job": job})


@login_required
@require_GET
def progress(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    """The HTMX partial polled every second while the job runs (it stops polling when done)."""
    member, job = _job(request, slug, job_id)
    _settle_interrupted(job)
    return render(request, "imports/_progress.html", {"member": member, "job": job})


# ── calibration diff ───────────────────────────────────────────────────────────


def _chosen_plan(member: Membership, wanted: str | None) -> Plan | None:
    plans = Plan.objects.filter(workspace=member.workspace)
    return plans.filter(pk=wanted or 0).first() if wanted else plans.first()


@login_required
@require_GET
def calibration(request: HttpRequest, slug: str) -> HttpResponse:
    member = member_of(request, slug, "crm.import")
    plan = _chosen_plan(member, request.GET.get("plan"))
    if request.GET.get("plan") and plan is None:
        raise Http404
    return _calibration_page(request, member, plan)


def _calibration_page(
    request: HttpRequest,
    member: Membership,
    plan: Plan | None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    rows = None
    version = None
    if plan is not None:
        version = plan.current
        rows = calibration_diff(member.workspace.crm_folder, version.text)
    return render(
        request,
        "imports/calibration.html",
        {
            "member": member,
            "plans": Plan.objects.filter(workspace=member.workspace),
            "plan": plan,
            "version": version,
            "rows": rows,
            "error": error,
        },
        status=status,
    )


@login_required
@require_POST
def accept(request: HttpRequest, slug: str) -> HttpResponse:
    member = member_of(request, slug, "crm.import")
    if not member.can("plan.edit"):
        raise PermissionDenied(f"a {member.role} may not do plan.edit")
    plan = _chosen_plan(member, request.POST.get("plan") or "none")
    if plan is None:
        raise Http404
    try:
        base = int(request.POST.get("base_version", "0"))
    except ValueError:
        base = 0
    path = request.POST.get("path", "")
    try:
        version, value = actions.accept_calibration(member, plan, path, base)
    except actions.NotAcceptableError:
        error = _("The CRM gives no value for %(path)s.") % {"path": path}
        return _calibration_page(request, member, plan, error, 422)
    except VersionConflictError as conflict:
        error = _("Not saved: %(conflict)s. Reload and accept again.") % {"conflict": conflict}
        return _calibration_page(request, member, plan, error, 409)
    except PlanError as problem:
        return _calibration_page(request, member, plan, str(problem), 422)
    messages.success(
        request,
        _("%(path)s is now %(value)s in version %(version)s.")
        % {"path": path, "value": value, "version": version.number},
    )
    return redirect(f"{reverse('imports:calibration', kwargs={'slug': slug})}?plan={plan.pk}")
