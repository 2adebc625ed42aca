"""CRM data in the web app: upload an export (a CSV or XLSX, or a CRM's export as several
files or one ZIP), read it as the CRM recognised from its headers or map a generic
file's columns onto a canonical table, check it with a dry run that lists every row
problem, import it in the background, then accept the calibration diff into a plan
field by field. ``crm``'s English problems and notes are shown in the person's
language (``crm_text``).

It owns uploads (kept in the workspace's data folder) and import jobs; it calls
``salesplan.crm`` to read and import, ``salesplan.analytics.calibration`` to compare,
and ``salesplan.web.plans.actions`` to save a plan version. It must not write the CRM
store any other way than through ``crm.csv_import`` and the CRMs' importers
(``crm.pipedrive``, ``crm.hubspot``, ``crm.salesforce``).
"""
