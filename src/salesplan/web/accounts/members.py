"""The members page (admins only): who is in the workspace, in which role, and who they
are in the plan and the CRM; add a member (they are mailed a link to set their
password), change one, send the invitation again, remove one. Views parse a form, call
:mod:`~salesplan.web.accounts.member_actions`, and render."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from salesplan.web.accounts import member_actions, throttle
from salesplan.web.accounts.access import member_of
from salesplan.web.accounts.member_actions import MemberError, MemberSettings, display_name
from salesplan.web.accounts.models import Membership, Workspace
from salesplan.web.accounts.roles import ROLES, Role

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    _MembershipChoice = forms.ModelChoiceField[Membership]
else:  # Django's classes take no type parameters at run time
    _MembershipChoice = forms.ModelChoiceField

ROLE_HELP: dict[Role, StrPromise] = {
    "admin": _("Admin: everything, including the members"),
    "leader": _("Sales leader: edits plans, imports CRM data, sees everyone"),
    "manager": _("Manager: reads plans, edits their team's targets, sees their team's dashboards"),
    "rep": _("Rep: reads plans, sees their own dashboard"),
}
ROLE_CHOICES = [(role, ROLE_HELP[role]) for role in ROLES]


class ManagerField(_MembershipChoice):
    def label_from_instance(self, obj: Membership) -> str:
        name, username = display_name(obj.user), obj.user.get_username()
        return username if name == username else f"{name} ({username})"


class MemberSettingsForm(forms.Form):
    """What an admin decides about a member; the manager is one of this workspace's
    other members (any other id is "not one of the choices")."""

    role = forms.ChoiceField(label=_("App role"), choices=ROLE_CHOICES, initial="rep")
    plan_role = forms.CharField(
        label=_("Plan role"),
        max_length=60,
        required=False,
        help_text=_("Their role in the plan's team: SDR, AE, …"),
        widget=forms.TextInput(attrs={"list": "plan-roles"}),
    )
    crm_owner = forms.CharField(
        label=_("CRM owner"),
        max_length=200,
        required=False,
        help_text=_(
            "Their name or id as deal owner in the CRM: their dashboard counts those deals."
        ),
    )
    manager = ManagerField(
        label=_("Manager"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("The member whose team they are in."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="en")

    def __init__(
        self, *args: Any, workspace: Workspace, target: Membership | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        others = Membership.objects.filter(workspace=workspace).select_related("user")
        if target is not None:
            others = others.exclude(pk=target.pk)
        manager = self.fields["manager"]
        assert isinstance(manager, ManagerField)
        manager.queryset = others.order_by("user__username")

    def member_settings(self) -> MemberSettings:
        data = self.cleaned_data
        role: Role = data["role"]
        return MemberSettings(
            role=role,
            plan_role=data["plan_role"].strip(),
            crm_owner=data["crm_owner"].strip(),
            manager=data["manager"],
            language=data["language"],
        )


class NewMemberForm(MemberSettingsForm):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @ . + - _ only."),
    )
    email = forms.EmailField(label=_("Email"), help_text=_("The invitation goes here."))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    field_order = ["username", "email", "first_name", "last_name"]

    def clean_username(self) -> str:
        return str(User.normalize_username(self.cleaned_data["username"]))

    def new_member(self) -> member_actions.NewMember:
        data = self.cleaned_data
        return member_actions.NewMember(
            username=data["username"],
            email=User.objects.normalize_email(data["email"]),
            settings=self.member_settings(),
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
        )


def _site(request: HttpRequest) -> member_actions.Site:
    return member_actions.Site(request.get_host(), "https" if request.is_secure() else "http")


def _target(request: HttpRequest, slug: str, member_id: int) -> tuple[Membership, Membership]:
    """The admin's membership and the member they act on, who must be in that workspace."""
    admin = member_of(request, slug, "members.manage")
    target = (
        Membership.objects.select_related("user", "workspace", "manager__user")
        .filter(pk=member_id, workspace=admin.workspace)
        .first()
    )
    if target is None:
        raise Http404
    return admin, target


