"""Template filters that show ``crm``'s English in the person's language (see ``crm_text``)."""

from __future__ import annotations

from django import template

from salesplan.web.imports.crm_text import column_name, localized

register = template.Library()


@register.filter
def crm_text(value: object) -> str:
    """A problem's reason, a note or an error from ``crm``, in the active language."""
    return localized(str(value)) if value else ""


@register.filter
def crm_column(value: object) -> str:
    """A problem's column: the file's header, or crm's "(file)" / "(header)" translated."""
    return column_name(str(value)) if value else ""
