"""The web app through Django's test client: permissions from one table, workspaces
that never leak, CSRF, escaping, throttled log-in, live recompute, versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from salesplan.plan.templates import template_text
from salesplan.web.accounts.models import AuditEvent, Membership, Workspace
from salesplan.web.accounts.roles import PERMISSIONS, ROLES, Action
from salesplan.web.config import SettingsError, WebSettings
from salesplan.web.plans.models import Plan, PlanVersion

pytestmark = pytest.mark.django_db
PASSWORD = "a long test passphrase 42"


@dataclass
class Company:
    workspace: Workspace
    plan: Plan
    clients: dict[str, Client]


def _company(slug: str, suffix: str = "") -> Company:
    workspace = Workspace.objects.create(name=f"{slug} Inc", slug=slug)
    plan = Plan.objects.create(workspace=workspace, name="Q1 plan")
    PlanVersion.objects.create(plan=plan, number=1, text=template_text("quarter"))
    clients = {}
    for role in ROLES:
        user = get_user_model().objects.create_user(f"{role}{suffix}", password=PASSWORD)
        Membership.objects.create(user=user, workspace=workspace, role=role, plan_role="SDR")
        client = Client()
        client.force_login(user)
        clients[role] = client
    return Company(workspace, plan, clients)


@pytest.fixture
def acme() -> Company:
    cache.clear()
    return _company("acme")


@pytest.fixture
def rival() -> Company:
    return _company("rival", "-rival")


# ── permissions: every view × every role, from the one table ──────────────────

VIEWS: list[tuple[str, str, Action, dict[str, str]]] = [
    # (method, url with {slug} {plan}, the action the view needs, POST data)
    ("get", "/w/{slug}/plans/", "plan.view", {}),
    ("post", "/w/{slug}/plans/", "plan.create", {"template": "quarter"}),
    ("get", "/w/{slug}/plans/{plan}/", "plan.view", {}),
    ("post", "/w/{slug}/plans/{plan}/recompute/", "plan.edit", {"goals.revenue_goal": "300000"}),
    ("post", "/w/{slug}/plans/{plan}/save/", "plan.edit", {"base_version": "1"}),
    ("get", "/w/{slug}/plans/{plan}/versions/", "plan.view", {}),
    ("get", "/w/{slug}/plans/{plan}/plan.yaml", "plan.view", {}),
    ("get", "/w/{slug}/dashboard/", "dashboard.own", {}),
    ("get", "/w/{slug}/plans/{plan}/diff/", "plan.view", {}),
    ("post", "/w/{slug}/plans/{plan}/restore/", "plan.edit", {"number": "1", "base_version": "1"}),
    ("get", "/w/{slug}/plans/{plan}/gantt/", "plan.view", {}),
    ("get", "/w/{slug}/plans/{plan}/document.md", "plan.view", {}),
    ("get", "/w/{slug}/audit/", "audit.view", {}),
    ("get", "/w/{slug}/plans/{plan}/sections/team/", "plan.view", {}),
    ("post", "/w/{slug}/plans/{plan}/sections/mission/", "plan.edit", {"_action": "more"}),
    ("post", "/w/{slug}/plans/{plan}/sections/mission/recompute/", "plan.edit", {}),
    ("get", "/w/{slug}/plans/{plan}/targets/", "plan.targets", {}),
    ("post", "/w/{slug}/plans/import/", "plan.create", {}),
    ("post", "/w/{slug}/plans/{plan}/upload/", "plan.edit", {}),
    ("post", "/w/{slug}/plans/{plan}/targets/recompute/", "plan.targets", {}),
    ("post", "/w/{slug}/plans/{plan}/targets/save/", "plan.targets", {"base_version": "1"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "url", "action", "data"), VIEWS)
def test_every_view_allows_exactly_the_roles_of_the_table(
    acme: Company, role: str, method: str, url: str, action: Action, data: dict[str, str]
) -> None:
    address = url.format(slug=acme.workspace.slug, plan=acme.plan.pk)
    client = acme.clients[role]
    response = client.post(address, data) if method == "post" else client.get(address)
    if role in PERMISSIONS[action]:  # let in: the view answers (an empty upload is a 400)
        assert response.status_code in (200, 302, 400), (role, address, response.status_code)
    else:
        assert response.status_code == 403, (role, address, response.status_code)


@pytest.mark.parametrize(("method", "url", "action", "data"), VIEWS)
def test_signed_out_visitors_are_sent_to_log_in(
    acme: Company, method: str, url: str, action: Action, data: dict[str, str]
) -> None:
    address = url.format(slug=acme.workspace.slug, plan=acme.plan.pk)
    response = Client().post(address, data) if method == "post" else Client().get(address)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize(("method", "url", "action", "data"), VIEWS)
def test_another_workspace_is_not_found_however_the_ids_are_changed(
    acme: Company, rival: Company, method: str, url: str, action: Action, data: dict[str, str]
) -> None:
    admin = acme.clients["admin"]
    for slug, plan in (
        (rival.workspace.slug, rival.plan.pk),  # their workspace, their plan
        (acme.workspace.slug, rival.plan.pk),  # our workspace, their plan's id
    ):
        if "{plan}" not in url and slug == acme.workspace.slug:
            continue
        address = url.format(slug=slug, plan=plan)
        response = admin.post(address, data) if method == "post" else admin.get(address)
        assert response.status_code == 404, address
    assert rival.plan.versions.count() == 1  # nothing was written there


# ── security ───────────────────────────────────────────────────────────────────


def test_state_changing_views_need_the_csrf_token(acme: Company) -> None:
    user = Membership.objects.get(workspace=acme.workspace, role="leader").user
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    for url, data in (
        (f"/w/acme/plans/{acme.plan.pk}/save/", {"base_version": "1"}),
        (f"/w/acme/plans/{acme.plan.pk}/recompute/", {}),
        ("/w/acme/plans/", {"template": "quarter"}),
        ("/language/", {"language": "id"}),
        ("/logout/", {}),
    ):
        assert strict.post(url, data).status_code == 403, url
    assert acme.plan.versions.count() == 1


def test_hostile_text_comes_back_escaped(acme: Company) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    acme.plan.name = hostile
    acme.plan.save()
    text = template_text("quarter").replace("name: Q1 2027 sales plan", f"name: '{hostile}'")
    PlanVersion.objects.create(plan=acme.plan, number=2, text=text, message=hostile)
    client = acme.clients["leader"]
    for url in (
        "/w/acme/plans/",
        f"/w/acme/plans/{acme.plan.pk}/",
        f"/w/acme/plans/{acme.plan.pk}/versions/",
    ):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body, url
        assert "<img src=x" not in body, url
        assert "&lt;script&gt;" in body, url


def test_every_page_has_a_content_security_policy(acme: Company) -> None:
    response = acme.clients["rep"].get("/w/acme/plans/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_log_in_is_throttled_after_repeated_failures(acme: Company) -> None:
    client = Client()
    for _ in range(5):
        response = client.post("/login/", {"username": "rep", "password": "wrong"})
        assert response.status_code == 401
    blocked = client.post("/login/", {"username": "rep", "password": PASSWORD})
    assert blocked.status_code == 429  # even the right password, until the window passes
    assert b"Too many failed attempts" in blocked.content
    other = Client().post("/login/", {"username": "leader", "password": PASSWORD})
    assert other.status_code == 429  # the same address is blocked too


def test_log_in_goes_home_and_never_off_site(acme: Company) -> None:
    client = Client()
    response = client.post(
        "/login/", {"username": "leader", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/")["Location"] == "/w/acme/plans/"


# ── the editor ─────────────────────────────────────────────────────────────────


def _headcount(html: str, role: str) -> int:
    row = html.split(f'data-role="{role}"', 1)[1].split("</tr>", 1)[0]
    return int(row.split('class="num">', 2)[1].split("<", 1)[0])


def test_a_bigger_goal_recomputes_more_deals_and_people(acme: Company) -> None:
    client = acme.clients["leader"]
    url = f"/w/acme/plans/{acme.plan.pk}/recompute/"
    before = client.post(url, {"goals.revenue_goal": "250000"}, HTTP_HX_REQUEST="true")
    after = client.post(url, {"goals.revenue_goal": "1000000"}, HTTP_HX_REQUEST="true")
    assert before.status_code == after.status_code == 200
    deals = [
        int(r.content.decode().split('id="deals-required">', 1)[1].split("<", 1)[0])
        for r in (before, after)
    ]
    assert deals == [50, 200]
    assert _headcount(after.content.decode(), "AE") > _headcount(before.content.decode(), "AE")
    assert acme.plan.versions.count() == 1  # recomputing never saves


def test_a_bad_value_is_reported_on_its_field(acme: Company) -> None:
    client = acme.clients["leader"]
    url = f"/w/acme/plans/{acme.plan.pk}/recompute/"
    response = client.post(url, {"strategy.stages.demo.conversion": "150"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "strategy.stages.demo.conversion" in body
    assert "rate" in body.lower()
    letters = client.post(url, {"goals.revenue_goal": "lots"})
    assert letters.status_code == 422
    assert "&#x27;lots&#x27; is not a number" in letters.content.decode()


def test_saving_makes_a_version_with_its_author_and_keeps_comments(acme: Company) -> None:
    client = acme.clients["leader"]
    response = client.post(
        f"/w/acme/plans/{acme.plan.pk}/save/",
        {"base_version": "1", "goals.revenue_goal": "400000", "message": "board asked for more"},
    )
    assert response.status_code == 302
    version = acme.plan.current
    assert version.number == 2
    assert version.author is not None
    assert version.author.get_username() == "leader"
    assert version.message == "board asked for more"
    assert "revenue_goal: 400000" in version.text
    assert "# ──" in version.text  # the template's comments survive
    assert AuditEvent.objects.filter(action="plan.save", workspace=acme.workspace).count() == 1


def test_an_edit_on_a_stale_version_is_refused_not_lost(acme: Company) -> None:
    leader, admin = acme.clients["leader"], acme.clients["admin"]
    url = f"/w/acme/plans/{acme.plan.pk}/save/"
    assert admin.post(url, {"base_version": "1", "goals.revenue_goal": "300000"}).status_code == 302
    stale = leader.post(url, {"base_version": "1", "goals.revenue_goal": "500000"})
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "admin saved version 2 while you were editing version 1" in body
    assert 'value="500000"' in body  # their edit is still in the form
    assert acme.plan.current.number == 2
    assert "revenue_goal: 300000" in acme.plan.current.text
    # saving again on top of version 2 is a deliberate choice, and works
    again = leader.post(url, {"base_version": "2", "goals.revenue_goal": "500000"})
    assert again.status_code == 302
    assert acme.plan.current.number == 3


def test_a_plan_from_a_template(acme: Company) -> None:
    response = acme.clients["leader"].post(
        "/w/acme/plans/", {"template": "saas-inbound", "language": "id"}
    )
    assert response.status_code == 302
    plan = Plan.objects.filter(workspace=acme.workspace).exclude(pk=acme.plan.pk).get()
    assert plan.current.number == 1
    assert "language: id" in plan.current.text
    bad = acme.clients["leader"].post("/w/acme/plans/", {"template": "nope"})
    assert bad.status_code == 400


def test_language_preference_is_kept(acme: Company) -> None:
    client = acme.clients["rep"]
    response = client.post("/language/", {"language": "id", "next": "/w/acme/plans/"})
    assert response.status_code == 302
    assert Membership.objects.get(workspace=acme.workspace, role="rep").language == "id"
    assert response.cookies["django_language"].value == "id"


# ── dashboards ─────────────────────────────────────────────────────────────────


def test_dashboard_without_crm_data_says_so(acme: Company, settings: Any, tmp_path: Path) -> None:
    settings.WEB = WebSettings.from_environment(
        {"SALESPLAN_DATA_DIR": str(tmp_path), "SALESPLAN_SECRET_KEY": "x" * 40}
    )
    response = acme.clients["rep"].get("/w/acme/dashboard/")
    assert response.status_code == 200
    assert b"No CRM data in this workspace yet" in response.content


# ── settings ───────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {"SALESPLAN_MODE": "staging"},
            "SALESPLAN_MODE must be development or production (found 'staging')",
        ),
        (
            {"SALESPLAN_MODE": "production", "SALESPLAN_SECRET_KEY": "short"},
            "SALESPLAN_SECRET_KEY must be at least 32 characters (found 5)",
        ),
        (
            {"SALESPLAN_MODE": "production", "SALESPLAN_SECRET_KEY": "k" * 40},
            "SALESPLAN_ALLOWED_HOSTS must name the app's host names in production mode",
        ),
        (
            {"SALESPLAN_LOGIN_ATTEMPTS": "many"},
            "SALESPLAN_LOGIN_ATTEMPTS must be a whole number (found 'many')",
        ),
        (
            {"DATABASE_URL": "mysql://x/y"},
            "DATABASE_URL must start with sqlite:// or postgres:// (found 'mysql')",
        ),
    ],
)
def test_bad_settings_stop_the_app_with_a_clear_message(
    environ: dict[str, str], message: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        WebSettings.from_environment({"SALESPLAN_SECRET_KEY": "x" * 40, **environ})
    assert message in str(caught.value)


# ── language ───────────────────────────────────────────────────────────────────


def test_every_interface_message_has_its_indonesian() -> None:
    import re

    from babel.messages.pofile import read_po

    from salesplan.web.locale_cache import SOURCES

    with (SOURCES / "id" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalog = read_po(handle, locale="id")
    untranslated = [m.id for m in catalog if m.id and not m.string]
    assert untranslated == []
    for message in catalog:
        if message.id:
            placeholders = set(re.findall(r"%\(\w+\)s", str(message.id)))
            assert placeholders == set(re.findall(r"%\(\w+\)s", str(message.string))), message.id
    # and every message the templates and views use is in the catalog
    web = SOURCES.parent
    used = set()
    for path in [*web.rglob("*.html"), *web.rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'\{% translate "([^"]+)" %\}', text))
        used |= set(re.findall(r"\{% translate '([^']+)' %\}", text))
        used |= set(re.findall(r'\b_\(\s*"([^"]+)"\s*\)', text))  # also split over lines
    assert used - {m.id for m in catalog} == set()


def test_the_interface_speaks_indonesian_when_chosen(acme: Company) -> None:
    client = acme.clients["leader"]
    client.post("/language/", {"language": "id"})
    body = client.get("/w/acme/plans/").content.decode()
    assert '<html lang="id">' in body
    assert "Rencana baru dari templat" in body
    assert "New plan from a template" not in body
    editor = client.get(f"/w/acme/plans/{acme.plan.pk}/").content.decode()
    assert "Simpan versi baru" in editor
    assert "Jumlah orang" in editor


# ── versions: diff and restore ─────────────────────────────────────────────────


def test_the_diff_shows_changed_inputs_and_their_effect(acme: Company) -> None:
    leader = acme.clients["leader"]
    leader.post(
        f"/w/acme/plans/{acme.plan.pk}/save/",
        {
            "base_version": "1",
            "goals.revenue_goal": "500000",
            "strategy.stages.demo.conversion": "40",
        },
    )
    body = leader.get(f"/w/acme/plans/{acme.plan.pk}/diff/?from=1&to=2").content.decode()
    assert "goals.revenue_goal" in body
    assert "strategy.stages.demo.conversion" in body
    assert "goals.average_deal_value" not in body  # unchanged inputs are not listed
    effects = body.split('id="effects"', 1)[1]
    assert "Deals to win" in effects
    assert "100%" in effects  # 50 → 100 deals
    assert leader.get(f"/w/acme/plans/{acme.plan.pk}/diff/?from=1&to=9").status_code == 404


def test_restoring_an_old_version_adds_a_new_one(acme: Company) -> None:
    leader = acme.clients["leader"]
    url = f"/w/acme/plans/{acme.plan.pk}/"
    leader.post(url + "save/", {"base_version": "1", "goals.revenue_goal": "500000"})
    response = leader.post(url + "restore/", {"number": "1", "base_version": "2"})
    assert response.status_code == 302
    current = acme.plan.current
    assert current.number == 3  # history is kept: v2 is still there
    assert current.text == acme.plan.versions.get(number=1).text
    assert current.message == "restored version 1"
    stale = leader.post(url + "restore/", {"number": "2", "base_version": "2"})
    assert stale.status_code == 409
    assert acme.plan.current.number == 3


# ── the action plan and documents ──────────────────────────────────────────────


def test_the_action_plan_is_drawn_as_the_documents_gantt(acme: Company) -> None:
    response = acme.clients["rep"].get(f"/w/acme/plans/{acme.plan.pk}/gantt/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body
    assert "<script" not in body.split("<svg", 1)[1]  # a picture, nothing that runs


def test_documents_download_in_every_quick_format(acme: Company) -> None:
    client = acme.clients["rep"]
    base = f"/w/acme/plans/{acme.plan.pk}/document"
    markdown = client.get(base + ".md")
    assert markdown.status_code == 200
    assert markdown["Content-Type"].startswith("text/markdown")
    assert "Q1 2027 sales plan" in markdown.content.decode()
    workbook = client.get(base + ".xlsx")
    assert workbook.content[:2] == b"PK"  # a zip: the XLSX
    assert 'filename="plan-' in workbook["Content-Disposition"]
    assert client.get(base + ".exe").status_code == 404
    client.post("/language/", {"language": "id"})
    indonesian = client.get(base + ".md").content.decode()
    assert "Ringkasan" in indonesian  # the reader's language, not the plan's


@pytest.fixture
def demo(settings: Any, tmp_path: Path) -> Workspace:
    """``salesplan demo``'s workspace: a synthetic CRM history up to the day and its plan."""
    import datetime as dt

    from salesplan.web.demo import create_demo

    settings.WEB = WebSettings.from_environment(
        {"SALESPLAN_DATA_DIR": str(tmp_path), "SALESPLAN_SECRET_KEY": "x" * 40}
    )
    create_demo(tmp_path, dt.date(2026, 11, 27), deals=800)
    return Workspace.objects.get(slug="demo")


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_each_role_sees_its_own_dashboard(demo: Workspace) -> None:
    leader = _client("leader").get("/w/demo/dashboard/?as_of=2026-11-20").content.decode()
    assert "Whole team" in leader
    assert "New-business revenue" in leader
    assert "Leaderboard" in leader
    rep = _client("sdr").get("/w/demo/dashboard/?as_of=2026-11-20").content.decode()
    assert "Rep 1" in rep  # the rep's own view, by their CRM owner name
    assert "New-business revenue" not in rep  # an SDR's KPIs: activities and their stages
    assert "Calls" in rep
    assert "Leaderboard" not in rep
    # a rep cannot ask for someone else's view
    other = _client("sdr").get("/w/demo/dashboard/?rep=Rep 9").content.decode()
    assert "Rep 9" not in other.split("<table", 1)[0]


