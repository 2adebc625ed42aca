"""CRM data in the web app through Django's test client: uploads refused cleanly (too big,
malformed, zip bombs), row problems shown before anything is written, an import into
the workspace's store, progress, the calibration diff accepted into a plan, and the
permissions, CSRF, escaping and workspace isolation of every view."""

from __future__ import annotations

import io
import re
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


# ── a CRM's export: several files or one ZIP, recognised from their headers ───

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
PIPEDRIVE_FILES = ("deal_changes.csv", "stages.csv", "fields.csv", "users.csv", "activity.csv")


@pytest.fixture(scope="module")
def pipedrive_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from salesplan.crm.synthetic import write_history

    folder = tmp_path_factory.mktemp("pipedrive")
    write_history(folder, deals=150, seed=3)
    return folder


def _expected_counts(folder: Path, tmp_path: Path) -> dict[str, int]:
    """What the command line's importer writes from the same files."""
    from salesplan.crm.pipedrive import import_pipedrive

    store = Store.open(tmp_path / "cli-store")
    import_pipedrive(store, [folder / name for name in PIPEDRIVE_FILES], won_stage="Won")
    return store.counts()


def _store_counts(data_dir: Path) -> dict[str, int]:
    return Store(data_dir / "workspaces" / "acme").counts()


def _files(folder: Path, names: tuple[str, ...] = PIPEDRIVE_FILES) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, (folder / name).read_bytes()) for name in names]


def _zip(members: dict[str, bytes], **options: Any) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, **options) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return SimpleUploadedFile("export.zip", buffer.getvalue(), content_type="application/zip")


def _start_export(client: Client, job: ImportJob, **extra: str) -> Any:
    post = {"action": "start", "won_stage": "Won", "timezone": "UTC", **extra}
    for index in range(len(job.files)):
        post.setdefault(f"use:{index}", "on")
    return client.post(f"/w/acme/imports/{job.pk}/mapping/", post)


def test_a_pipedrive_export_uploaded_as_several_files_is_imported(
    acme: Any, data_dir: Path, pipedrive_export: Path, tmp_path: Path
) -> None:
    leader = acme[2]["leader"]
    response = leader.post("/w/acme/imports/", {"file": _files(pipedrive_export)})
    assert response.status_code == 302
    job = _job()
    assert job.crm == "pipedrive"
    assert [file["name"] for file in job.files] == list(PIPEDRIVE_FILES)
    page = leader.get(response["Location"]).content.decode()
    assert "deals and their stage history" in page  # deal_changes.csv, recognised
    assert '<option value="Won" selected>' in page  # the won stage, guessed from stages.csv
    assert "No problems found" in page
    assert not (data_dir / "workspaces" / "acme" / "store.duckdb").exists()  # a dry run only
    assert _start_export(leader, job).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    counts = _store_counts(data_dir)
    assert counts == _expected_counts(pipedrive_export, tmp_path)
    assert counts["deals"] == 150
    assert counts["stage_changes"] > 150
    assert counts["activities"] > 0
    assert counts["people"] == 25
    assert {row["table"] for row in job.summary["tables"]} == {
        "deals",
        "stage_changes",
        "activities",
        "people",
    }
    done = leader.get(f"/w/acme/imports/{job.pk}/").content.decode()
    assert "Stage history" in done
    assert AuditEvent.objects.filter(action="crm.import", detail__source="pipedrive").exists()
    for file in job.files:
        assert Path(file["path"]).is_relative_to(data_dir / "workspaces" / "acme" / "uploads")


def test_a_pipedrive_export_in_one_zip_is_imported(
    acme: Any, data_dir: Path, pipedrive_export: Path, tmp_path: Path
) -> None:
    leader = acme[2]["leader"]
    members = {f"export/{name}": (pipedrive_export / name).read_bytes() for name in PIPEDRIVE_FILES}
    members["__MACOSX/export/._deal_changes.csv"] = b"\0\5\26\7 mac resource fork"
    members["export/"] = b""
    response = leader.post("/w/acme/imports/", {"file": _zip(members)})
    assert response.status_code == 302
    job = _job()
    assert (job.crm, job.source_format, job.file_name) == ("pipedrive", "zip", "export.zip")
    assert sorted(file["name"] for file in job.files) == sorted(PIPEDRIVE_FILES)
    assert _start_export(leader, job).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    assert _store_counts(data_dir) == _expected_counts(pipedrive_export, tmp_path)


