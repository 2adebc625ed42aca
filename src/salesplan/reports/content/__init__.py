"""A built plan as a document tree: every section in the plan's order, translated and formatted.

``build_report`` is the one place that decides what a plan document says. The
writers (HTML, PDF, DOCX, Markdown) only lay this tree out, so every format
carries the same sections, tables, figures and sentences. Text the plan's
author wrote is kept as written; everything salesplan generates goes through
the translator and the locale's number, money and date formats.

``report`` puts the document together from ``context`` (the inputs, translator,
formatter, charts and shared tables) and one module per group of sections:
``summary``, ``mission``, ``goals``, ``team``, ``audience``, ``strategy``,
``action_plan``, ``measurement``, ``scenarios`` and ``appendix``.
"""

from __future__ import annotations

from salesplan.reports.content.context import ReportInputs
from salesplan.reports.content.report import build_report, page_size_for

__all__ = ["ReportInputs", "build_report", "page_size_for"]
