"""Every document string has an Indonesian translation, and the Indonesian output has no English."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from report_support import TEMPLATES, template_document
from salesplan.reports.i18n import CATALOG_DIR, extract_messages, translator
from salesplan.reports.markdown import render_markdown

CATALOG = CATALOG_DIR / "id" / "LC_MESSAGES" / "salesplan.po"


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_string_in_the_code_is_translated() -> None:
    found = extract_messages()
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="id")
    missing = sorted(m for m in found if not (catalog.get(m) and catalog.get(m).string))
    assert missing == [], "run scripts/update-catalog and translate: " + ", ".join(missing[:20])


def test_translations_keep_their_placeholders() -> None:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="id")
    wrong = [
        message.id
        for message in catalog
        if message.id
        and isinstance(message.string, str)
        and _placeholders(message.id) != _placeholders(message.string)
    ]
    assert wrong == []


def _english_fragments() -> list[str]:
    """Distinctive English words of every source string whose translation differs."""
    id_ = translator("id")
    fragments: set[str] = set()
    for message in extract_messages():
        if id_.gettext(message) == message:
            continue
        for piece in re.split(r"\{[^}]*\}", message):
            piece = piece.strip(" :·,.()×←→–-%/")
            if len(piece) >= 12 and " " in piece:
                fragments.add(piece)
    return sorted(fragments)


@pytest.mark.parametrize("template", TEMPLATES)
def test_indonesian_documents_have_no_english_leftovers(template: str) -> None:
    document = template_document("id", template)
    text = render_markdown(document.report)
    for chart in document.report.figures():
        text += "\n" + chart.chart.to_svg()
    leftovers = [fragment for fragment in _english_fragments() if fragment in text]
    assert leftovers == []


@pytest.mark.parametrize("template", ["quarter", "saas-inbound"])
def test_indonesian_workbooks_have_no_english_leftovers(template: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = template_document("id", template).write("xlsx", tmp_path / "plan.xlsx")
    workbook = load_workbook(path)
    texts = [workbook.sheetnames[0], *workbook.sheetnames]
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            texts += [
                value for value in row if isinstance(value, str) and not value.startswith("=")
            ]
    text = "\n".join(texts)
    leftovers = [fragment for fragment in _english_fragments() if fragment in text]
    assert leftovers == []


def test_documents_in_the_plan_language_by_default_and_the_reader_language_on_request() -> None:
    id_report = template_document("id", "quarter").report
    assert id_report.labels["contents"] == "Daftar isi"
    assert translator("en").gettext("Contents") == "Contents"
