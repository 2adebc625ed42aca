"""``salesplan report``: every format, --format all, and clean errors."""

from __future__ import annotations

import zipfile
from pathlib import Path

from typer.testing import CliRunner

from salesplan.cli.app import app

runner = CliRunner()
PLAN = Path(__file__).resolve().parent.parent / "examples" / "derived-quarter.yaml"


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_format_follows_the_output_suffix(tmp_path: Path) -> None:
    code, out, err = invoke(
        "report", str(PLAN), "-o", str(tmp_path / "plan.md"), "--as-of", "2026-11-01"
    )
    assert code == 0, err
    assert out.strip() == f"wrote {tmp_path / 'plan.md'}"
    text = (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert text.startswith("# Derived quarter")
    assert (tmp_path / "plan_files" / "funnel.svg").exists()


def test_format_all_writes_every_format_into_a_folder(tmp_path: Path) -> None:
    out_dir = tmp_path / "docs"
    code, _, err = invoke(
        "report",
        str(PLAN),
        "--format",
        "all",
        "-o",
        str(out_dir),
        "--lang",
        "id",
        "--as-of",
        "2026-11-01",
    )
    assert code == 0, err
    names = sorted(p.name for p in out_dir.iterdir())
    assert names == sorted(
        [
            "derived-quarter.html",
            "derived-quarter.pdf",
            "derived-quarter.docx",
            "derived-quarter.xlsx",
            "derived-quarter.md",
            "derived-quarter_files",
        ]
    )
    assert (out_dir / "derived-quarter.pdf").read_bytes().startswith(b"%PDF")
    for office in ["derived-quarter.docx", "derived-quarter.xlsx"]:
        assert zipfile.is_zipfile(out_dir / office)
    assert "Ringkasan eksekutif" in (out_dir / "derived-quarter.html").read_text(encoding="utf-8")
    assert not [p for p in out_dir.iterdir() if p.name.endswith(".partial")]


def test_unknown_suffix_unknown_scenario_and_folder_output_are_clean_errors(tmp_path: Path) -> None:
    code, _, err = invoke("report", str(PLAN), "-o", str(tmp_path / "plan.txt"))
    assert code == 2
    assert "cannot tell the format from 'plan.txt'" in err
    code, _, err = invoke("report", str(PLAN), "-o", str(tmp_path / "p.html"), "--scenario", "nope")
    assert code == 2
    assert "no scenario 'nope'" in err
    code, _, err = invoke("report", str(PLAN), "-f", "pdf", "-o", str(tmp_path))
    assert code == 2
    assert "is a folder" in err


def test_a_broken_plan_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "plan.yaml"
    broken.write_text(
        PLAN.read_text(encoding="utf-8").replace("revenue_goal: 250000", "revenue_goal: lots"),
        encoding="utf-8",
    )
    code, _, err = invoke("report", str(broken), "-o", str(tmp_path / "p.html"))
    assert code == 2
    assert "revenue_goal" in err
    assert "Traceback" not in err
    assert not (tmp_path / "p.html").exists()
