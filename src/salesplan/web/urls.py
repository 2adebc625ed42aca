"""Every URL of the app; a workspace's pages live under ``/w/<slug>/``."""

from __future__ import annotations

from django.urls import include, path

from salesplan.web.accounts import views as accounts

urlpatterns = [
    path("", accounts.home, name="home"),
    path("login/", accounts.login_view, name="login"),
    path("logout/", accounts.logout_view, name="logout"),
    path("language/", accounts.set_language, name="language"),
    path("w/<slug:slug>/plans/", include("salesplan.web.plans.urls")),
    path("w/<slug:slug>/dashboard/", include("salesplan.web.dashboards.urls")),
    path("w/<slug:slug>/imports/", include("salesplan.web.imports.urls")),
]
