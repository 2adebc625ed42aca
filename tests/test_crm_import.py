"""CSV imports into the workspace: conversions, problems, atomicity and idempotence."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from salesplan.crm.csv_import import ImportFailedError, import_csv
from salesplan.crm.mapping import Mapping
from salesplan.crm.store import Workspace

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

DEALS = {
    "table": "deals",
    "source": "pipedrive",
    "columns": {
        "id": "Deal - ID",
        "title": "Deal - Title",
        "value": "Deal - Value",
        "owner": "Deal - Owner",
        "created_at": "Deal - Deal created",
        "status": {
            "column": "Deal - Status",
            "values": {"Won": "won", "Lost": "lost", "Open": "open"},
        },
    },
}
HEADER = "Deal - ID;Deal - Title;Deal - Value;Deal - Owner;Deal - Deal created;Deal - Status\n"


def utc(*parts: int) -> dt.datetime:
    """A UTC time as the store keeps it: without a zone."""
    return dt.datetime(*parts, tzinfo=dt.UTC).replace(tzinfo=None)  # type: ignore[misc]


def mapping(**changes: Any) -> Mapping:
    data: dict[str, Any] = {**DEALS, **changes}
    return Mapping.model_validate(data)


def csv_file(tmp_path: Path, body: str, encoding: str = "utf-8", name: str = "deals.csv") -> Path:
    path = tmp_path / name
    path.write_bytes((HEADER + body).encode(encoding))
    return path


def deals(workspace: Workspace) -> list[tuple[Any, ...]]:
    with workspace.connect() as db:
        return db.execute(
            "SELECT id, title, value, owner, created_at, status FROM deals ORDER BY id"
        ).fetchall()


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace.open(tmp_path / "ws")


def test_cp1252_decimal_comma_and_local_times(tmp_path: Path, workspace: Workspace) -> None:
    path = csv_file(
        tmp_path,
        "1;Café Kopi;Rp 1.500.000,50;Budi;25/12/2025 10:00;Won\n"
        "2;Teh;(250.000);Sari;13/11/2025 08:30;Lost\n",
        encoding="cp1252",
    )
    result = import_csv(
        workspace, path, mapping(format={"timezone": "Asia/Jakarta"}), date_order="dmy"
    )
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (2, 2, 0)
    assert deals(workspace) == [
        ("1", "Café Kopi", 1_500_000.5, "Budi", utc(2025, 12, 25, 3, 0), "won"),
        ("2", "Teh", -250_000.0, "Sari", utc(2025, 11, 13, 1, 30), "lost"),
    ]
    [record] = workspace.imports()
    assert record.file == str(path.resolve())
    assert len(record.sha256) == 64
    assert record.mapping["format"] == {"encoding": "cp1252", "delimiter": ";", "decimal": ","}


def test_reimport_updates_rows_instead_of_adding_them(tmp_path: Path, workspace: Workspace) -> None:
    first = csv_file(
        tmp_path, "1;A;100;Budi;2025-01-02 09:00;Open\n2;B;200;Sari;2025-01-03 09:00;Open\n"
    )
    import_csv(workspace, first, mapping())
    updated = csv_file(
        tmp_path,
        "2;B;250;Sari;2025-01-03 09:00;Won\n3;C;300;Budi;2025-01-04 09:00;Open\n",
        name="later.csv",
    )
    import_csv(workspace, updated, mapping())
    assert [(row[0], row[2], row[5]) for row in deals(workspace)] == [
        ("1", 100.0, "open"),
        ("2", 250.0, "won"),
        ("3", 300.0, "open"),
    ]
    assert len(workspace.imports()) == 2


def test_one_bad_row_fails_the_whole_import_and_writes_nothing(
    tmp_path: Path, workspace: Workspace
) -> None:
    good = csv_file(tmp_path, "9;Kept;1;Budi;2025-01-02 09:00;Open\n", name="good.csv")
    import_csv(workspace, good, mapping())
    before = deals(workspace)
    bad = csv_file(
        tmp_path,
        "1;A;100;Budi;2025-01-02 09:00;Open\n"
        "2;B;lots;Sari;2025-01-03 09:00;Open\n"
        "3;C;300;Budi;2025-13-45 09:00;Maybe\n"
        ";D;400;Budi;2025-01-05 09:00;Open\n"
        "1;A again;100;Budi;2025-01-02 09:00;Open\n",
    )
    with pytest.raises(ImportFailedError) as caught:
        import_csv(workspace, bad, mapping())
    assert [problem.render() for problem in caught.value.problems] == [
        "deals.csv: row 3, column 'Deal - Value': 'lots' is not a valid float",
        "deals.csv: row 4, column 'Deal - Deal created': '2025-13-45 09:00' is not a valid timestamp",
        "deals.csv: row 4, column 'Deal - Status': 'Maybe' is not in the mapping's values",
        "deals.csv: row 5, column 'Deal - ID': required value missing",
        "deals.csv: row 6, column 'id': '1' repeats the key of row 2",
    ]
    assert "nothing was imported (4 of 5 rows have problems" in str(caught.value)
    assert deals(workspace) == before
    assert len(workspace.imports()) == 1


def test_skip_imports_good_rows_and_keeps_the_rejected_ones(
    tmp_path: Path, workspace: Workspace
) -> None:
    path = csv_file(
        tmp_path, "1;A;100;Budi;2025-01-02 09:00;Open\n2;B;lots;Sari;2025-01-03 09:00;Open\n"
    )
    result = import_csv(workspace, path, mapping(), on_error="skip")
    assert (result.rows_accepted, result.rows_rejected) == (1, 1)
    assert [row[0] for row in deals(workspace)] == ["1"]
    assert result.rejected_file is not None
    lines = result.rejected_file.read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(",problem")
    assert lines[1].startswith("2,B,lots,Sari")
    assert lines[1].endswith("Deal - Value: is not a valid float")
    assert workspace.imports()[0].rejected_file == str(result.rejected_file)


def test_ambiguous_dates_are_refused_until_the_order_is_given(
    tmp_path: Path, workspace: Workspace
) -> None:
    path = csv_file(tmp_path, "1;A;1;Budi;03/04/2025;Open\n2;B;2;Sari;05/06/2025;Open\n")
    with pytest.raises(
        ImportFailedError, match="day-first or month-first — pass --dayfirst or --monthfirst"
    ):
        import_csv(workspace, path, mapping())
    import_csv(workspace, path, mapping(), date_order="mdy")
    assert deals(workspace)[0][4] == utc(2025, 3, 4)


def test_a_mapped_column_missing_from_the_file(tmp_path: Path, workspace: Workspace) -> None:
    path = csv_file(tmp_path, "1;A;1;Budi;2025-01-02;Open\n")
    columns = {**DEALS["columns"], "title": "Deal - Titel"}
    with pytest.raises(
        ImportFailedError,
        match="'Deal - Titel': is not a column of this file — did you mean 'Deal - Title'",
    ):
        import_csv(workspace, path, mapping(columns=columns))


def test_utf16_excel_export(tmp_path: Path, workspace: Workspace) -> None:
    text = "\ufeff" + HEADER.replace(";", "\t") + "1\tÜber\t1,200.50\tAnn\t2025-01-02\tWon\n"
    path = tmp_path / "excel.txt"
    path.write_bytes(text.encode("utf-16-le"))
    import_csv(workspace, path, mapping())
    assert deals(workspace)[0][1:3] == ("Über", 1200.5)


def test_an_interrupted_import_leaves_the_store_as_it_was(
    tmp_path: Path, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_csv(
        workspace, csv_file(tmp_path, "1;A;1;Budi;2025-01-02;Open\n", name="a.csv"), mapping()
    )
    before = (deals(workspace), workspace.imports())

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # after the rows were written, before the commit

    monkeypatch.setattr("salesplan.crm.csv_import.record_import", interrupted)
    with pytest.raises(KeyboardInterrupt):
        import_csv(
            workspace, csv_file(tmp_path, "2;B;2;Sari;2025-01-03;Open\n", name="b.csv"), mapping()
        )
    assert (deals(workspace), workspace.imports()) == before


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is not here")
def test_real_maven_pipeline(tmp_path: Path) -> None:
    workspace = Workspace.open(tmp_path / "ws")
    source = SHARED / "maven_crm" / "sales_pipeline.csv"
    copy = tmp_path / source.name
    shutil.copyfile(source, copy)  # a scratch copy: the shared file is read-only and never changed
    maven = Mapping.model_validate(
        {
            "table": "deals",
            "source": "maven",
            "columns": {
                "id": "opportunity_id",
                "owner": "sales_agent",
                "organization": "account",
                "stage": "deal_stage",
                "value": "close_value",
                "created_at": "engage_date",
                "closed_at": "close_date",
                "status": {
                    "column": "deal_stage",
                    "values": {
                        "Won": "won",
                        "Lost": "lost",
                        "Engaging": "open",
                        "Prospecting": "open",
                    },
                },
            },
        }
    )
    result = import_csv(workspace, copy, maven)
    assert (result.rows_read, result.rows_accepted) == (8800, 8800)
    with workspace.connect() as db:
        counts = dict(db.execute("SELECT status, count(*) FROM deals GROUP BY status").fetchall())
        missing_created = db.execute(
            "SELECT count(*) FROM deals WHERE created_at IS NULL"
        ).fetchone()
    assert sum(counts.values()) == 8800
    assert set(counts) == {"won", "lost", "open"}
    assert missing_created == (500,)  # the 500 Prospecting rows without an engage_date


def test_xlsx_export(tmp_path: Path, workspace: Workspace) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.strip().split(";"))
    sheet.append([1, "Kopi", 1500.5, "Budi", utc(2025, 3, 4, 9, 30), "Won"])
    sheet.append([2, "Teh", 80, "Sari", utc(2025, 3, 5), "Open"])
    path = tmp_path / "deals.xlsx"
    book.save(path)
    result = import_csv(workspace, path, mapping())
    assert (result.rows_read, result.rows_accepted) == (2, 2)
    assert deals(workspace) == [
        ("1", "Kopi", 1500.5, "Budi", utc(2025, 3, 4, 9, 30), "won"),
        ("2", "Teh", 80.0, "Sari", utc(2025, 3, 5), "open"),
    ]
    assert workspace.imports()[0].file == str(path.resolve())


def test_xlsx_problems_name_the_workbook(tmp_path: Path, workspace: Workspace) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.strip().split(";"))
    sheet.append([1, "Kopi", "lots", "Budi", utc(2025, 3, 4), "Won"])
    path = tmp_path / "deals.xlsx"
    book.save(path)
    with pytest.raises(
        ImportFailedError, match=r"deals\.xlsx: row 2, column 'Deal - Value': 'lots'"
    ):
        import_csv(workspace, path, mapping())


def test_timesheets_through_a_suggested_mapping(tmp_path: Path, workspace: Workspace) -> None:
    from ruamel.yaml import YAML

    from salesplan.crm.sample import read_sample
    from salesplan.crm.suggest import suggest_mapping

    path = tmp_path / "timesheet.csv"
    path.write_text(
        "Employee,Date,Activity,Count,Minutes\n"
        "Ana,2025-03-03,call,42,210\n"
        "Ana,2025-03-03,email,80,160\n"
        "Budi,2025-03-03,call,35,190\n",
        encoding="utf-8",
    )
    suggestion = suggest_mapping(read_sample(path), "timesheets", source="sheet")
    assert suggestion.columns == {
        "person": "Employee",
        "date": "Date",
        "activity_type": "Activity",
        "count": "Count",
        "minutes": "Minutes",
    }
    mapping = Mapping.model_validate(YAML(typ="safe").load(suggestion.to_yaml()))
    import_csv(workspace, path, mapping)
    with workspace.connect() as db:
        rows = db.execute(
            "SELECT person, date, activity_type, count, minutes FROM timesheets ORDER BY 1, 3"
        ).fetchall()
    assert rows == [
        ("Ana", dt.date(2025, 3, 3), "call", 42.0, 210.0),
        ("Ana", dt.date(2025, 3, 3), "email", 80.0, 160.0),
        ("Budi", dt.date(2025, 3, 3), "call", 35.0, 190.0),
    ]


def test_progress_hears_every_step_in_order(tmp_path: Path, workspace: Workspace) -> None:
    from salesplan.crm.csv_import import STEPS

    heard: list[str] = []
    path = csv_file(tmp_path, "1;A;1;Budi;2025-01-02;Open\n")
    import_csv(workspace, path, mapping(), progress=heard.append)
    assert heard == list(STEPS)


def test_excel_serial_dates(tmp_path: Path, workspace: Workspace) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.strip().split(";"))
    sheet.append([1, "Kopi", 100, "Budi", 45292, "Won"])  # a date Excel kept as a day number
    sheet.append([2, "Teh", 80, "Sari", 45293.5, "Open"])  # noon the next day
    path = tmp_path / "serials.xlsx"
    book.save(path)
    import_csv(workspace, path, mapping())
    assert [row[4] for row in deals(workspace)] == [utc(2024, 1, 1), utc(2024, 1, 2, 12)]


def test_rejected_rows_cannot_run_as_formulas_in_a_spreadsheet(
    tmp_path: Path, workspace: Workspace
) -> None:
    path = csv_file(
        tmp_path,
        "1;A;100;Budi;2025-01-02 09:00;Open\n"
        '2;=HYPERLINK("http://evil.example");lots;@Sari;2025-01-03 09:00;Open\n'
        "3;-5 deals;-5;+1+1;2025-01-04 09:00;Maybe\n",
    )
    result = import_csv(workspace, path, mapping(), on_error="skip")
    assert result.rows_rejected == 2
    assert result.rejected_file is not None
    with result.rejected_file.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][:4] == ["2", '\'=HYPERLINK("http://evil.example")', "lots", "'@Sari"]
    # a plain negative number stays a number; text that starts like a formula does not
    assert rows[2][:4] == ["3", "'-5 deals", "-5", "'+1+1"]
