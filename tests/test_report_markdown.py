"""The Markdown writer: GitHub anchors, pipe tables, escaping, figures beside the file.

Besides looking at the text, the output is rendered with markdown-it-py (a
CommonMark parser with GFM tables) to check what a reader would see: no raw
HTML or links from user text, right-aligned number columns.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any, Literal

import pytest

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
from salesplan.reports.markdown import render_markdown, write_markdown

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
HOSTILE = [
    SCRIPT,
    "[click](javascript:alert(1))",
    "# not a heading",
    "- not a list",
    "1. not numbered",
    "> not a quote",
    "*not em* _not em_ `not code` ~~not struck~~",
    "&lt;b&gt; stays &amp;",
    "=cmd|' /C calc'!A0",
    "from $5 to $6",
]


def report(language: str = "en") -> Report:
    return Report(
        title="Rencana Penjualan 2027",
        subtitle="Target: Rp 12,5 M",
        language=language,
        locale="id_ID",
        page_size="A4",
        labels={"contents": "Daftar isi"},
        sections=[
            Section(
                "summary",
                "Ringkasan Eksekutif",
                blocks=[
                    Paragraph("Tim tumbuh dari 8 ke 14 orang.", "lead"),
                    KeyFigures(
                        [KeyFigure("Target", "Rp 12,5 M", "+38%"), KeyFigure("Rekrutan", "6")]
                    ),
                    Callout(f"Mulai rekrut Februari {SCRIPT}"),
                    Paragraph("Angka dibulatkan.", "note"),
                ],
            ),
            Section(
                "team",
                "Tim & Rekrutmen (Q1–Q2)",
                "1",
                blocks=[
                    Table(
                        ["Bulan", "Kuota", "Catatan"],
                        [
                            ["Jan", "Rp 100.000", "a|b"],
                            ["Feb", "Rp 150.000", "line one\nline two"],
                            ["Total", "Rp 250.000", ""],
                        ],
                        ["left", "right"],
                        caption="Kuota per bulan",
                        total_row=True,
                    ),
                    Figure(Chart("funnel", "Corong", SPEC), "Corong penjualan"),
                    BulletList(HOSTILE, title="Asumsi"),
                ],
                subsections=[
                    Section("ramp", "Masa ramp-up, per orang", "1.1"),
                    Section("ramp-again", "Ringkasan Eksekutif", "", [Paragraph("Duplikat.")]),
                ],
            ),
            Section(
                "personas",
                "Persona",
                "2",
                blocks=[
                    Cards(
                        [
                            Card(
                                "Kepala Keuangan",
                                "Manufaktur",
                                [("Tujuan", ["Tutup buku 5 hari", SCRIPT])],
                            ),
                            Card("Tim & Rekrutmen (Q1–Q2)", fields=[("Masalah", ["Spreadsheet"])]),
                        ]
                    )
                ],
            ),
        ],
    )


def github_slug(text: str) -> str:
    """GitHub's anchor for a heading: lower case; letters, marks, digits, ``_``, ``-`` kept; spaces to ``-``."""
    kept = []
    for char in text.lower():
        category = unicodedata.category(char)
        if char == " ":
            kept.append("-")
        elif char in "-_" or category[0] in "LM" or category in ("Nd", "Nl", "Pc"):
            kept.append(char)
    return "".join(kept)


def to_html(markdown: str) -> str:
    markdown_it = pytest.importorskip("markdown_it")
    parser = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    html: str = parser.render(markdown)
    return html


def test_structure_and_table_of_contents() -> None:
    text = render_markdown(report())
    lines = text.splitlines()
    assert lines[0] == "# Rencana Penjualan 2027"
    headings = [line for line in lines if re.match(r"#{2,3} ", line)]
    assert headings == [
        "## Ringkasan Eksekutif",
        "## 1. Tim & Rekrutmen (Q1–Q2)",
        "### 1.1. Masa ramp-up, per orang",
        "### Ringkasan Eksekutif",
        "## 2. Persona",
    ]
    assert "#### Kepala Keuangan" in lines
    contents = [line for line in lines if re.match(r"\s*- \[.*\]\(#", line)]
    assert contents == [
        "- [Ringkasan Eksekutif](#ringkasan-eksekutif)",
        "- [1. Tim & Rekrutmen (Q1–Q2)](#1-tim--rekrutmen-q1q2)",
        "  - [1.1. Masa ramp-up, per orang](#11-masa-ramp-up-per-orang)",
        "  - [Ringkasan Eksekutif](#ringkasan-eksekutif-1)",  # GitHub numbers a repeat
        "- [2. Persona](#2-persona)",
    ]
    assert lines.index("**Daftar isi**") < lines.index("## Ringkasan Eksekutif")
    # every link is the anchor GitHub gives its heading, counting all headings in order
    all_headings = [line.lstrip("#").strip() for line in lines if re.match(r"#{1,6} ", line)]
    seen: dict[str, int] = {}
    anchors: dict[str, list[str]] = {}
    for heading in all_headings:
        slug = base = github_slug(heading)
        while slug in seen:
            seen[base] += 1
            slug = f"{base}-{seen[base]}"
        seen[slug] = 0
        anchors.setdefault(heading, []).append(slug)
    for line in contents:
        found = re.search(r"\[(.*)\]\(#(.*)\)", line)
        assert found is not None
        assert found.group(2) in anchors[found.group(1)]


