"""Cold-start time of ``salesplan build PLAN --json`` as a whole process.

Speed goal (b): the median of a fresh ``salesplan build PLAN --json`` process is
under 600 ms. Each run is a new interpreter, so the figure includes Python's own
start-up, every import, reading and validating the YAML, the build and the JSON.
It is shown next to ``python -c pass`` (the interpreter alone) on the same
machine, because on a noisy or slow machine the ratio is steadier than the
milliseconds.

Usage::

    .venv/bin/python benchmarks/cold_start.py                 # 15 runs of each command
    .venv/bin/python benchmarks/cold_start.py -n 31 PLAN.yaml
    .venv/bin/python benchmarks/cold_start.py --phases        # where a cold run spends its time

The command is found in this order: ``salesplan`` on ``PATH`` (or next to this
Python), ``python -m salesplan.cli``, and — when no command line exists yet —
the same work done through the Python API in a ``python -c`` snippet (reported
as such). ``--command`` forces one of them.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_PLAN = HERE / "plans" / "year-9-stages-8-roles.yaml"
DEFAULT_AS_OF = "2026-10-01"
GOAL_MS = 600.0

_API_SNIPPET = """\
import datetime as dt, json, sys
from salesplan.engine import build
from salesplan.plan import load
as_of = dt.date.fromisoformat(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] else None
result = build(load(sys.argv[1]), as_of=as_of)
print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False, default=str))
"""

_IMPORTS_SNIPPET = """\
import salesplan.plan.yaml_io, salesplan.engine.build
try:
    import salesplan.cli.app, salesplan.cli.render
except ImportError:
    pass
"""

_PHASES_SNIPPET = """\
import time
t0 = time.perf_counter()
import datetime as dt, json, sys
marks = {}
def mark(name):
    marks[name] = time.perf_counter()
try:
    import typer, rich.console  # what the command line imports first
except ImportError:
    pass
mark("import typer + rich")
import salesplan.plan.yaml_io
mark("import plan (pydantic models, ruamel)")
import salesplan.engine.build
mark("import engine (holidays)")
from pathlib import Path
text = Path(sys.argv[1]).read_text(encoding="utf-8")
from salesplan.plan.yaml_io import _parse_yaml
data = _parse_yaml(text, sys.argv[1])
mark("parse YAML (ruamel round-trip)")
from salesplan.plan.document import SalesPlan
plan = SalesPlan.model_validate(data)
mark("validate (pydantic)")
from salesplan.plan.references import check_references
from salesplan.plan.scenarios import check_scenarios
check_references(plan) + check_scenarios(plan)
mark("check references + scenarios")
as_of = dt.date.fromisoformat(sys.argv[2]) if sys.argv[2] else None
from salesplan.engine.build import calendar_for
calendar_for(plan).working_days(plan.goals.period.start, plan.goals.period.last_day)
mark("public holidays (first use)")
from salesplan.engine import build
result = build(plan, as_of=as_of)
mark("build (holidays cached)")
text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False, default=str)
mark("to_dict + json.dumps")
previous = t0
out = {}
for name, at in marks.items():
    out[name] = (at - previous) * 1000
    previous = at
