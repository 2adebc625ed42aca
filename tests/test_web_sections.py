"""The plan's seven section pages, the managers' team targets, and edits that merge with
what someone else saved meanwhile."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from salesplan.plan import loads
from salesplan.plan.document import SalesPlan
from salesplan.plan.templates import template_text
from salesplan.web.accounts.models import Membership, Workspace
from salesplan.web.plans.form_schema import kind_of
from salesplan.web.plans.models import Plan, PlanVersion
from salesplan.web.plans.section_labels import FIELDS, SECTIONS
from salesplan.web.plans.sections import section_widgets

pytestmark = pytest.mark.django_db


class Posted(dict[str, Any]):
    def getlist(self, key: str) -> list[str]:
        value = self.get(key, [])
        return value if isinstance(value, list) else [value]


def _form(plan: SalesPlan, key: str) -> dict[str, Any]:
    """The section's form as a browser would post it unchanged."""
    section = next(section for section in SECTIONS if section.key == key)
    posted: dict[str, Any] = {}
    for top in section_widgets(section, plan):
        for widget in top.walk():
            if widget.kind in ("rows", "keyed"):
                posted[f"{widget.name}._count"] = str(len(widget.children))
            if widget.kind == "row" and widget.key:
                posted[f"{widget.name}._key"] = widget.key
            if widget.is_container:
                continue
            if widget.kind == "checkbox":
                if widget.checked:
                    posted[widget.name] = "on"
            elif widget.kind == "multi":
                posted[widget.name] = list(widget.selected)
            else:
                posted[widget.name] = widget.value
    return posted


@pytest.fixture
def acme() -> dict[str, Any]:
    cache.clear()
    workspace = Workspace.objects.create(name="Acme", slug="acme")
    plan = Plan.objects.create(workspace=workspace, name="Q1 plan")
    PlanVersion.objects.create(plan=plan, number=1, text=template_text("quarter"))
    clients = {}
    for name, role, plan_role in (
        ("admin", "admin", ""),
        ("leader", "leader", ""),
        ("other", "leader", ""),
        ("sm", "manager", "SM"),
        ("sdrlead", "manager", "SDR"),
        ("lost", "manager", "Nobody"),
        ("rep", "rep", "SDR"),
    ):
        user = get_user_model().objects.create_user(name, password="a long passphrase 42")
        Membership.objects.create(user=user, workspace=workspace, role=role, plan_role=plan_role)
        client = Client()
        client.force_login(user)
        clients[name] = client
    return {"plan": plan, "clients": clients}


def _url(plan: Plan, key: str) -> str:
    return f"/w/acme/plans/{plan.pk}/sections/{key}/"


# ── the forms cover the whole plan ────────────────────────────────────────────


def test_every_field_of_every_section_has_a_label() -> None:
    missing = set()

    def visit(model: Any) -> None:
        for name, info in model.model_fields.items():
            if name not in FIELDS:
                missing.add(name)
            kind, inner, _ = kind_of(info, name)
            if kind in ("group", "rows", "keyed"):
                visit(inner)

    for section in SECTIONS:
        for key in section.keys:
            info = SalesPlan.model_fields[key]
            if key not in FIELDS:
                missing.add(key)
            kind, inner, _ = kind_of(info, key)
            if kind in ("group", "rows", "keyed"):
                visit(inner)
    assert missing == set()


@pytest.mark.parametrize("template", ["quarter", "agency", "saas-inbound", "30-60-90"])
@pytest.mark.parametrize("key", [section.key for section in SECTIONS])
def test_saving_a_section_unchanged_keeps_the_yaml_exactly(
    acme: dict[str, Any], template: str, key: str
) -> None:
    plan: Plan = acme["plan"]
    text = template_text(template)
    plan.versions.update(text=text)
    leader = acme["clients"]["leader"]
    posted = {**_form(loads(text), key), "base_version": "1"}
    response = leader.post(_url(plan, key), posted)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert plan.current.number == 2
    assert plan.current.text == text  # every comment, default and line as it was


