"""The command line, through Typer's CliRunner: every command, every template, bad plans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from salesplan.cli.app import app
from salesplan.plan.templates import LANGUAGES, TEMPLATES

ROOT = Path(__file__).resolve().parents[1]
DERIVED = str(ROOT / "examples" / "derived-quarter.yaml")
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_initialises_validates_and_builds(
    tmp_path: Path, template: str, language: str
) -> None:
    path = tmp_path / "plan.yaml"
    code, out, _ = invoke("init", "--template", template, "--lang", language, str(path))
    assert code == 0, out
    assert path.read_text(encoding="utf-8").lstrip().startswith("#"), "templates are commented"
    assert invoke("validate", str(path))[0] == 0
    code, out, err = invoke("build", str(path), "--as-of", "2026-10-01", "--json")
    assert code == 0, err
    built = json.loads(out)
    assert built["language"] == language
    assert built["deals_required"] > 0
    assert all(h["required"] >= 0 for h in built["headcount"].values())
    code, out, err = invoke("scenarios", str(path), "--as-of", "2026-10-01", "--json")
    assert code == 0, err
    assert {"conservative", "aggressive"} <= set(json.loads(out))


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("mine", encoding="utf-8")
    code, _, err = invoke("init", str(path))
    assert code == 2
    assert "already exists — pass --force" in err
    assert path.read_text(encoding="utf-8") == "mine"


def test_build_json_reproduces_acceptance_example_b() -> None:
    code, out, _ = invoke("build", DERIVED, "--as-of", "2026-11-01", "--json")
    assert code == 0
    built = json.loads(out)
    assert built["working_days"] == 58
    assert built["deals_required"] == 50
    assert [(s["stage"], s["required"]) for s in built["funnel"]] == [
        ("appointment", 250),
        ("demo", 200),
        ("proposal", 100),
    ]
    assert built["activities"]["email"]["total"] == 10000
    assert round(built["activities"]["email"]["per_working_day"], 2) == 172.41
    assert built["headcount"]["SDR"]["required"] == 5
    assert built["headcount"]["AE"]["required"] == 2
    assert {"role": "SDR", "count": 3, "start": "2027-01-01", "hire_by": "2026-11-17"}.items() <= (
        built["hiring"][0].items()
    )


def test_build_tables_show_the_plan() -> None:
    code, out, _ = invoke("build", DERIVED, "--as-of", "2026-11-27")
    assert code == 0
    for text in ("Deals to win", "172.41", "Hiring schedule", "2027-01-11"):
        assert text in out
    assert "SDR hiring had to start on 2026-11-17" in out


def test_explain_one_figure_and_a_wrong_one() -> None:
    code, out, _ = invoke(
        "explain", DERIVED, "headcount.SDR.required", "--as-of", "2026-11-01", "--json"
    )
    assert code == 0
    assert json.loads(out)["headcount.SDR.required"]["formula"] == (
        "SDR required = ceil(172.41 emails/day ÷ 80 + 86.21 calls/day ÷ 40) = ceil(4.31) = 5"
    )
    code, _, err = invoke("explain", DERIVED, "headcount.SRD.required")
    assert code == 2
    assert "did you mean headcount.SDR.required" in err


def test_sensitivity_ranks_inputs() -> None:
    code, out, _ = invoke("sensitivity", DERIVED, "--as-of", "2026-11-01", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows[0]["input"].endswith(".conversion") or rows[0]["input"].startswith("goals.")
    assert {row["input"] for row in rows} >= {"goals.revenue_goal", "team.roles.SDR.capacity.email"}


def test_unknown_scenario_is_a_clean_error() -> None:
    code, _, err = invoke("build", DERIVED, "--scenario", "wild")
    assert code == 2
    assert "unknown scenario 'wild'" in err
    assert "Traceback" not in err


def test_bad_as_of_date_is_a_usage_error() -> None:
    code, _, err = invoke("build", DERIVED, "--as-of", "27/11/2026")
    assert code == 2
    assert "is not a date — write YYYY-MM-DD" in err


BASE = """\
name: Broken
goals:
  period: {start: 2027-01-01, end: 2027-03-31}
  revenue_goal: 100000
  average_deal_value: 5000
  activities:
    call: {name: Calls}
team:
  roles:
    SDR: {name: SDR, capacity: {call: 40}}