print(json.dumps(out))
"""


def _run(command: Sequence[str], *, capture: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command),
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.PIPE if capture else subprocess.DEVNULL,
        text=True,
        check=False,
    )


def _works(command: Sequence[str]) -> tuple[bool, str]:
    """Run *command* once: it works when it exits 0 and prints JSON with a schema version."""
    result = _run(command, capture=True)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or [""])[-1]
        return False, f"exit {result.returncode}: {last}"
    try:
        data = json.loads(result.stdout)
    except json.JSONDecodeError:
        return False, "did not print JSON"
    if not isinstance(data, dict) or data.get("schema_version") != 1:
        return False, "printed JSON without schema_version 1"
    return True, ""


def _salesplan_executable() -> str | None:
    beside = Path(sys.executable).with_name("salesplan")
    if beside.exists():
        return str(beside)
    return shutil.which("salesplan")


def choose_command(plan: Path, as_of: str, kind: str) -> tuple[str, list[str], list[str]]:
    """``(label, argv, notes)`` of the command to time."""
    tail = ["build", str(plan), "--json"] + (["--as-of", as_of] if as_of else [])
    labels = {
        "cli": "salesplan build PLAN --json",
        "module": "python -m salesplan.cli build PLAN --json",
        "api": "python -c 'load + build + to_dict + json' (no CLI yet)",
    }
    executable = _salesplan_executable()
    commands = {
        "cli": [executable, *tail] if executable else None,
        "module": [sys.executable, "-m", "salesplan.cli", *tail],
        "api": [sys.executable, "-c", _API_SNIPPET, str(plan), as_of],
    }
    notes: list[str] = []
    for name, label in labels.items():
        if kind not in ("auto", name):
            continue
        command = commands[name]
        if command is None:
            notes.append(f"{label}: not on PATH")
            continue
        ok, why = _works(command)
        if ok:
            return label, command, notes
        notes.append(f"{label}: {why}")
    raise SystemExit("no command to time:\n  " + "\n  ".join(notes))


def _p90(values: Sequence[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=10, method="inclusive")[8]


def measure(commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    """Wall time in ms of each command, *runs* times, interleaved so noise hits all alike."""
    for command in commands.values():  # warm the file cache and write .pyc files
        _run(command)
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            start = time.perf_counter()
            _run(command)
            times[label].append((time.perf_counter() - start) * 1000)
    return times


def phases(plan: Path, as_of: str, runs: int) -> dict[str, float]:
    """Median ms of each phase of a cold run, each run in a fresh interpreter."""
    command = [sys.executable, "-c", _PHASES_SNIPPET, str(plan), as_of]
    _run(command)
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        result = _run(command, capture=True)
        if result.returncode != 0:
            raise SystemExit(result.stderr)
        for name, value in json.loads(result.stdout).items():
            samples.setdefault(name, []).append(value)
    return {name: statistics.median(values) for name, values in samples.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("plan", nargs="?", type=Path, default=DEFAULT_PLAN)
    parser.add_argument("-n", "--runs", type=int, default=15, help="runs per command (15)")
    parser.add_argument(
        "--as-of",
        default=DEFAULT_AS_OF,
        help=f"passed as --as-of so output is reproducible ({DEFAULT_AS_OF}; '' to omit)",
    )
    parser.add_argument(
        "--command",
        choices=("auto", "cli", "module", "api"),
        default="auto",
        help="what to time: salesplan on PATH, python -m salesplan.cli, or the Python API",
    )
    parser.add_argument("--phases", action="store_true", help="also break a cold run down by phase")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    label, command, notes = choose_command(args.plan, args.as_of, args.command)
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "imports only": [sys.executable, "-c", _IMPORTS_SNIPPET],
        label: command,
    }
    times = measure(commands, args.runs)
    baseline = statistics.median(times["python -c pass"])
    rows = {
        name: {
            "median_ms": round(statistics.median(values), 1),
            "p90_ms": round(_p90(values), 1),
            "min_ms": round(min(values), 1),
            "ratio": round(statistics.median(values) / baseline, 1),
        }
        for name, values in times.items()
    }
    target = rows[label]["median_ms"]
    breakdown = phases(args.plan, args.as_of, max(5, args.runs // 3)) if args.phases else None

    if args.json:
        report = {"plan": str(args.plan), "runs": args.runs, "command": label, "rows": rows}
        report |= {"goal_ms": GOAL_MS, "met": target < GOAL_MS, "phases": breakdown}
        print(json.dumps(report, indent=2))
        return 0

    print(f"plan:   {args.plan}")
    print(f"python: {sys.executable} ({sys.version.split()[0]})")
    print(f"runs:   {args.runs} of each, interleaved, after one warm-up run")
    for note in notes:
        print(f"note:   skipped {note}")
    print()
    width = max(len(name) for name in rows)
    print(f"{'command':<{width}}  {'median':>8}  {'p90':>8}  {'min':>8}  {'× python':>8}")
    for name, row in rows.items():
        print(
            f"{name:<{width}}  {row['median_ms']:>6.1f}ms  {row['p90_ms']:>6.1f}ms"
            f"  {row['min_ms']:>6.1f}ms  {row['ratio']:>7.1f}×"
        )
    verdict = "met" if target < GOAL_MS else "NOT met"
    print(f"\ngoal: median < {GOAL_MS:.0f} ms → {verdict} ({target:.0f} ms)")
    if breakdown:
        print("\nwhere a cold run spends its time (median of fresh interpreters, ms):")
        for name, value in breakdown.items():
            print(f"  {value:7.1f}  {name}")
        print(f"  {sum(breakdown.values()):7.1f}  total after interpreter start")
    return 0


if __name__ == "__main__":
    sys.exit(main())