def test_each_section_page_shows_the_plans_content(acme: dict[str, Any]) -> None:
    plan: Plan = acme["plan"]
    rep = acme["clients"]["rep"]
    expected = {
        "mission": "field-service companies",
        "goals": 'value="250000"',
        "team": "Sales Development Representative",
        "audience": "Operations Director",
        "strategy": "SPIN Selling",
        "action_plan": "open_sdr_roles",
        "measurement": "appointments_booked",
    }
    for key, text in expected.items():
        body = rep.get(_url(plan, key)).content.decode()
        assert text in body, key
        assert "disabled" in body  # a rep reads the plan, the form is not theirs to change
        assert "Save a new version" not in body


def test_a_new_competitor_and_persona_are_saved_in_place(acme: dict[str, Any]) -> None:
    plan: Plan = acme["plan"]
    leader = acme["clients"]["leader"]
    posted = _form(loads(plan.current.text), "mission")
    blank = int(posted["mission.competitors._count"]) - 1  # the blank row adds one
    posted[f"mission.competitors.{blank}.name"] = "FieldPro"
    posted[f"mission.competitors.{blank}.kind"] = "direct"
    posted["mission.statement"] = "We help technicians finish more jobs a day."
    response = leader.post(_url(plan, "mission"), {**posted, "base_version": "1"})
    assert response.status_code == 302
    saved = loads(plan.current.text)
    assert saved.mission.competitors[-1].name == "FieldPro"
    assert saved.mission.statement == "We help technicians finish more jobs a day."
    assert "# ── 1. Mission" in plan.current.text  # the template's comments stay


def test_removing_a_row(acme: dict[str, Any]) -> None:
    plan: Plan = acme["plan"]
    leader = acme["clients"]["leader"]
    posted = _form(loads(plan.current.text), "action_plan")
    # the first item is depended on; remove the last, which nothing depends on
    last = int(posted["action_plan.items._count"]) - 2
    title = posted[f"action_plan.items.{last}.title"]
    posted[f"action_plan.items.{last}._remove"] = "on"
    assert (
        leader.post(_url(plan, "action_plan"), {**posted, "base_version": "1"}).status_code == 302
    )
    assert title not in plan.current.text
    assert len(loads(plan.current.text).action_plan.items) == last


def test_a_bad_value_is_shown_on_its_field_and_nothing_is_saved(acme: dict[str, Any]) -> None:
    plan: Plan = acme["plan"]
    leader = acme["clients"]["leader"]
    posted = _form(loads(plan.current.text), "team")
    posted["team.roles.0.attrition"] = "140"
    posted["team.roles.1.capacity"] = "demo four"
    response = leader.post(_url(plan, "team"), {**posted, "base_version": "1"})
    assert response.status_code == 422
    body = response.content.decode()
    assert re.search(r'name="team\.roles\.0\.attrition" value="140"[^>]*aria-invalid="true"', body)
    assert "140% is not a rate" in body
    assert "write one “name: number” a line" in body
    assert plan.current.number == 1


