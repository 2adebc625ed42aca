"""Every write to a workspace's members, each in its own transaction and audited: the
members page parses a form, calls one of these and renders what it returns.

The rules hold whatever the form sent: the workspace always keeps an admin, an admin
neither removes nor demotes themselves, a manager is another member of the same
workspace and never someone who reports to the member, and a user name that belongs to
an account outside the workspace is refused rather than attached. A refusal is a
:class:`MemberError` with a message for the person and the form field it concerns.

A new member's account has no usable password: they get a mail with a link to set one
(Django's password-reset token, so it works once and expires like a reset link).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from salesplan.web.accounts.access import audit
from salesplan.web.accounts.models import Membership, Workspace
from salesplan.web.accounts.roles import Role

__all__ = [
    "MemberError",
    "MemberSettings",
    "NewMember",
    "Site",
    "add_member",
    "change_member",
    "display_name",
    "invite_again",
    "remove_member",
    "send_invitation",
]

log = logging.getLogger(__name__)


class MemberError(Exception):
    """A change to the members that the rules refuse; *field* names the form field it
    concerns ("" for the whole form)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class MemberSettings:
    """What an admin decides about a member of their workspace."""

    role: Role
    plan_role: str = ""
    crm_owner: str = ""
    manager: Membership | None = None
    language: str = "en"


@dataclass(frozen=True)
class NewMember:
    username: str
    email: str
    settings: MemberSettings
    first_name: str = ""
    last_name: str = ""


@dataclass(frozen=True)
class Site:
    """Where the invitation's link points: the host the admin used, and its scheme."""

    domain: str
    protocol: str = "https"


def display_name(user: User) -> str:
    """A person's full name, else their user name."""
    return user.get_full_name() or user.get_username()


def _current_admin(admin: Membership) -> Membership:
    """Inside a transaction: take the workspace's lock (one change to its members at a
    time, so two admins cannot demote each other at once) and check that *admin* is
    still an admin."""
    Workspace.objects.select_for_update().filter(pk=admin.workspace_id).first()
    current = Membership.objects.select_related("workspace", "user").filter(pk=admin.pk).first()
    if current is None or current.role != "admin":
        raise PermissionDenied("no longer an admin of this workspace")
    return current


def _keeps_an_admin(target: Membership) -> bool:
    """Whether the workspace has an admin besides *target*."""
    others = Membership.objects.filter(workspace_id=target.workspace_id, role="admin")
    return others.exclude(pk=target.pk).exists()


def _check_manager(
    workspace: Workspace, target: Membership | None, manager: Membership | None
) -> None:
    if manager is None:
        return
    if manager.workspace_id != workspace.pk:  # the form never offers one; refuse all the same
        raise MemberError(_("Choose a manager among this workspace's members."), "manager")
    if target is None:
        return
    if manager.pk == target.pk:
        raise MemberError(_("A member cannot be their own manager."), "manager")
    seen: set[int] = set()
    above: Membership | None = manager
    while above is not None and above.pk not in seen:  # up the chain from the new manager
        if above.manager_id == target.pk:
            raise MemberError(
                _("%(manager)s reports to %(member)s: a manager cannot report to their own report.")
                % {"manager": display_name(manager.user), "member": display_name(target.user)},
                "manager",
            )
        seen.add(above.pk)
        above = above.manager


def add_member(admin: Membership, new: NewMember, site: Site) -> tuple[Membership, bool]:
    """Create *new*'s account (no usable password) and membership, then mail them the
    link to set their password. Returns the membership and whether the mail went out.

    A user name taken by an account outside the workspace is refused: an admin can only
    create accounts, never take over someone else's.
    """
    user_model = get_user_model()
    with transaction.atomic():
        admin = _current_admin(admin)
        taken = user_model.objects.filter(username__iexact=new.username).first()
        if taken is not None:
            if Membership.objects.filter(user=taken, workspace=admin.workspace).exists():
                message = _("%(username)s is already a member of this workspace.")
            else:
                message = _(
                    "The user name %(username)s belongs to an account outside this workspace."
                    " Choose another user name."
                )
            raise MemberError(message % {"username": taken.get_username()}, "username")
        _check_manager(admin.workspace, None, new.settings.manager)
        user = user_model(
            username=new.username,
            email=new.email,
            first_name=new.first_name,
            last_name=new.last_name,
        )
        user.set_unusable_password()
        try:
            user.save()
        except IntegrityError:  # the same user name, created in between
            raise MemberError(
                _("%(username)s is already a member of this workspace.")
                % {"username": new.username},
                "username",
            ) from None
        member = Membership.objects.create(
            user=user,
            workspace=admin.workspace,
            role=new.settings.role,
            plan_role=new.settings.plan_role,
            crm_owner=new.settings.crm_owner,
            manager=new.settings.manager,
            language=new.settings.language,
        )
        audit(admin, "members.add", user.get_username(), email=new.email, **_described(member))
    return member, send_invitation(admin, member, site)


