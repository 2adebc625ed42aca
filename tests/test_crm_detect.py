"""Format detection on samples: encodings, delimiters, number styles, date patterns."""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

import pytest

from salesplan.crm.detect import (
    SAMPLE_BYTES,
    NumberStyle,
    detect_date_format,
    detect_delimiter,
    detect_encoding,
    detect_number_style,
    parse_number,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + b"Deal,Value\nKopi,1", "utf-8-sig"),
        (codecs.BOM_UTF16_LE + "Deal\tValue\n".encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + "Deal\tValue\n".encode("utf-16-be"), "utf-16"),
        ("Zoë,Müller,Café".encode(), "utf-8"),
        ("Zoë,Müller,Café €5".encode("cp1252"), "cp1252"),
        (b"plain ascii,1,2", "utf-8"),
        # a long UTF-8 sample cut inside its last character is still UTF-8
        (("x" * SAMPLE_BYTES + "é").encode()[: SAMPLE_BYTES + 1], "utf-8"),
    ],
)
def test_encoding(data: bytes, encoding: str) -> None:
    assert detect_encoding(data) == encoding


@pytest.mark.parametrize(
    ("lines", "delimiter"),
    [
        (["id,name,value", "1,Kopi,5"], ","),
        (["id;name;value", "1;Kopi;1,5"], ";"),
        (["id\tname\tvalue", "1\tKopi, Teh\t5"], "\t"),
        (["id|name", "1|a"], "|"),
        (['"Id","Amount"', '"006","15000"'], ","),
        (["single column", "value"], ","),
    ],
)
def test_delimiter(lines: list[str], delimiter: str) -> None:
    assert detect_delimiter(lines) == delimiter


@pytest.mark.parametrize(
    ("samples", "decimal", "ambiguous"),
    [
        (["1.234,56", "12,5"], ",", None),
        (["Rp 1.500.000", "Rp 250.000"], ",", None),
        (["$1,200.50", "$80.00"], ".", None),
        (["1,250,000", "2.5"], ".", None),
        (["1500", "2000"], ".", None),
        (["1,234", "5,678"], None, "1,234"),
        (["1.234"], None, "1.234"),
        (["€ 12,5", "(3,75)"], ",", None),
    ],
)
def test_number_style(samples: list[str], decimal: str | None, ambiguous: str | None) -> None:
    style = detect_number_style(samples)
    assert (style.decimal, style.ambiguous_example) == (decimal, ambiguous)


@pytest.mark.parametrize(
    ("text", "decimal", "value"),
    [
        ("1.234,56", ",", 1234.56),
        ("Rp 1.500.000", ",", 1_500_000.0),
        ("$1,200.50", ".", 1200.5),
        ("-1,5", ",", -1.5),
        ("(1,200)", ".", -1200.0),
        ("IDR 2.000.000", ",", 2_000_000.0),
        ("1 234,5", ",", 1234.5),
        ("80.00 USD", ".", 80.0),
    ],
)
def test_parse_number(text: str, decimal: str, value: float) -> None:
    assert parse_number(text, NumberStyle(decimal)) == value  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["abc", "1.2.3,4,5", "--"])
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="is not a number"):
        parse_number(text, NumberStyle(","))


def test_parse_number_needs_a_known_decimal_mark() -> None:
    with pytest.raises(ValueError, match="decimal mark is not known"):
        parse_number("1,234", NumberStyle(None, "1,234"))


@pytest.mark.parametrize(
    ("samples", "pattern"),
    [
        (["2025-03-04", "2025-12-31"], "%Y-%m-%d"),
        (["2024-04-09 21:32:09"], "%Y-%m-%d %H:%M:%S"),
        (["2024-04-09T21:32:09"], "%Y-%m-%dT%H:%M:%S"),
        (["2024-04-09T21:32:09+07:00"], "%Y-%m-%dT%H:%M:%S%z"),
        (["25/12/2025", "03/04/2025"], "%d/%m/%Y"),
        (["12/25/2025", "03/04/2025"], "%m/%d/%Y"),
        (["25.12.2025"], "%d.%m.%Y"),
        (["25.12.2025 14:30"], "%d.%m.%Y %H:%M"),
        (["4 Mar 2025"], "%d %b %Y"),
        (["Mar 4, 2025"], "%b %d, %Y"),
    ],
)
def test_date_pattern(samples: list[str], pattern: str) -> None:
    assert detect_date_format(samples).pattern == pattern


def test_ambiguous_dates_are_not_guessed() -> None:
    guess = detect_date_format(["03/04/2025", "11/12/2025"])
    assert guess.pattern is None
    assert guess.ambiguous == ("%d/%m/%Y", "%m/%d/%Y")
    assert detect_date_format(["03/04/2025"], order="dmy").pattern == "%d/%m/%Y"
    assert detect_date_format(["03/04/2025"], order="mdy").pattern == "%m/%d/%Y"


def test_dates_no_pattern_reads_are_listed() -> None:
    guess = detect_date_format(["2025-03-04", "next tuesday"])
    assert guess.pattern is None
    assert guess.unparsed == ("next tuesday",)


REAL = [
    ("maven_crm/sales_pipeline.csv", "engage_date", ",", "%Y-%m-%d"),
    ("pipedrive_changelog_synthetic/deal_changes.csv", "change_time", ",", "%Y-%m-%d %H:%M:%S"),
    ("salesforce_export_sample/OpportunityHistory.csv", "CreatedDate", ",", "%Y-%m-%d %H:%M:%S"),
    ("olist_funnel/olist_closed_deals_dataset.csv", "won_date", ",", "%Y-%m-%d %H:%M:%S"),
    (
        "olist_funnel/olist_marketing_qualified_leads_dataset.csv",
        "first_contact_date",
        ",",
        "%Y-%m-%d",
    ),
]


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is not here")
@pytest.mark.parametrize(("name", "column", "delimiter", "pattern"), REAL)
def test_real_exports(name: str, column: str, delimiter: str, pattern: str) -> None:
    path = SHARED / name
    head = path.read_bytes()[:SAMPLE_BYTES]
    encoding = detect_encoding(head)
    text = head.decode(encoding, errors="ignore").splitlines()[:200]
    assert detect_delimiter(text) == delimiter
    rows = list(csv.DictReader(text[:-1], delimiter=delimiter))
    assert detect_date_format(row[column] for row in rows).pattern == pattern