def test_unticked_and_unknown_files_are_not_used(
    acme: Any, data_dir: Path, pipedrive_export: Path
) -> None:
    leader = acme[2]["leader"]
    again = SimpleUploadedFile("stages-copy.csv", (pipedrive_export / "stages.csv").read_bytes())
    uploads = [*_files(pipedrive_export), _csv(GOOD, name="notes.csv"), again]
    leader.post("/w/acme/imports/", {"file": uploads})
    job = _job()
    assert job.file_name == "deal_changes.csv (+6)"
    page = leader.get(f"/w/acme/imports/{job.pk}/mapping/").content.decode()
    assert "not a file this CRM's importer knows" in page  # notes.csv
    assert "a second file of this kind (the first is stages.csv)" in page
    post = {f"use:{i}": "on" for i in range(4)}  # activity.csv (4) unticked
    response = _start_export(leader, job, **post, **{"use:4": ""})
    assert response.status_code == 302
    counts = _store_counts(data_dir)
    assert counts["deals"] == 150
    assert counts["activities"] == 0


def test_the_source_can_be_changed_and_generic_files_are_mapped_one_by_one(
    acme: Any, pipedrive_export: Path
) -> None:
    leader = acme[2]["leader"]
    leader.post("/w/acme/imports/", {"file": _files(pipedrive_export)})
    job = _job()
    url = f"/w/acme/imports/{job.pk}/mapping/"
    assert leader.post(url, {"action": "source", "crm": "nonsense"}).status_code == 400
    assert leader.post(url, {"action": "source", "crm": "csv"}).status_code == 302
    job.refresh_from_db()
    assert job.crm == "csv"
    assert "Map each file" in leader.get(url).content.decode()
    assert leader.post(url, {"action": "split"}).status_code == 302
    assert ImportJob.objects.count() == len(PIPEDRIVE_FILES)
    job.refresh_from_db()
    assert (job.file_name, job.is_export) == ("deal_changes.csv", False)
    assert 'name="table"' in leader.get(url).content.decode()  # the mapping screen
    assert AuditEvent.objects.filter(action="crm.split").count() == 1
    assert AuditEvent.objects.filter(action="crm.source").count() == 1


def test_row_problems_of_an_export_are_shown_before_anything_is_written(
    acme: Any, data_dir: Path, pipedrive_export: Path
) -> None:
    leader = acme[2]["leader"]
    activity = (pipedrive_export / "activity.csv").read_text()
    lines = activity.splitlines()
    doubled = "\n".join([*lines, lines[1], lines[2]]) + "\n"  # two repeated activity ids
    uploads = _files(pipedrive_export, PIPEDRIVE_FILES[:-1])
    uploads.append(SimpleUploadedFile("activity.csv", doubled.encode()))
    leader.post("/w/acme/imports/", {"file": uploads})
    job = _job()
    leader.post("/language/", {"language": "id"})
    refused = _start_export(leader, job)
    assert refused.status_code == 422
    body = refused.content.decode()
    assert "mengulang ID baris 2" in body  # "repeats the id of row 2", in Indonesian
    assert "<td>activity.csv</td>" in body
    assert not (data_dir / "workspaces" / "acme" / "store.duckdb").exists()
    assert _start_export(leader, job, skip_bad_rows="on").status_code == 302
    job.refresh_from_db()
    assert (job.status, job.rows_rejected) == ("done", 2)
    assert _store_counts(data_dir)["activities"] == len(lines) - 1


def test_a_hubspot_export_is_recognised_and_imported(acme: Any, data_dir: Path) -> None:
    hubspot = (
        "Record ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Is Closed Won,Is closed,"
        '"Date entered ""Demo (Sales Pipeline)"""\n'
        "11,Kopi,Closed Won,5000,2025-01-05,2025-02-01,true,true,2025-01-10\n"
        "12,Teh,Demo,7000,2025-01-06,,false,false,2025-01-12\n"
    )
    leader = acme[2]["leader"]
    leader.post("/w/acme/imports/", {"file": _csv(hubspot, name="hubspot-deals.csv")})
    job = _job()
    assert job.crm == "hubspot"
    assert _start_export(leader, job).status_code == 302
    counts = _store_counts(data_dir)
    assert (counts["deals"], counts["stage_changes"]) == (2, 2)


