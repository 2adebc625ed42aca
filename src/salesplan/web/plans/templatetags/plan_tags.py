"""``{% explain result "deals_required" %}``: how the engine computed a figure, as a
small disclosure beside it — the formula with its numbers and the plan fields it read.
No script: a ``<details>`` element opens it."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from salesplan.engine.results import PlanBuild

register = template.Library()


@register.simple_tag
def explain(result: PlanBuild | None, *parts: object) -> SafeString:
    """The explanation of figure ``".".join(parts)`` of *result*, or nothing."""
    if result is None:
        return format_html("")
    figure = ".".join(str(part) for part in parts)
    found = result.explanations.get(figure)
    if found is None:
        return format_html("")
    inputs = format_html_join(", ", "<code>{}</code>", ((name,) for name in found.inputs))
    return format_html(
        '<details class="explain"><summary aria-label="{}">?</summary>'
        "<div><p>{}</p>{}</div></details>",
        _("How is this computed?"),
        found.formula,
        format_html("<p>{} {}</p>", _("From:"), inputs) if found.inputs else "",
    )


@register.filter
def field_label(name: str) -> str:
    """What the section forms call a plan field (``revenue_goal`` → "New-business revenue goal")."""
    from salesplan.web.plans.section_labels import FIELDS

    found = FIELDS.get(name)
    return str(found) if found is not None else name.replace("_", " ").capitalize()


@register.filter
def field_hint(name: str) -> str:
    from salesplan.web.plans.section_labels import HINTS

    found = HINTS.get(name)
    return str(found) if found is not None else ""


@register.filter
def choice_label(value: str) -> str:
    """A choice of a select (``in_progress`` → "in progress") in the reader's language."""
    from salesplan.web.plans.section_labels import CHOICES

    found = CHOICES.get(value)
    return str(found) if found is not None else value


@register.simple_tag
def plan_sections() -> tuple[object, ...]:
    """The plan's seven sections, for the plan pages' tabs."""
    from salesplan.web.plans.section_labels import SECTIONS

    return SECTIONS
