"""Dashboards per role: plan vs actual, pace, forecast and catch-up lines, from
``analytics.tracking`` over the workspace's CRM store."""
