"""Every URL of the app; a workspace's pages live under ``/w/<slug>/``."""

from __future__ import annotations

from django.contrib.auth import views as auth
from django.urls import include, path, reverse_lazy

from salesplan.web.accounts import members
from salesplan.web.accounts import views as accounts

urlpatterns = [
    path("", accounts.home, name="home"),
    path("login/", accounts.login_view, name="login"),
    path("logout/", accounts.logout_view, name="logout"),
    path("language/", accounts.set_language, name="language"),
    path(
        "password-reset/",
        accounts.ThrottledPasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("w/<slug:slug>/audit/", accounts.audit_log, name="audit"),
    path("w/<slug:slug>/members/", members.member_list, name="members"),
    path("w/<slug:slug>/members/<int:member_id>/", members.member_edit, name="member_edit"),
    path(
        "w/<slug:slug>/members/<int:member_id>/remove/",
        members.member_remove,
        name="member_remove",
    ),
    path(
        "w/<slug:slug>/members/<int:member_id>/invite/",
        members.member_invite,
        name="member_invite",
    ),
    path("w/<slug:slug>/plans/", include("salesplan.web.plans.urls")),
    path("w/<slug:slug>/dashboard/", include("salesplan.web.dashboards.urls")),
    path("w/<slug:slug>/imports/", include("salesplan.web.imports.urls")),
]
