"""Draw charts in a separate process, for ``chart.start_rendering``.

``python -m salesplan.reports.chart_worker JOBS RESULTS`` reads
``{"kind": "svg" | "png", "scale": 2.0, "specs": [...]}`` from the JSON file
JOBS, draws every spec with one warmed-up vl-convert, and writes the SVG texts
(or base64 PNGs) as a JSON list to RESULTS, atomically. Exit code 0 on success.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

from salesplan.reports.chart import render_spec


def main(argv: list[str]) -> int:
    jobs_path, results_path = Path(argv[0]), Path(argv[1])
    jobs = json.loads(jobs_path.read_text(encoding="utf-8"))
    kind, scale = jobs["kind"], float(jobs["scale"])
    drawn: list[str] = []
    for spec in jobs["specs"]:
        svg, png = render_spec(spec, kind, scale)
        drawn.append(svg if kind == "svg" else base64.b64encode(png).decode("ascii"))
    partial = results_path.with_name(results_path.name + ".partial")
    partial.write_text(json.dumps(drawn), encoding="utf-8")
    partial.replace(results_path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
