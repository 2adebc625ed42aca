"""The members page through Django's test client: only admins reach it, other workspaces
never leak, CSRF, the invitation mail that sets a password, the rules that keep an
admin, and hostile names escaped. The actions' race rule is tested on its own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.test import Client

from salesplan.web.accounts import member_actions
from salesplan.web.accounts.member_actions import MemberSettings
from salesplan.web.accounts.models import AuditEvent, Membership, Workspace
from salesplan.web.accounts.roles import ROLES

pytestmark = pytest.mark.django_db
PASSWORD = "a long test passphrase 42"


@dataclass
class Company:
    workspace: Workspace
    members: dict[str, Membership]
    clients: dict[str, Client]

    def url(self, tail: str = "") -> str:
        return f"/w/{self.workspace.slug}/members/{tail}"


def _company(slug: str, suffix: str = "") -> Company:
    workspace = Workspace.objects.create(name=f"{slug} Inc", slug=slug)
    members, clients = {}, {}
    for role in ROLES:
        user = get_user_model().objects.create_user(f"{role}{suffix}", password=PASSWORD)
        members[role] = Membership.objects.create(
            user=user, workspace=workspace, role=role, plan_role="SDR"
        )
        client = Client()
        client.force_login(user)
        clients[role] = client
    return Company(workspace, members, clients)


@pytest.fixture(autouse=True)
def _outbox(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()  # the invitation throttle counts in the cache


@pytest.fixture
def acme() -> Company:
    return _company("acme")


@pytest.fixture
def rival() -> Company:
    return _company("rival", "-rival")


def _new(**changes: str) -> dict[str, str]:
    data = {
        "username": "dewi",
        "email": "dewi@example.org",
        "first_name": "Dewi",
        "last_name": "Lestari",
        "role": "rep",
        "plan_role": "AE",
        "crm_owner": "Rep 9",
        "manager": "",
        "language": "en",
    }
    return {**data, **changes}


def _settings(member: Membership, **changes: str) -> dict[str, str]:
    data = {
        "role": member.role,
        "plan_role": member.plan_role,
        "crm_owner": member.crm_owner,
        "manager": str(member.manager_id or ""),
        "language": member.language,
    }
    return {**data, **changes}


def _written() -> list[tuple[str, str]]:
    return list(
        AuditEvent.objects.filter(action__startswith="members.").values_list("action", "target")
    )


def _text(response: Any) -> str:
    return str(response.content.decode())


# ── who reaches the page ───────────────────────────────────────────────────────

VIEWS: list[tuple[str, str, dict[str, str]]] = [
    # (method, url under /w/<slug>/members/ with {rep} the rep's membership id, POST data)
    ("get", "", {}),
    ("post", "", _new()),
    ("get", "{rep}/", {}),
    ("post", "{rep}/", {"role": "manager", "language": "en"}),
    ("get", "{rep}/remove/", {}),
    ("post", "{rep}/remove/", {}),
    ("post", "{rep}/invite/", {}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "tail", "data"), VIEWS)
def test_only_admins_reach_every_members_view(
    acme: Company, role: str, method: str, tail: str, data: dict[str, str]
) -> None:
    address = acme.url(tail.format(rep=acme.members["rep"].pk))
    client = acme.clients[role]
    response = client.post(address, data) if method == "post" else client.get(address)
    if role == "admin":
        assert response.status_code in (200, 302), (address, response.status_code)
    else:
        assert response.status_code == 403, (role, address, response.status_code)
        assert _written() == []
        assert Membership.objects.filter(workspace=acme.workspace).count() == len(ROLES)


@pytest.mark.parametrize(("method", "tail", "data"), VIEWS)
def test_signed_out_visitors_are_sent_to_log_in(
    acme: Company, method: str, tail: str, data: dict[str, str]
) -> None:
    address = acme.url(tail.format(rep=acme.members["rep"].pk))
    response = Client().post(address, data) if method == "post" else Client().get(address)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize(("method", "tail", "data"), VIEWS)
def test_another_workspace_is_not_found_and_nothing_changes(
    acme: Company, rival: Company, method: str, tail: str, data: dict[str, str]
) -> None:
    admin = acme.clients["admin"]
    their_rep = rival.members["rep"]
    for address in (
        rival.url(tail.format(rep=their_rep.pk)),  # their workspace
        acme.url(tail.format(rep=their_rep.pk)),  # our workspace, their member's id
    ):
        if address == acme.url(tail):
            continue  # no id in this url: our own page, not theirs
        response = admin.post(address, data) if method == "post" else admin.get(address)
        assert response.status_code == 404, address
    their_rep.refresh_from_db()
    assert their_rep.role == "rep"
    assert their_rep.user.is_active
    assert Membership.objects.filter(workspace=rival.workspace).count() == len(ROLES)
    assert not AuditEvent.objects.filter(workspace=rival.workspace).exists()
    assert mail.outbox == []


def test_state_changes_need_the_csrf_token_and_a_post(acme: Company) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(acme.members["admin"].user)
    rep = acme.members["rep"].pk
    for tail, data in (
        ("", _new()),
        (f"{rep}/", {"role": "admin", "language": "en"}),
        (f"{rep}/remove/", {}),
        (f"{rep}/invite/", {}),
    ):
        assert strict.post(acme.url(tail), data).status_code == 403, tail
    assert acme.clients["admin"].get(acme.url(f"{rep}/invite/")).status_code == 405
    assert _written() == []
    assert Membership.objects.get(pk=rep).role == "rep"
    assert mail.outbox == []


# ── the page ───────────────────────────────────────────────────────────────────


def test_the_page_lists_every_member_with_their_settings(acme: Company) -> None:
    rep = acme.members["rep"]
    rep.crm_owner = "Rep 9"
    rep.manager = acme.members["manager"]
    rep.save()
    rep.user.first_name, rep.user.last_name = "Budi", "Santoso"
    rep.user.email = "budi@example.org"
    rep.user.last_login = dt.datetime(2026, 3, 5, 14, 30, tzinfo=dt.UTC)
    rep.user.save()
    client = acme.clients["admin"]
    body = _text(client.get(acme.url()))
    row = body.split("<td>rep", 1)[1].split("</tr>", 1)[0]
    for shown in ("Budi Santoso", "budi@example.org", "Rep", "SDR", "Rep 9", "manager"):
        assert shown in row, shown
    assert "03/05/2026 2:30 p.m." in row  # the reader's date format
    assert "4 members in acme Inc." in body
    client.post("/language/", {"language": "id"})
    indonesian = _text(client.get(acme.url()))
    assert "05-03-2026 14.30" in indonesian.split("<td>rep", 1)[1].split("</tr>", 1)[0]


def test_hostile_text_comes_back_escaped(acme: Company) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client = acme.clients["admin"]
    response = client.post(
        acme.url(),
        _new(first_name=hostile, last_name=hostile, plan_role=hostile[:60], crm_owner=hostile),
    )
    assert response.status_code == 302
    dewi = Membership.objects.get(user__username="dewi")
    for url in (acme.url(), acme.url(f"{dewi.pk}/"), acme.url(f"{dewi.pk}/remove/")):
        body = _text(client.get(url))
        assert "<script>alert" not in body, url
        assert "<img src=x" not in body, url
        assert "&lt;script&gt;" in body, url
    # a manager's name in the choices of the form is escaped too
    body = _text(client.get(acme.url(f"{acme.members['rep'].pk}/")))
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert" in body.split('name="manager"', 1)[1]


# ── adding a member ────────────────────────────────────────────────────────────


def test_a_new_member_is_mailed_a_link_that_sets_their_password(acme: Company) -> None:
    admin = acme.clients["admin"]
    manager = acme.members["manager"]
    response = admin.post(acme.url(), _new(manager=str(manager.pk)), follow=True)
    assert "An invitation was mailed to dewi@example.org." in _text(response)
    dewi = Membership.objects.select_related("user").get(user__username="dewi")
    assert (dewi.workspace, dewi.role, dewi.plan_role, dewi.crm_owner) == (
        acme.workspace,
        "rep",
        "AE",
        "Rep 9",
    )
    assert dewi.manager == manager
    assert dewi.user.get_full_name() == "Dewi Lestari"
    assert not dewi.user.has_usable_password()  # nobody knows a password for it
    assert _written() == [("members.add", "dewi")]
    event = AuditEvent.objects.get(action="members.add")
    assert event.user == acme.members["admin"].user
    assert event.detail["role"] == "rep"
    assert event.detail["manager"] == "manager"

    assert len(mail.outbox) == 1
    invitation = mail.outbox[0]
    assert invitation.to == ["dewi@example.org"]
    assert "acme Inc" in invitation.subject
    assert "Your user name is dewi." in invitation.body
    link = next(line for line in invitation.body.splitlines() if "/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    stranger = Client()
    form = stranger.get(path, follow=True)
    assert b"new_password1" in form.content
    chosen = "my own brand new passphrase 77"
    done = stranger.post(
        form.redirect_chain[-1][0], {"new_password1": chosen, "new_password2": chosen}, follow=True
    )
    assert b"Password set" in done.content
    assert Client().login(username="dewi", password=chosen)
    assert b"expired or was already used" in stranger.get(path, follow=True).content


def test_a_user_name_outside_the_workspace_is_refused_not_attached(
    acme: Company, rival: Company
) -> None:
    outsider = rival.members["rep"].user
    response = acme.clients["admin"].post(
        acme.url(), _new(username="REP-RIVAL", email="attacker@example.org")
    )
    assert response.status_code == 400
    body = _text(response)
    assert "belongs to an account outside this workspace. Choose another user name." in body
    assert not Membership.objects.filter(user=outsider, workspace=acme.workspace).exists()
    outsider.refresh_from_db()
    assert outsider.email == ""  # their account is untouched
    assert outsider.check_password(PASSWORD)
    again = acme.clients["admin"].post(acme.url(), _new(username="leader"))
    assert "leader is already a member of this workspace." in _text(again)
    assert mail.outbox == []
    assert _written() == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"username": "dewi lestari!"}, "username", "Enter a valid username"),
        ({"username": ""}, "username", "This field is required."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"email": ""}, "email", "This field is required."),
        ({"role": "owner"}, "role", "Select a valid choice. owner is not one of"),
        ({"language": "fr"}, "language", "Select a valid choice."),
        ({"manager": "999999"}, "manager", "Select a valid choice."),
    ],
)
def test_bad_input_is_reported_on_its_field(
    acme: Company, changes: dict[str, str], field: str, message: str
) -> None:
    response = acme.clients["admin"].post(acme.url(), _new(**changes))
    assert response.status_code == 400
    form = _text(response).split('id="member-form"', 1)[1]
    assert message in form.split(f'name="{field}"', 1)[1].split("</label>", 1)[0]  # on its field
    assert not get_user_model().objects.filter(username__startswith="dewi").exists()
    assert mail.outbox == []


def test_a_manager_from_another_workspace_is_refused(acme: Company, rival: Company) -> None:
    theirs = str(rival.members["manager"].pk)
    admin = acme.clients["admin"]
    added = admin.post(acme.url(), _new(manager=theirs))
    assert added.status_code == 400
    assert "Select a valid choice" in _text(added)
    assert rival.members["manager"].user.get_username() not in _text(added)  # nothing leaks
    rep = acme.members["rep"]
    changed = admin.post(acme.url(f"{rep.pk}/"), _settings(rep, manager=theirs))
    assert changed.status_code == 400
    rep.refresh_from_db()
    assert rep.manager is None
    assert not Membership.objects.filter(user__username="dewi").exists()
    assert _written() == []


def test_an_invitation_that_could_not_be_sent_can_be_sent_again(
    acme: Company, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: object, **kwargs: object) -> int:
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(member_actions, "send_mail", refused)
    admin = acme.clients["admin"]
    response = admin.post(acme.url(), _new(), follow=True)
    assert "The mail to dewi@example.org could not be sent." in _text(response)
    dewi = Membership.objects.get(user__username="dewi")  # the member is added all the same
    monkeypatch.undo()
    again = admin.post(acme.url(f"{dewi.pk}/invite/"), follow=True)
    assert "An invitation was mailed to dewi@example.org." in _text(again)
    assert len(mail.outbox) == 1
    assert sorted(_written()) == [("members.add", "dewi"), ("members.invite", "dewi")]


def test_an_invitation_is_only_sent_again_before_a_password_is_set(acme: Company) -> None:
    rep = acme.members["rep"]  # has a password
    response = acme.clients["admin"].post(acme.url(f"{rep.pk}/invite/"), follow=True)
    assert "rep has already set a password." in _text(response)
    assert mail.outbox == []
    assert _written() == []


# ── changing a member ──────────────────────────────────────────────────────────


def test_changing_a_role_is_saved_and_audited(acme: Company) -> None:
    rep = acme.members["rep"]
    admin = acme.clients["admin"]
    form = _text(admin.get(acme.url(f"{rep.pk}/")))
    assert 'value="rep" selected' in form  # the form starts from their settings
    response = admin.post(
        acme.url(f"{rep.pk}/"),
        _settings(rep, role="manager", manager=str(acme.members["leader"].pk), language="id"),
        follow=True,
    )
    assert "The changes to rep are saved." in _text(response)
    rep.refresh_from_db()
    assert (rep.role, rep.manager, rep.language) == ("manager", acme.members["leader"], "id")
    event = AuditEvent.objects.get(action="members.change")
    assert event.target == "rep"
    assert event.detail == {
        "role": ["rep", "manager"],
        "manager": ["", "leader"],
        "language": ["en", "id"],
    }
    same = admin.post(acme.url(f"{rep.pk}/"), _settings(rep), follow=True)
    assert "Nothing changed for rep." in _text(same)
    assert AuditEvent.objects.filter(action="members.change").count() == 1


def test_a_member_cannot_manage_themself_or_their_own_manager(acme: Company) -> None:
    admin = acme.clients["admin"]
    rep, manager = acme.members["rep"], acme.members["manager"]
    itself = admin.post(acme.url(f"{rep.pk}/"), _settings(rep, manager=str(rep.pk)))
    assert itself.status_code == 400
    assert "Select a valid choice" in _text(itself)
    rep.manager = manager
    rep.save()
    loop = admin.post(acme.url(f"{manager.pk}/"), _settings(manager, manager=str(rep.pk)))
    assert loop.status_code == 400
    assert "a manager cannot report to their own report" in _text(loop)
    manager.refresh_from_db()
    assert manager.manager is None


def test_the_last_admin_can_be_neither_demoted_nor_removed(acme: Company) -> None:
    me = acme.members["admin"]
    client = acme.clients["admin"]
    demoted = client.post(acme.url(f"{me.pk}/"), _settings(me, role="leader"))
    assert demoted.status_code == 400
    assert "admin is the workspace&#x27;s only admin. Make someone else admin first." in _text(
        demoted
    )
    removed = client.post(acme.url(f"{me.pk}/remove/"))
    assert removed.status_code == 400
    assert "only admin" in _text(removed)
    me.refresh_from_db()
    assert me.role == "admin"
    assert _written() == []


def test_an_admin_cannot_demote_or_remove_themself_but_another_admin_can(acme: Company) -> None:
    me, leader = acme.members["admin"], acme.members["leader"]
    client = acme.clients["admin"]
    client.post(acme.url(f"{leader.pk}/"), _settings(leader, role="admin"))
    demoted = client.post(acme.url(f"{me.pk}/"), _settings(me, role="rep"))
    assert "You cannot take away your own admin role" in _text(demoted)
    removed = client.post(acme.url(f"{me.pk}/remove/"))
    assert "You cannot remove yourself from the workspace" in _text(removed)
    assert Membership.objects.get(pk=me.pk).role == "admin"
    # the other admin can
    other = acme.clients["leader"]
    assert other.post(acme.url(f"{me.pk}/"), _settings(me, role="rep")).status_code == 302
    assert Membership.objects.get(pk=me.pk).role == "rep"


def test_two_admins_cannot_demote_each_other_at_once(acme: Company) -> None:
    first, second = acme.members["admin"], acme.members["leader"]
    second.role = "admin"
    second.save()
    stale_second = Membership.objects.get(pk=second.pk)  # loaded while still an admin
    member_actions.change_member(first, second, MemberSettings(role="leader"))
    with pytest.raises(PermissionDenied):
        member_actions.change_member(stale_second, first, MemberSettings(role="leader"))
    assert Membership.objects.get(pk=first.pk).role == "admin"


def test_the_actions_refuse_a_manager_the_form_would_not_offer(
    acme: Company, rival: Company
) -> None:
    admin, rep = acme.members["admin"], acme.members["rep"]
    for manager, message in (
        (rep, "cannot be their own manager"),
        (rival.members["manager"], "Choose a manager among this workspace's members."),
    ):
        with pytest.raises(member_actions.MemberError, match=message) as refused:
            member_actions.change_member(admin, rep, MemberSettings(role="rep", manager=manager))
        assert refused.value.field == "manager"
    rep.refresh_from_db()
    assert rep.manager is None
    assert _written() == []


# ── removing a member ──────────────────────────────────────────────────────────


def test_removing_asks_first_then_deactivates_an_account_of_no_other_workspace(
    acme: Company,
) -> None:
    rep, manager = acme.members["rep"], acme.members["manager"]
    rep.manager = manager
    rep.save()
    admin = acme.clients["admin"]
    asked = admin.get(acme.url(f"{manager.pk}/remove/"))
    assert "Remove manager from the workspace?" in _text(asked)
    assert Membership.objects.filter(pk=manager.pk).exists()  # asking changes nothing
    done = admin.post(acme.url(f"{manager.pk}/remove/"), follow=True)
    assert "manager was removed from the workspace." in _text(done)
    assert not Membership.objects.filter(pk=manager.pk).exists()
    user = User.objects.get(username="manager")
    assert not user.is_active
    assert not Client().login(username="manager", password=PASSWORD)
    rep.refresh_from_db()
    assert rep.manager is None  # their team keeps no manager
    assert _written() == [("members.remove", "manager")]


def test_removing_keeps_an_account_that_belongs_to_another_workspace(
    acme: Company, rival: Company
) -> None:
    leader = acme.members["leader"]
    Membership.objects.create(user=leader.user, workspace=rival.workspace, role="rep")
    assert acme.clients["admin"].post(acme.url(f"{leader.pk}/remove/")).status_code == 302
    leader.user.refresh_from_db()
    assert leader.user.is_active
    assert Membership.objects.filter(user=leader.user, workspace=rival.workspace).exists()
    assert not Membership.objects.filter(user=leader.user, workspace=acme.workspace).exists()