# ── ZIPs refused before anything is unpacked ──────────────────────────────────


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"../escape.csv": GOOD.encode()}, "outside its own folder"),
        ({"export/../../escape.csv": GOOD.encode()}, "outside its own folder"),
        ({"/etc/cron.d/x.csv": GOOD.encode()}, "outside its own folder"),
        ({f"part{n}.csv": b"a\n1\n" for n in range(1_001)}, "an export has at most 1000"),
        ({"deals.csv": b"Deal ID\n" + b"1" * 30_000_000}, "possible zip bomb"),
        ({"deals.csv": b"Deal ID\n" + b"1" * 5_000_000}, "possible zip bomb"),  # by its ratio
        ({"deals.csv": GOOD.encode(), "run.sh": b"rm -rf /"}, "only CSV and XLSX files"),
        ({"inner.zip": b"PK"}, "only CSV and XLSX files"),
        ({}, "holds no CSV or XLSX file"),
    ],
)
def test_a_bad_zip_is_refused_and_nothing_is_kept(
    acme: Any, data_dir: Path, members: dict[str, bytes], message: str
) -> None:
    response = _upload(acme[2]["leader"], _zip(members))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ImportJob.objects.count() == 0
    assert _uploads(data_dir) == []
    assert not (data_dir / "escape.csv").exists()
    assert not (data_dir / "workspaces" / "acme" / "escape.csv").exists()


def test_a_file_that_is_not_a_zip_is_refused(acme: Any, data_dir: Path) -> None:
    response = _upload(acme[2]["leader"], SimpleUploadedFile("export.zip", b"PK\3\4 nope"))
    assert response.status_code == 400
    assert b"not a valid ZIP file" in response.content
    assert _uploads(data_dir) == []


def test_several_files_over_the_limit_together_are_refused(acme: Any, data_dir: Path) -> None:
    half = "Deal ID,Amount\n" + "1,5000\n" * 80_000  # 0.56 MB each, the limit is 1 MB
    response = acme[2]["leader"].post(
        "/w/acme/imports/", {"file": [_csv(half, "a.csv"), _csv(half, "b.csv")]}
    )
    assert response.status_code == 413
    assert ImportJob.objects.count() == 0
    assert _uploads(data_dir) == []


@pytest.mark.parametrize("count", [51, 101])  # past 100, Django itself stops reading
def test_too_many_files_at_once_are_refused(acme: Any, data_dir: Path, count: int) -> None:
    files = [_csv(GOOD, f"deals{n}.csv") for n in range(count)]
    response = _upload(acme[2]["leader"], files)  # type: ignore[arg-type]
    assert response.status_code == 400
    assert b"at most 50 files" in response.content
    assert _uploads(data_dir) == []


# ── generic files into the other tables ────────────────────────────────────────

ACTIVITIES = (
    "Activity ID,Type,Owner,Deal ID,Due date,Done\n"
    "a1,call,Budi,1,2025-01-05,yes\n"
    "a2,email,Sari,2,2025-01-06,no\n"
    "a3,meeting,Budi,1,2025-01-07,yes\n"
)


def test_an_activities_file_is_imported_into_the_activities_table(
    acme: Any, data_dir: Path
) -> None:
    leader = acme[2]["leader"]
    response = _upload(leader, _csv(ACTIVITIES, name="activities.csv"))
    job = _job()
    assert response["Location"] == f"/w/acme/imports/{job.pk}/mapping/"
    url = response["Location"]
    first = leader.get(url).content.decode()
    assert '<option value="activities" selected>' in first  # the table it fits best
    proposal = leader.post(url, {"action": "table", "table": "activities", "source": "sheet"})
    body = proposal.content.decode()
    assert '<option value="activities" selected>' in body
    assert 'name="column:due_at"' in body
    assert 'name="column:stage"' not in body
    assert '<option value="Due date" selected>' in body  # proposed for due_at
    assert "3 rows read" in body
    assert "No problems found" in body
    post = {
        "action": "start",
        "table": "activities",
        "shown_table": "activities",
        "source": "sheet",
        "column:id": "Activity ID",
        "column:type": "Type",
        "column:owner": "Owner",
        "column:deal_id": "Deal ID",
        "column:due_at": "Due date",
        "column:done": "Done",
    }
    assert leader.post(url, post).status_code == 302
    job.refresh_from_db()
    assert (job.status, job.table, job.rows_accepted) == ("done", "activities", 3)
    with Store(data_dir / "workspaces" / "acme").connect() as db:
        rows = db.execute("SELECT id, type, done FROM activities ORDER BY id").fetchall()
    assert rows == [("a1", "call", True), ("a2", "email", False), ("a3", "meeting", True)]
    assert _store_counts(data_dir)["deals"] == 0


