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


def _log_in(browser: Any, live_server: Any, username: str) -> Any:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/w/acme/plans/")
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