def test_problems_are_in_indonesian_for_an_indonesian_reader(acme: dict[str, Any]) -> None:
    plan: Plan = acme["plan"]
    leader = acme["clients"]["leader"]
    leader.post("/language/", {"language": "id"})
    posted = _form(loads(plan.current.text), "goals")
    posted["goals.period.end"] = "2026-01-01"  # before the start
    posted["goals.revenue_goal"] = "banyak"
    response = leader.post(_url(plan, "goals"), {**posted, "base_version": "1"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "bukan jumlah uang" in body  # 'banyak' is not an amount
    assert "akhir 2026-01-01 sebelum awal 2027-01-01" in body
    assert "Tujuan dan target" in body  # the section's title


def test_a_reference_problem_lands_on_its_row(acme: dict[str, Any]) -> None:
    plan: Plan = acme["plan"]
    leader = acme["clients"]["leader"]
    posted = _form(loads(plan.current.text), "strategy")
    posted["strategy.stages.1.owner"] = "CSM"  # no such role
    response = leader.post(_url(plan, "strategy"), {**posted, "base_version": "1"})
    assert response.status_code == 422
    body = html.unescape(response.content.decode())
    assert re.search(r"name=\"strategy\.stages\.1\.owner\" value=\"CSM\"[^>]*aria-invalid", body)
    assert "unknown role 'CSM' — did you mean 'SM'?" in body


def test_the_numbers_follow_a_section_edit_live(acme: dict[str, Any]) -> None:
    plan: Plan = acme["plan"]
    leader = acme["clients"]["leader"]
    posted = _form(loads(plan.current.text), "goals")
    before = leader.post(_url(plan, "goals") + "recompute/", posted).content.decode()
    posted["goals.revenue_goal"] = "500k"
    after = leader.post(_url(plan, "goals") + "recompute/", posted)
    assert after.status_code == 200

    def deals(html: str) -> int:
        found = re.search(r'id="deals-required">(\d+)<', html)
        assert found, html[:500]
        return int(found.group(1))

    assert deals(after.content.decode()) == 2 * deals(before)
    assert plan.current.number == 1  # a preview saves nothing
    stages = _form(loads(plan.current.text), "strategy")
    stages["strategy.stages.2.conversion"] = "250"
    refused = leader.post(_url(plan, "strategy") + "recompute/", stages)
    assert refused.status_code == 422
    assert "250% is not a rate" in refused.content.decode()


def test_an_edit_merges_with_another_section_saved_meanwhile(acme: dict[str, Any]) -> None:
    plan: Plan = acme["plan"]
    leader, other = acme["clients"]["leader"], acme["clients"]["other"]
    start = loads(plan.current.text)
    goals = _form(start, "goals")
    goals["goals.revenue_goal"] = "300000"
    assert other.post(_url(plan, "goals"), {**goals, "base_version": "1"}).status_code == 302
    mission = _form(start, "mission")
    mission["mission.statement"] = "Merged, not lost."
    response = leader.post(_url(plan, "mission"), {**mission, "base_version": "1"})
    assert response.status_code == 302
    saved = loads(plan.current.text)
    assert plan.current.number == 3
    assert saved.mission.statement == "Merged, not lost."
    assert saved.goals.revenue_goal == 300000  # theirs is kept


def test_a_clash_in_the_same_section_is_shown_and_can_be_overridden(acme: dict[str, Any]) -> None:
    plan: Plan = acme["plan"]
    leader, other = acme["clients"]["leader"], acme["clients"]["other"]
    start = loads(plan.current.text)
    theirs = _form(start, "goals")
    theirs["goals.revenue_goal"] = "300000"
    assert other.post(_url(plan, "goals"), {**theirs, "base_version": "1"}).status_code == 302
    mine = _form(start, "goals")
    mine["goals.average_deal_value"] = "6000"
    refused = leader.post(_url(plan, "goals"), {**mine, "base_version": "1"})
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "other saved version 2 while you were editing version 1" in body
    assert "goals.revenue_goal" in body  # what they changed
    assert 'value="6000"' in body  # mine is kept in the form
    assert plan.current.number == 2
    forced = leader.post(_url(plan, "goals"), {**mine, "base_version": "1", "overwrite": "2"})
    assert forced.status_code == 302
    assert loads(plan.current.text).goals.average_deal_value == 6000


def test_key_numbers_merge_field_by_field(acme: dict[str, Any]) -> None:
    plan: Plan = acme["plan"]
    leader, other = acme["clients"]["leader"], acme["clients"]["other"]
    url = f"/w/acme/plans/{plan.pk}/save/"
    assert other.post(url, {"base_version": "1", "goals.revenue_goal": "300000"}).status_code == 302
    # the leader started from version 1 and changed only the deal value: no clash
    mine = {"base_version": "1", "goals.revenue_goal": "250000", "goals.average_deal_value": "6000"}
    assert leader.post(url, mine).status_code == 302
    saved = loads(plan.current.text)
    assert (saved.goals.revenue_goal, saved.goals.average_deal_value) == (300000, 6000)
    # both changing the goal is a clash, shown with both values
    assert other.post(url, {"base_version": "3", "goals.revenue_goal": "350000"}).status_code == 302
    clash = leader.post(url, {"base_version": "3", "goals.revenue_goal": "400000"})
    assert clash.status_code == 409
    body = clash.content.decode()
    assert "You both changed these fields" in body
    assert "400000" in body
    assert "350000" in body
    overwrite = {"base_version": "3", "goals.revenue_goal": "400000", "overwrite": "4"}
    assert leader.post(url, overwrite).status_code == 302
    assert loads(plan.current.text).goals.revenue_goal == 400000


def test_unknown_sections_are_not_found(acme: dict[str, Any]) -> None:
    plan: Plan = acme["plan"]
    assert acme["clients"]["leader"].get(_url(plan, "scenarios")).status_code == 404
    assert acme["clients"]["leader"].get(_url(plan, "calibration")).status_code == 404


# ── team targets ──────────────────────────────────────────────────────────────


def test_a_sales_manager_edits_the_targets_of_the_roles_they_manage(acme: dict[str, Any]) -> None:
    plan: Plan = acme["plan"]
    manager = acme["clients"]["sm"]
    page = manager.get(f"/w/acme/plans/{plan.pk}/targets/").content.decode()
    assert 'name="team.roles.SDR.capacity.email"' in page
    assert 'name="team.roles.AE.capacity.demo"' in page
    response = manager.post(
        f"/w/acme/plans/{plan.pk}/targets/save/",
        {"base_version": "1", "team.roles.SDR.capacity.email": "100", "message": "more emails"},
    )
    assert response.status_code == 302
    saved = loads(plan.current.text)
    assert saved.team.roles["SDR"].capacity["email"] == 100
    assert plan.current.author.get_username() == "sm"
    # a manager still cannot change the goal, on this page or the editor's
    sneaky = manager.post(
        f"/w/acme/plans/{plan.pk}/targets/save/",
        {"base_version": "2", "goals.revenue_goal": "1"},
    )
    assert sneaky.status_code == 302
    assert loads(plan.current.text).goals.revenue_goal == 250000
    assert manager.post(f"/w/acme/plans/{plan.pk}/save/", {"base_version": "3"}).status_code == 403


def test_a_manager_of_one_role_reaches_only_that_role(acme: dict[str, Any]) -> None:
    plan: Plan = acme["plan"]
    manager = acme["clients"]["sdrlead"]
    page = manager.get(f"/w/acme/plans/{plan.pk}/targets/").content.decode()
    assert 'name="team.roles.SDR.capacity.call"' in page
    assert "team.roles.AE" not in page
    manager.post(
        f"/w/acme/plans/{plan.pk}/targets/save/",
        {"base_version": "1", "team.roles.AE.capacity.demo": "9"},
    )
    assert loads(plan.current.text).team.roles["AE"].capacity["demo"] == 4  # not theirs


def test_a_manager_without_a_plan_role_is_told_why(acme: dict[str, Any]) -> None:
    plan: Plan = acme["plan"]
    page = acme["clients"]["lost"].get(f"/w/acme/plans/{plan.pk}/targets/").content.decode()
    assert "Ask an admin to set your plan role" in page


def test_targets_recompute_what_each_person_is_asked(acme: dict[str, Any]) -> None:
    plan: Plan = acme["plan"]
    manager = acme["clients"]["sm"]
    response = manager.post(
        f"/w/acme/plans/{plan.pk}/targets/recompute/", {"team.roles.SDR.capacity.email": "40"}
    )
    assert response.status_code == 200
    row = re.search(r'<tr data-role="SDR">.*?</tr>', response.content.decode(), re.S)
    assert row is not None
    needed = int(re.findall(r'<td class="num">(\d+)', row.group(0))[0])
    full = manager.get(f"/w/acme/plans/{plan.pk}/targets/").content.decode()
    before = re.search(r'<tr data-role="SDR">.*?</tr>', full, re.S)
    assert before is not None
    assert needed > int(re.findall(r'<td class="num">(\d+)', before.group(0))[0])
    assert acme["clients"]["rep"].get(f"/w/acme/plans/{plan.pk}/targets/").status_code == 403


# ── YAML in and out ───────────────────────────────────────────────────────────


def _yaml_file(text: str, name: str = "plan.yaml") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="application/yaml")


def test_a_yaml_file_becomes_a_new_plan(acme: dict[str, Any]) -> None:
    leader = acme["clients"]["leader"]
    text = template_text("agency")
    response = leader.post("/w/acme/plans/import/", {"file": _yaml_file(text, "agency.yaml")})
    assert response.status_code == 302
    plan = Plan.objects.exclude(pk=acme["plan"].pk).get()
    assert plan.current.text == text  # byte for byte, comments and all
    assert plan.current.message == "imported agency.yaml"
    assert (
        acme["clients"]["rep"].post("/w/acme/plans/import/", {"file": _yaml_file(text)}).status_code
        == 403
    )


def test_a_bad_yaml_file_is_refused_with_its_lines(acme: dict[str, Any]) -> None:
    leader = acme["clients"]["leader"]
    text = template_text("quarter").replace("conversion: 80%", "conversion: 180%", 1)
    response = leader.post("/w/acme/plans/import/", {"file": _yaml_file(text, "q1.yaml")})
    assert response.status_code == 400
    body = html.unescape(response.content.decode())
    assert re.search(
        r"q1\.yaml:\d+:\d+ strategy\.stages\[0\]\.conversion: 180% is not a rate", body
    )
    assert Plan.objects.count() == 1
    huge = "name: x\n" + "# padding\n" * 200_000
    refused = leader.post("/w/acme/plans/import/", {"file": _yaml_file(huge)})
    assert refused.status_code == 400
    assert "larger than 1 MB" in refused.content.decode()
    binary = leader.post("/w/acme/plans/import/", {"file": _yaml_file("")})
    assert binary.status_code == 400


def test_an_uploaded_yaml_becomes_the_next_version(acme: dict[str, Any]) -> None:
    plan: Plan = acme["plan"]
    leader = acme["clients"]["leader"]
    url = f"/w/acme/plans/{plan.pk}/upload/"
    text = plan.current.text.replace("revenue_goal: 250,000", "revenue_goal: 275,000")
    assert text != plan.current.text
    response = leader.post(url, {"file": _yaml_file(text), "base_version": "1"})
    assert response.status_code == 302
    assert plan.current.number == 2
    assert loads(plan.current.text).goals.revenue_goal == 275000
    stale = leader.post(url, {"file": _yaml_file(text), "base_version": "1"})
    assert stale.status_code == 409  # never over someone's newer version
    assert plan.current.number == 2
    assert acme["clients"]["sm"].post(url, {"file": _yaml_file(text)}).status_code == 403


# ── numbers as the reader writes them ─────────────────────────────────────────


def test_an_indonesian_reader_types_numbers_their_way(acme: dict[str, Any]) -> None:
    plan: Plan = acme["plan"]
    leader = acme["clients"]["leader"]
    leader.post("/language/", {"language": "id"})
    page = leader.get(f"/w/acme/plans/{plan.pk}/sections/goals/").content.decode()
    assert 'name="goals.economics.monthly_churn" value="1,5"' in page  # shown the same way
    url = f"/w/acme/plans/{plan.pk}/save/"
    saved = leader.post(url, {"base_version": "1", "goals.revenue_goal": "300.000"})
    assert saved.status_code == 302
    assert loads(plan.current.text).goals.revenue_goal == 300000  # not 300
    posted = _form(loads(plan.current.text), "goals")
    assert posted["goals.economics.monthly_churn"] == "1,5"
    posted["goals.economics.monthly_churn"] = "2,5"
    response = leader.post(_url(plan, "goals"), {**posted, "base_version": "2"})
    assert response.status_code == 302
    assert loads(plan.current.text).goals.economics.monthly_churn == pytest.approx(0.025)


def test_an_english_comma_that_is_no_thousands_separator_is_refused(acme: dict[str, Any]) -> None:
    plan: Plan = acme["plan"]
    leader = acme["clients"]["leader"]
    url = f"/w/acme/plans/{plan.pk}/save/"
    assert leader.post(url, {"base_version": "1", "goals.revenue_goal": "1,5"}).status_code == 422
    ok = leader.post(url, {"base_version": "1", "goals.revenue_goal": "1,500,000"})
    assert ok.status_code == 302
    assert loads(plan.current.text).goals.revenue_goal == 1_500_000


def test_an_import_waits_for_the_dashboards_reading_the_store(tmp_path: Any) -> None:
    import threading
    import time

    from salesplan.web.store_access import reading

    store = tmp_path / "store.duckdb"
    events: list[str] = []
    with reading(store):
        writer = threading.Thread(target=lambda: _write(store, events))
        writer.start()
        time.sleep(0.2)
        events.append("read done")
    writer.join(5)
    assert events == ["read done", "written"]


def _write(store: Any, events: list[str]) -> None:
    from salesplan.web.store_access import writing

    with writing(store):
        events.append("written")
