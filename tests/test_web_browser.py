"""The web app's main journeys in a real browser: Playwright driving Debian's Chromium
against a live server. Screenshots go to ``$SALESPLAN_SCREENSHOTS`` (else the test's
temporary folder) so a person can look at them.

Skipped without Chromium on a laptop; under CI (``.ci/run`` installs it) a missing
Chromium fails the run in ``conftest.py``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from salesplan.plan.templates import template_text
from salesplan.web.accounts.models import Membership, Workspace
from salesplan.web.plans.models import Plan, PlanVersion

CHROMIUM = shutil.which("chromium")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium (Debian package chromium)"),
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "browser test passphrase 7"


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SALESPLAN_SCREENSHOTS", tmp_path / "shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; the live server's ORM calls are in its
    # own threads, so Django's async-safety guard has nothing to protect here
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def company() -> Plan:
    workspace = Workspace.objects.create(name="Acme", slug="acme")
    plan = Plan.objects.create(workspace=workspace, name="Q1 2027 sales plan")
    PlanVersion.objects.create(plan=plan, number=1, text=template_text("quarter"))
    for role in ("leader", "rep"):
        user = get_user_model().objects.create_user(role, password=PASSWORD)
        Membership.objects.create(user=user, workspace=workspace, role=role)
    return plan


def _log_in(browser: Any, live_server: Any, username: str, workspace: str = "acme") -> Any:
    """A new page (its own browser context, so its own session) signed in as *username*."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/w/{workspace}/plans/")
    return page


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def _ae_needed(page: Any) -> int:
    cell = page.inner_text('#headcount tr[data-role="AE"] td:nth-child(2)')
    return int(cell.split()[0])  # the figure, before its "explain" disclosure


def test_change_the_goal_and_see_the_headcount_update(
    browser: Any, live_server: Any, company: Plan, shots: Path
) -> None:
    page = _log_in(browser, live_server, "leader")
    page.screenshot(path=str(shots / "plans.png"), full_page=True)
    page.click(f"text={company.name}")
    page.wait_for_selector("#deals-required")
    assert page.inner_text("#deals-required") == "50"
    before = _ae_needed(page)
    page.fill('input[name="goals.revenue_goal"]', "1000000")
    expect(page.locator("#deals-required")).to_have_text("200")
    assert _ae_needed(page) > before  # recomputed in place, without a reload
    page.screenshot(path=str(shots / "editor-goal-1m.png"), full_page=True)
    page.fill('input[name="message"]', "a bigger quarter")
    page.click("text=Save a new version")
    page.wait_for_load_state("networkidle")
    assert "v2" in page.inner_text("h1")
    assert company.current.number == 2


def test_a_bad_value_shows_on_its_field(
    browser: Any, live_server: Any, company: Plan, shots: Path
) -> None:
    page = _log_in(browser, live_server, "leader")
    page.goto(f"{live_server.url}/w/acme/plans/{company.pk}/")
    page.fill('input[name="strategy.stages.demo.conversion"]', "150")
    page.wait_for_selector("#outputs .error")
    assert "strategy.stages.demo.conversion" in page.inner_text("#outputs .error")
    page.screenshot(path=str(shots / "editor-error.png"), full_page=True)


def test_a_rep_reads_the_plan_but_cannot_edit(
    browser: Any, live_server: Any, company: Plan, shots: Path
) -> None:
    page = _log_in(browser, live_server, "rep")
    page.goto(f"{live_server.url}/w/acme/plans/{company.pk}/")
    assert page.is_disabled('input[name="goals.revenue_goal"]')
    assert page.locator("text=Save a new version").count() == 0
    page.goto(f"{live_server.url}/w/acme/dashboard/")
    page.screenshot(path=str(shots / "rep-dashboard.png"), full_page=True)
    assert "Dashboard" in page.inner_text("h1")