def test_a_people_file_gets_a_proposal_too(acme: Any) -> None:
    leader = acme[2]["leader"]
    people = "sales_agent,manager,regional_office\nBudi,Sari,Central\nSari,,Central\n"
    response = _upload(leader, _csv(people, name="sales_teams.csv"))
    text = leader.get(response["Location"]).content.decode()
    assert '<option value="people" selected>' in text  # the table it fits best
    assert '<option value="sales_agent" selected>' in text
    assert "2 rows read" in text
    # choosing another table in the form proposes that table's columns
    other = leader.post(
        response["Location"], {"action": "check", "table": "deals", "shown_table": "people"}
    ).content.decode()
    assert '<option value="deals" selected>' in other
    assert 'name="column:status"' in other


# ── problems in the person's language ─────────────────────────────────────────


def test_row_problems_are_shown_in_indonesian(acme: Any, data_dir: Path) -> None:
    leader = acme[2]["leader"]
    leader.post("/language/", {"language": "id"})
    _upload(leader, _csv(BAD))
    job = _job()
    body = leader.post(
        f"/w/acme/imports/{job.pk}/mapping/", _mapping_post(action="check")
    ).content.decode()
    assert '<html lang="id">' in body
    assert "<td>bukan angka yang valid</td>" in body  # "is not a valid float"
    assert "is not a valid float" not in body
    job.status, job.error = ImportJob.Status.FAILED, "the file has problems"
    job.problems = [
        {"row": 1, "column": "(file)", "value": "", "reason": "the file is empty"},
        {"row": 3, "column": "Owner", "value": "", "reason": "required value missing"},
    ]
    job.save()
    failed = leader.get(f"/w/acme/imports/{job.pk}/").content.decode()
    assert "file ini bermasalah" in failed
    assert "<td>(seluruh file)</td>" in failed
    assert "file ini kosong" in failed
    assert "nilai wajib kosong" in failed
    leader.post("/language/", {"language": "en"})
    english = leader.get(f"/w/acme/imports/{job.pk}/").content.decode()
    assert "required value missing" in english
    assert "the file has problems" in english


def test_a_mapping_error_is_shown_in_indonesian(acme: Any) -> None:
    leader = acme[2]["leader"]
    leader.post("/language/", {"language": "id"})
    _upload(leader, _csv(GOOD))
    post = _mapping_post(action="check")
    del post["column:id"]
    body = leader.post(f"/w/acme/imports/{_job().pk}/mapping/", post).content.decode()
    assert "kolom wajib tabel deals belum dipetakan: id" in body
    assert "ID deal di sumbernya." in body  # the column's description


