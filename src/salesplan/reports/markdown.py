"""The report as GitHub-flavoured Markdown, for git and wikis.

A ``#`` title, a table of contents whose links follow GitHub's heading
anchors, ``##`` sections and ``###`` subsections, pipe tables with an
alignment row, callouts as block quotes, cards as ``####`` headings with
bullet lists. Charts become SVG files beside the document
(``plan.md`` → ``plan_files/funnel.svg``), linked as images.

Every string in the tree is plain text, so everything Markdown would read
as markup is escaped: emphasis, links, raw HTML, a ``#`` or ``-`` that
would start a heading or a list, ``|`` in table cells, ``$`` that GitHub
reads as math. User text never produces HTML.

>>> _inline("<script>alert(1)</script> costs $5 | *now*")
'\\\\<script>alert(1)\\\\</script> costs \\\\$5 \\\\| \\\\*now\\\\*'
>>> _block_start(_inline("# 1 goal")), _block_start(_inline("2027. A good year"))
('\\\\# 1 goal', '2027\\\\. A good year')
>>> slugger = _Slugger()
>>> slugger.slug("2. Tim & Rekrutmen (Q1–Q2)"), slugger.slug("Ringkasan"), slugger.slug("Ringkasan")
('2-tim--rekrutmen-q1q2', 'ringkasan', 'ringkasan-1')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from salesplan.reports.document import (
    Block,
    BulletList,
    Callout,
    Figure,
    KeyFigures,
    Paragraph,
    Report,
    Section,
    Table,
)

__all__ = ["render_markdown", "write_markdown"]

CALLOUT_MARK = {"warning": "\u26a0", "info": "\u2139"}

# control characters and the like: dropped from user text
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_NEWLINE = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
# escaped wherever they stand: emphasis, code, links and images, raw HTML and
# autolinks, strikethrough, table cells, GitHub math
_ACTIVE = re.compile(r"([\\`*_\[\]<~|$])")
# "&amp;" and "&#60;" would show as "&" and "<"
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# at the start of a block: a heading, a quote, a list item, an ordered list item
_LIST_NUMBER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def render_markdown(
    report: Report, *, figure_dir: Path | None = None, figure_prefix: str = ""
) -> str:
    """*report* as Markdown text.

    With *figure_dir*, every chart is written there as ``<chart.id>.svg`` and
    linked as ``figure_prefix + <chart.id>.svg``; without, a figure is its
    caption in italics.
    """
    return _Renderer(report, figure_dir, figure_prefix).render()


def write_markdown(report: Report, path: Path) -> None:
    """Write *report* to *path*, its charts as SVG files in ``<stem>_files/`` beside it."""
    folder = f"{path.stem}_files"
    text = render_markdown(report, figure_dir=path.with_name(folder), figure_prefix=f"{folder}/")
    path.write_text(text, encoding="utf-8", newline="\n")


# ---------------------------------------------------------------- rendering


@dataclass
class _Entry:
    level: int
    text: str
    slug: str


@dataclass
class _Renderer:
    report: Report
    figure_dir: Path | None
    figure_prefix: str
    slugger: _Slugger = field(default_factory=lambda: _Slugger())
    contents: list[_Entry] = field(default_factory=list)
    figure_names: set[str] = field(default_factory=set)

    def render(self) -> str:
        report = self.report
        head = [self.heading(1, report.title)[0]]
        if report.subtitle:
            head.append(_block_start(_inline(report.subtitle)))
        generated = report.labels.get("generated", "")
        if generated:
            head.append(_emphasis(_inline(generated)))
        body: list[str] = []
        for section in report.sections:
            body.extend(self.section(section, 2))
        chunks = [*head, *self.table_of_contents(), *body]
        lines = "\n\n".join(chunk for chunk in chunks if chunk).splitlines()
        return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"

    def table_of_contents(self) -> list[str]:
        if not self.contents:
            return []
        title = _strong(_inline(self.report.labels.get("contents", "Contents")))
        top = min(entry.level for entry in self.contents)
        items = [
            "  " * (entry.level - top) + f"- [{entry.text}](#{entry.slug})"
            for entry in self.contents
        ]
        return [title, "\n".join(items)]

    def heading(self, level: int, text: str) -> tuple[str, str]:
        """An ATX heading and its anchor, taken as GitHub takes them: in document order."""
        slug = self.slugger.slug(
            " ".join(line.strip() for line in _plain(text).strip().split("\n"))
        )
        return "#" * min(level, 6) + " " + _heading_text(text), slug

    def section(self, section: Section, level: int) -> Iterator[str]:
        heading, slug = self.heading(level, section.heading)
        self.contents.append(_Entry(level, _heading_text(section.heading), slug))
        yield heading
        for block in section.blocks:
            yield from self.block(block, level)
        for sub in section.subsections:
            yield from self.section(sub, level + 1)

    def block(self, block: Block, level: int) -> Iterator[str]:
        if isinstance(block, Paragraph):
            text = _block_start(_inline(block.text))
            if text:
                yield _emphasis(text) if block.style == "note" else text
        elif isinstance(block, BulletList):
            if block.title:
                yield _strong(_inline(block.title))
            yield "\n".join(_items(block.items))
        elif isinstance(block, Callout):
            mark = CALLOUT_MARK[block.kind]
            yield f"> **{mark}** {_inline(block.text)}".rstrip()
        elif isinstance(block, Table):
            yield from self.table(block)
        elif isinstance(block, Figure):
            yield from self.figure(block)
        elif isinstance(block, KeyFigures):
            if block.figures:
                rows = [
                    [
                        _inline(figure.label),
                        _strong(_inline(figure.value))
                        + (f"<br>{_inline(figure.detail)}" if figure.detail.strip() else ""),
                    ]
                    for figure in block.figures
                ]
                yield _pipe_table(["", ""], rows, ["left", "left"])
        else:
            for card in block.cards:
                yield self.heading(max(4, level + 1), card.title)[0]
                if card.subtitle:
                    yield _emphasis(_inline(card.subtitle))
                lines: list[str] = []
                for label, items in card.fields:
                    lines.append(f"- {_strong(_inline(label))}")
                    lines.extend("  " + item for item in _items(items))
                if lines:
                    yield "\n".join(lines)

    def table(self, block: Table) -> Iterator[str]:
        columns = len(block.columns)
        if columns == 0:
            return
        if block.caption:
            yield _emphasis(_inline(block.caption))
        rows = [
            [_inline(cell) for cell in [*row[:columns], *[""] * (columns - len(row))]]
            for row in block.rows
        ]
        if block.total_row and rows:
            rows[-1] = [_strong(cell) for cell in rows[-1]]
        yield _pipe_table(
            [_inline(title) for title in block.columns],
            rows,
            [block.alignment(index) for index in range(columns)],
        )

    def figure(self, block: Figure) -> Iterator[str]:
        caption = block.caption or block.chart.title
        if self.figure_dir is not None:
            name = self.figure_name(block.chart.id)
            self.figure_dir.mkdir(parents=True, exist_ok=True)
            (self.figure_dir / name).write_text(
                block.chart.to_svg(), encoding="utf-8", newline="\n"
            )
            alt = _inline(" ".join(_plain(caption).split()))
            yield f"![{alt}]({quote(self.figure_prefix + name, safe='/:@')})"
        if caption.strip():
            yield _emphasis(_inline(caption))

    def figure_name(self, chart_id: str) -> str:
        """``<chart.id>.svg``, made a safe file name and unique within the document."""
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", chart_id).strip(".-") or "figure"
        name, number = f"{stem}.svg", 1
        while name in self.figure_names:
            number += 1
            name = f"{stem}-{number}.svg"
        self.figure_names.add(name)
        return name


# ---------------------------------------------------------------- GitHub anchors


class _Slugger:
    """Heading anchors as GitHub makes them: lower case, spaces to hyphens, punctuation gone.

    Letters, marks, digits, ``_`` and ``-`` stay (so ``Pemasaran & Penjualan``
    becomes ``pemasaran--penjualan``); a repeated anchor gets ``-1``, ``-2``.
    """

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def slug(self, text: str) -> str:
        base = "".join(_slug_char(char) for char in text.lower())
        slug = base
        while slug in self._seen:
            self._seen[base] += 1
            slug = f"{base}-{self._seen[base]}"
        self._seen[slug] = 0
        return slug


def _slug_char(char: str) -> str:
    if char == " ":
        return "-"
    if char in "-_":
        return char
    category = unicodedata.category(char)
    return char if category[0] in "LM" or category in ("Nd", "Nl", "Pc") else ""


# ---------------------------------------------------------------- escaping


def _plain(text: str) -> str:
    """*text* without invisible characters, with ``\\n`` line ends."""
    return _NEWLINE.sub("\n", _INVISIBLE.sub("", text))


def _inline(text: str) -> str:
    """Plain *text* as Markdown inline content that shows exactly that text, on one line."""
    lines = [line.strip() for line in _plain(text).strip().split("\n")]
    escaped = [_ENTITY.sub("\\\\&", _ACTIVE.sub(r"\\\1", line)) for line in lines]
    return "<br>".join(escaped)


def _block_start(text: str) -> str:
    """Escape what would make escaped inline *text* a heading, quote or list at a block start."""
    if text[:1] in ("#", ">", "-", "+", "="):
        return "\\" + text
    return _LIST_NUMBER.sub(r"\1\\\2", text)


def _heading_text(text: str) -> str:
    # inside a heading a trailing "#" would close it: escape every "#"
    return " ".join(_inline(text).split("<br>")).replace("#", "\\#")


def _emphasis(text: str) -> str:
    return f"*{text}*" if text else ""


def _strong(text: str) -> str:
    return f"**{text}**" if text else ""


def _items(items: Sequence[str]) -> Iterator[str]:
    for item in items:
        text = _block_start(_inline(item))
        if text:
            yield f"- {text}"


def _pipe_table(header: Sequence[str], rows: Sequence[Sequence[str]], align: Sequence[str]) -> str:
    """A GFM pipe table, padded so its columns line up in the source too."""
    widths = [
        max([3, _width(header[index]), *(_width(row[index]) for row in rows)])
        for index in range(len(header))
    ]

    def line(cells: Sequence[str]) -> str:
        padded = [
            _pad(cell, width, right=side == "right")
            for cell, width, side in zip(cells, widths, align, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = [
        "-" * (width - 1) + (":" if side == "right" else "-")
        for width, side in zip(widths, align, strict=True)
    ]
    return "\n".join([line(header), "| " + " | ".join(rule) + " |", *(line(row) for row in rows)])


def _width(text: str) -> int:
    """Columns *text* takes in a monospaced editor (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int, *, right: bool) -> str:
    space = " " * (width - _width(text))
    return space + text if right else text + space
