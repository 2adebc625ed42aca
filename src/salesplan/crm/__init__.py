"""CRM history: reading exports, detecting their formats, and the canonical store.

Owns everything between a CRM's export file and the canonical tables
(``deals``, ``stage_changes``, ``activities``, ``people``, ``leads``). It knows
nothing of plans or the engine; ``analytics`` reads what it stores.

Built so far: the canonical schema (:mod:`salesplan.crm.schema`) and format
detection on a sample of a file (:mod:`salesplan.crm.detect`). The store and the
importers come next (see ``docs/design/crm-import.md``).
"""
