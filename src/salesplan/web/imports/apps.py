from __future__ import annotations

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "salesplan.web.imports"
    label = "imports"
    verbose_name = "CRM imports"
