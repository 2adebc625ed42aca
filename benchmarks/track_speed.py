"""``salesplan track`` speed on the 1M-deal / 5M-stage-change / 10M-activity store.

    .venv/bin/python benchmarks/track_speed.py              # the full store
    .venv/bin/python benchmarks/track_speed.py --scale 0.1  # a tenth of it
    .venv/bin/python benchmarks/track_speed.py --keep /tmp/bench-ws   # keep (or reuse) the store

The store is the one ``calibrate_speed.py`` generates (deals over 700 days from
2023-01-01 through five stages, 200 owners), plus a ``people`` table giving the
first 60 owners the SDR role and the others the AE role. The plan tracks Q4 2024
as of 2024-11-15. Each view — the leader's, ``--role sdr``, ``--role ae``,
``--role manager`` and ``--rep rep7`` — is timed in-process (``track`` from the
Ibis tables to the finished report: every query, the roster, pacing, forecast,
leaderboard), best and median of ``--runs``; then one whole ``salesplan track``
process for the leader's view. Goal: < 2 s per view.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from calibrate_speed import GENERATE

PLAN = """\
name: Q4 2024 at scale
currency: USD
country: US
goals:
  period: {start: 2024-10-01, horizon: quarter}
  revenue_goal: 400m
  average_deal_value: 4500
  activities:
    call: {name: Calls}
    email: {name: Emails}
    meeting: {name: Meetings}
    demo: {name: Demos}
team:
  roles:
    SDR: {name: Sales Development Rep, capacity: {call: 60, email: 80}}
    AE: {name: Account Executive, capacity: {meeting: 8, demo: 6}, carries_quota: true}
    SM: {name: Sales Manager, manages: [SDR, AE], span_of_control: 8}
strategy:
  stages:
    - {id: lead, name: Lead, owner: SDR, conversion: 80%, days_in_stage: 5, activities: {call: 2, email: 3}}
    - {id: qualified, name: Qualified, owner: SDR, conversion: 80%, days_in_stage: 8, activities: {call: 1}}
    - {id: demo, name: Demo, owner: AE, conversion: 80%, days_in_stage: 10, activities: {demo: 1}}
    - {id: proposal, name: Proposal, owner: AE, conversion: 75%, days_in_stage: 12, activities: {meeting: 1}}
    - {id: negotiation, name: Negotiation, owner: AE, conversion: 80%, days_in_stage: 7}
"""
VIEWS = {
    "leader": {},
    "--role sdr": {"role": "sdr"},
    "--role ae": {"role": "ae"},
    "--role manager": {"role": "manager"},
    "--rep rep7": {"rep": "rep7"},
}
AS_OF = dt.date(2024, 11, 15)


def make_store(folder: Path, scale: float) -> None:
    import duckdb

    from salesplan.crm.store import Workspace

    if (folder / "store.duckdb").exists():
        return
    Workspace.open(folder)
    sizes = {
        "deals": int(1_000_000 * scale),
        "changes": int(5_000_000 * scale),
        "activities": int(10_000_000 * scale),
    }
    con = duckdb.connect(str(folder / "store.duckdb"))
    con.execute(GENERATE.format(**sizes))
    con.execute(
        "INSERT INTO people (source, id, name, role) SELECT 'bench', 'rep' || i, 'rep' || i,"
        " CASE WHEN i < 60 THEN 'SDR' ELSE 'AE' END FROM range(200) t(i)"
    )
    con.close()


def time_views(workspace: Path, runs: int) -> None:
    import ibis

    from salesplan.analytics.tracking import track
    from salesplan.engine import build
    from salesplan.engine.build import calendar_for
    from salesplan.plan import loads

    plan = loads(PLAN)
    result = build(plan)
    days = calendar_for(plan).working_days(result.period_start, result.period_end)
    print(f"{'view':<16} {'best':>7} {'median':>7}  KPIs  at risk")
    for label, options in VIEWS.items():
        seconds = []
        for _ in range(runs):
            started = time.perf_counter()
            con = ibis.duckdb.connect(str(workspace / "store.duckdb"), read_only=True)
            con.raw_sql("SET TimeZone = 'UTC'")
            tables = {
                name: con.table(name)
                for name in ("deals", "stage_changes", "activities", "leads", "people")
            }
            tracking = track(tables, plan, result, days, AS_OF, **options)  # type: ignore[arg-type]
            con.disconnect()
            seconds.append(time.perf_counter() - started)
        print(
            f"{label:<16} {min(seconds):>6.2f}s {statistics.median(seconds):>6.2f}s"
            f"  {len(tracking.lines):>4}  {len(tracking.alerts):>6}"
        )


def time_process(workspace: Path, plan_file: Path) -> None:
    command = [
        str(Path(sys.executable).parent / "salesplan"),
        "track",
        str(plan_file),
        "--data",
        str(workspace),
        "--as-of",
        AS_OF.isoformat(),
    ]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    print(
        f"whole process (leader view): {time.perf_counter() - started:.2f}s, exit {done.returncode}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 1M/5M/10M rows")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per view")
    parser.add_argument("--keep", type=Path, help="keep (or reuse) the store in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="salesplan-track-") as scratch:
        workspace = args.keep or Path(scratch) / "ws"
        started = time.perf_counter()
        make_store(workspace, args.scale)
        print(f"store ready in {time.perf_counter() - started:.1f}s ({workspace})")
        plan_file = Path(scratch) / "plan.yaml"
        plan_file.write_text(PLAN, encoding="utf-8")
        time_views(workspace, args.runs)
        time_process(workspace, plan_file)


if __name__ == "__main__":
    main()