def test_the_dashboard_speaks_indonesian(demo: Workspace) -> None:
    client = _client("leader")
    client.post("/language/", {"language": "id"})
    body = client.get("/w/demo/dashboard/?as_of=2026-11-20").content.decode()
    assert "Pendapatan bisnis baru" in body
    assert "Papan peringkat" in body
    assert "New-business revenue" not in body


def test_every_key_figure_explains_how_it_was_computed(acme: Company) -> None:
    body = acme.clients["rep"].get(f"/w/acme/plans/{acme.plan.pk}/").content.decode()
    assert body.count('<details class="explain">') >= 8
    assert "deals = ceil(250,000 goal ÷ 5,000 average won deal) = ceil(50) = 50" in body
    assert "<code>goals.revenue_goal</code>" in body


def test_warming_computes_each_plans_store_facts_once(demo: Workspace) -> None:
    import datetime as dt

    from salesplan.web.dashboards import tracking

    tracking._facts.clear()
    assert tracking.warm(dt.date(2026, 11, 20)) == 1
    assert len(tracking._facts) == 1
    _client("leader").get("/w/demo/dashboard/?as_of=2026-11-20")
    _client("sdr").get("/w/demo/dashboard/?as_of=2026-11-20")
    assert len(tracking._facts) == 1  # every view came from the warmed facts


