from __future__ import annotations

from django.urls import path

from salesplan.web.plans import scenarios, section_views, targets, views, yaml_views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("import/", yaml_views.plan_import, name="import"),
    path("<int:plan_id>/upload/", yaml_views.version_upload, name="upload"),
    path("<int:plan_id>/", views.plan_edit, name="edit"),
    path("<int:plan_id>/recompute/", views.plan_recompute, name="recompute"),
    path("<int:plan_id>/save/", views.plan_save, name="save"),
    path("<int:plan_id>/versions/", views.plan_versions, name="versions"),
    path("<int:plan_id>/plan.yaml", views.plan_yaml, name="yaml"),
    path("<int:plan_id>/diff/", views.plan_diff, name="diff"),
    path("<int:plan_id>/restore/", views.plan_restore, name="restore"),
    path("<int:plan_id>/gantt/", views.plan_gantt, name="gantt"),
    path("<int:plan_id>/document.<str:kind>", views.plan_document, name="document"),
    path("<int:plan_id>/sections/<slug:key>/", section_views.section_page, name="section"),
    path(
        "<int:plan_id>/sections/<slug:key>/recompute/",
        section_views.section_recompute,
        name="section_recompute",
    ),
    path("<int:plan_id>/targets/", targets.plan_targets, name="targets"),
    path("<int:plan_id>/targets/recompute/", targets.targets_recompute, name="targets_recompute"),
    path("<int:plan_id>/targets/save/", targets.targets_save, name="targets_save"),
    path("<int:plan_id>/scenarios/", scenarios.plan_scenarios, name="scenarios"),
    path("<int:plan_id>/scenarios/save/", scenarios.scenario_save, name="scenario_save"),
    path("<int:plan_id>/scenarios/delete/", scenarios.scenario_delete, name="scenario_delete"),
]