def _crm_sentences() -> dict[str, str]:
    """Every sentence salesplan.crm can emit to a person, as a template ({} for each value),
    read from its source: RowProblem and file_problem reasons (in Python and in the SQL
    that lists problems), ImportFailedError hints, import notes, suggestion notes, and the
    messages of SampleError, WorkspaceError and a mapping's ValueError."""
    import ast
    import itertools
    import re

    import salesplan.crm

    hole = "{}"

    def assigned(scope: ast.AST, name: str) -> list[ast.expr]:
        return [
            node.value
            for node in ast.walk(scope)
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
        ]

    def templates(node: ast.expr, scope: ast.AST, inner: bool = False) -> list[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.JoinedStr):
            parts = [
                templates(v, scope, True) if isinstance(v, ast.Constant) else [hole]
                for v in node.values
            ]
            return ["".join(combination) for combination in itertools.product(*parts)]
        if isinstance(node, ast.IfExp):
            return templates(node.body, scope, inner) + templates(node.orelse, scope, inner)
        if isinstance(node, ast.Tuple | ast.List):
            return [t for element in node.elts for t in templates(element, scope, inner)]
        if isinstance(node, ast.ListComp):
            return templates(node.elt, scope, inner)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = templates(node.left, scope, True), templates(node.right, scope, True)
            return [a + b for a in left for b in right]
        if isinstance(node, ast.Name):
            found = [t for value in assigned(scope, node.id) for t in templates(value, scope)]
            if found or not inner:
                return found
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "literal":
            return templates(node.args[0], scope, inner)
        return [hole] if inner else []  # computed elsewhere: str(reason) read back from SQL

    select = re.compile(r"SELECT\s+(?:c\.)?_row,\s*(.*?)\s+FROM\s", re.DOTALL)

    def sql_reasons(node: ast.expr, scope: ast.AST) -> list[str]:
        """Reasons a query writes as the last of (row, column, value, reason)."""
        holes: dict[str, ast.expr] = {}
        text = ""
        for value in node.values if isinstance(node, ast.JoinedStr) else [node]:
            if isinstance(value, ast.Constant):
                text += str(value.value)
            elif isinstance(value, ast.FormattedValue):
                marker = f"\0{len(holes)}\0"
                holes[marker] = value.value
                text += marker
        found = []
        for match in select.finditer(text):
            items, depth, current = [], 0, ""
            for char in match.group(1):
                depth += {"(": 1, ")": -1}.get(char, 0)
                if char == "," and depth == 0:
                    items.append(current.strip())
                    current = ""
                else:
                    current += char
            items.append(current.strip())
            if len(items) != 3:
                continue
            reason = items[2]
            if reason in holes:
                found += templates(holes[reason], scope)
            elif quoted := re.fullmatch(r"'((?:[^']|'')*)'(\s*\|\|.*)?", reason, re.DOTALL):
                found.append(quoted[1].replace("''", "'") + (hole if quoted[2] else ""))
        return found

    positions = {"RowProblem": 4, "file_problem": 2, "SampleError": 0, "WorkspaceError": 0}
    sentences: dict[str, str] = {}
    for path in sorted(Path(salesplan.crm.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]

        def scope_of(node: ast.AST, functions: list[ast.FunctionDef] = functions) -> ast.AST:
            around = [
                f
                for f in functions
                if f.lineno <= node.lineno <= (f.end_lineno or 0)  # type: ignore[attr-defined]
            ]
            return max(around, key=lambda f: f.lineno) if around else tree  # noqa: B023

        for node in ast.walk(tree):
            found: list[str] = []
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "notes" for t in node.targets
            ):
                found += templates(node.value, scope_of(node))
            if isinstance(node, ast.JoinedStr | ast.Constant) and "_row" in ast.unparse(node):
                found += sql_reasons(node, scope_of(node))
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func).split(".")[-1]
                arguments: list[ast.expr] = []
                position = positions.get(name)
                if name == "ValueError" and path.name == "mapping.py":
                    position = 0
                if position is not None and len(node.args) > position:
                    arguments.append(node.args[position])
                arguments += [k.value for k in node.keywords if k.arg in ("reason", "hint")]
                if name == "append" and ast.unparse(node.func).endswith("notes.append"):
                    arguments.append(node.args[0])
                for argument in arguments:
                    found += templates(argument, scope_of(node))
            for sentence in found:
                sentences.setdefault(sentence, f"{path.name}:{getattr(node, 'lineno', 0)}")
    return sentences


def test_every_sentence_crm_can_emit_has_its_indonesian() -> None:
    from salesplan.web.imports.crm_text import REASONS

    sentences = _crm_sentences()
    # the reader finds them all: a sample of each way crm words a problem
    for known in (
        "required value missing",  # Python and SQL
        "is not a valid {}",  # SQL, from a Python variable
        "repeats the key of row {}",  # SQL, 'text' || value
        "is a stage id with no name in stages.csv or fields.csv",  # SQL in pipedrive
        "has no stage called {}{}",  # file_problem
        "nothing was imported (--on-error skip imports the other rows)",  # a hint
        "{} deleted {} rows (IsDeleted = 1) were left out",  # a note
        "{}: the file is empty",  # SampleError
        "required columns of {} are not mapped: {}",  # a mapping's ValueError
    ):
        assert known in sentences, known
    translated = {reason.template for reason in REASONS}
    missing = {s: where for s, where in sentences.items() if s not in translated}
    assert missing == {}, "add these to web/imports/crm_text.py REASONS"
    for reason in REASONS:
        holes = reason.template.count("{}")
        used = {int(n) for n in re.findall(r"\{(\d+)(?::t)?\}", reason.indonesian)}
        assert used <= set(range(holes)), reason.template
        assert reason.indonesian != reason.template, reason.template