def test_switch_language(browser: Any, live_server: Any, company: Plan) -> None:
    page = _log_in(browser, live_server, "rep")
    page.select_option('select[name="language"]', "id")
    page.click("text=Switch")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "lang") == "id"
    assert Membership.objects.get(user__username="rep").language == "id"


# ── the journeys added for the issue: one test each, screenshots at every step ──


def _shot(page: Any, shots: Path, name: str) -> None:
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def _second_leader(plan: Plan) -> None:
    user = get_user_model().objects.create_user("leader2", password=PASSWORD)
    Membership.objects.create(user=user, workspace=plan.workspace, role="leader")


def _stored(plan: Plan) -> Any:
    """The plan's newest version, parsed."""
    from salesplan.plan import loads

    return loads(Plan.objects.get(pk=plan.pk).current.text)


def test_log_in_refuses_a_wrong_password_then_lets_the_right_one_in(
    browser: Any, live_server: Any, company: Plan, shots: Path
) -> None:
    from django.core.cache import cache

    cache.clear()  # the failed-attempt throttle
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/w/acme/plans/")
    page.wait_for_url(f"{live_server.url}/login/?next=/w/acme/plans/")
    page.fill("input[name=username]", "leader")
    page.fill("input[name=password]", "not the password")
    page.click("button.primary")
    expect(page.locator("p.error[role=alert]")).to_have_text(
        "That user name and password do not match."
    )
    assert page.url.startswith(f"{live_server.url}/login/")
    expect(page.locator("header nav")).to_have_count(0)  # nobody signed in
    _shot(page, shots, "login-wrong-password")
    page.fill("input[name=username]", "leader")
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/w/acme/plans/")
    expect(page.locator("h1")).to_have_text("Plans")
    expect(page.locator("header .who span")).to_have_text("leader · Sales leader")
    expect(page.locator("table.grid a", has_text=company.name)).to_be_visible()
    _shot(page, shots, "login-plans")


def test_create_a_plan_from_a_template(
    browser: Any, live_server: Any, company: Plan, shots: Path
) -> None:
    from salesplan.engine import build
    from salesplan.plan import loads

    expected = build(loads(template_text("saas-inbound")))
    page = _log_in(browser, live_server, "leader")
    expect(page.locator("h2", has_text="New plan from a template")).to_be_visible()
    page.select_option('select[name="template"]', "saas-inbound")
    _shot(page, shots, "create-choose-template")
    page.click("text=Create")
    page.wait_for_url(f"{live_server.url}/w/acme/plans/*/")
    plan = Plan.objects.exclude(pk=company.pk).get()
    assert page.url == f"{live_server.url}/w/acme/plans/{plan.pk}/"
    expect(page.locator("h1")).to_have_text("Q2 2027 inbound sales plan v1")
    expect(page.locator('input[name="goals.revenue_goal"]')).to_have_value("600000")
    expect(page.locator("#deals-required")).to_have_text(str(expected.deals_required))
    expect(page.locator("#headcount tbody tr")).to_have_count(len(expected.headcount))
    _shot(page, shots, "create-new-plan-editor")
    assert plan.current.message == "from the saas-inbound template"
    # and the list shows both plans
    page.click("header >> text=Plans")
    expect(page.locator("table.grid tbody tr")).to_have_count(2)


# a deals export whose "Amount" column has a placeholder; "Net amount" is the clean one
DEALS_CSV = (
    "Deal ID,Deal Name,Amount,Net amount,Owner,Created,Stage\n"
    "1,Kopi,5000,4500,Budi,2025-01-05,Won\n"
    "2,Teh,7000,6300,Sari,2025-01-06,Lost\n"
    "3,Susu,TBD,5400,Budi,2025-01-07,Won\n"
    "4,Air,3000,2700,Sari,2025-01-08,Open\n"
)


@pytest.fixture
def data_dir(settings: Any, tmp_path: Path) -> Path:
    """The web app's data folder (the workspaces' CRM stores) in the test's folder."""
    from salesplan.web.config import WebSettings

    settings.WEB = WebSettings.from_environment(
        {"SALESPLAN_DATA_DIR": str(tmp_path / "data"), "SALESPLAN_SECRET_KEY": "x" * 40}
    )
    return tmp_path / "data"


