"""Import speed of the CSV reader: rows per second, against DuckDB parsing the same file.

    .venv/bin/python benchmarks/crm_import.py            # 1,000,000 rows, 3 runs
    .venv/bin/python benchmarks/crm_import.py -n 100000  # smaller

Two files are generated with DuckDB in a scratch folder: a clean one (ISO dates,
plain numbers) and a messy one (``;``, decimal commas, ``Rp``/``$`` amounts, a
few bad cells, imported with ``--on-error skip``). Each is imported into a new
workspace; the baseline is DuckDB reading the same file as text into memory
(``read_csv(..., all_varchar = true)``), the floor any importer built on it can reach.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from salesplan.crm.csv_import import import_csv
from salesplan.crm.mapping import Mapping
from salesplan.crm.store import Workspace

CLEAN = """COPY (SELECT 'D' || i AS "Deal ID", 'Deal ' || i AS "Title",
  CASE i % 3 WHEN 0 THEN 'Won' WHEN 1 THEN 'Lost' ELSE 'Open' END AS "Status",
  printf('%.2f', (i % 997) * 13.7) AS "Value", 'Rep ' || (i % 40) AS "Owner",
  strftime(TIMESTAMP '2024-01-01' + INTERVAL (i % 500) DAY, '%Y-%m-%d %H:%M:%S') AS "Created"
  FROM range({n}) t(i)) TO '{path}' (HEADER)"""
MESSY = """COPY (SELECT 'D' || i AS "Deal ID", 'Deal ' || i AS "Title",
  CASE i % 3 WHEN 0 THEN 'Won' WHEN 1 THEN 'Lost' ELSE 'Open' END AS "Status",
  CASE WHEN i % 997 = 0 THEN 'n/a' WHEN i % 2 = 0
       THEN 'Rp ' || replace(printf('%,d', (i % 997) * 1500), ',', '.')
       ELSE replace(replace(replace(printf('%,.2f', (i % 997) * 13.7), ',', '_'), '.', ','), '_', '.') END AS "Value",
  'Rep ' || (i % 40) AS "Owner",
  strftime(TIMESTAMP '2024-01-01' + INTERVAL (i % 500) DAY, '%d.%m.%Y %H:%M') AS "Created"
  FROM range({n}) t(i)) TO '{path}' (HEADER, DELIMITER ';')"""
MAPPING = {
    "table": "deals",
    "source": "bench",
    "columns": {
        "id": "Deal ID",
        "title": "Title",
        "value": "Value",
        "owner": "Owner",
        "created_at": "Created",
        "status": {"column": "Status", "values": {"Won": "won", "Lost": "lost", "Open": "open"}},
    },
}


def median_seconds(action: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    mapping = Mapping.model_validate(MAPPING)
    with tempfile.TemporaryDirectory(prefix="salesplan-bench-") as scratch:
        folder = Path(scratch)
        print(f"rows: {args.rows:,}; runs: {args.runs} (medians)")
        print(f"{'file':<8} {'read as text':>12} {'import':>10} {'rows/s':>12} {'× read':>8}")
        for name, template, delimiter in (("clean", CLEAN, ","), ("messy", MESSY, ";")):
            path = folder / f"{name}.csv"
            duckdb.execute(template.format(n=args.rows, path=path))

            def parse(path: Path = path, delimiter: str = delimiter) -> None:
                db = (
                    duckdb.connect()
                )  # every cell read as text into memory: the import's first step
                db.execute(
                    "CREATE TABLE staged AS SELECT * FROM read_csv(?, delim = ?, all_varchar = true)",
                    [str(path), delimiter],
                )
                db.close()

            def load(path: Path = path) -> None:
                target = folder / "ws"
                shutil.rmtree(target, ignore_errors=True)
                import_csv(Workspace.open(target), path, mapping, on_error="skip", date_order="dmy")

            parsing = median_seconds(parse, args.runs)
            importing = median_seconds(load, args.runs)
            print(
                f"{name:<8} {parsing:>11.2f}s {importing:>9.2f}s {args.rows / importing:>12,.0f}"
                f" {importing / parsing:>7.1f}×"
            )


if __name__ == "__main__":
    main()
