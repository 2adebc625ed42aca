"""The Word writer: reopen the file with python-docx and check its real structure.

Headings in Word's own styles, a TOC field, tables with a repeating header
row and widths inside the text column, charts as pictures, page numbers as
fields, page size by the plan's paper, and hostile text kept as literal text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any, Literal

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Inches, Mm

from salesplan.reports.chart import Chart
from salesplan.reports.document import (
    BulletList,
    Callout,
    Card,
    Cards,
    Figure,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Report,
    Section,
    Table,
)
from salesplan.reports.docx_writer import write_docx

SPEC: dict[str, Any] = {
    "data": {"values": [{"a": "x", "b": 1}]},
    "mark": "bar",
    "encoding": {
        "x": {"field": "a", "type": "nominal"},
        "y": {"field": "b", "type": "quantitative"},
    },
}
SCRIPT = "<script>alert(1)</script>"
NUMBERS: list[Literal["left", "right"]] = ["right"] * 8
FORMULA = "=cmd|' /C calc'!A0"


def small_report(page_size: Literal["A4", "Letter"] = "A4") -> Report:
    return Report(
        title=f"Sales plan {SCRIPT}",
        subtitle=FORMULA,
        language="en",
        locale="en_US",
        page_size=page_size,
        labels={"contents": "Contents", "page": "Page", "of": "of"},
        sections=[
            Section(
                "summary",
                "Executive summary",
                blocks=[
                    Paragraph("Reach $2.5M with 14 account executives.", "lead"),
                    KeyFigures(
                        [
                            KeyFigure("Revenue goal", "$2,500,000", "+38%"),
                            KeyFigure("Hires", "6"),
                        ]
                    ),
                    Callout(f"Hire early {SCRIPT}"),
                    Paragraph(f"Rounded figures. {FORMULA}", "note"),
                ],
            ),
            Section(
                "targets",
                "Targets",
                "1",
                blocks=[
                    Table(
                        ["Month", "Quota", "Share"],
                        [
                            ["Jan", "$100,000", "40%"],
                            ["Feb", "$150,000", "60%"],
                            ["Total", "$250,000", "100%"],
                        ],
                        ["left", "right", "right"],
                        caption="Quota by month",
                        total_row=True,
                    ),
                    Figure(Chart("funnel", "Funnel", SPEC), "The funnel"),
                    BulletList(["One", FORMULA], title="Assumptions"),
                ],
                subsections=[
                    Section("quota", "Quota", "1.1", blocks=[Paragraph("Per person.")]),
                ],
            ),
            Section(
                "team",
                "Team",
                "2",
                blocks=[
                    Cards(
                        [
                            Card(
                                "Head of Finance", "Mid-market", [("Goals", ["Close fast", SCRIPT])]
                            ),
                            Card("Sales lead", fields=[("Pains", ["Spreadsheets"])]),
                        ]
                    )
                ],
            ),
        ],
    )


def large_report() -> Report:
    columns = ["Account executive", *(f"Month {index}" for index in range(1, 8)), "Attainment"]
    rows = [
        [
            f"Senior account executive, enterprise segment {row}",
            *(f"Rp {row * 1_234_567 + column * 98_765:,}".replace(",", ".") for column in range(7)),
            f"{row % 100}%",
        ]
        for row in range(60)
    ]
    cards = [
        Card(
            f"Persona {index}",
            "Manufacturer, 200–800 staff",
            [
                ("Goals", ["Close the books in five days", "Cut tool spend"]),
                ("Pains", ["Spreadsheets"]),
            ],
        )
        for index in range(60)
    ]
    return Report(
        title="Rencana penjualan 2027",
        subtitle="Target pendapatan",
        language="id",
        locale="id_ID",
        page_size="A4",
        labels={"contents": "Daftar isi", "page": "Halaman", "of": "dari"},
        sections=[
            Section(
                "quota",
                "Kuota",
                "1",
                blocks=[Table(columns, rows, ["left", *NUMBERS], total_row=True)],
            ),
            Section("personas", "Persona", "2", blocks=[Cards(cards)]),
        ],
    )


def reopen(path: Path) -> Any:
    return docx.Document(str(path))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "plan.docx"
    write_docx(small_report(), path)
    return path


def test_headings_use_the_built_in_styles_in_order(written: Path) -> None:
    document = reopen(written)
    headings = [
        (paragraph.style.name, paragraph.text)
        for paragraph in document.paragraphs
        if paragraph.style.name == "Title" or paragraph.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Title", f"Sales plan {SCRIPT}"),
        ("Heading 1", "Executive summary"),
        ("Heading 1", "1. Targets"),
        ("Heading 2", "1.1. Quota"),
        ("Heading 1", "2. Team"),
    ]
    # every section starts a page, so a heading never ends one
    assert document.styles["Heading 1"].paragraph_format.page_break_before
    styles = [paragraph.style.name for paragraph in document.paragraphs]
    assert "Subtitle" in styles
    assert "TOC Heading" in styles
    assert styles.count("List Bullet") == 2
    assert styles.count("Caption") == 2  # the table's and the figure's


def test_table_of_contents_is_a_toc_field_after_the_title_page(written: Path) -> None:
    document = reopen(written)
    body = document.element.body
    codes = [node.text for node in body.iter(qn("w:instrText"))]
    assert any(code.strip() == 'TOC \\o "1-3" \\h \\z \\u' for code in codes)
    texts = [paragraph.text for paragraph in document.paragraphs]
    contents = texts.index("Contents")
    assert "Update field" in texts[contents + 1]
    assert contents < texts.index("Executive summary")


def test_tables_structure(written: Path) -> None:
    document = reopen(written)
    # key figures, the data table, one table per card
    assert len(document.tables) == 4
    key_figures, data, *cards = document.tables
    assert [cell.text for cell in key_figures.rows[0].cells] == [
        "Revenue goal",
        "$2,500,000",
        "+38%",
    ]
    assert data.style.name == "Light Grid Accent 1"
    header = data.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in data.rows[1:])
    assert [cell.text for cell in header.cells] == ["Month", "Quota", "Share"]
    for row in data.rows:
        cells = row.cells
        assert cells[0].paragraphs[0].alignment in (None, WD_ALIGN_PARAGRAPH.LEFT)
        assert cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    total = data.rows[-1]
    assert [cell.text for cell in total.cells] == ["Total", "$250,000", "100%"]
    assert all(run.bold for cell in total.cells for run in cell.paragraphs[0].runs)
    assert not any(run.bold for cell in data.rows[1].cells for run in cell.paragraphs[0].runs)
    first_card = cards[0]
    assert first_card.rows[0].cells[0].text == "Head of Finance\nMid-market"
    assert first_card.rows[1].cells[0].text == "Goals"
    assert SCRIPT in first_card.rows[1].cells[1].text


def test_figure_is_a_picture_within_the_text_width_with_a_caption(written: Path) -> None:
    document = reopen(written)
    assert len(document.inline_shapes) == 1
    picture = document.inline_shapes[0]
    section = document.sections[0]
    assert 0 < picture.width <= section.page_width - section.left_margin - section.right_margin
    paragraphs = document.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p._p.xpath(".//w:drawing"))
    assert paragraphs[index + 1].style.name == "Caption"
    assert paragraphs[index + 1].text == "The funnel"


@pytest.mark.parametrize(
    ("page_size", "width", "height"),
    [("A4", Mm(210), Mm(297)), ("Letter", Inches(8.5), Inches(11))],
)
def test_page_size(
    tmp_path: Path, page_size: Literal["A4", "Letter"], width: int, height: int
) -> None:
    path = tmp_path / "plan.docx"
    write_docx(small_report(page_size), path)
    section = reopen(path).sections[0]
    assert abs(section.page_width - width) < Mm(0.5)
    assert abs(section.page_height - height) < Mm(0.5)
    assert Mm(15) <= section.left_margin <= Mm(25)
    assert Mm(15) <= section.top_margin <= Mm(25)


def test_page_numbers_header_and_properties(written: Path) -> None:
    document = reopen(written)
    section = document.sections[0]
    footer = section.footer._element
    codes = [node.text.strip() for node in footer.iter(qn("w:instrText"))]
    assert codes == ["PAGE", "NUMPAGES"]
    assert section.footer.paragraphs[0].text == "Page 1 of 1"  # field results until updated
    assert section.header.paragraphs[0].text == f"Sales plan {SCRIPT}"
    assert section.different_first_page_header_footer  # a bare title page
    properties = document.core_properties
    assert properties.title == f"Sales plan {SCRIPT}"
    assert properties.language == "en-US"


def test_hostile_text_stays_literal(written: Path) -> None:
    texts = [paragraph.text for paragraph in reopen(written).paragraphs]
    assert FORMULA in texts  # the subtitle and a bullet
    assert f"\u26a0 Hire early {SCRIPT}" in texts
    assert f"Rounded figures. {FORMULA}" in texts
    with zipfile.ZipFile(written) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "<script>" not in xml
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xml


def test_control_characters_are_dropped(tmp_path: Path) -> None:
    report = small_report()
    report.sections[0].blocks.append(Paragraph("bell\x07 and nul\x00 gone"))
    path = tmp_path / "plan.docx"
    write_docx(report, path)
    assert "bell and nul gone" in [paragraph.text for paragraph in reopen(path).paragraphs]


def test_large_report_fits_the_page(tmp_path: Path) -> None:
    path = tmp_path / "large.docx"
    write_docx(large_report(), path)
    document = reopen(path)
    assert len(document.tables) == 61
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    table = document.tables[0]
    assert len(table.rows) == 61
    grid = [column.width for column in table.columns]
    assert sum(grid) <= text_width
    for row in table.rows:
        assert sum(cell.width for cell in row.cells) <= text_width
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    sizes = {run.font.size.pt for cell in table.rows[1].cells for run in cell.paragraphs[0].runs}
    assert max(sizes) <= 8
    # a numeric column is at least as wide as its widest figure (nothing to wrap)
    assert min(grid[1:8]) >= Mm(13)
    for card in document.tables[1:]:
        assert sum(column.width for column in card.columns) <= text_width
    assert document.core_properties.language == "id-ID"
    footer = section.footer.paragraphs[0].text
    assert footer.startswith("Halaman ")
    assert " dari " in footer


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_converts_to_pdf(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    report = small_report()
    report.sections.extend(large_report().sections)
    write_docx(report, path)
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            "-env:UserInstallation=file:///tmp/lo-docx-test",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "plan.pdf"
    assert pdf.exists()
    if shutil.which("pdfinfo"):
        info = subprocess.run(
            ["pdfinfo", str(pdf)], check=True, capture_output=True, text=True, timeout=60
        ).stdout
        found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
        assert found is not None
        pages = int(found.group(1))
    else:
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    assert pages >= 2
