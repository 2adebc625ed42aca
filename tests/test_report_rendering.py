"""Charts drawn in worker processes are the charts drawn in-process."""

from __future__ import annotations

import re

import pytest

from report_support import template_document
from salesplan.reports.chart import Chart, start_rendering


def _fresh(charts: list[Chart]) -> list[Chart]:
    return [Chart(c.id, c.title, c.spec, c.language) for c in charts]


def _comparable(svg: str) -> str:
    # vl-convert numbers its clip paths per process
    return re.sub(r"clip\d+", "clip", svg)


def test_workers_draw_the_same_svg_and_png_as_this_process() -> None:
    charts = [figure.chart for figure in template_document("en", "quarter").report.figures()]
    assert len(charts) >= 3
    parallel = _fresh(charts)
    start_rendering(parallel, "svg")()
    assert all("_svg" in chart.__dict__ for chart in parallel)
    serial = _fresh(charts)
    for drawn, reference in zip(parallel, serial, strict=True):
        assert _comparable(drawn.to_svg()) == _comparable(reference.to_svg())
    pngs = _fresh(charts[:3])
    start_rendering(pngs, "png", 1.0)()
    assert all(1.0 in chart._pngs for chart in pngs)
    assert pngs[0].to_png(1.0) == _fresh(charts[:1])[0].to_png(1.0)


def test_a_few_charts_draw_themselves_on_demand() -> None:
    charts = _fresh(
        [figure.chart for figure in template_document("en", "quarter").report.figures()][:2]
    )
    start_rendering(charts, "svg")()
    assert not any("_svg" in chart.__dict__ for chart in charts)
    assert charts[0].to_svg().startswith("<svg")


def test_a_failed_worker_leaves_the_charts_to_draw_themselves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    charts = _fresh(
        [figure.chart for figure in template_document("en", "quarter").report.figures()]
    )
    monkeypatch.setattr(sys, "executable", "/bin/false")
    start_rendering(charts, "svg")()
    assert not any("_svg" in chart.__dict__ for chart in charts)
    assert charts[0].to_svg().startswith("<svg")
