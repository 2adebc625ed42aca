"""One chart, defined once as a Vega-Lite spec and rendered for every format, offline.

HTML embeds the spec and draws it with the Vega bundle that vl-convert
carries (no CDN); PDF gets SVG and DOCX gets PNG, both rendered by vl-convert.
Number and date formats on the axes follow the plan's locale: each spec
carries it in ``config.locale``.

vl-convert holds the GIL while it draws and warms its JavaScript engine up on
first use, so a document's charts take seconds to render one after another.
``start_rendering`` hands them to two worker processes instead, while the
caller goes on (the PDF writer imports WeasyPrint meanwhile): about 0.6 s off
a PDF (benchmarks/README.md). ``SALESPLAN_SERIAL_CHARTS=1`` turns this off.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

__all__ = ["Chart", "javascript_bundle", "render_spec", "start_rendering"]


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
        return render_spec(self.spec, "svg", 1.0)[0]

    def to_png(self, scale: float = 2.0) -> bytes:
        """The chart as PNG bytes, at *scale* × its CSS size (2 = crisp in print)."""
        if scale not in self._pngs:
            self._pngs[scale] = render_spec(self.spec, "png", scale)[1]
        return self._pngs[scale]

    @functools.cached_property
    def _pngs(self) -> dict[float, bytes]:
        return {}

    def spec_json(self) -> str:
        """The spec as JSON, safe to place inside an HTML ``<script>`` element."""
        text = json.dumps(self.spec, ensure_ascii=False, separators=(",", ":"))
        # a "</script>" inside user text must not close the element
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_spec(spec: dict[str, Any], kind: str, scale: float) -> tuple[str, bytes]:
    """Draw one spec as SVG text or PNG bytes (the other element is empty)."""
    import vl_convert

    if kind == "svg":
        return vl_convert.vegalite_to_svg(spec), b""
    return "", vl_convert.vegalite_to_png(spec, scale=scale)


def start_rendering(
    charts: Sequence[Chart], kind: Literal["svg", "png"] = "svg", scale: float = 2.0
) -> Callable[[], None]:
    """Start drawing *charts* in two worker processes; the returned function waits for them.

    After the wait, ``to_svg()`` / ``to_png(scale)`` return at once. With fewer
    than three charts to draw, or when a worker fails, the charts draw
    themselves on demand, in this process, as before.

    The workers are plain ``python -m salesplan.reports.chart_worker`` processes
    (not multiprocessing), so they never re-run the caller's main script.
    """
    pending = [
        chart
        for chart in charts
        if ("_svg" not in chart.__dict__ if kind == "svg" else scale not in chart._pngs)
    ]
    if len(pending) < 3 or os.environ.get("SALESPLAN_SERIAL_CHARTS"):
        return lambda: None
    # groups of about equal size (a spec's JSON length stands for its drawing time)
    count = 2  # the documents' machines have two cores or more; more workers only add warm-ups
    groups: list[list[Chart]] = [[] for _ in range(count)]
    weights = [0] * count
    for chart in sorted(pending, key=lambda c: -len(c.spec_json())):
        lighter = weights.index(min(weights))
        groups[lighter].append(chart)
        weights[lighter] += len(chart.spec_json())
    folder = tempfile.TemporaryDirectory(prefix="salesplan-charts-")
    workers: list[tuple[list[Chart], Path, subprocess.Popen[bytes]]] = []
    package_root = str(Path(__file__).resolve().parents[2])  # so the worker finds this salesplan
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])),
    }
    try:
        for number, group in enumerate(groups):
            jobs = Path(folder.name) / f"jobs-{number}.json"
            results = Path(folder.name) / f"results-{number}.json"
            jobs.write_text(
                json.dumps({"kind": kind, "scale": scale, "specs": [c.spec for c in group]}),
                encoding="utf-8",
            )
            process = subprocess.Popen(
                [sys.executable, "-m", "salesplan.reports.chart_worker", str(jobs), str(results)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=environment,
            )
            workers.append((group, results, process))
    except OSError:
        for _, _, process in workers:
            process.kill()
        folder.cleanup()
        return lambda: None

    def finish() -> None:
        try:
            for group, results, process in workers:
                try:
                    if process.wait(timeout=300) != 0:
                        continue
                    drawn = json.loads(results.read_text(encoding="utf-8"))
                except (OSError, ValueError, subprocess.TimeoutExpired):
                    process.kill()
                    continue
                for chart, text in zip(group, drawn, strict=True):
                    if kind == "svg":
                        chart.__dict__["_svg"] = text
                    else:
                        chart._pngs[scale] = base64.b64decode(text)
        finally:
            folder.cleanup()

    return finish


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