def test_upload_a_csv_with_an_error_fix_the_mapping_and_import(
    browser: Any, live_server: Any, company: Plan, shots: Path, data_dir: Path, tmp_path: Path
) -> None:
    from salesplan.crm.store import Workspace as Store
    from salesplan.web.imports.models import ImportJob

    file = tmp_path / "deals.csv"
    file.write_text(DEALS_CSV, encoding="utf-8")
    page = _log_in(browser, live_server, "leader")
    page.click("header >> text=CRM data")
    expect(page.locator("h1")).to_have_text("CRM data")
    page.set_input_files('input[name="file"]', str(file))
    _shot(page, shots, "import-1-upload")
    page.click("text=Upload and check")
    page.wait_for_url(f"{live_server.url}/w/acme/imports/*/mapping/")
    job = ImportJob.objects.get()
    assert page.url == f"{live_server.url}/w/acme/imports/{job.pk}/mapping/"
    dry = page.locator("#dry-run")
    expect(dry).to_contain_text("4 rows read; nothing has been written yet.")
    expect(dry.locator("strong.bad")).to_have_text("1 problem in 1 rows.")
    expect(dry.locator("table.problems tbody td")).to_have_text(
        ["4", "Amount", "TBD", "is not a valid float"]
    )
    expect(page.locator('select[name="column:value"]')).to_have_value("Amount")
    _shot(page, shots, "import-2-mapping-problem")
    # starting with the problem is refused, and nothing is written
    page.click("text=Start the import")
    expect(page.locator("p.error[role=alert]")).to_contain_text("Some rows have problems")
    assert not (data_dir / "workspaces" / "acme" / "store.duckdb").exists()
    _shot(page, shots, "import-3-refused")
    # the value is in the other column: map it and check again
    page.select_option('select[name="column:value"]', "Net amount")
    page.click("text=Check again")
    expect(dry.locator("strong.good")).to_have_text("No problems found.")
    expect(dry.locator("table.problems")).to_have_count(0)
    expect(dry.locator("table.preview tbody tr")).to_have_count(4)
    _shot(page, shots, "import-4-mapping-fixed")
    page.click("text=Start the import")
    page.wait_for_url(f"{live_server.url}/w/acme/imports/{job.pk}/")
    # the background job's progress is polled until it is done
    expect(page.locator("#progress")).to_contain_text("4 of 4 rows imported.", timeout=20_000)
    expect(page.locator("#progress .badge")).to_have_text("imported")
    _shot(page, shots, "import-5-done")
    with Store(data_dir / "workspaces" / "acme").connect() as db:
        rows = db.execute("SELECT id, value, status FROM deals ORDER BY id").fetchall()
    assert rows == [
        ("1", 4500.0, "won"),
        ("2", 6300.0, "lost"),
        ("3", 5400.0, "won"),
        ("4", 2700.0, "open"),
    ]
    page.click("text=Back to CRM data")
    expect(page.locator("table.grid tbody tr").first).to_contain_text("deals.csv")
    expect(page.locator("table.grid tbody tr").first.locator("td.num")).to_have_text("4")


def _settled(page: Any) -> None:
    """Wait until no part of the page is still loading (``aria-busy``), for the screenshot."""
    expect(page.locator("[aria-busy=true]")).to_have_count(0, timeout=30_000)


@pytest.fixture
def demo(data_dir: Path) -> None:
    """``salesplan demo``'s workspace: a synthetic CRM history and its plan."""
    import datetime as dt

    from salesplan.web.demo import create_demo

    create_demo(data_dir, dt.date(2026, 11, 27), deals=800)
    for username in ("sdr", "manager"):
        user = get_user_model().objects.get(username=username)
        user.set_password(PASSWORD)
        user.save()