def test_an_import_invalidates_the_cached_facts(demo: Workspace) -> None:
    from salesplan.crm.store import Workspace as CrmWorkspace

    client = _client("leader")
    before = client.get("/w/demo/dashboard/?as_of=2026-11-20").content.decode()
    from salesplan.web.store_access import writing

    with (
        writing(demo.crm_folder / "store.duckdb"),
        CrmWorkspace.open(demo.crm_folder).connect() as db,
    ):
        db.execute(
            "INSERT INTO deals (source, id, status, value, owner, created_at, closed_at)"
            " VALUES ('t', 'huge', 'won', 9000000, 'Rep 9', TIMESTAMP '2026-10-05',"
            " TIMESTAMP '2026-11-02')"
        )
    after = client.get("/w/demo/dashboard/?as_of=2026-11-20").content.decode()
    assert after != before
    assert "9,1" in after or "9,0" in after or "$9," in after  # the new win is counted


# ── password reset and the audit log ───────────────────────────────────────────


def test_password_reset_by_mail(acme: Company, settings: Any, tmp_path: Path) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core import mail

    user = Membership.objects.get(workspace=acme.workspace, role="rep").user
    user.email = "rep@example.org"
    user.save()
    client = Client()
    sent = client.post("/password-reset/", {"email": "rep@example.org"})
    assert sent.status_code == 302
    unknown = client.post("/password-reset/", {"email": "nobody@example.org"})
    assert unknown.status_code == 302  # the same answer: addresses are not revealed
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert b"new_password1" in form.content
    new = "a brand new passphrase 99"
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True
    )
    assert b"Password set" in done.content
    assert Client().login(username="rep", password=new)
    again = client.get(path, follow=True)
    assert b"expired or was already used" in again.content