strategy:
  stages:
    - id: meeting
      name: Meeting
      owner: SDR
      conversion: 20%
      activities: {call: 10}
"""

BROKEN = [
    (
        BASE.replace("conversion: 20%", "conversion: 1.4"),
        "plan.yaml:16:19 strategy.stages[0].conversion: 1.4 is not a rate — write 40% or 0.4",
    ),
    (
        BASE.replace("conversion: 20%", "convertion: 20%"),
        "plan.yaml:16:7 strategy.stages[0].convertion: unknown key 'convertion' — did you mean "
        "'conversion'?",
    ),
    (
        BASE.replace("owner: SDR", "owner: SRD"),
        "plan.yaml:15:14 strategy.stages[0].owner: unknown role 'SRD' — did you mean 'SDR'?",
    ),
    (
        BASE.replace("revenue_goal: 100000", "revenue_goal: lots"),
        "plan.yaml:4:17 goals.revenue_goal: 'lots' is not an amount — write 250000 or 250k",
    ),
    (
        BASE.replace("end: 2027-03-31", "end: 2026-03-31"),
        "plan.yaml:3:11 goals.period: end 2026-03-31 is before start 2027-01-01",
    ),
    (
        BASE + "  oops: [\n",
        "plan.yaml:19:1 invalid YAML: while parsing a flow node expected the node content, but "
        "found '<stream end>'",
    ),
]


@pytest.mark.parametrize(("text", "message"), BROKEN)
def test_broken_plans_get_one_clear_message(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    errors = [
        line.removeprefix("error: ").replace(str(tmp_path) + "/", "")
        for line in result.stderr.splitlines()
    ]
    assert message in errors


def test_missing_file(tmp_path: Path) -> None:
    code, _, err = invoke("build", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "nope.yaml: file not found" in err.replace("\n", "")


def test_templates_lists_every_template() -> None:
    code, out, _ = invoke("templates")
    assert code == 0
    assert out.split() == list(TEMPLATES)


def test_sensitivity_json_has_the_documented_shape() -> None:
    code, out, _ = invoke("sensitivity", DERIVED, "--as-of", "2026-11-01", "--json")
    assert code == 0
    rows = json.loads(out)
    assert set(rows[0]) == {"input", "value", "low", "base", "high"}
    assert set(rows[0]["low"]) == {"deals", "activities", "headcount"}
    swings = [abs(r["high"]["headcount"] - r["low"]["headcount"]) for r in rows]
    assert swings == sorted(swings, reverse=True)


def test_scenarios_table_lists_every_scenario(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    invoke("init", "--template", "quarter", str(path))
    code, out, _ = invoke("scenarios", str(path), "--as-of", "2026-10-01")
    assert code == 0
    header = next(line for line in out.splitlines() if "conservative" in line)
    assert "aggressive" in header
    assert "Deals to win" in out


def test_indonesian_tables_use_indonesian_words_and_numbers(tmp_path: Path) -> None:
    path = tmp_path / "rencana.yaml"
    invoke("init", "--template", "quarter", "--lang", "id", str(path))
    code, out, _ = invoke("build", str(path), "--as-of", "2026-10-01")
    assert code == 0
    for text in (
        "Deal yang harus dimenangkan",
        "Hari kerja",
        "Jadwal perekrutan",
        "Rp4.000.000.000",
    ):
        assert text in out
    assert "172,41" in out  # decimal comma


@pytest.mark.parametrize(
    ("replace", "with_", "message"),
    [
        ("country: ID", "country: XX", "country: unknown country 'XX'"),
        ("currency: USD", "currency: USD\nlocale: xx_YY", "locale: 'xx_YY' is not a locale"),
        (
            "currency: USD",
            "currency: USD\ncalendar: {weekend: [mon, tue, wed, thu, fri, sat, sun]}",
            "every day of the week is a weekend day",
        ),
    ],
)
def test_settings_that_would_crash_later_are_plan_errors(
    tmp_path: Path, replace: str, with_: str, message: str
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        Path(DERIVED).read_text(encoding="utf-8").replace(replace, with_), encoding="utf-8"
    )
    code, _, err = invoke("build", str(path))
    assert code == 2
    assert message in err


def test_init_into_a_directory_is_a_clean_error(tmp_path: Path) -> None:
    code, _, err = invoke("init", "--force", str(tmp_path))
    assert code == 2
    assert "cannot write the plan" in err