def test_tables_alignment_escaping_and_totals() -> None:
    text = render_markdown(report())
    lines = text.splitlines()
    header = lines.index(next(line for line in lines if line.startswith("| Bulan")))
    assert re.fullmatch(r"\| -{3,} \| -{2,}: \| -{3,} \|", lines[header + 1])
    assert "a\\|b" in lines[header + 2]
    assert "line one<br>line two" in lines[header + 3]
    assert re.fullmatch(r"\| \*\*Total\*\* +\| +\*\*Rp 250\.000\*\* \| +\|", lines[header + 4])
    assert lines[header - 2] == "*Kuota per bulan*"
    html = to_html(text)
    assert '<th style="text-align:right">Kuota</th>' in html
    assert "<td>a|b</td>" in html
    assert "<td><strong>Total</strong></td>" in html
    # key figures: a two-column table
    assert "| Target   | **Rp 12,5 M**<br>+38% |" in lines


def test_user_text_never_becomes_markup() -> None:
    text = render_markdown(report())
    assert SCRIPT not in text
    assert "> **⚠** Mulai rekrut Februari \\<script>alert(1)\\</script>" in text.splitlines()
    html = to_html(text)
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # the only links are the table of contents
    assert re.findall(r"<a href=\"(.)", html) == ["#"] * 5
    assert "<em>not em</em>" not in html
    assert "<code>" not in html
    assert "<s>" not in html
    assert "<h1>not a heading" not in html
    assert "<li>\n<ul>" not in html
    assert "<ol>" not in html
    assert "<blockquote>\n<p>not a quote" not in html
    items = re.findall(r"<li>(.*?)</li>", html.split("<strong>Asumsi</strong>", 1)[1])
    assert items[: len(HOSTILE)] == [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "[click](javascript:alert(1))",
        "# not a heading",
        "- not a list",
        "1. not numbered",
        "&gt; not a quote",
        "*not em* _not em_ `not code` ~~not struck~~",
        "&amp;lt;b&amp;gt; stays &amp;amp;",
        "=cmd|' /C calc'!A0",
        "from $5 to $6",
    ]


def test_figures_without_a_folder_are_captions() -> None:
    text = render_markdown(report())
    assert "![" not in text
    assert "*Corong penjualan*" in text.splitlines()


def test_write_markdown_puts_figures_beside_the_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    write_markdown(report(), path)
    text = path.read_text(encoding="utf-8")
    svg = tmp_path / "plan_files" / "funnel.svg"
    assert svg.read_text(encoding="utf-8").startswith("<svg")
    lines = text.splitlines()
    image = lines.index("![Corong penjualan](plan_files/funnel.svg)")
    assert lines[image + 2] == "*Corong penjualan*"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md", "plan_files"]


def test_figure_names_are_safe_and_unique(tmp_path: Path) -> None:
    chart = Chart("../funnel chart", "Funnel", SPEC)
    plan = Report(
        "Plan",
        "",
        "en",
        "en_US",
        "Letter",
        [Section("a", "A", blocks=[Figure(chart), Figure(chart, "Again")])],
    )
    text = render_markdown(
        plan, figure_dir=tmp_path / "my plan_files", figure_prefix="my plan_files/"
    )
    assert sorted(p.name for p in (tmp_path / "my plan_files").iterdir()) == [
        "funnel-chart-2.svg",
        "funnel-chart.svg",
    ]
    assert "![Funnel](my%20plan_files/funnel-chart.svg)" in text
    assert "![Again](my%20plan_files/funnel-chart-2.svg)" in text


def test_output_is_tidy() -> None:
    text = render_markdown(report())
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    assert all(line == line.rstrip() for line in text.splitlines())
    assert "\n\n\n" not in text


def test_large_report() -> None:
    columns = ["Name", *(f"M{index}" for index in range(1, 9))]
    rows = [
        [f"Person {row}", *(f"{row * column:,}" for column in range(1, 9))] for row in range(60)
    ]
    cards = [Card(f"Card {index}", fields=[("Goals", ["One", "Two"])]) for index in range(60)]
    plan = Report(
        "Plan",
        "",
        "en",
        "en_US",
        "A4",
        [Section("t", "Table", "1", [Table(columns, rows, ["left", *NUMBERS]), Cards(cards)])],
    )
    text = render_markdown(plan)
    lines = text.splitlines()
    table = [line for line in lines if line.startswith("| ")]
    assert len(table) == 62
    assert len({len(line) for line in table}) == 1  # the columns line up
    assert sum(line.startswith("#### Card ") for line in lines) == 60
