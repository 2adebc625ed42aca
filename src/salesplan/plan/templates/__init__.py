"""Plan templates: complete, commented plans to start from, in English and Bahasa Indonesia."""

from __future__ import annotations

from importlib import resources

__all__ = ["TEMPLATES", "template_text"]

TEMPLATES: tuple[str, ...] = ("quarter", "saas-inbound", "agency", "referral-club", "30-60-90")
"""Template names, in the order ``salesplan init --help`` lists them."""

LANGUAGES: tuple[str, ...] = ("en", "id")


def template_text(name: str, language: str = "en") -> str:
    """The YAML text of template *name* in *language*, comments included.

    >>> template_text("quarter").startswith("#")
    True
    """
    if name not in TEMPLATES:
        raise KeyError(name)
    if language not in LANGUAGES:
        raise KeyError(language)
    return resources.files(__name__).joinpath(language, f"{name}.yaml").read_text(encoding="utf-8")