def test_the_audit_log_lists_who_changed_what(acme: Company) -> None:
    acme.clients["leader"].post(
        f"/w/acme/plans/{acme.plan.pk}/save/", {"base_version": "1", "goals.revenue_goal": "300000"}
    )
    page = acme.clients["admin"].get("/w/acme/audit/").content.decode()
    assert "plan.save" in page
    assert "leader" in page
    assert acme.clients["rep"].get("/w/acme/audit/").status_code == 403


def test_password_reset_mail_is_limited(acme: Company, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core import mail

    from salesplan.web.accounts.throttle import RESETS_PER_HOUR

    user = Membership.objects.get(workspace=acme.workspace, role="rep").user
    user.email = "rep@example.org"
    user.save()
    for _ in range(RESETS_PER_HOUR + 3):
        response = Client().post("/password-reset/", {"email": "rep@example.org"})
        assert response.status_code == 302  # the same answer every time
    assert len(mail.outbox) == RESETS_PER_HOUR


def test_the_dashboard_shows_the_chance_of_hitting_the_goal(demo: Workspace) -> None:
    import re

    from salesplan.web.dashboards import goal_chance

    client = _client("leader")
    first = client.get("/w/demo/dashboard/?as_of=2026-11-20").content.decode()
    assert 'hx-get="/w/demo/dashboard/chance/?plan=' in first  # computed in the background
    plan = Plan.objects.get(workspace=demo)
    day = dt.date(2026, 11, 20)
    found = goal_chance.goal_chance(demo.crm_folder, plan.current, day, wait=True).chance
    assert found is not None
    assert not found.failed
    assert 0.0 <= found.probability <= 1.0
    assert found.revenue_p10 <= found.revenue_p50 <= found.revenue_p90
    partial = client.get(f"/w/demo/dashboard/chance/?plan={plan.pk}&as_of=2026-11-20")
    body = partial.content.decode()
    shown = re.search(r"Chance the team hits the goal</span><strong>(\d+)%", body)
    assert shown is not None
    assert int(shown.group(1)) == round(found.probability * 100)
    assert f"${found.revenue_p50:,.0f}" in body
    # a new version: its chance is computed, the last one shown meanwhile
    newer = PlanVersion.objects.create(plan=plan, number=2, text=plan.current.text)
    shown = goal_chance.goal_chance(demo.crm_folder, newer, day)
    assert not shown.fresh
    assert not shown.pending  # the last one is minutes old: not simulated again yet
    assert shown.chance == found
    assert (
        "For version 1 of the plan"
        in client.get(f"/w/demo/dashboard/chance/?plan={plan.pk}&as_of=2026-11-20").content.decode()
    )
    # another workspace's plan id is not found
    assert client.get("/w/demo/dashboard/chance/?plan=999999").status_code == 404
