"""The web application: the plan, its live computation, CRM imports and dashboards in a
browser, for the sales leader, the managers and the reps.

A Django project (5.2 LTS) with HTMX. It is an edge, like the CLI: views parse input,
call ``plan``, ``engine``, ``crm``, ``analytics`` and ``reports``, and render. It
computes no figure itself, and nothing outside it imports it (the CLI starts it).

- ``config.py``: the settings, typed and validated at startup (``WebSettings``);
  ``settings.py`` turns them into Django's.
- ``accounts/``: workspaces, memberships with roles, the permission table, log-in
  with throttling, the audit log.
- ``plans/``: plans and their versions, the editor with live recompute.
- ``dashboards/``: plan vs actual per role, from ``analytics.tracking``.
- ``server.py``: ``salesplan serve`` (migrations, then waitress); ``demo.py``:
  ``salesplan demo``.
"""
