"""Words for the plan's own codes (competitor kinds, item kinds, statuses, hire reasons).

Marked with ``N_`` for extraction; look them up with ``t.gettext(ITEM_KINDS[kind])``.
One table for every writer, so a document and its spreadsheet call a thing the same.
"""

from __future__ import annotations

from salesplan.reports.i18n import N_

__all__ = ["COMPETITOR_KINDS", "HIRE_REASONS", "ITEM_KINDS", "ITEM_STATUSES", "RESEARCH_SOURCES"]

COMPETITOR_KINDS = {"direct": N_("Direct"), "indirect": N_("Indirect")}
RESEARCH_SOURCES = {
    "marketing": N_("Marketing"),
    "customer_service": N_("Customer service"),
    "customers": N_("Customers"),
    "blog": N_("Blog"),
    "online_reviews": N_("Online reviews"),
    "other": N_("Other"),
}
ITEM_KINDS = {
    "project": N_("Project"),
    "activity": N_("Activity"),
    "hiring": N_("Hiring"),
    "milestone": N_("Milestone"),
}
ITEM_STATUSES = {
    "planned": N_("Planned"),
    "in_progress": N_("In progress"),
    "done": N_("Done"),
    "blocked": N_("Blocked"),
    "cancelled": N_("Cancelled"),
}
HIRE_REASONS = {"growth": N_("Growth"), "backfill": N_("Backfill")}
