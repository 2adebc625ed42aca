"""The HTML document: self-contained and offline, escaped, interactive charts that really draw."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from report_support import HOSTILE, hostile_document, template_document
from salesplan.reports.html import render_html


def test_html_is_one_self_contained_file_that_loads_nothing() -> None:
    html = render_html(template_document("en", "quarter").report)
    assert "Content-Security-Policy" in html
    assert "default-src 'none'" in html
    # no external script, stylesheet, image or font
    assert not re.search(r"""<(script|img|link|iframe)[^>]+(src|href)=["']?(https?:)?//""", html)
    assert "<link" not in html
    assert "@import" not in html


def test_every_figure_has_a_parseable_spec() -> None:
    document = template_document("id", "saas-inbound")
    html = render_html(document.report)
    specs = re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>', html, re.S)
    assert len(specs) == len(document.report.figures())
    for _, text in specs:
        spec = json.loads(text)
        assert (
            "data" in spec
            or "datasets" in spec
            or "layer" in spec
            or "vconcat" in spec
            or "hconcat" in spec
            or "facet" in spec
        )


def test_user_text_is_escaped() -> None:
    html = render_html(hostile_document().report)
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "</script><b>x</b>" not in html
    # a spec cannot close its script element either
    for _, text in re.findall(
        r'<script type="application/json" id="([^"]+)">(.*?)</script>', html, re.S
    ):
        assert "<" not in text


def test_print_variant_has_static_svg_charts_and_no_script() -> None:
    html = render_html(template_document("en", "quarter").report, print_mode=True)
    assert "<script" not in html
    assert html.count('src="data:image/svg+xml;base64,') == len(
        template_document("en", "quarter").report.figures()
    )


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian package chromium)")
def test_charts_draw_in_a_real_browser_offline(tmp_path: Path) -> None:
    document = template_document("en", "quarter")
    page = tmp_path / "plan.html"
    page.write_text(render_html(document.report), encoding="utf-8")
    assert CHROMIUM is not None
    dom = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=15000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    drawn = dom.count('class="chart-holder vega-embed drawn"') + len(
        re.findall(r'class="[^"]*\bdrawn\b', dom)
    )
    assert drawn >= len(document.report.figures())
    assert "Error" not in re.sub(r"<script.*?</script>", "", dom, flags=re.S)
