from __future__ import annotations

from django.urls import path

from salesplan.web.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("chance/", views.chance_partial, name="chance"),
]
