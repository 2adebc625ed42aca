"""The report as an editable Word document, through python-docx.

The team keeps working on the plan in Word or LibreOffice, so the file uses
Word's own structure rather than a look-alike: built-in heading styles (the
navigation pane and the table of contents work), a real ``TOC`` field after
the title page, ``PAGE`` / ``NUMPAGES`` fields in the footer, real tables
with a header row that repeats on every page, charts as pictures sized to
the text column with a ``Caption`` below. Each top-level section starts a
page (``Heading 1`` has "page break before", which the team can switch off
in the style). Every string in the tree is plain text; python-docx escapes
it for XML, and characters XML cannot carry at all (control characters) are
dropped.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Inches, Length, Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from salesplan.reports.document import (
    Block,
    BulletList,
    Callout,
    Cards,
    Figure,
    KeyFigures,
    Paragraph,
    Report,
    Section,
    Table,
)

__all__ = ["write_docx"]

# the built-in table style of python-docx's default template used for data tables
DATA_TABLE_STYLE = "Light Grid Accent 1"
FONT = "Calibri"
BODY_SIZE = 10.5  # pt
GREY = RGBColor(0x6B, 0x72, 0x80)
ACCENT = "4F81BD"  # "Accent 1" of the default theme, as the table style uses it
RULE = "BFBFBF"
CARD_FILL = "E9EFF7"
CALLOUT = {  # kind: (mark, border colour, fill)
    "warning": ("\u26a0", "D97706", "FEF3C7"),
    "info": ("\u2139", "2563EB", "DBEAFE"),
}

# characters XML 1.0 cannot hold: lxml refuses them, so they are dropped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class _Page:
    width: Length
    height: Length
    margin: Length
    header_distance: Length

    @property
    def text_width(self) -> int:
        return int(self.width) - 2 * int(self.margin)

    @property
    def text_height(self) -> int:
        return int(self.height) - 2 * int(self.margin)


PAGES = {
    "A4": _Page(Mm(210), Mm(297), Mm(20), Mm(10)),
    "Letter": _Page(Inches(8.5), Inches(11), Inches(0.75), Inches(0.4)),
}


def write_docx(report: Report, path: Path) -> None:
    """Write *report* as a Word document to *path*."""
    page = PAGES[report.page_size]
    document = docx.Document()
    _set_up(document, report, page)
    _title_page(document, report)
    _contents(document, report)
    writer = _Writer(document, page)
    for section in report.sections:
        writer.section(section, level=1)
    document.save(str(path))


# ---------------------------------------------------------------- document setup


def _set_up(document: Document, report: Report, page: _Page) -> None:
    language = _language_tag(report)
    properties = document.core_properties
    properties.title = _clean(report.title)
    properties.subject = _clean(report.subtitle)
    properties.language = language
    properties.author = "salesplan"
    properties.last_modified_by = "salesplan"
    properties.comments = ""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    properties.created = now
    properties.modified = now

    styles = document.styles
    normal = _paragraph_style(document, "Normal")
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    # the proofing language of every run, for spelling and hyphenation
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for lang in defaults.iter(qn("w:lang")):
            lang.set(qn("w:val"), language)
    for name, size, before in (
        ("Heading 1", 16, 18),
        ("Heading 2", 13, 14),
        ("Heading 3", 11.5, 10),
    ):
        heading = _paragraph_style(document, name)
        heading.font.size = Pt(size)
        # every section starts a page: Word keeps a heading with its text anyway,
        # LibreOffice can leave a section heading alone at the foot of a page
        heading.paragraph_format.page_break_before = True if name == "Heading 1" else None
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(6)
    caption = _paragraph_style(document, "Caption")
    caption.font.size = Pt(9)
    caption.font.italic = True
    caption.font.bold = False
    caption.font.color.rgb = GREY
    caption.paragraph_format.space_after = Pt(10)
    bullet = _paragraph_style(document, "List Bullet")
    bullet.paragraph_format.space_after = Pt(2)

    section = document.sections[0]
    section.page_width = page.width
    section.page_height = page.height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, page.margin)
    section.header_distance = page.header_distance
    section.footer_distance = page.header_distance
    section.start_type = WD_SECTION_START.NEW_PAGE
    # the title page has neither running header nor page number
    section.different_first_page_header_footer = True

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _small_grey(header.add_run(_clean(report.title)))

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _small_grey(footer.add_run(_clean(report.labels.get("page", "Page")) + " "))
    for run in _field(footer, "PAGE", "1"):
        _small_grey(run)
    _small_grey(footer.add_run(" " + _clean(report.labels.get("of", "of")) + " "))
    for run in _field(footer, "NUMPAGES", "1"):
        _small_grey(run)


def _title_page(document: Document, report: Report) -> None:
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_before = Pt(150)
    document.add_paragraph(_clean(report.title), style="Title")
    if report.subtitle:
        document.add_paragraph(_clean(report.subtitle), style="Subtitle")
    generated = report.labels.get("generated", "")
    if generated:
        _note(document.add_paragraph(), generated)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _contents(document: Document, report: Report) -> None:
    """The table of contents: a ``TOC`` field Word and LibreOffice fill on "Update field".

    It has a page of its own: the first section's heading starts a new page.
    """
    document.add_paragraph(_clean(report.labels.get("contents", "Contents")), style="TOC Heading")
    paragraph = document.add_paragraph()
    hint = report.labels.get(
        "update_contents", "Right-click \u2192 Update field to build the table of contents."
    )
    _field(paragraph, 'TOC \\o "1-3" \\h \\z \\u', hint)


# ---------------------------------------------------------------- the body


class _Writer:
    def __init__(self, document: Document, page: _Page) -> None:
        self.document = document
        self.page = page

    def section(self, section: Section, level: int) -> None:
        self.document.add_heading(_clean(section.heading), level=min(level, 9))
        for block in section.blocks:
            self.block(block)
        for sub in section.subsections:
            self.section(sub, level + 1)

    def block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            self.paragraph(block)
        elif isinstance(block, BulletList):
            self.bullets(block)
        elif isinstance(block, Callout):
            self.callout(block)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Figure):
            self.figure(block)
        elif isinstance(block, KeyFigures):
            self.key_figures(block)
        else:
            self.cards(block)

    def paragraph(self, block: Paragraph) -> None:
        paragraph = self.document.add_paragraph()
        if block.style == "note":
            _note(paragraph, block.text)
            return
        run = paragraph.add_run(_clean(block.text))
        if block.style == "lead":
            run.font.size = Pt(BODY_SIZE + 2)
            paragraph.paragraph_format.space_after = Pt(10)

    def bullets(self, block: BulletList) -> None:
        if block.title:
            title = self.document.add_paragraph()
            title.add_run(_clean(block.title)).bold = True
            title.paragraph_format.keep_with_next = True
            title.paragraph_format.space_after = Pt(3)
        for item in block.items:
            self.document.add_paragraph(_clean(item), style="List Bullet")

    def callout(self, block: Callout) -> None:
        mark, border, fill = CALLOUT[block.kind]
        paragraph = self.document.add_paragraph()
        paragraph.add_run(mark + " ").bold = True
        paragraph.add_run(_clean(block.text))
        form = paragraph.paragraph_format
        form.left_indent = Pt(8)
        form.right_indent = Pt(4)
        form.space_before = Pt(4)
        form.space_after = Pt(10)
        borders = _element("w:pBdr")
        for side in ("top", "left", "bottom", "right"):
            colour, size = (border, 24) if side == "left" else (fill, 4)
            borders.append(
                _element(f"w:{side}", val="single", sz=str(size), space="4", color=colour)
            )
        _put(paragraph._p.get_or_add_pPr(), borders, _PPR_ORDER)
        _put(paragraph._p.get_or_add_pPr(), _shading(fill), _PPR_ORDER)

    # -- tables

    def table(self, block: Table) -> None:
        columns = len(block.columns)
        if columns == 0:
            return
        rows = [[*row[:columns], *[""] * (columns - len(row))] for row in block.rows]
        if block.caption:
            caption = self.document.add_paragraph(_clean(block.caption), style="Caption")
            caption.paragraph_format.keep_with_next = True
            caption.paragraph_format.space_after = Pt(3)
        size, widths, padding = _table_layout(block, rows, self.page.text_width / 12700)
        table = self.document.add_table(rows=1 + len(rows), cols=columns)
        table.style = self.document.styles[DATA_TABLE_STYLE]
        _table_look(table, first_row=True, last_row=block.total_row, banded=True)
        _layout(table, widths, padding / 2)
        header, *body = table.rows
        _repeat_header(header)
        for index, row in enumerate(table.rows):
            _cant_split(row)
            bold = index == 0 or (block.total_row and index == len(rows))
            for column, (cell, text) in enumerate(
                zip(row.cells, (block.columns if index == 0 else rows[index - 1]), strict=True)
            ):
                paragraph = _first_paragraph(cell)
                _compact(paragraph)
                if block.alignment(column) == "right":
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                run = paragraph.add_run(_clean(text))
                run.font.size = Pt(size)
                run.bold = True if bold else None  # not bold: as the table style has it
        if body and block.total_row:
            for cell in body[-1].cells:
                _cell_borders(cell, top=(ACCENT, 12))
        self._after_table()

    def key_figures(self, block: KeyFigures) -> None:
        if not block.figures:
            return
        detailed = any(figure.detail for figure in block.figures)
        widths = _key_figure_widths(block, self.page.text_width / 12700, detailed=detailed)
        table = self.document.add_table(rows=len(block.figures), cols=len(widths))
        _layout(table, widths, 3)
        _table_borders(table, outer=(ACCENT, 8), inside_h=(RULE, 4))
        for row, figure in zip(table.rows, block.figures, strict=True):
            _cant_split(row)
            cells = row.cells
            label = _first_paragraph(cells[0])
            label.add_run(_clean(figure.label))
            value = _first_paragraph(cells[1])
            value.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = value.add_run(_clean(figure.value))
            run.bold = True
            run.font.size = Pt(BODY_SIZE + 2)
            if detailed:
                detail = _first_paragraph(cells[2])
                _small_grey(detail.add_run(_clean(figure.detail)), size=9)
            for cell in cells:
                _compact(cell.paragraphs[0], space=2)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        self._after_table()

    def cards(self, block: Cards) -> None:
        available = self.page.text_width / 12700
        for card in block.cards:
            table = self.document.add_table(rows=1 + len(card.fields), cols=2)
            _layout(table, [available * 0.28, available * 0.72], 3)
            _table_borders(table, outer=(RULE, 6), inside_h=(RULE, 4), inside_v=(RULE, 4))
            title_row, *field_rows = table.rows
            title_cell = title_row.cells[0].merge(title_row.cells[1])
            _cell_shading(title_cell, CARD_FILL)
            title = _first_paragraph(title_cell)
            _compact(title, space=2)
            run = title.add_run(_clean(card.title))
            run.bold = True
            run.font.size = Pt(BODY_SIZE + 0.5)
            if card.subtitle:
                subtitle = title_cell.add_paragraph()
                _compact(subtitle, space=2)
                _small_grey(subtitle.add_run(_clean(card.subtitle)), size=9).italic = True
            for row, (label, items) in zip(field_rows, card.fields, strict=True):
                cells = row.cells
                name = _first_paragraph(cells[0])
                _compact(name, space=2)
                name_run = name.add_run(_clean(label))
                name_run.bold = True
                name_run.font.size = Pt(9)
                for number, item in enumerate(items or [""]):
                    paragraph = (
                        _first_paragraph(cells[1]) if number == 0 else cells[1].add_paragraph()
                    )
                    _compact(paragraph, space=1)
                    if item:
                        paragraph.paragraph_format.left_indent = Pt(9)
                        paragraph.paragraph_format.first_line_indent = Pt(-9)
                        paragraph.add_run("\u2022\t" + _clean(item)).font.size = Pt(9)
                        paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(9))
            # a card stays on one page: every row keeps with the next one
            for row in table.rows:
                _cant_split(row)
            for row in table.rows[:-1]:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True
            self._after_table(space=6)

    def _after_table(self, space: float = 10) -> None:
        # Word needs a paragraph between two tables, or it merges them
        spacer = self.document.add_paragraph()
        form = spacer.paragraph_format
        form.space_before = Pt(0)
        form.space_after = Pt(0)
        form.line_spacing = Pt(space)

    # -- figures

    def figure(self, block: Figure) -> None:
        png = block.chart.to_png(scale=2)
        width, height = _png_size(png)
        text_width, text_height = self.page.text_width, self.page.text_height
        # a chart at most fills the text column; no more than 1.5× its own size
        # (96 px an inch at scale 2); a tall one leaves room for its caption
        natural = width / 2 / 96 * 914400 * 1.5
        shown_width = min(float(text_width), natural)
        shown_height = shown_width * height / width
        limit = text_height - int(Inches(1.2))
        if shown_height > limit:
            shown_width *= limit / shown_height
            shown_height = limit
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.paragraph_format.space_after = Pt(2)
        shape = paragraph.add_run().add_picture(
            io.BytesIO(png), width=Emu(int(shown_width)), height=Emu(int(shown_height))
        )
        caption = _clean(block.caption or block.chart.title)
        properties = shape._inline.docPr
        properties.set("descr", caption)
        properties.set("name", _clean(block.chart.id) or properties.get("name", "Chart"))
        if caption:
            self.document.add_paragraph(
                caption, style="Caption"
            ).alignment = WD_ALIGN_PARAGRAPH.CENTER


# ---------------------------------------------------------------- column widths


def _key_figure_widths(block: KeyFigures, available: float, *, detailed: bool) -> list[float]:
    """Label, value (never wrapped) and detail columns for the key figures, in pt."""
    air = 6 + 4  # cell margins and room
    value = max(_text_width(figure.value, BODY_SIZE + 2, bold=True) for figure in block.figures)
    value = min(value + air, available * 0.45)
    if not detailed:
        return [available - value, value]
    label = max(_text_width(figure.label, BODY_SIZE) for figure in block.figures) + air
    label = min(label, (available - value) * 0.55)
    return [label, value, available - value - label]


SMALLEST = 7.0  # pt: the smallest text a table is set in


def _table_layout(
    block: Table, rows: list[list[str]], available: float
) -> tuple[float, list[float], float]:
    """Font size, column widths and cell padding (pt) for a table *available* pt wide.

    Wide tables start smaller (10 pt up to 4 columns, 9 up to 6, else 8). A
    smaller size is taken when the columns' minima do not fit, or when it
    saves many wrapped lines (more than four, and a fifth of the table's height).
    """
    columns = len(block.columns)
    start = 10.0 if columns <= 4 else 9.0 if columns <= 6 else 8.0
    padding = 4.0 if columns > 6 else 6.0  # left + right cell margin
    options: list[tuple[float, list[float], int]] = []
    size = start
    while size >= SMALLEST:
        widths = _fit_columns(block, rows, size, padding, available, squeeze=size == SMALLEST)
        if widths is not None:
            options.append((size, widths, _table_lines(block, rows, widths, size, padding)))
        size -= 0.5
    fewest = min(lines for *_, lines in options)
    for size, widths, lines in options:  # the largest size first
        if lines <= max(fewest * 1.2, fewest + 4):
            return size, widths, padding
    raise AssertionError("unreachable: the fewest lines are within their own bound")


def _table_lines(
    block: Table, rows: list[list[str]], widths: list[float], size: float, padding: float
) -> int:
    """How many lines of text the table takes: each row as tall as its tallest cell."""
    room = [width - padding - 1 for width in widths]
    total = max(
        _wrapped_lines(title, width, size, bold=True)
        for title, width in zip(block.columns, room, strict=True)
    )
    for number, row in enumerate(rows):
        bold = block.total_row and number == len(rows) - 1
        total += max(
            _wrapped_lines(cell, width, size, bold=bold)
            for cell, width in zip(row, room, strict=True)
        )
    return total


def _wrapped_lines(text: str, width: float, size: float, *, bold: bool = False) -> int:
    """Lines *text* wraps to in *width* pt, word by word (a too-long word breaks).

    >>> _wrapped_lines("Close the books in five days", 60, 10)
    3
    """
    space = _text_width(" ", size, bold=bold)
    count = 0
    for line in text.split("\n"):
        count += 1
        used = 0.0
        for word in line.split():
            needed = _text_width(word, size, bold=bold)
            if used and used + space + needed <= width:
                used += space + needed
                continue
            if used:
                count += 1
            breaks = int(needed // width) if width > 0 else 0
            count += breaks
            used = needed - breaks * width
    return count


def _fit_columns(
    block: Table,
    rows: list[list[str]],
    size: float,
    padding: float,
    available: float,
    *,
    squeeze: bool,
) -> list[float] | None:
    """Column widths in pt that fill *available*, or None when *size* pt text cannot fit.

    Numbers are not wrapped, so a right-aligned column is at least as wide as
    its widest cell; a text column at least as wide as its longest word.
    """
    natural: list[list[float]] = []
    minimum: list[list[float]] = []
    for index, title in enumerate(block.columns):
        cells = [row[index] for row in rows]
        numeric = block.alignment(index) == "right"
        bold = {len(cells) - 1} if block.total_row else set()
        # a header may wrap to two lines or more before a body column gives way
        header = max(
            _longest_word(title, size, bold=True), _longest_line(title, size, bold=True) / 2
        )
        natural.append(
            [header]
            + [_longest_line(cell, size, bold=row in bold) for row, cell in enumerate(cells)]
        )
        fit = _longest_line if numeric else _longest_word
        minimum.append(
            [_longest_word(title, size, bold=True)]
            + [fit(cell, size, bold=row in bold) for row, cell in enumerate(cells)]
        )
    extra = padding + 3  # cell margins and a little air
    return _column_widths(
        [[width + extra for width in column] for column in natural],
        [[width + extra for width in column] for column in minimum],
        available=available,
        squeeze=squeeze,
    )


def _column_widths(
    natural: Sequence[Sequence[float]],
    minimum: Sequence[Sequence[float]],
    *,
    available: float,
    squeeze: bool = True,
) -> list[float] | None:
    """Split *available* among columns from each cell's natural and minimum width.

    Columns that fit get space in proportion to their natural width; otherwise
    every column gets its minimum and the rest is shared by what each lacks.
    None when even the minima do not fit and *squeeze* is false.

    >>> [round(width, 1) for width in _column_widths([[8], [3]], [[8], [3]], available=100.0) or []]
    [72.7, 27.3]
    >>> _column_widths([[80], [30]], [[20], [30]], available=100.0)  # text, then a number
    [70.0, 30.0]
    """
    wide = [max(column, default=0.0) for column in natural]
    narrow = [min(max(column, default=0.0), available * 0.45) for column in minimum]
    narrow = [min(low, high) for low, high in zip(narrow, wide, strict=True)]
    if sum(wide) <= available:
        return [available * width / sum(wide) for width in wide]
    if sum(narrow) <= available:
        spare = available - sum(narrow)
        lacking = sum(wide) - sum(narrow)
        return [
            low + spare * (high - low) / lacking for low, high in zip(narrow, wide, strict=True)
        ]
    if not squeeze:
        return None
    return [available * low / sum(narrow) for low in narrow]


def _longest_line(text: str, size: float, *, bold: bool = False) -> float:
    return max((_text_width(line, size, bold=bold) for line in text.splitlines()), default=0.0)


def _longest_word(text: str, size: float, *, bold: bool = False) -> float:
    return max((_text_width(word, size, bold=bold) for word in text.split()), default=0.0)


_NARROW = frozenset(" .,:;'!|il")
_SLIM = frozenset("()[]-/jtfrI")
_WIDE = frozenset("mwMW@%&")


def _text_width(text: str, size: float, *, bold: bool = False) -> float:
    """An estimate of *text*'s width in pt at *size* pt, on the generous side.

    Calibri is narrower than the Noto Sans or Liberation Sans LibreOffice
    draws it with where Calibri is not installed; the estimate follows the
    wider ones, so a column fits in either.

    >>> round(_text_width("$1,234,567", 10), 1), round(_text_width("Attainment", 8, bold=True), 1)
    (52.0, 48.2)
    """
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.27
        elif char in _SLIM:
            em += 0.4
        elif char in _WIDE or char >= "\u2e80":
            em += 0.93
        elif char.isdigit():
            em += 0.58
        elif char.isupper():
            em += 0.68
        else:
            em += 0.6
    return em * size * (1.1 if bold else 1.0)


# ---------------------------------------------------------------- low-level helpers

_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)  # fmt: skip
_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
    "w:tblPrChange",
)  # fmt: skip
_TCPR_ORDER = (
    "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
)  # fmt: skip
_TRPR_ORDER = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
    "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
)  # fmt: skip


def _clean(text: str) -> str:
    """*text* without the characters XML cannot hold."""
    return _NOT_XML.sub("", text)


def _language_tag(report: Report) -> str:
    """``id_ID`` → ``id-ID``; the bare language when the locale is empty."""
    tag = report.locale.replace("_", "-") if report.locale else report.language
    return tag or "en-US"


def _paragraph_style(document: Document, name: str) -> Any:
    # python-docx types styles[...] as BaseStyle; paragraph styles have .font
    # and .paragraph_format
    return document.styles[name]


def _element(tag: str, **attributes: str) -> Any:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _put(parent: Any, child: Any, order: Sequence[str]) -> None:
    """Replace *parent*'s child of *child*'s tag, keeping the schema's element order."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    tag = child.tag
    names = [qn(name) for name in order]
    later = names[names.index(tag) + 1 :] if tag in names else []
    for sibling in parent:
        if sibling.tag in later:
            sibling.addprevious(child)
            return
    parent.append(child)


def _field(paragraph: DocxParagraph, instruction: str, placeholder: str) -> list[Run]:
    """A complex field, as runs; the fourth shows *placeholder* until the field updates.

    Format every run alike: Word and LibreOffice draw the result with the
    formatting of the run that begins the field.
    """
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    parts = [
        _element("w:fldChar", fldCharType="begin"),
        code,
        _element("w:fldChar", fldCharType="separate"),
        None,
        _element("w:fldChar", fldCharType="end"),
    ]
    runs = []
    for part in parts:
        run = paragraph.add_run(placeholder if part is None else None)
        if part is not None:
            run._r.append(part)
        runs.append(run)
    return runs


def _small_grey(run: Run, size: float = 8) -> Run:
    run.font.size = Pt(size)
    run.font.color.rgb = GREY
    return run


def _note(paragraph: DocxParagraph, text: str) -> None:
    _small_grey(paragraph.add_run(_clean(text)), size=9).italic = True


def _shading(fill: str) -> Any:
    return _element("w:shd", val="clear", color="auto", fill=fill)


def _first_paragraph(cell: _Cell) -> DocxParagraph:
    paragraph: DocxParagraph = cell.paragraphs[0]  # python-docx leaves .paragraphs untyped
    return paragraph


def _compact(paragraph: DocxParagraph, space: float = 1) -> None:
    form = paragraph.paragraph_format
    form.space_before = Pt(space)
    form.space_after = Pt(space)
    form.line_spacing = 1.0


def _layout(table: DocxTable, widths: Sequence[float], margin: float) -> None:
    """Fixed column widths in pt (their sum is the table's width) and cell margins in pt."""
    table.autofit = False  # w:tblLayout fixed: Word keeps the widths instead of growing cells
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    properties = table._tbl.tblPr
    total = round(sum(widths) * 20)
    _put(properties, _element("w:tblW", w=str(total), type="dxa"), _TBLPR_ORDER)
    _put(properties, _element("w:tblInd", w="0", type="dxa"), _TBLPR_ORDER)
    margins = _element("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(_element(f"w:{side}", w=str(round(margin * 20)), type="dxa"))
    _put(properties, margins, _TBLPR_ORDER)
    twips = [round(width * 20) for width in widths]
    for column, width in zip(table.columns, twips, strict=True):
        column.width = Emu(width * 635)
    for row in table.rows:
        for cell, width in zip(row.cells, twips, strict=True):
            cell.width = Emu(width * 635)


def _table_look(table: DocxTable, *, first_row: bool, last_row: bool, banded: bool) -> None:
    """Which parts of the table style apply (header row, total row, banded rows).

    Written both ways: Word 2010 and later read the attributes, LibreOffice
    and older Word the ``w:val`` bit mask.
    """
    flag = {True: "1", False: "0"}
    mask = 0x0400  # no banded columns
    mask |= 0x0020 if first_row else 0
    mask |= 0x0040 if last_row else 0
    mask |= 0 if banded else 0x0200
    look = _element(
        "w:tblLook",
        val=f"{mask:04X}",
        firstRow=flag[first_row],
        lastRow=flag[last_row],
        firstColumn="0",
        lastColumn="0",
        noHBand=flag[not banded],
        noVBand="1",
    )
    _put(table._tbl.tblPr, look, _TBLPR_ORDER)


def _table_borders(
    table: DocxTable,
    *,
    outer: tuple[str, int],
    inside_h: tuple[str, int] | None = None,
    inside_v: tuple[str, int] | None = None,
) -> None:
    borders = _element("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        spec = outer if side in ("top", "left", "bottom", "right") else None
        if side == "insideH":
            spec = inside_h
        elif side == "insideV":
            spec = inside_v
        if spec is None:
            borders.append(_element(f"w:{side}", val="nil"))
        else:
            colour, size = spec
            borders.append(
                _element(f"w:{side}", val="single", sz=str(size), space="0", color=colour)
            )
    _put(table._tbl.tblPr, borders, _TBLPR_ORDER)


def _cell_borders(cell: _Cell, *, top: tuple[str, int]) -> None:
    colour, size = top
    borders = _element("w:tcBorders")
    borders.append(_element("w:top", val="single", sz=str(size), space="0", color=colour))
    _put(cell._tc.get_or_add_tcPr(), borders, _TCPR_ORDER)


def _cell_shading(cell: _Cell, fill: str) -> None:
    _put(cell._tc.get_or_add_tcPr(), _shading(fill), _TCPR_ORDER)


def _repeat_header(row: Any) -> None:
    """Word and LibreOffice repeat this row at the top of every page the table spans."""
    _put(row._tr.get_or_add_trPr(), _element("w:tblHeader"), _TRPR_ORDER)


def _cant_split(row: Any) -> None:
    _put(row._tr.get_or_add_trPr(), _element("w:cantSplit"), _TRPR_ORDER)


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG's IHDR chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)