def _described(member: Membership) -> dict[str, str]:
    """A member's settings as the audit log records them."""
    return {
        "role": member.role,
        "plan_role": member.plan_role,
        "crm_owner": member.crm_owner,
        "manager": member.manager.user.get_username() if member.manager else "",
        "language": member.language,
    }


def change_member(
    admin: Membership, target: Membership, settings: MemberSettings
) -> dict[str, list[str]]:
    """Apply *settings* to *target*; returns what changed (``{field: [old, new]}``),
    nothing when nothing did."""
    with transaction.atomic():
        admin = _current_admin(admin)
        target = get_object_or_404(  # removed meanwhile: gone, as for any other id
            Membership.objects.select_related("user", "manager__user"),
            pk=target.pk,
            workspace=admin.workspace,
        )
        if target.role == "admin" and settings.role != "admin":
            if not _keeps_an_admin(target):
                raise MemberError(
                    _("%(username)s is the workspace's only admin. Make someone else admin first.")
                    % {"username": target.user.get_username()},
                    "role",
                )
            if target.pk == admin.pk:
                raise MemberError(
                    _("You cannot take away your own admin role: another admin can."), "role"
                )
        _check_manager(admin.workspace, target, settings.manager)
        before = _described(target)
        target.role = settings.role
        target.plan_role = settings.plan_role
        target.crm_owner = settings.crm_owner
        target.manager = settings.manager
        target.language = settings.language
        after = _described(target)
        changed = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
        if changed:
            target.save()
            audit(admin, "members.change", target.user.get_username(), **changed)
    return changed


def remove_member(admin: Membership, target: Membership) -> None:
    """Take *target* out of the workspace. Their account is deactivated unless they
    belong to another workspace; their past changes stay in the audit log."""
    with transaction.atomic():
        admin = _current_admin(admin)
        target = get_object_or_404(
            Membership.objects.select_related("user"), pk=target.pk, workspace=admin.workspace
        )
        if target.role == "admin" and not _keeps_an_admin(target):
            raise MemberError(
                _("%(username)s is the workspace's only admin. Make someone else admin first.")
                % {"username": target.user.get_username()}
            )
        if target.pk == admin.pk:
            raise MemberError(
                _("You cannot remove yourself from the workspace: another admin can.")
            )
        user = target.user
        target.delete()  # the members they managed keep no manager (SET_NULL)
        if not user.memberships.exists():
            user.is_active = False
            user.save(update_fields=["is_active"])
        audit(admin, "members.remove", user.get_username(), role=target.role)


def send_invitation(admin: Membership, member: Membership, site: Site) -> bool:
    """Mail *member* a link to set their password, in their language; False when the
    mail server refused it (the admin can send it again)."""
    user = member.user
    context = {
        "inviter": display_name(admin.user),
        "workspace": member.workspace.name,
        "username": user.get_username(),
        "domain": site.domain,
        "protocol": site.protocol,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    with translation.override(member.language):
        subject = render_to_string("accounts/invitation_subject.txt", context)
        body = render_to_string("accounts/invitation_email.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [user.email])
    except OSError:  # smtplib's errors are OSErrors
        log.exception("the invitation to %s could not be sent", user.get_username())
        return False
    return True


def invite_again(admin: Membership, member: Membership, site: Site) -> bool:
    """Send *member* a new invitation (the last one expired or went astray), as long as
    they have not set a password yet; returns whether the mail went out."""
    with transaction.atomic():
        admin = _current_admin(admin)
        member = get_object_or_404(
            Membership.objects.select_related("user", "workspace"),
            pk=member.pk,
            workspace=admin.workspace,
        )
        if member.user.has_usable_password():
            raise MemberError(
                _(
                    "%(username)s has already set a password. If they forgot it, they can ask"
                    " for a new one on the log-in page."
                )
                % {"username": member.user.get_username()}
            )
        audit(admin, "members.invite", member.user.get_username(), email=member.user.email)
    return send_invitation(admin, member, site)