def _page(
    request: HttpRequest, admin: Membership, status: int = 200, **context: Any
) -> HttpResponse:
    rows = (
        Membership.objects.filter(workspace=admin.workspace)
        .select_related("user", "manager__user")
        .order_by("user__username")
    )
    return render(
        request,
        "accounts/members.html",
        {
            "member": admin,
            "rows": rows,
            "plan_roles": sorted({row.plan_role for row in rows if row.plan_role}),
            **context,
        },
        status=status,
    )


def _refused(form: forms.Form, error: MemberError) -> None:
    form.add_error(error.field or None, str(error))


@login_required
@require_http_methods(["GET", "POST"])
def member_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The members and the form to add one."""
    admin = member_of(request, slug, "members.manage")
    form = NewMemberForm(
        request.POST if request.method == "POST" else None, workspace=admin.workspace
    )
    if request.method == "POST" and form.is_valid():
        try:
            added, mailed = member_actions.add_member(admin, form.new_member(), _site(request))
        except MemberError as error:
            _refused(form, error)
        else:
            _invitation_message(request, added, mailed)
            return redirect("members", slug=slug)
    return _page(request, admin, 400 if form.errors else 200, form=form)


def _invitation_message(request: HttpRequest, member: Membership, mailed: bool) -> None:
    values = {"username": member.user.get_username(), "email": member.user.email}
    if mailed:
        messages.success(request, _("An invitation was mailed to %(email)s.") % values)
    else:
        messages.error(
            request,
            _(
                "The mail to %(email)s could not be sent. Check the mail settings, then send"
                " the invitation to %(username)s again."
            )
            % values,
        )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    """Change a member's role, plan role, CRM owner, manager and language."""
    admin, target = _target(request, slug, member_id)
    initial = {
        "role": target.role,
        "plan_role": target.plan_role,
        "crm_owner": target.crm_owner,
        "manager": target.manager,
        "language": target.language,
    }
    form = MemberSettingsForm(
        request.POST if request.method == "POST" else None,
        workspace=admin.workspace,
        target=target,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = member_actions.change_member(admin, target, form.member_settings())
        except MemberError as error:
            _refused(form, error)
        else:
            values = {"username": target.user.get_username()}
            if changed:
                messages.success(request, _("The changes to %(username)s are saved.") % values)
            else:
                messages.info(request, _("Nothing changed for %(username)s.") % values)
            return redirect("members", slug=slug)
    return _page(request, admin, 400 if form.errors else 200, editing=target, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    """Ask to confirm (GET), then take the member out of the workspace (POST)."""
    admin, target = _target(request, slug, member_id)
    error = ""
    if request.method == "POST":
        try:
            member_actions.remove_member(admin, target)
        except MemberError as refused:
            error = str(refused)
        else:
            values = {"username": target.user.get_username()}
            messages.success(request, _("%(username)s was removed from the workspace.") % values)
            return redirect("members", slug=slug)
    return _page(request, admin, 400 if error else 200, removing=target, error=error)


@login_required
@require_POST
def member_invite(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    """Mail a member who has not set a password yet a new invitation."""
    admin, target = _target(request, slug, member_id)
    address = str(request.META.get("REMOTE_ADDR", ""))
    if not throttle.reset_allowed(target.user.email, address):
        messages.error(
            request, _("Too many mails to this address in the last hour. Try again later.")
        )
        return redirect("member_edit", slug=slug, member_id=target.pk)
    try:
        mailed = member_actions.invite_again(admin, target, _site(request))
    except MemberError as error:
        messages.error(request, str(error))
        return redirect("member_edit", slug=slug, member_id=target.pk)
    _invitation_message(request, target, mailed)
    return redirect("members", slug=slug)
