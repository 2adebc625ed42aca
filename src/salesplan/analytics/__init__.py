"""Metrics over the CRM store, defined once in Ibis: calibration, plan vs actual, forecasting.

Owns what the CRM history says about a plan's assumptions: win rates, stage
conversions, time in stage, cycle length, deal values. Definitions are Ibis
expressions, so they run on the embedded DuckDB store and, unchanged, on
PostgreSQL. Reads ``crm``'s tables; never imports the engine.

Built so far: the first metrics (:mod:`salesplan.analytics.metrics`), documented
in ``docs/metrics.md``. Calibration of a plan from them comes next.
"""
