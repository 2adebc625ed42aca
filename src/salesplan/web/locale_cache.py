"""The interface's translations, compiled from their ``.po`` catalogs when the app starts.

Django reads compiled ``.mo`` files; the repository keeps only the ``.po`` sources
(``web/locale/<lang>/LC_MESSAGES/django.po``). At startup they are compiled with Babel
— no GNU gettext needed — into the cache folder (``$SALESPLAN_CACHE_DIR``, else
``$XDG_CACHE_HOME/salesplan``, else ``~/.cache/salesplan``), once per catalog content.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

__all__ = ["SOURCES", "compiled_locale_dir"]

SOURCES = Path(__file__).parent / "locale"


def _cache_root() -> Path:
    if os.environ.get("SALESPLAN_CACHE_DIR"):
        return Path(os.environ["SALESPLAN_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "salesplan"


def compiled_locale_dir() -> Path:
    """A folder with ``<lang>/LC_MESSAGES/django.mo`` for every catalog, up to date."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalogs = sorted(SOURCES.glob("*/LC_MESSAGES/django.po"))
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in catalogs)).hexdigest()[:16]
    try:
        target = _cache_root() / f"web-locale-{digest}"
        target.mkdir(parents=True, exist_ok=True)
    except OSError:  # an unwritable home: a folder for this process
        target = Path(tempfile.mkdtemp(prefix="salesplan-locale-"))
    for source in catalogs:
        language = source.parent.parent.name
        compiled = target / language / "LC_MESSAGES" / "django.mo"
        if compiled.exists():
            continue
        compiled.parent.mkdir(parents=True, exist_ok=True)
        with source.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        partial = compiled.with_suffix(".tmp")
        with partial.open("wb") as handle:
            write_mo(handle, catalog)
        partial.replace(compiled)  # atomic: a concurrent start never reads half a file
    return target
