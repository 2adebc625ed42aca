"""Numbers as a person types and reads them in their language.

An Indonesian reader sees ``1,5`` and ``250.000`` and types them so; an English reader
``1.5`` and ``250,000``. Reading is strict about what is ambiguous: a separator
followed by exactly three digits in groups is a thousands separator, any other use
of the language's decimal mark is the decimal mark, and an English comma that is not
a thousands separator is refused rather than guessed.

>>> parse_number("250.000", "id"), parse_number("1,5", "id"), parse_number("1.5", "id")
(250000.0, 1.5, 1.5)
>>> parse_number("250,000", "en"), parse_number("1.5", "en")
(250000.0, 1.5)
>>> show_number(1.5, "id"), show_number(250000.0, "id"), show_number(0.125, "en")
('1,5', '250000', '0.125')
"""

from __future__ import annotations

import re

__all__ = ["parse_number", "reader_language", "show_number"]


def reader_language() -> str:
    """The active interface language (``en`` or ``id``), which numbers follow."""
    from django.utils.translation import get_language

    return (get_language() or "en").split("-")[0]


_MARKS = {"en": (",", "."), "id": (".", ",")}  # (thousands, decimal)


def _marks(language: str) -> tuple[str, str]:
    return _MARKS.get(language.split("-")[0], _MARKS["en"])


def parse_number(text: str, language: str = "en") -> float:
    """*text* as a number in *language*'s way of writing it (``ValueError`` if it is not)."""
    group, decimal = _marks(language)
    bare = text.strip().replace(" ", "").replace("\u00a0", "")
    grouped = rf"[+-]?\d{{1,3}}(?:{re.escape(group)}\d{{3}})+(?:{re.escape(decimal)}\d+)?"
    if re.fullmatch(grouped, bare):
        bare = bare.replace(group, "")
    if decimal == "," and "," in bare:
        if "." in bare:
            raise ValueError(text)
        bare = bare.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", bare):
        raise ValueError(text)
    return float(bare)


def show_number(value: float | int, language: str = "en") -> str:
    """*value* without thousands separators, with *language*'s decimal mark."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value) if isinstance(value, int) else repr(value)
    return text.replace(".", _marks(language)[1])
