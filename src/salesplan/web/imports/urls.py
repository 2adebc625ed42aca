from __future__ import annotations

from django.urls import path

from salesplan.web.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:job_id>/", views.job_page, name="job"),
    path("<int:job_id>/mapping/", views.mapping, name="mapping"),
    path("<int:job_id>/progress/", views.progress, name="progress"),
    path("calibration/", views.calibration, name="calibration"),
    path("calibration/accept/", views.accept, name="accept"),
]
