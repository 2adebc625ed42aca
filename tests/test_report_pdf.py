"""The PDF: page size by locale, page numbers, table of contents and running headers."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from report_support import AS_OF, hostile_document, large_plan, template_document
from salesplan.reports.writers import make_report

POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(
    not POPPLER, reason="poppler-utils (pdfinfo, pdftotext) is not installed"
)


def _info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def _text(path: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@needs_poppler
@pytest.mark.parametrize(
    ("language", "template", "size"),
    [
        ("en", "saas-inbound", "612 x 792"),
        ("id", "quarter", "595.276 x 841.89"),
        ("en", "agency", "595.276 x 841.89"),
    ],
)
def test_page_size_follows_the_locale(
    tmp_path: Path, language: str, template: str, size: str
) -> None:
    path = template_document(language, template).write("pdf", tmp_path / "plan.pdf")
    assert _info(path)["Page size"].strip().startswith(size)


@needs_poppler
def test_pdf_has_contents_with_page_numbers_running_headers_and_page_numbers(
    tmp_path: Path,
) -> None:
    document = template_document("en", "quarter")
    path = document.write("pdf", tmp_path / "plan.pdf")
    pages = int(_info(path)["Pages"])
    assert pages >= 8
    contents = _text(path, 1, 1)  # the cover page carries the contents
    assert "Contents" in contents
    # every top-level section is listed with the page it starts on
    listed = re.findall(r"(\d\. [A-Z][^\n.]+?)\s*\.+\s*(\d+)\s*$", contents, re.M)
    assert len(listed) >= 7
    starts = {title.strip(): int(page) for title, page in listed}
    page_of_team = starts["3. Team"]
    assert "3. Team" in _text(path, page_of_team, page_of_team)
    later = _text(path, page_of_team + 1, page_of_team + 1)
    assert later.lstrip().startswith(document.report.title)  # running header
    assert f"{page_of_team + 1} / {pages}" in later  # page number


@needs_poppler
def test_hostile_text_is_printed_not_run(tmp_path: Path) -> None:
    path = hostile_document().write("pdf", tmp_path / "plan.pdf")
    assert "<script>alert('x')</script>" in _text(path)


@needs_poppler
def test_large_plan_tables_stay_inside_the_page(tmp_path: Path) -> None:
    document = make_report(large_plan(), as_of=AS_OF, with_sensitivity=False)
    path = document.write("pdf", tmp_path / "plan.pdf")
    width = float(_info(path)["Page size"].split()[0])
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    assert right_edges
    assert max(right_edges) <= width
