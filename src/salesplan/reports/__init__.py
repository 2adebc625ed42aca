"""The plan as documents: HTML, PDF, DOCX, live-formula XLSX and Markdown, in English and Indonesian.

``content`` turns a plan and its build into a format-neutral ``document.Report``;
the writers (``html``, ``pdf``, ``docx_writer``, ``markdown``) lay it out, and
``xlsx`` writes the planning model as live spreadsheet formulas.
"""
