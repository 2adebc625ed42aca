"""CRM data in the web app: upload an export, map its columns with a preview and the row
problems of a dry run, import it in the background, then accept the calibration diff
into a plan field by field.

It owns uploads (kept in the workspace's data folder) and import jobs; it calls
``salesplan.crm`` to read and import, ``salesplan.analytics.calibration`` to compare,
and ``salesplan.web.plans.actions`` to save a plan version. It must not write the CRM
store any other way than through ``crm.csv_import``.
"""
