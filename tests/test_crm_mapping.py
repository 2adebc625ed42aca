"""Mapping files and the mapping salesplan proposes from a file's header and values."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from ruamel.yaml import YAML

from salesplan.crm.mapping import ColumnRule, Mapping
from salesplan.crm.sample import SampleError, read_sample
from salesplan.crm.suggest import suggest_mapping

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_pipedrive_style_headers_are_recognised(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Deal - ID;Deal - Title;Deal - Stage;Deal - Value;Deal - Owner;Deal - Deal created;Deal - Lost reason\n"
        "1;Kopi Kenangan;Won;1.500.000,00;Budi;25/12/2025;\n"
        "2;Teh Botol;Lost;250.000,50;Sari;13/11/2025;Price\n"
        "3;Roti;Proposal Made;80.000,00;Budi;01/10/2025;\n",
        encoding="cp1252",
    )
    suggestion = suggest_mapping(read_sample(path), source="pipedrive")
    assert suggestion.columns == {
        "id": "Deal - ID",
        "title": "Deal - Title",
        "stage": "Deal - Stage",
        "value": "Deal - Value",
        "owner": "Deal - Owner",
        "created_at": "Deal - Deal created",
        "lost_reason": "Deal - Lost reason",
    }
    assert (suggestion.encoding, suggestion.delimiter, suggestion.decimal) == ("utf-8", ";", ",")
    assert suggestion.date_format == "%d/%m/%Y"
    assert suggestion.status_values == {"Lost": "lost", "Proposal Made": "open", "Won": "won"}
    mapping = Mapping.model_validate(YAML(typ="safe").load(suggestion.to_yaml()))
    assert mapping.rule("status") == ColumnRule(
        column="Deal - Stage", values={"Lost": "lost", "Proposal Made": "open", "Won": "won"}
    )
    assert mapping.format.decimal == ","


def test_ambiguous_dates_are_left_for_a_person(tmp_path: Path) -> None:
    path = write(tmp_path, "id,status,created\n1,won,03/04/2025\n2,lost,05/06/2025\n")
    suggestion = suggest_mapping(read_sample(path))
    assert suggestion.date_format is None
    assert any("day-first or month-first" in note for note in suggestion.notes)
    assert "date_format: null" in suggestion.to_yaml()


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    path = write(tmp_path, "name,amount\nKopi,5\n")
    suggestion = suggest_mapping(read_sample(path))
    assert "no column found for required 'id': map it by hand" in suggestion.notes
    assert "no column found for required 'status': map it by hand" in suggestion.notes


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"id": "a", "statsu": "b"}, "deals has no column 'statsu' — did you mean 'status'?"),
        ({"id": "a"}, "required columns of deals are not mapped: status"),
        ({"id": "a", "status": {"values": {"W": "won"}}}, "give either column"),
    ],
)
def test_bad_mappings(columns: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Mapping.model_validate({"table": "deals", "source": "x", "columns": columns})


def test_unreadable_samples(tmp_path: Path) -> None:
    with pytest.raises(SampleError, match="the file is empty"):
        read_sample(write(tmp_path, "  \n"))
    with pytest.raises(SampleError, match="column names appear twice: id"):
        read_sample(write(tmp_path, "id,id\n1,2\n"))
    with pytest.raises(SampleError, match="cannot read"):
        read_sample(tmp_path / "missing.csv")


def test_utf16_tab_export_from_excel(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "\ufeffRecord ID\tDeal Name\tDeal Stage\tAmount\n7\tBig deal\tClosed Won\t1,200.50\n",
        "utf-16-le",
    )
    sample = read_sample(path)
    assert (sample.encoding, sample.delimiter) == ("utf-16", "\t")
    suggestion = suggest_mapping(sample, source="hubspot")
    assert suggestion.columns["id"] == "Record ID"
    assert suggestion.status_values == {"Closed Won": "won"}
    assert suggestion.decimal == "."


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is not here")
def test_real_maven_pipeline() -> None:
    suggestion = suggest_mapping(read_sample(SHARED / "maven_crm" / "sales_pipeline.csv"))
    assert suggestion.columns["id"] == "opportunity_id"
    assert suggestion.columns["owner"] == "sales_agent"
    assert suggestion.columns["value"] == "close_value"
    assert suggestion.status_column == "deal_stage"
    assert suggestion.date_format == "%Y-%m-%d"
    Mapping.model_validate(YAML(typ="safe").load(suggestion.to_yaml()))
