"""The report as a format-neutral tree: sections of blocks, written once, rendered four ways.

``content.build_report`` fills this tree with translated, locale-formatted
text; the HTML, PDF, DOCX and Markdown writers only lay it out. Every string
in the tree is plain text: the writers escape it for their format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from salesplan.reports.chart import Chart

__all__ = [
    "Align",
    "Block",
    "BulletList",
    "Callout",
    "Card",
    "Cards",
    "Figure",
    "KeyFigure",
    "KeyFigures",
    "Paragraph",
    "Report",
    "Section",
    "Table",
]

Align = Literal["left", "right"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    style: Literal["body", "lead", "note"] = "body"


@dataclass(frozen=True, slots=True)
class BulletList:
    items: list[str]
    title: str = ""


@dataclass(frozen=True, slots=True)
class Callout:
    """A warning or risk the reader must act on."""

    text: str
    kind: Literal["warning", "info"] = "warning"


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of plain-text cells; ``align`` per column (numbers right-aligned)."""

    columns: list[str]
    rows: list[list[str]]
    align: list[Align] = field(default_factory=list)
    caption: str = ""
    total_row: bool = False  # the last row is a total, set in bold

    def alignment(self, index: int) -> Align:
        return self.align[index] if index < len(self.align) else "left"


@dataclass(frozen=True, slots=True)
class Figure:
    chart: Chart
    caption: str = ""


@dataclass(frozen=True, slots=True)
class KeyFigure:
    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class KeyFigures:
    """The headline numbers of the executive summary."""

    figures: list[KeyFigure]


@dataclass(frozen=True, slots=True)
class Card:
    """A persona or a stage: a title and labelled lists."""

    title: str
    subtitle: str = ""
    fields: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Cards:
    cards: list[Card]


Block = Paragraph | BulletList | Callout | Table | Figure | KeyFigures | Cards


@dataclass(slots=True)
class Section:
    """A numbered section (``number`` is empty for cover, summary and appendix)."""

    id: str
    title: str
    number: str = ""
    blocks: list[Block] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass(slots=True)
class Report:
    """A whole plan document: title page facts, then sections in the plan's order."""

    title: str
    subtitle: str
    language: str
    locale: str
    page_size: Literal["A4", "Letter"]
    sections: list[Section]
    labels: dict[str, str] = field(default_factory=dict)  # "contents", "page", "of", "generated"

    def figures(self) -> list[Figure]:
        """Every figure, in reading order."""
        found: list[Figure] = []

        def walk(section: Section) -> None:
            found.extend(block for block in section.blocks if isinstance(block, Figure))
            for sub in section.subsections:
                walk(sub)

        for section in self.sections:
            walk(section)
        return found
