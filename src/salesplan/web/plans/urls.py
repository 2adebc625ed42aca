from __future__ import annotations

from django.urls import path

from salesplan.web.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:plan_id>/", views.plan_edit, name="edit"),
    path("<int:plan_id>/recompute/", views.plan_recompute, name="recompute"),
    path("<int:plan_id>/save/", views.plan_save, name="save"),
    path("<int:plan_id>/versions/", views.plan_versions, name="versions"),
    path("<int:plan_id>/plan.yaml", views.plan_yaml, name="yaml"),
    path("<int:plan_id>/diff/", views.plan_diff, name="diff"),
    path("<int:plan_id>/restore/", views.plan_restore, name="restore"),
    path("<int:plan_id>/gantt/", views.plan_gantt, name="gantt"),
    path("<int:plan_id>/document.<str:kind>", views.plan_document, name="document"),
]
