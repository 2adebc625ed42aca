"""``salesplan serve``: migrate the web database, then serve with waitress (a production
WSGI server, not Django's runserver) on loopback by default."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["prepare", "serve"]


def prepare(data_dir: Path) -> None:
    """Point the app at *data_dir*, set Django up and apply migrations (idempotent)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["SALESPLAN_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salesplan.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def serve(host: str = "127.0.0.1", port: int = 8000, threads: int = 8) -> None:
    """Serve the app (after :func:`prepare`) until interrupted; the dashboards' cache
    warms in the background meanwhile."""
    import datetime as dt
    import threading

    from waitress import serve as waitress_serve

    from salesplan.web.dashboards.tracking import warm
    from salesplan.web.wsgi import application

    today = dt.datetime.now(tz=dt.UTC).astimezone().date()
    threading.Thread(target=warm, args=(today,), name="warm-dashboards", daemon=True).start()

    waitress_serve(application, host=host, port=port, threads=threads, ident="salesplan")
