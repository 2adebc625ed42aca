"""The scenarios page: every scenario beside the base with the engine's own figures, and
adding, changing and deleting a scenario as new plan versions (comments kept)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from salesplan.engine import build
from salesplan.plan import loads
from salesplan.plan.scenarios import apply_scenario
from salesplan.plan.templates import template_text
from salesplan.reports.formatting import Formatter
from salesplan.web.accounts.models import Membership, Workspace
from salesplan.web.accounts.roles import ROLES
from salesplan.web.plans.models import Plan, PlanVersion
from salesplan.web.plans.scenarios import scenario_removed, scenario_written

pytestmark = pytest.mark.django_db
PASSWORD = "a long test passphrase 42"


@dataclass
class Company:
    workspace: Workspace
    plan: Plan
    clients: dict[str, Client]

    def url(self, tail: str = "") -> str:
        return f"/w/{self.workspace.slug}/plans/{self.plan.pk}/scenarios/{tail}"


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


def _row(html: str, label: str) -> list[str]:
    """The cells of the comparison row *label*, as text (the figure, then its change)."""
    row = html.split(f'<th scope="row">{label}</th>', 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def _figure(cell: str) -> int:
    return int(cell.split()[0].replace(",", "").replace("$", ""))


SAVE = {
    "base_version": "1",
    "original": "",
    "name": "bigger",
    "description": "The board's stretch goal",
    "path": ["goals.revenue_goal", "team.roles.SDR.capacity.email"],
    "value": ["400000", "90"],
}


# ── the comparison ─────────────────────────────────────────────────────────────


def test_every_scenario_shows_the_engines_figures_beside_the_base(acme: Company) -> None:
    response = acme.clients["rep"].get(acme.url())
    assert response.status_code == 200
    body = response.content.decode()
    plan = loads(template_text("quarter"))
    names = list(plan.scenarios)  # conservative, base, aggressive: the base comes first
    headers = re.findall(r'data-scenario="([^"]+)"', body)
    assert headers == ["base", "conservative", "aggressive"]
    fmt = Formatter(plan.effective_locale, plan.currency)
    deals = _row(body, "Deals to win")
    budget = _row(body, "Total budget")
    sdr = _row(body, "Sales Development Representative: needed")
    for cell, cells_budget, cells_sdr, name in zip(deals, budget, sdr, headers, strict=True):
        expected = build(apply_scenario(plan, name))
        assert _figure(cell) == expected.deals_required, name
        assert cells_budget.startswith(fmt.money(expected.budget.total)), name
        assert _figure(cells_sdr) == expected.headcount["SDR"].required, name
    assert set(names) == set(headers)
    # smaller deals in "conservative": more deals to win than the base, and it says so
    assert _figure(deals[1]) > _figure(deals[0])
    assert "▲ +12%" in deals[1]  # 56 deals against 50
    assert "▼ −8%" in deals[2]  # 46 against 50
    for stage in ("Appointment", "Demo", "Proposal"):
        assert len(_row(body, stage)) == 3
    assert "Scenarios compared" in body
    assert "<svg" in body
    assert "<script" not in body.split("<svg", 1)[1]
    # each scenario's description and overrides under its name
    assert "Smaller deals, fewer demos turn into proposals" in body
    assert "<code>strategy.stages.demo.conversion</code> = <code>45%</code>" in body


def test_a_scenario_with_a_higher_goal_needs_more_deals(acme: Company) -> None:
    leader = acme.clients["leader"]
    assert leader.post(acme.url("save/"), SAVE).status_code == 302
    body = leader.get(acme.url()).content.decode()
    deals = _row(body, "Deals to win")
    plan = loads(acme.plan.current.text)
    assert _figure(deals[-1]) == build(apply_scenario(plan, "bigger")).deals_required == 80
    assert _figure(deals[-1]) > _figure(deals[0]) == 50
    assert "+60%" in deals[-1]


def test_readers_see_no_editing_controls(acme: Company) -> None:
    body = acme.clients["manager"].get(acme.url()).content.decode()
    assert "scenario-form" not in body
    assert "/scenarios/delete/" not in body
    leader = acme.clients["leader"].get(acme.url() + "?edit=aggressive").content.decode()
    form = leader.split('id="scenario-form"', 1)[1]
    assert 'value="aggressive"' in form
    assert 'value="team.roles.SDR.ramp.0"' in form
    assert 'value="40%"' in form
    assert '<option value="goals.revenue_goal">Revenue goal</option>' in form


# ── permissions and workspaces ─────────────────────────────────────────────────

WRITES = [
    ("save/", SAVE),
    ("delete/", {"name": "aggressive", "base_version": "1"}),
]


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_and_only_leaders_and_admins_write(acme: Company, role: str) -> None:
    client = acme.clients[role]
    assert client.get(acme.url()).status_code == 200
    for tail, data in WRITES:
        current = str(acme.plan.current.number)
        status = client.post(acme.url(tail), {**data, "base_version": current}).status_code
        assert status == (302 if role in ("admin", "leader") else 403), (role, tail)
    if role not in ("admin", "leader"):
        assert acme.plan.versions.count() == 1


def test_signed_out_visitors_are_sent_to_log_in(acme: Company) -> None:
    for method, tail, data in [("get", "", {}), *(("post", t, d) for t, d in WRITES)]:
        response = getattr(Client(), method)(acme.url(tail), data)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_another_workspace_is_not_found(acme: Company, rival: Company) -> None:
    admin = acme.clients["admin"]
    for slug, plan in ((rival.workspace.slug, rival.plan.pk), ("acme", rival.plan.pk)):
        base = f"/w/{slug}/plans/{plan}/scenarios/"
        assert admin.get(base).status_code == 404
        for tail, data in WRITES:
            assert admin.post(base + tail, data).status_code == 404
    assert rival.plan.versions.count() == 1


def test_writes_need_the_csrf_token(acme: Company) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(get_user_model().objects.get(username="leader"))
    for tail, data in WRITES:
        assert strict.post(acme.url(tail), data).status_code == 403
    assert acme.plan.versions.count() == 1


# ── saving ─────────────────────────────────────────────────────────────────────


def test_saving_writes_the_scenario_into_the_yaml_as_a_new_version(acme: Company) -> None:
    response = acme.clients["leader"].post(acme.url("save/"), {**SAVE, "value": ["400k", "90"]})
    assert response.status_code == 302
    assert response["Location"].endswith("/scenarios/#scenario-bigger")
    version = acme.plan.current
    assert version.number == 2
    assert version.author is not None
    assert version.author.get_username() == "leader"
    assert version.message == "scenario bigger saved"
    assert "# ── Scenarios ─" in version.text  # the template's comments survive
    assert "# 250 appointments × 40" in version.text
    plan = loads(version.text)
    assert plan.scenarios["bigger"].description == "The board's stretch goal"
    assert plan.scenarios["bigger"].overrides == {
        "goals.revenue_goal": "400k",
        "team.roles.SDR.capacity.email": 90,
    }
    assert list(plan.scenarios) == ["conservative", "base", "aggressive", "bigger"]


def test_editing_renames_in_place_and_keeps_the_others(acme: Company) -> None:
    response = acme.clients["admin"].post(
        acme.url("save/"),
        {
            "base_version": "1",
            "original": "conservative",
            "name": "cautious",
            "description": "",
            "path": ["goals.average_deal_value", "strategy.stages.demo.conversion", ""],
            "value": ["4000", "45%", ""],
            "message": "tighter",
        },
    )
    assert response.status_code == 302
    plan = loads(acme.plan.current.text)
    assert list(plan.scenarios) == ["cautious", "base", "aggressive"]
    assert plan.scenarios["cautious"].description == ""
    assert plan.scenarios["cautious"].overrides == {
        "goals.average_deal_value": 4000,
        "strategy.stages.demo.conversion": "45%",
    }
    assert acme.plan.current.message == "tighter"


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("goals.revenu_goal", "400000", "did you mean &#x27;revenue_goal&#x27;"),
        ("strategy.stages.demo.conversion", "150%", "150% is not a rate"),
        ("name", "3", "is not a numeric input"),
        ("goals.revenue_goal", "", "Write the value this scenario gives it."),
    ],
)
def test_a_bad_override_is_refused_on_its_row(
    acme: Company, path: str, value: str, message: str
) -> None:
    data = {**SAVE, "path": ["team.roles.SDR.capacity.email", path], "value": ["90", value]}
    response = acme.clients["leader"].post(acme.url("save/"), data)
    assert response.status_code == 422
    body = response.content.decode()
    row = body.split(f'name="path" value="{path}"', 1)[1].split("</tr>", 1)[0]
    assert message in row
    assert 'value="The board&#x27;s stretch goal"' in body  # the input is kept
    assert acme.plan.versions.count() == 1


def test_a_bad_or_taken_name_is_refused(acme: Company) -> None:
    leader = acme.clients["leader"]
    for name in ("2nd plan", "aggressive"):
        response = leader.post(acme.url("save/"), {**SAVE, "name": name})
        assert response.status_code == 422, name
    assert "already has a scenario named aggressive" in response.content.decode()
    assert acme.plan.versions.count() == 1


def test_adding_a_row_saves_nothing(acme: Company) -> None:
    data = {**SAVE, "path": [*SAVE["path"], "", ""], "value": [*SAVE["value"], "", ""]}
    response = acme.clients["leader"].post(acme.url("save/"), {**data, "add_row": "1"})
    assert response.status_code == 200
    form = response.content.decode().split('id="scenario-form"', 1)[1]
    assert form.count('name="path"') == 5  # the two typed, the two blank, the one asked for
    assert acme.plan.versions.count() == 1


def test_a_save_on_a_stale_version_is_refused_not_lost(acme: Company) -> None:
    admin, leader = acme.clients["admin"], acme.clients["leader"]
    assert admin.post(acme.url("delete/"), {"name": "base", "base_version": "1"}).status_code == 302
    stale = leader.post(acme.url("save/"), SAVE)
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "admin saved version 2 while you were editing version 1" in body
    assert 'value="400000"' in body
    assert 'value="bigger"' in body
    assert 'name="base_version" value="2"' in body  # saving again is a deliberate choice
    assert acme.plan.versions.count() == 2
    assert "bigger" not in acme.plan.current.text


# ── deleting ───────────────────────────────────────────────────────────────────


def test_deleting_a_scenario_makes_a_new_version_without_it(acme: Company) -> None:
    leader = acme.clients["leader"]
    body = leader.get(acme.url()).content.decode()
    assert "Delete the scenario aggressive? The plan's history keeps it." in body
    response = leader.post(acme.url("delete/"), {"name": "aggressive", "base_version": "1"})
    assert response.status_code == 302
    version = acme.plan.current
    assert version.number == 2
    assert version.message == "scenario aggressive deleted"
    assert list(loads(version.text).scenarios) == ["conservative", "base"]
    assert "# ── Scenarios ─" in version.text
    assert (
        leader.post(acme.url("delete/"), {"name": "aggressive", "base_version": "2"}).status_code
        == 404
    )
    stale = leader.post(acme.url("delete/"), {"name": "base", "base_version": "1"})
    assert stale.status_code == 409
    assert acme.plan.versions.count() == 2


def test_comments_around_scenarios_stay_where_they_were() -> None:
    text = (
        "a: 1\n"
        "scenarios:\n"
        "  low:\n"
        "    description: first  # why\n"
        "    overrides:\n"
        "      x.y: 4   # four\n"
        "# ── next ──\n"
        "b: 2\n"
    )
    added = scenario_written(text, "", "high", "More", {"x.y": 5})
    assert added.index("x.y: 5") < added.index("# ── next ──") < added.index("b: 2")
    assert "description: first  # why" in added
    assert "x.y: 4   # four" in added
    emptied = scenario_removed(text, "low")
    assert "scenarios" not in emptied
    assert emptied.index("a: 1") < emptied.index("# ── next ──") < emptied.index("b: 2")


# ── escaping and language ──────────────────────────────────────────────────────


def test_a_hostile_description_comes_back_escaped(acme: Company) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    leader = acme.clients["leader"]
    assert leader.post(acme.url("save/"), {**SAVE, "description": hostile}).status_code == 302
    assert loads(acme.plan.current.text).scenarios["bigger"].description == hostile
    for address in (acme.url(), acme.url() + "?edit=bigger"):
        body = leader.get(address).content.decode()
        assert "<script>alert" not in body
        assert "<img src=x" not in body
        assert "&lt;script&gt;alert" in body


def test_the_page_speaks_indonesian_when_chosen(acme: Company) -> None:
    client = acme.clients["leader"]
    client.post("/language/", {"language": "id"})
    body = client.get(acme.url()).content.decode()
    assert '<html lang="id">' in body
    assert "Deal yang harus dimenangkan" in body
    assert "Target pendapatan" in body
    assert "Deals to win" not in body
    assert "US$250.000" in body  # the reader's number format