def test_the_dashboard_as_a_rep_and_as_a_manager(
    browser: Any, live_server: Any, demo: None, shots: Path
) -> None:
    url = f"{live_server.url}/w/demo/dashboard/?as_of=2026-11-20"
    rep = _log_in(browser, live_server, "sdr", workspace="demo")
    rep.goto(url)
    expect(rep.locator("h1")).to_have_text("Dashboard: Demo quarter")
    expect(rep.locator("p.clock")).to_contain_text(
        "Rep 1 · as of 2026-11-20 · working day 35 of 62"
    )
    kpis = rep.locator("table.kpis tbody tr")
    expect(kpis.filter(has_text="Calls")).to_have_count(1)  # an SDR's KPIs
    expect(kpis.filter(has_text="New-business revenue")).to_have_count(0)
    expect(rep.locator("h2", has_text="Leaderboard")).to_have_count(0)
    _settled(rep)
    _shot(rep, shots, "dashboard-rep")
    manager = _log_in(browser, live_server, "manager", workspace="demo")
    manager.goto(url)
    expect(manager.locator("p.clock")).not_to_contain_text("Rep 1")
    kpis = manager.locator("table.kpis tbody tr")
    revenue = kpis.filter(has_text="New-business revenue")
    expect(revenue.locator("td.num").first).to_have_text("$180,000")  # the team's goal
    expect(manager.locator("h2", has_text="Leaderboard")).to_be_visible()
    board = manager.locator("h2:has-text('Leaderboard') + table tbody tr")
    names = board.locator("td:nth-child(2)").all_inner_texts()
    assert len(names) >= 8  # every rep of the team
    assert {"Rep 1", "Rep 2", "Rep 9"} <= set(names)
    _settled(manager)
    _shot(manager, shots, "dashboard-manager")


