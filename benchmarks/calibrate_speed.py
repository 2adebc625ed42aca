"""Calibration speed at scale: the Ibis metrics on DuckDB against pandas on the same data.

    .venv/bin/python benchmarks/calibrate_speed.py                 # 1M deals, 5M stage changes, 10M activities
    .venv/bin/python benchmarks/calibrate_speed.py --scale 0.1     # a tenth of that

A workspace is generated with DuckDB (deals with varied paths through six stages,
outcomes, values and owners; activities linked to deals). Then, each in a fresh
process so that peak memory is its own:

- ``calibrate``: ``salesplan.analytics.calibration.calibrate`` over the workspace;
- ``pandas``: the same metrics (deal counts, win rate, won value, stage
  conversions, time in stage, sales cycle, activities per won deal, daily
  throughput, win rate by month in both cohorts, seasonality) written
  straightforwardly in pandas, after reading the tables into DataFrames.

It prints wall time and peak RSS of each and their ratio. ``--scales 0.1,0.5,1``
shows how the time grows.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GENERATE = """
INSERT INTO deals (source, id, status, value, owner, created_at, closed_at)
SELECT 'bench', 'd' || i,
       CASE WHEN i % 5 = 0 THEN 'open' WHEN i % 3 = 0 THEN 'lost' ELSE 'won' END,
       100 + (i * 37) % 9000, 'rep' || (i % 200),
       TIMESTAMP '2023-01-01' + INTERVAL (i % 700) DAY,
       CASE WHEN i % 5 = 0 THEN NULL ELSE TIMESTAMP '2023-01-01' + INTERVAL (i % 700 + 20 + i % 60) DAY END
FROM range({deals}) t(i);
INSERT INTO stage_changes (source, deal_id, to_stage, changed_at)
SELECT 'bench', 'd' || (k // 5), ['Lead', 'Qualified', 'Demo', 'Proposal', 'Negotiation'][k % 5 + 1],
       TIMESTAMP '2023-01-01' + INTERVAL ((k // 5) % 700) DAY + INTERVAL (k % 5 * (3 + k % 7)) DAY
FROM range({changes}) t(k);
INSERT INTO activities (source, id, type, owner, deal_id, created_at, done_at, done)
SELECT 'bench', 'a' || j, ['email', 'call', 'meeting', 'demo'][j % 4 + 1], 'rep' || (j % 200),
       'd' || (j % {deals}), TIMESTAMP '2023-01-01' + INTERVAL (j % 700) DAY,
       TIMESTAMP '2023-01-01' + INTERVAL (j % 700) DAY, true
FROM range({activities}) t(j);
"""

CALIBRATE = """
import sys
from pathlib import Path
from salesplan.analytics.calibration import calibrate
from salesplan.crm.store import Workspace
result = calibrate(Workspace.open(Path(sys.argv[1]), create=False))
print(result.win_rate.value, len(result.conversions))
"""

PANDAS = """
import sys, duckdb
store = sys.argv[1] + "/store.duckdb"
con = duckdb.connect(store, read_only=True)
deals = con.execute("SELECT * FROM deals").df()
changes = con.execute("SELECT * FROM stage_changes").df()
activities = con.execute("SELECT * FROM activities").df()
counts = deals["status"].value_counts()
closed = deals[deals["status"].isin(["won", "lost"])]
win_rate = (closed["status"] == "won").mean()
won = deals[deals["status"] == "won"]
values = won["value"].describe()
order = ["Lead", "Qualified", "Demo", "Proposal", "Negotiation"]
position = changes["to_stage"].map({s: i for i, s in enumerate(order)})
furthest = position.groupby(changes["deal_id"]).max()
reached = [(furthest >= i).sum() for i in range(len(order))]
changes = changes.sort_values(["deal_id", "changed_at", "to_stage"])
changes["left_at"] = changes.groupby("deal_id")["changed_at"].shift(-1)
stays = (changes["left_at"] - changes["changed_at"]).dt.total_seconds() / 86400
per_stage = stays.groupby(changes["to_stage"]).quantile([0.5, 0.75, 0.9])
cycle = ((won["closed_at"] - won["created_at"]).dt.total_seconds() / 86400).quantile([0.5, 0.75, 0.9])
linked = activities.merge(won[["id"]], left_on="deal_id", right_on="id")
per_won = linked.groupby("type").size() / len(won)
by_closed = closed.groupby(closed["closed_at"].dt.strftime("%Y-%m"))["status"].apply(lambda s: (s == "won").mean())
by_created = closed.groupby(closed["created_at"].dt.strftime("%Y-%m"))["status"].apply(lambda s: (s == "won").mean())
monthly = won.groupby([won["closed_at"].dt.strftime("%Y-%m"), won["closed_at"].dt.month]).size()
season = monthly.groupby(level=1).mean()
season = season / season.mean()
throughput = activities.groupby(["owner", activities["done_at"].dt.date, "type"]).size().groupby("type").median()
print(win_rate, len(reached))
"""


_PEAK = "\nimport resource\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"


def run(code: str, workspace: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (GB) of *code* in a fresh interpreter (which reports its own peak)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code + _PEAK, str(workspace)],
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    peak_kib = int(done.stdout.strip().splitlines()[-1])
    return seconds, peak_kib / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default="1", help="comma-separated fractions of 1M/5M/10M rows")
    parser.add_argument("--no-pandas", action="store_true", help="skip the pandas baseline")
    args = parser.parse_args()
    import duckdb

    from salesplan.crm.store import Workspace

    print(
        f"{'scale':>6} {'deals':>10} {'changes':>11} {'activities':>11} {'calibrate':>10} {'RSS':>7} {'pandas':>9} {'RSS':>7} {'ratio':>6}"
    )
    for scale in (float(s) for s in args.scales.split(",")):
        sizes = {
            "deals": int(1_000_000 * scale),
            "changes": int(5_000_000 * scale),
            "activities": int(10_000_000 * scale),
        }
        with tempfile.TemporaryDirectory(prefix="salesplan-calibrate-") as scratch:
            workspace = Path(scratch) / "ws"
            Workspace.open(workspace)
            con = duckdb.connect(str(workspace / "store.duckdb"))
            con.execute(GENERATE.format(**sizes))
            con.close()
            ours, ours_rss = run(CALIBRATE, workspace)
            theirs, theirs_rss = (
                (float("nan"), float("nan")) if args.no_pandas else run(PANDAS, workspace)
            )
            print(
                f"{scale:>6} {sizes['deals']:>10,} {sizes['changes']:>11,} {sizes['activities']:>11,}"
                f" {ours:>9.1f}s {ours_rss:>6.2f}G {theirs:>8.1f}s {theirs_rss:>6.2f}G {theirs / ours:>5.1f}×"
            )


if __name__ == "__main__":
    main()
