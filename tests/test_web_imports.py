"""CRM data in the web app through Django's test client: uploads refused cleanly (too big,
malformed, zip bombs), row problems shown before anything is written, an import into
the workspace's store, progress, the calibration diff accepted into a plan, and the
permissions, CSRF, escaping and workspace isolation of every view."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from salesplan.crm.store import Workspace as Store
from salesplan.plan.templates import template_text
from salesplan.web.accounts.models import AuditEvent, Membership, Workspace
from salesplan.web.accounts.roles import ROLES
from salesplan.web.config import WebSettings
from salesplan.web.imports.models import ImportJob
from salesplan.web.plans.models import Plan, PlanVersion

pytestmark = pytest.mark.django_db
PASSWORD = "a long test passphrase 42"

GOOD = (
    "Deal ID,Deal Name,Amount,Owner,Created,Stage\n"
    "1,Kopi,5000,Budi,2025-01-05,Won\n"
    "2,Teh,7000,Sari,2025-01-06,Lost\n"
    "3,Susu,6000,Budi,2025-01-07,Won\n"
    "4,Air,3000,Sari,2025-01-08,Open\n"
)
BAD = GOOD.replace("3,Susu,6000,", "3,Susu,lots,")


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.WEB = WebSettings.from_environment(
        {
            "SALESPLAN_DATA_DIR": str(tmp_path),
            "SALESPLAN_SECRET_KEY": "x" * 40,
            "SALESPLAN_UPLOAD_LIMIT_MB": "1",
        }
    )
    settings.SALESPLAN_IMPORTS_INLINE = True
    cache.clear()
    return tmp_path


def _company(slug: str, suffix: str = "") -> tuple[Workspace, Plan, dict[str, Client]]:
    workspace = Workspace.objects.create(name=f"{slug} Inc", slug=slug)
    plan = Plan.objects.create(workspace=workspace, name="Q1 plan")
    PlanVersion.objects.create(plan=plan, number=1, text=template_text("quarter"))
    clients = {}
    for role in ROLES:
        user = get_user_model().objects.create_user(f"{role}{suffix}", password=PASSWORD)
        Membership.objects.create(user=user, workspace=workspace, role=role)
        client = Client()
        client.force_login(user)
        clients[role] = client
    return workspace, plan, clients


@pytest.fixture
def acme() -> tuple[Workspace, Plan, dict[str, Client]]:
    return _company("acme")


def _csv(text: str, name: str = "deals.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _upload(client: Client, file: SimpleUploadedFile) -> Any:
    return client.post("/w/acme/imports/", {"file": file})


def _job() -> ImportJob:
    return ImportJob.objects.get()


def _uploads(data_dir: Path) -> list[Path]:
    folder = data_dir / "workspaces" / "acme" / "uploads"
    return sorted(folder.iterdir()) if folder.exists() else []


def _mapping_post(**extra: str) -> dict[str, str]:
    return {
        "column:id": "Deal ID",
        "column:title": "Deal Name",
        "column:value": "Amount",
        "column:owner": "Owner",
        "column:created_at": "Created",
        "column:status": "Stage",
        "status:Won": "won",
        "status:Lost": "lost",
        "status:Open": "open",
        "source": "sheet",
        **extra,
    }


def _store_deals(data_dir: Path) -> list[tuple[Any, ...]]:
    store = Store(data_dir / "workspaces" / "acme")
    with store.connect() as db:
        return db.execute("SELECT id, value, status FROM deals ORDER BY id").fetchall()


# ── uploads refused cleanly ───────────────────────────────────────────────────


def test_a_file_over_the_limit_is_refused_and_not_kept(acme: Any, data_dir: Path) -> None:
    big = "Deal ID,Amount\n" + "1,5000\n" * 200_000  # 1.4 MB, the limit is 1 MB
    response = _upload(acme[2]["leader"], _csv(big))
    assert response.status_code == 413
    assert b"larger than the limit of 1 MB" in response.content
    assert ImportJob.objects.count() == 0
    assert _uploads(data_dir) == []


def test_a_malformed_workbook_is_refused_cleanly(acme: Any, data_dir: Path) -> None:
    fake = SimpleUploadedFile("deals.xlsx", b"PK\x03\x04 this is not a zip at all")
    response = _upload(acme[2]["leader"], fake)
    assert response.status_code == 400
    assert b"not a valid XLSX workbook" in response.content
    assert ImportJob.objects.count() == 0
    assert _uploads(data_dir) == []


def test_a_zip_bomb_is_refused_before_it_is_unpacked(acme: Any, data_dir: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 30_000_000)  # 30 MB of zeros
    assert len(buffer.getvalue()) < 1_000_000
    bomb = SimpleUploadedFile("deals.xlsx", buffer.getvalue())
    response = _upload(acme[2]["leader"], bomb)
    assert response.status_code == 400
    assert b"possible zip bomb" in response.content
    assert ImportJob.objects.count() == 0
    assert _uploads(data_dir) == []


def test_a_real_workbook_is_read_as_its_first_sheet(acme: Any) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in GOOD.splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    response = _upload(acme[2]["leader"], SimpleUploadedFile("deals.xlsx", buffer.getvalue()))
    assert response.status_code == 302
    page = acme[2]["leader"].get(response["Location"]).content.decode()
    assert "4 rows read" in page


# ── mapping, preview and row problems before anything is written ──────────────


def test_the_mapping_is_proposed_with_a_preview(acme: Any, data_dir: Path) -> None:
    response = _upload(acme[2]["leader"], _csv(GOOD))
    assert response.status_code == 302
    page = acme[2]["leader"].get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert '<option value="Deal ID" selected>' in body  # proposed by crm.suggest
    assert "4 rows read" in body
    assert "No problems found" in body
    assert "<td>Kopi</td>" in body
    assert "<td>won</td>" in body
    assert not (data_dir / "workspaces" / "acme" / "store.duckdb").exists()


def test_row_problems_are_listed_and_nothing_is_written(acme: Any, data_dir: Path) -> None:
    leader = acme[2]["leader"]
    _upload(leader, _csv(BAD))
    job = _job()
    url = f"/w/acme/imports/{job.pk}/mapping/"
    checked = leader.post(url, _mapping_post(action="check"))
    body = checked.content.decode()
    assert checked.status_code == 200
    assert "1 problem in 1 rows" in body
    assert '<td class="num">4</td><td>Amount</td><td><code>lots</code></td>' in body
    refused = leader.post(url, _mapping_post(action="start"))
    assert refused.status_code == 422
    assert b"Some rows have problems" in refused.content
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UPLOADED
    assert not (data_dir / "workspaces" / "acme" / "store.duckdb").exists()


def test_an_incomplete_mapping_says_what_is_missing(acme: Any) -> None:
    leader = acme[2]["leader"]
    _upload(leader, _csv(GOOD))
    post = _mapping_post(action="start")
    del post["column:id"]
    response = leader.post(f"/w/acme/imports/{_job().pk}/mapping/", post)
    assert response.status_code == 422
    assert b"required columns of deals are not mapped: id" in response.content


# ── the import, progress, and the calibration diff ────────────────────────────


def _import_good(client: Client, **extra: str) -> ImportJob:
    _upload(client, _csv(GOOD))
    job = _job()
    response = client.post(
        f"/w/acme/imports/{job.pk}/mapping/", _mapping_post(action="start", **extra)
    )
    assert response.status_code == 302
    assert response["Location"] == f"/w/acme/imports/{job.pk}/"
    job.refresh_from_db()
    return job


def test_a_mapped_file_is_imported_into_the_workspace_store(acme: Any, data_dir: Path) -> None:
    job = _import_good(acme[2]["leader"])
    assert job.status == ImportJob.Status.DONE
    assert (job.rows_read, job.rows_accepted, job.rows_rejected) == (4, 4, 0)
    assert _store_deals(data_dir) == [
        ("1", 5000.0, "won"),
        ("2", 7000.0, "lost"),
        ("3", 6000.0, "won"),
        ("4", 3000.0, "open"),
    ]
    assert AuditEvent.objects.filter(action="crm.import", workspace=acme[0]).count() == 1
    assert str(job.path).startswith(str(data_dir))


def test_bad_rows_can_be_set_aside(acme: Any, data_dir: Path) -> None:
    leader = acme[2]["leader"]
    _upload(leader, _csv(BAD))
    job = _job()
    post = _mapping_post(action="start", skip_bad_rows="on")
    assert leader.post(f"/w/acme/imports/{job.pk}/mapping/", post).status_code == 302
    job.refresh_from_db()
    assert (job.status, job.rows_accepted, job.rows_rejected) == ("done", 3, 1)
    assert [row[0] for row in _store_deals(data_dir)] == ["1", "2", "4"]


def test_progress_is_a_partial_that_polls_only_while_running(acme: Any) -> None:
    leader = acme[2]["leader"]
    job = _import_good(leader)
    done = leader.get(f"/w/acme/imports/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert done.status_code == 200
    body = done.content.decode()
    assert "<html" not in body
    assert "4 of 4 rows imported" in body
    assert "hx-trigger" not in body  # finished: no more polling
    job.status, job.progress = ImportJob.Status.RUNNING, 35
    job.save()
    from salesplan.web.imports import jobs

    jobs._running_here.add(job.pk)
    try:
        running = leader.get(f"/w/acme/imports/{job.pk}/progress/").content.decode()
    finally:
        jobs._running_here.discard(job.pk)
    assert 'hx-trigger="every 1s"' in running
    assert 'value="35"' in running
    # a job nobody runs any more (the server restarted) is reported, not polled forever
    orphan = leader.get(f"/w/acme/imports/{job.pk}/progress/").content.decode()
    assert "interrupted" in orphan
    assert "hx-trigger" not in orphan


def test_a_calibrated_value_is_accepted_into_a_new_plan_version(acme: Any) -> None:
    _workspace, plan, clients = acme
    leader = clients["leader"]
    _import_good(leader)
    page = leader.get("/w/acme/imports/calibration/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "goals.average_deal_value" in body
    assert "Accept 5500.0" in body  # the mean of the two won deals
    response = leader.post(
        "/w/acme/imports/calibration/accept/",
        {"plan": plan.pk, "base_version": "1", "path": "goals.average_deal_value"},
    )
    assert response.status_code == 302
    version = plan.current
    assert version.number == 2
    assert "average_deal_value: 5500.0" in version.text
    assert "# ──" in version.text  # the template's comments survive
    assert "calibrated goals.average_deal_value" in version.message
    assert AuditEvent.objects.filter(action="crm.calibration.accept").count() == 1
    after = leader.get(response["Location"]).content.decode()
    assert "goals.average_deal_value is now 5500.0 in version 2" in after
    # accepting on top of a stale version is refused
    stale = leader.post(
        "/w/acme/imports/calibration/accept/",
        {"plan": plan.pk, "base_version": "1", "path": "goals.average_deal_value"},
    )
    assert stale.status_code == 409
    assert plan.current.number == 2


def test_the_calibration_page_without_crm_data_says_so(acme: Any) -> None:
    response = acme[2]["admin"].get("/w/acme/imports/calibration/")
    assert response.status_code == 200
    assert b"No CRM data in this workspace yet" in response.content


# ── permissions, other workspaces, CSRF, escaping ─────────────────────────────


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_and_leaders_reach_crm_data(acme: Any, role: str) -> None:
    workspace, plan, clients = acme
    job = ImportJob.objects.create(workspace=workspace, file_name="x.csv", stored_file="/nope")
    client = clients[role]
    responses = [
        client.get("/w/acme/imports/"),
        client.post("/w/acme/imports/", {"file": _csv(GOOD)}),
        client.get(f"/w/acme/imports/{job.pk}/"),
        client.get(f"/w/acme/imports/{job.pk}/progress/"),
        client.get("/w/acme/imports/calibration/"),
        client.post("/w/acme/imports/calibration/accept/", {"plan": plan.pk, "path": "x"}),
    ]
    codes = {r.status_code for r in responses}
    if role in ("admin", "leader"):
        assert codes <= {200, 302, 422}, codes
        nav = client.get("/w/acme/plans/").content.decode()
        assert "CRM data" in nav
    else:
        assert codes == {403}, codes
        assert "CRM data" not in client.get("/w/acme/plans/").content.decode()
        assert ImportJob.objects.count() == 1


def test_another_workspace_is_not_found(acme: Any) -> None:
    rival_workspace, rival_plan, _ = _company("rival", "-rival")
    theirs = ImportJob.objects.create(
        workspace=rival_workspace, file_name="x.csv", stored_file="/nope"
    )
    admin = acme[2]["admin"]
    for url in (
        "/w/rival/imports/",
        "/w/rival/imports/calibration/",
        f"/w/acme/imports/{theirs.pk}/",
        f"/w/acme/imports/{theirs.pk}/mapping/",
        f"/w/acme/imports/{theirs.pk}/progress/",
        f"/w/acme/imports/calibration/?plan={rival_plan.pk}",
    ):
        assert admin.get(url).status_code == 404, url
    taken = admin.post(
        "/w/acme/imports/calibration/accept/",
        {"plan": rival_plan.pk, "base_version": "1", "path": "goals.average_deal_value"},
    )
    assert taken.status_code == 404
    assert admin.post(f"/w/acme/imports/{theirs.pk}/mapping/", _mapping_post()).status_code == 404
    assert admin.post("/w/rival/imports/", {"file": _csv(GOOD)}).status_code == 404
    assert rival_plan.versions.count() == 1
    assert ImportJob.objects.filter(workspace=rival_workspace).count() == 1


def test_state_changing_views_need_the_csrf_token(acme: Any, data_dir: Path) -> None:
    workspace, plan, _ = acme
    user = Membership.objects.get(workspace=workspace, role="leader").user
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    job = ImportJob.objects.create(workspace=workspace, file_name="x.csv", stored_file="/nope")
    for url, data in (
        ("/w/acme/imports/", {"file": _csv(GOOD)}),
        (f"/w/acme/imports/{job.pk}/mapping/", _mapping_post(action="start")),
        ("/w/acme/imports/calibration/accept/", {"plan": str(plan.pk), "path": "x"}),
    ):
        assert strict.post(url, data).status_code == 403, url
    assert ImportJob.objects.count() == 1
    assert _uploads(data_dir) == []
    assert plan.versions.count() == 1


def test_hostile_file_names_and_headers_come_back_escaped(acme: Any) -> None:
    leader = acme[2]["leader"]
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    text = GOOD.replace("Deal Name", hostile.replace(",", ";")).replace("Kopi", hostile)
    response = _upload(leader, _csv(text, name=f"{hostile}.csv"))
    assert response.status_code == 302
    job = _job()
    pages = [
        leader.get(response["Location"]).content.decode(),
        leader.get("/w/acme/imports/").content.decode(),
    ]
    job.status = ImportJob.Status.FAILED
    job.problems = [{"row": 2, "column": hostile, "value": hostile, "reason": "x"}]
    job.save()
    pages.append(leader.get(f"/w/acme/imports/{job.pk}/").content.decode())
    for body in pages:
        assert "<script>alert" not in body
        assert "<img src=x" not in body
        assert "&lt;img src=x onerror=alert(1)&gt;" in body  # shown, as text