def test_resolve_an_edit_conflict_on_the_same_field(
    browser: Any, live_server: Any, company: Plan, shots: Path
) -> None:
    _second_leader(company)
    url = f"{live_server.url}/w/acme/plans/{company.pk}/"
    first = _log_in(browser, live_server, "leader")
    second = _log_in(browser, live_server, "leader2")
    first.goto(url)
    second.goto(url)
    first.fill('input[name="goals.revenue_goal"]', "300000")
    first.click("text=Save a new version")
    expect(first.locator("h1 small")).to_have_text("v2")
    second.fill('input[name="goals.revenue_goal"]', "400000")
    second.click("text=Save a new version")
    conflict = second.locator("#conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("You both changed these fields:")
    expect(conflict.locator("tbody tr")).to_have_count(1)
    expect(conflict.locator("tbody tr td")).to_have_text(
        ["Revenue goal", "250000", "300000", "400000"]
    )
    expect(second.locator('input[name="goals.revenue_goal"]')).to_have_value("400000")
    assert Plan.objects.get(pk=company.pk).current.number == 2  # not saved
    _shot(second, shots, "conflict-same-field")
    second.click("text=Save mine over theirs")
    expect(second.locator("h1 small")).to_have_text("v3")
    expect(second.locator("#conflict")).to_have_count(0)
    expect(second.locator('input[name="goals.revenue_goal"]')).to_have_value("400000")
    _shot(second, shots, "conflict-saved-over")
    assert Plan.objects.get(pk=company.pk).current.number == 3
    assert _stored(company).goals.revenue_goal == 400000


def test_an_edit_of_another_field_is_merged(
    browser: Any, live_server: Any, company: Plan, shots: Path
) -> None:
    _second_leader(company)
    url = f"{live_server.url}/w/acme/plans/{company.pk}/"
    first = _log_in(browser, live_server, "leader")
    second = _log_in(browser, live_server, "leader2")
    first.goto(url)
    second.goto(url)
    first.fill('input[name="goals.revenue_goal"]', "300000")
    first.click("text=Save a new version")
    expect(first.locator("h1 small")).to_have_text("v2")
    second.fill('input[name="goals.average_deal_value"]', "6000")
    second.click("text=Save a new version")
    expect(second.locator("p.success")).to_have_text(
        "Saved as version 3, merged with version 2 saved meanwhile."
    )
    expect(second.locator("#conflict")).to_have_count(0)
    # the editor shows both changes: theirs and mine
    expect(second.locator('input[name="goals.revenue_goal"]')).to_have_value("300000")
    expect(second.locator('input[name="goals.average_deal_value"]')).to_have_value("6000")
    expect(second.locator("#deals-required")).to_have_text("50")  # 300,000 ÷ 6,000
    _shot(second, shots, "conflict-merged")
    plan = _stored(company)
    assert (plan.goals.revenue_goal, plan.goals.average_deal_value) == (300000, 6000)


def test_the_section_pages_add_a_row_and_refuse_a_bad_value(
    browser: Any, live_server: Any, company: Plan, shots: Path
) -> None:
    page = _log_in(browser, live_server, "leader")
    base = f"{live_server.url}/w/acme/plans/{company.pk}/sections"
    page.goto(f"{base}/mission/")
    competitors = page.locator("fieldset.rows", has=page.locator("legend", has_text="Competitors"))
    expect(competitors.locator("details")).to_have_count(4)  # three and a blank one
    new_row = competitors.locator("details.new-row")
    new_row.locator("summary").click()
    expect(new_row).to_have_attribute("open", "")
    new_row.locator('input[name$=".name"]').fill("Jurnal Field")
    _shot(page, shots, "section-mission-new-row")
    page.click("text=Save a new version")
    expect(page.locator("p.success")).to_have_text("Saved as version 2.")
    expect(page.locator("h1 small")).to_have_text("v2")
    expect(competitors.locator("details summary").nth(3)).to_have_text("Jurnal Field")
    _shot(page, shots, "section-mission-saved")
    assert "Jurnal Field" in [c.name for c in _stored(company).mission.competitors]
    # a value the plan refuses shows on its field, and nothing is saved
    page.goto(f"{base}/goals/")
    goal = page.locator('input[name="goals.revenue_goal"]')
    goal.fill("lots")
    page.click("text=Save a new version")
    expect(goal).to_have_attribute("aria-invalid", "true")
    expect(goal).to_have_value("lots")
    error = page.locator("label.field", has=goal).locator(".field-error")
    expect(error).to_be_visible()
    assert error.inner_text().strip()
    expect(page.locator("p.success")).to_have_count(0)
    _shot(page, shots, "section-goals-error")
    assert Plan.objects.get(pk=company.pk).current.number == 2


def test_the_plan_editor_in_indonesian(
    browser: Any, live_server: Any, company: Plan, shots: Path
) -> None:
    page = _log_in(browser, live_server, "leader")
    page.goto(f"{live_server.url}/w/acme/plans/{company.pk}/")
    budget = page.locator(".figures > div", has_text="Budget").locator("strong")
    english = budget.inner_text()
    assert "," in english  # 72,033
    page.select_option('select[name="language"]', "id")
    page.click("text=Switch")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.wait_for_url(f"{live_server.url}/w/acme/plans/{company.pk}/")
    expect(page.locator("button.primary")).to_have_text("Simpan versi baru")
    expect(page.locator("legend").first).to_have_text("Sasaran")
    expect(page.locator("text=Save a new version")).to_have_count(0)
    figure = page.locator(".figures > div", has_text="Anggaran").locator("strong")
    expect(figure).to_have_text(english.replace(",", "."))  # 72.033
    _shot(page, shots, "indonesian-editor")
    page.goto(f"{live_server.url}/w/acme/plans/{company.pk}/sections/goals/")
    expect(page.locator("button.primary")).to_have_text("Simpan versi baru")
    _shot(page, shots, "indonesian-section-goals")
    page.goto(f"{live_server.url}/w/acme/plans/")
    expect(page.locator("h1")).to_have_text("Rencana")
    _shot(page, shots, "indonesian-plans")