def test_every_column_description_has_its_indonesian() -> None:
    from salesplan.crm.schema import TABLES
    from salesplan.web.imports.crm_text import COLUMN_DESCRIPTIONS

    described = {
        (table.name, column.name)
        for table in TABLES.values()
        for column in table.columns
        if column.name != "source"
    }
    assert described == set(COLUMN_DESCRIPTIONS)


@pytest.mark.parametrize(
    ("english", "indonesian"),
    [
        ("repeats the id of row 1143", "mengulang ID baris 1143"),
        ("is not a valid timestamp", "bukan waktu yang valid"),
        ("is not a valid float", "bukan angka yang valid"),
        (
            "has no stage called 'Won' — stages: Lead, Demo",
            "tidak ada tahap bernama 'Won' — tahap yang ada: Lead, Demo",
        ),
        (
            "is not a column of this file — did you mean 'Amount'?",
            "bukan kolom di file ini — mungkin maksudnya 'Amount'?",
        ),
        ("the file is empty", "file ini kosong"),  # shown without the file's path
        (
            "is a second changes file (the first is a.csv)",
            "file changelog deal kedua (yang pertama: a.csv)",
        ),
        (
            "is not a valid timestamp; required value missing",
            "bukan waktu yang valid; nilai wajib kosong",
        ),
        ("something crm will say one day", "something crm will say one day"),
    ],
)
def test_crm_sentences_read_in_indonesian(english: str, indonesian: str) -> None:
    from salesplan.web.imports.crm_text import localized

    assert localized(english, "id") == indonesian
    assert localized(english, "en") == english


def test_the_web_english_drops_the_command_line_flags() -> None:
    from salesplan.web.imports.crm_text import localized

    hint = "nothing was imported (1 of 4 rows have problems; --on-error skip imports the others)"
    assert localized(hint, "en") == "nothing was imported (1 of 4 rows have problems)"


# ── real exports, when the shared data folder is there ────────────────────────

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared/data")


@needs_shared
def test_the_real_pipedrive_changelog_shows_its_problems_then_imports(
    acme: Any, data_dir: Path, settings: Any
) -> None:
    settings.WEB = WebSettings.from_environment(
        {
            "SALESPLAN_DATA_DIR": str(data_dir),
            "SALESPLAN_SECRET_KEY": "x" * 40,
            "SALESPLAN_UPLOAD_LIMIT_MB": "5",
        }
    )
    folder = SHARED / "pipedrive_changelog_synthetic"
    names = tuple(sorted(path.name for path in folder.glob("*.csv")))
    leader = acme[2]["leader"]
    leader.post("/w/acme/imports/", {"file": _files(folder, names)})
    job = _job()
    assert job.crm == "pipedrive"
    page = _start_export(leader, job, won_stage="Closing")
    assert page.status_code == 422  # repeated activity ids, found before anything is written
    assert "repeats the id of row" in page.content.decode()
    assert _start_export(leader, job, won_stage="Closing", skip_bad_rows="on").status_code == 302
    job.refresh_from_db()
    assert job.status == "done", job.error
    counts = _store_counts(data_dir)
    assert counts["deals"] == 1_995
    assert counts["people"] > 0
    assert counts["activities"] > 4_000


@needs_shared
def test_the_real_salesforce_sample_is_recognised_and_imported(acme: Any, data_dir: Path) -> None:
    folder = SHARED / "salesforce_export_sample"
    leader = acme[2]["leader"]
    leader.post(
        "/w/acme/imports/", {"file": _files(folder, ("OpportunityHistory.csv", "opportunity.csv"))}
    )
    job = _job()
    assert job.crm == "salesforce"
    assert _start_export(leader, job).status_code == 302
    counts = _store_counts(data_dir)
    assert (counts["deals"], counts["stage_changes"]) == (31, 31)
