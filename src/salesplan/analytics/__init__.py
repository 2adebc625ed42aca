"""Metrics over the CRM store, defined once in Ibis: calibration, plan vs actual, forecasting.

Owns what the CRM history says about a plan's assumptions: win rates, stage
conversions, time in stage, cycle length, deal values, activity cost of a win.
Definitions are Ibis expressions (:mod:`salesplan.analytics.metrics`) that give
the same answers on the embedded DuckDB store and on PostgreSQL;
:mod:`salesplan.analytics.calibration` lines them up beside a plan. Reads
``crm``'s tables and ``plan`` models; never imports the engine.
"""
