"""Time ``salesplan report`` for the largest template as whole processes: HTML, PDF, XLSX.

Speed goals (issue 4): HTML < 1 s, PDF < 5 s, XLSX < 1 s for the largest
template, each the median of 5 fresh processes. The largest template is the
one with the most stages, roles, activities, people and action items. Each
figure is shown next to ``salesplan build --json`` of the same plan (the
process that computes the plan but writes no document), so the ratio tells
what the document itself costs on a noisy machine.

Usage::

    .venv/bin/python benchmarks/report_speed.py            # 5 runs of each
    .venv/bin/python benchmarks/report_speed.py -n 9 --lang id
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "src" / "salesplan" / "plan" / "templates"
GOALS_S = {"html": 1.0, "pdf": 5.0, "xlsx": 1.0, "docx": None, "md": None}
AS_OF = "2026-11-01"


def _command() -> list[str]:
    beside = Path(sys.executable).with_name("salesplan")
    found = str(beside) if beside.exists() else shutil.which("salesplan")
    return [found] if found else [sys.executable, "-m", "salesplan.cli"]


def largest_template(language: str) -> Path:
    sys.path.insert(0, str(ROOT / "src"))
    from salesplan.plan import load

    def size(path: Path) -> int:
        plan = load(path)
        return (
            len(plan.strategy.stages)
            + len(plan.team.roles)
            + len(plan.goals.activities)
            + len(plan.team.people)
            + len(plan.action_plan.items)
            + len(plan.audience.personas)
            + len(plan.scenarios)
        )

    return max(sorted((TEMPLATES / language).glob("*.yaml")), key=size)


def _time(argv: list[str], runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--runs", type=int, default=5)
    parser.add_argument("--lang", default="en", choices=["en", "id"])
    parser.add_argument("--formats", default="html,pdf,xlsx,docx,md")
    args = parser.parse_args()
    plan = largest_template(args.lang)
    command = _command()
    print(f"plan: {plan.relative_to(ROOT)}  runs: {args.runs}  command: {' '.join(command)}")
    baseline = statistics.median(
        _time([*command, "build", str(plan), "--json", "--as-of", AS_OF], args.runs)
    )
    print(f"{'build --json (baseline)':<26} median {baseline:6.3f} s")
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        for kind in args.formats.split(","):
            out = Path(folder) / f"plan.{kind}"
            runs = _time(
                [*command, "report", str(plan), "-o", str(out), "--as-of", AS_OF], args.runs
            )
            median = statistics.median(runs)
            goal = GOALS_S.get(kind)
            verdict = "" if goal is None else ("  met" if median < goal else "  MISSED")
            failed |= goal is not None and median >= goal
            print(
                f"report --format {kind:<10} median {median:6.3f} s  (min {min(runs):.3f}, max {max(runs):.3f})"
                f"  {median / baseline:4.1f}× build"
                + (f"  goal < {goal:g} s{verdict}" if goal else "")
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
