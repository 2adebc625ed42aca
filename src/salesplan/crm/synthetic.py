"""A synthetic sales history with known true parameters, written as a Pipedrive export.

Deals enter a pipeline of stages, spend an exponentially distributed time in
each, and move on with a known probability; the last step leads to the won
stage. Each move is preceded by a known average number of calls and emails by
the deal's owner. Deal creation follows a monthly seasonality. Because the
truth is known (``truth.json``), calibration can be checked against it: import
the files with ``salesplan import WS … --source pipedrive --won-stage Won`` and
``salesplan calibrate WS`` should recover the conversions within their intervals.

>>> import tempfile
>>> truth = write_history(Path(tempfile.mkdtemp()), deals=200, seed=1)
>>> truth["stages"][-1], round(truth["win_rate"], 4)
('Won', 0.0446)
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

__all__ = ["TRUTH", "write_history"]

TRUTH: dict[str, Any] = {
    "stages": ["Lead", "Qualified", "Demo", "Proposal", "Negotiation", "Won"],
    "conversion": [0.6, 0.55, 0.5, 0.45, 0.6],  # each pipeline stage → the next (the last → Won)
    "mean_days_in_stage": [5.0, 8.0, 10.0, 12.0, 7.0],
    "calls_per_move": [2.0, 3.0, 1.0, 2.0, 3.0],
    "emails_per_move": [4.0, 2.0, 2.0, 3.0, 1.0],
    "seasonality": [0.8, 0.9, 1.1, 1.0, 1.0, 0.9, 0.7, 0.8, 1.1, 1.2, 1.3, 1.2],
    "reps": 25,
    "lost_reasons": ["Price", "No budget", "Chose a competitor", "No decision"],
    "deal_value": 5000.0,  # the mean value of a deal
}


def write_history(
    folder: Path,
    deals: int = 10_000,
    seed: int = 7,
    start: dt.date = dt.date(2024, 1, 1),
    until: dt.date | None = None,
) -> dict[str, Any]:
    """Write ``deal_changes.csv``, ``stages.csv``, ``fields.csv``, ``users.csv`` and
    ``activity.csv`` for *deals* deals into *folder*, and ``truth.json``; return the truth.

    Each deal gets a value (log-normal around ``TRUTH["deal_value"]``). With *until*, the
    history is cut at the end of that day, as an export taken then would be: later
    deals and changes are left out, so deals still on their way are open.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    # values from their own stream: the deals' paths stay those of the same seed
    value_rng = np.random.default_rng(seed + 10_000)
    values = TRUTH["deal_value"] * value_rng.lognormal(-0.125, 0.5, size=deals)
    folder.mkdir(parents=True, exist_ok=True)
    stages: list[str] = TRUTH["stages"]
    weights = np.array(TRUTH["seasonality"])
    months = rng.choice(24, size=deals, p=np.tile(weights, 2) / np.tile(weights, 2).sum())
    created = [
        dt.datetime.combine(start, dt.time(9))
        + dt.timedelta(days=int(m) * 30.4 + float(rng.uniform(0, 30)))
        for m in months
    ]
    owners = rng.integers(1, TRUTH["reps"] + 1, size=deals)
    changes: list[list[str]] = []
    activities: list[list[str]] = []
    activity_id = 1
    stamp = "%Y-%m-%d %H:%M:%S"
    for index in range(deals):
        deal, owner, when = str(100000 + index), str(owners[index]), created[index]
        changes.append([deal, when.strftime(stamp), "add_time", when.strftime("%Y-%m-%dT%H:%M:%S")])
        changes.append([deal, when.strftime(stamp), "user_id", owner])
        changes.append([deal, when.strftime(stamp), "value", f"{values[index]:.0f}"])
        changes.append([deal, when.strftime(stamp), "stage_id", "1"])
        for step, rate in enumerate(TRUTH["conversion"]):
            stay = dt.timedelta(days=float(rng.exponential(TRUTH["mean_days_in_stage"][step])))
            for kind, means in (
                ("call", TRUTH["calls_per_move"]),
                ("email", TRUTH["emails_per_move"]),
            ):
                for _ in range(int(rng.poisson(means[step]))):
                    due = when + stay * float(rng.uniform(0, 1))
                    activities.append(
                        [
                            str(activity_id),
                            kind,
                            owner,
                            deal,
                            "True",
                            due.strftime("%Y-%m-%dT%H:%M:%S"),
                        ]
                    )
                    activity_id += 1
            when += stay
            if rng.uniform() < rate:
                changes.append([deal, when.strftime(stamp), "stage_id", str(step + 2)])
            else:
                reason = str(int(rng.integers(1, len(TRUTH["lost_reasons"]) + 1)))
                changes.append([deal, when.strftime(stamp), "lost_reason", reason])
                break

    if until is not None:
        cut = (until + dt.timedelta(days=1)).strftime(stamp)
        changes = [row for row in changes if row[1] < cut]
        activities = [row for row in activities if row[5].replace("T", " ") < cut]

    def write(name: str, header: list[str], rows: list[list[str]]) -> None:
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)

    write("deal_changes.csv", ["deal_id", "change_time", "changed_field_key", "new_value"], changes)
    write("stages.csv", ["stage_id", "stage_name"], [[str(i + 1), s] for i, s in enumerate(stages)])
    options = json.dumps(
        [{"id": str(i + 1), "label": r} for i, r in enumerate(TRUTH["lost_reasons"])]
    )
    write(
        "fields.csv",
        ["ID", "FIELD_KEY", "NAME", "FIELD_VALUE_OPTIONS"],
        [["23", "lost_reason", "Lost reason", options]],
    )
    write(
        "users.csv",
        ["id", "name", "email"],
        [[str(r), f"Rep {r}", f"rep{r}@example.org"] for r in range(1, TRUTH["reps"] + 1)],
    )
    write(
        "activity.csv",
        ["activity_id", "type", "assigned_to_user", "deal_id", "done", "due_to"],
        activities,
    )
    truth = {
        **TRUTH,
        "deals": deals,
        "seed": seed,
        "win_rate": math.prod(TRUTH["conversion"]),
        "median_days_in_stage": [
            round(mean * math.log(2), 4) for mean in TRUTH["mean_days_in_stage"]
        ],
    }
    (folder / "truth.json").write_text(json.dumps(truth, indent=2), encoding="utf-8")
    return truth
