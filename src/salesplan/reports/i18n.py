"""The words of the documents in the reader's language: gettext catalogs read through Babel.

Source strings are English and live in the code, marked with ``_()`` (or
``N_()`` where the text is only looked up later). The Indonesian catalog is
``locale/id/LC_MESSAGES/salesplan.po``; ``tests/test_report_i18n.py`` extracts
every marked string with Babel and fails when one has no translation.

>>> t = translator("id")
>>> t.gettext("Team"), translator("en").gettext("Team")
('Tim', 'Team')
>>> t.say("{days} working days", days=58)
'58 hari kerja'
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

__all__ = [
    "CATALOG_DIR",
    "DOMAIN",
    "KEYWORDS",
    "N_",
    "Translator",
    "extract_messages",
    "translator",
]

CATALOG_DIR = Path(__file__).parent / "locale"
DOMAIN = "salesplan"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention extractors look for
    """Mark *message* for extraction without translating it yet."""
    return message


class Translator:
    """Looks up the translation of an English source string; falls back to the source."""

    def __init__(self, language: str, messages: dict[str, str | tuple[str, ...]]) -> None:
        self.language = language
        self._messages = messages

    def gettext(self, message: str) -> str:
        found = self._messages.get(message)
        if isinstance(found, str) and found:
            return found
        return message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        found = self._messages.get(singular)
        if isinstance(found, tuple) and all(found):
            # Indonesian has one plural form; English two
            return found[0] if len(found) == 1 or count == 1 else found[1]
        return singular if count == 1 else plural

    def say(self, message: str, /, **values: Any) -> str:
        """Translate *message*, then fill in its ``{placeholders}``."""
        return self.gettext(message).format(**values)

    def has(self, message: str) -> bool:
        """Whether *message* has a translation (English always has)."""
        return self.language == "en" or bool(self._messages.get(message))


@functools.cache
def translator(language: str) -> Translator:
    """The translator for *language* (``en`` or ``id``), read once per process."""
    if language == "en":
        return Translator("en", {})
    path = CATALOG_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        raise LookupError(f"no document catalog for language {language!r} (looked in {path})")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    messages: dict[str, str | tuple[str, ...]] = {}
    for entry in catalog:
        if not entry.id or entry.fuzzy:
            continue
        key = entry.id[0] if isinstance(entry.id, (list, tuple)) else entry.id
        string = entry.string
        if isinstance(string, (list, tuple)):
            messages[key] = tuple(string)
        elif string:
            messages[key] = string
    return Translator(language, messages)


KEYWORDS = {"gettext": None, "ngettext": (1, 2), "say": None, "N_": None, "_": None}
"""Call names Babel extracts document strings from (``t.say("…")``, ``self._("…")``)."""


def extract_messages() -> dict[str, list[tuple[str, int]]]:
    """Every translatable string in the reports package, with where it is used."""
    from babel.messages.extract import extract_from_dir

    root = Path(__file__).parent
    found: dict[str, list[tuple[str, int]]] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        str(root), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        key = message[0] if isinstance(message, tuple) else message
        found.setdefault(key, []).append((f"reports/{filename}", line))
    return found
