"""CRM history: reading exports, detecting their formats, and the canonical store.

Owns everything between a CRM's export file and the canonical tables
(``deals``, ``stage_changes``, ``activities``, ``people``, ``timesheets``,
``leads``; :mod:`salesplan.crm.schema`), kept in a workspace's embedded DuckDB
store (:mod:`salesplan.crm.store`). Readers: any CSV or XLSX through a mapping
(:mod:`~salesplan.crm.csv_import`, proposals from :mod:`~salesplan.crm.suggest`),
and the exports of Pipedrive, Salesforce and HubSpot. Every import is checked
cell by cell, atomic and idempotent. It knows nothing of plans or the engine;
``analytics`` reads what it stores.
"""
