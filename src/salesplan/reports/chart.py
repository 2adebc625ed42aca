"""One chart, defined once as a Vega-Lite spec and rendered for every format, offline.

HTML embeds the spec and draws it with the Vega bundle that vl-convert
carries (no CDN); PDF gets SVG and DOCX gets PNG, both rendered by vl-convert
in-process. Number and date formats on the axes follow the plan's locale:
each spec carries it in ``config.locale``.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Chart", "javascript_bundle"]


@dataclass(frozen=True)
class Chart:
    """A named chart: ``id`` is stable (``funnel``, ``gantt``), ``spec`` is Vega-Lite JSON."""

    id: str
    title: str
    spec: dict[str, Any] = field(repr=False)
    language: str = "en"

    def to_svg(self) -> str:
        """The chart as a standalone SVG document (rendered once per chart)."""
        return self._svg

    @functools.cached_property
    def _svg(self) -> str:
        import vl_convert

        svg: str = vl_convert.vegalite_to_svg(self.spec)
        return svg

    def to_png(self, scale: float = 2.0) -> bytes:
        """The chart as PNG bytes, at *scale* × its CSS size (2 = crisp in print)."""
        if scale not in self._pngs:
            import vl_convert

            self._pngs[scale] = vl_convert.vegalite_to_png(self.spec, scale=scale)
        return self._pngs[scale]

    @functools.cached_property
    def _pngs(self) -> dict[float, bytes]:
        return {}

    def spec_json(self) -> str:
        """The spec as JSON, safe to place inside an HTML ``<script>`` element."""
        text = json.dumps(self.spec, ensure_ascii=False, separators=(",", ":"))
        # a "</script>" inside user text must not close the element
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@functools.cache
def javascript_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed as one script, from the installed vl-convert.

    vl-convert bundles the libraries on request, which takes seconds; the
    result is kept in the cache folder (``$SALESPLAN_CACHE_DIR``), one file per
    vl-convert version, so only the first document of an installation pays.
    """
    import vl_convert

    from salesplan.holiday_cache import default_cache_directory

    version = getattr(vl_convert, "__version__", "unknown")
    cached = default_cache_directory() / f"vega-bundle-{version}.js"
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    bundle: str = vl_convert.javascript_bundle()  # type: ignore[call-arg]  # snippet is optional
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f".{cached.name}.{os.getpid()}.partial")
        partial.write_text(bundle, encoding="utf-8")
        partial.replace(cached)
    except OSError:  # a read-only home still gets its document, only slower
        pass
    return bundle
