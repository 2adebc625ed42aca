"""Backtest the forecast on the shared real data (Maven CRM, Olist funnel): docs/accuracy.md.

Builds one workspace per data set in a scratch folder through the generic CSV
importer — the mapping files are written here; the data is read from
``../shared/data`` and never copied into the repository — then runs
``salesplan backtest`` at monthly splits, horizons 60 and 90 days::

    .venv/bin/python benchmarks/backtest_real_data.py [SCRATCH] [--model timing|stage]

Olist records only won deals. Its "deal" is the marketing-qualified lead: created
at ``first_contact_date``, won at ``won_date`` when a closed-deal row exists, open
otherwise (a lost lead is never marked). The importer reads one file per table,
so the two files are first joined into one CSV in the scratch folder (DuckDB,
the query below), and that file is imported with a mapping.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import typer

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

MAVEN_MAPPING = """\
table: deals
source: maven
columns:
  id: opportunity_id
  owner: sales_agent
  organization: account
  stage: deal_stage
  value: close_value
  created_at: engage_date
  closed_at: close_date
  status:
    column: deal_stage
    values: {Won: won, Lost: lost, Engaging: open, Prospecting: open}
"""

OLIST_JOIN = """\
COPY (
  SELECT l.mql_id, l.first_contact_date, l.origin, d.won_date, d.sr_id, d.business_segment,
         CASE WHEN d.mql_id IS NULL THEN 'no' ELSE 'yes' END AS won
  FROM read_csv('{leads}', all_varchar = true) AS l
  LEFT JOIN read_csv('{deals}', all_varchar = true) AS d USING (mql_id)
) TO '{out}' (HEADER, DELIMITER ',')
"""

OLIST_MAPPING = """\
table: deals
source: olist
columns:
  id: mql_id
  created_at: {column: first_contact_date, format: "%Y-%m-%d"}
  closed_at: {column: won_date, format: "%Y-%m-%d %H:%M:%S"}
  source_channel: origin
  owner: sr_id
  industry: business_segment
  stage: {value: MQL}
  status:
    column: won
    values: {"yes": won, "no": open}
"""

# (data set, first split, last split) per horizon: monthly splits the data can judge
SPLITS = {
    "maven": {60: ("2017-05-01", "2017-11-01"), 90: ("2017-06-01", "2017-10-01")},
    "olist": {60: ("2018-03-01", "2018-09-01"), 90: ("2018-04-01", "2018-08-01")},
}


def build_workspaces(scratch: Path) -> dict[str, Path]:
    """Import Maven and Olist into ``scratch/maven`` and ``scratch/olist``."""
    import duckdb
    from ruamel.yaml import YAML

    from salesplan.crm.csv_import import import_csv
    from salesplan.crm.mapping import Mapping
    from salesplan.crm.store import Workspace

    yaml = YAML(typ="safe")
    folders = {}
    maven = scratch / "maven"
    if not (maven / "store.duckdb").exists():
        (scratch / "maven.yaml").write_text(MAVEN_MAPPING, encoding="utf-8")
        import_csv(
            Workspace.open(maven),
            SHARED / "maven_crm" / "sales_pipeline.csv",
            Mapping.model_validate(yaml.load(MAVEN_MAPPING)),
        )
    folders["maven"] = maven
    olist = scratch / "olist"
    if not (olist / "store.duckdb").exists():
        joined = scratch / "olist_leads_and_deals.csv"
        source = SHARED / "olist_funnel"
        duckdb.sql(
            OLIST_JOIN.format(
                leads=source / "olist_marketing_qualified_leads_dataset.csv",
                deals=source / "olist_closed_deals_dataset.csv",
                out=joined,
            )
        )
        (scratch / "olist.yaml").write_text(OLIST_MAPPING, encoding="utf-8")
        import_csv(Workspace.open(olist), joined, Mapping.model_validate(yaml.load(OLIST_MAPPING)))
    folders["olist"] = olist
    return folders


def monthly(first: str, last: str) -> list[str]:
    """First days of the months from *first* to *last* (ISO dates)."""
    import datetime as dt

    from salesplan.plan.dates import add_months

    day, end, days = dt.date.fromisoformat(first), dt.date.fromisoformat(last), []
    while day <= end:
        days.append(day.isoformat())
        day = add_months(day, 1)
    return days


def salesplan_cli() -> typer.Typer:
    """The ``salesplan`` app."""
    from salesplan.cli.app import app

    return app


def main(argv: list[str]) -> None:
    from typer.testing import CliRunner

    app = salesplan_cli()

    scratch = Path(argv[0]) if argv and not argv[0].startswith("-") else None
    model = argv[argv.index("--model") + 1] if "--model" in argv else "timing"
    if not SHARED.is_dir():
        sys.exit(f"{SHARED} is not here: the shared data is needed")
    folder = scratch or Path(tempfile.mkdtemp(prefix="salesplan-backtest-"))
    folder.mkdir(parents=True, exist_ok=True)
    runner = CliRunner()
    for name, workspace in build_workspaces(folder).items():
        for horizon, (first, last) in SPLITS[name].items():
            splits = [arg for day in monthly(first, last) for arg in ("--split", day)]
            command = ["backtest", str(workspace), *splits, "--horizon", f"{horizon}d"]
            command += ["--model", model]
            print(f"$ salesplan {' '.join(command)}", flush=True)
            result = runner.invoke(app, command)
            print(result.stdout, result.stderr if result.exit_code else "", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
