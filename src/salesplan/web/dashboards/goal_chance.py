"""The chance of hitting the goal on the dashboard: ``salesplan forecast``'s simulation
of the rest of the period, run in the background.

The simulation reads the CRM's whole history (calibration, deal timing): about a
second on the demo's store, tens of seconds on a million deals. So a dashboard never
waits for it: the first request starts it in a thread and the page polls a small
partial until it is there. Results are kept per store state (an import invalidates
them), plan version and day.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import multiprocessing
import threading
import time
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from salesplan.crm.store import STORE
from salesplan.web.dashboards.chance_worker import (
    TRIALS,
    GoalChance,
    lower_priority,
    simulate_chance,
)
from salesplan.web.dashboards.tracking import store_identity
from salesplan.web.plans.models import PlanVersion
from salesplan.web.store_access import reading

__all__ = ["TRIALS", "GoalChance", "goal_chance"]

KEPT = 32
REFRESH = 600.0  # seconds: a plan's chance is simulated again at most this often
log = logging.getLogger(__name__)


_done: OrderedDict[tuple[object, ...], GoalChance] = OrderedDict()
_latest: dict[tuple[object, ...], GoalChance] = {}  # per plan: the newest finished
_wanted: dict[tuple[object, ...], tuple[tuple[object, ...], Path, str, dt.date, int]] = {}
_running: set[tuple[object, ...]] = set()
_guard = threading.Lock()
_worker: list[threading.Thread] = []


_pool: list[ProcessPoolExecutor] = []


def _in_worker(folder: Path, version_text: str, as_of: dt.date) -> GoalChance:
    """Run :func:`_simulate` in a process of its own, niced: a run is seconds of CPU on a
    big store, and in the server's process it would hold the GIL the pages need. The
    store is held for reading meanwhile, so an import waits for it."""
    with _guard:
        if not _pool:
            _pool.append(
                ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=lower_priority,
                )
            )
        pool = _pool[0]
    with reading(folder / STORE):
        return pool.submit(simulate_chance, folder, version_text, as_of).result()


def _run(key: tuple[object, ...], folder: Path, text: str, as_of: dt.date, version: int) -> None:
    try:
        chance = _in_worker(folder, text, as_of)
    except Exception as error:
        log.exception("the goal's chance could not be computed")
        chance = GoalChance(0.0, 0.0, 0.0, 0.0, 0.0, 0, failed=str(error) or type(error).__name__)
    chance = replace(chance, version=version, finished=time.monotonic())
    with _guard:
        _done[key] = chance
        _latest[key[:-2]] = chance
        _running.discard(key)
        while len(_done) > KEPT:
            _done.popitem(last=False)


@atexit.register
def _finish() -> None:
    """Let a running simulation end before the interpreter does: DuckDB and NumPy must
    not be torn down under it (that aborts the process)."""
    with _guard:
        _wanted.clear()
        running = list(_worker)
    for thread in running:
        thread.join()
    for pool in _pool:
        pool.shutdown(wait=True)


def _work() -> None:
    """One simulation at a time, the newest wanted per plan: saves in a row, or many
    dashboards at once, never queue more than one run per plan."""
    while True:
        with _guard:
            if not _wanted:
                _worker.clear()
                return
            _, (key, folder, text, as_of, version) = _wanted.popitem()
            _running.add(key)
        _run(key, folder, text, as_of, version)


@dataclass(frozen=True)
class Shown:
    """What the dashboard shows: the chance for this version and day; or the plan's
    newest one (``fresh`` False), while this one is computed (``pending``) or until
    the newest is ``REFRESH`` seconds old; or nothing yet."""

    chance: GoalChance | None
    fresh: bool
    pending: bool = False


def goal_chance(
    crm_folder: Path, version: PlanVersion, as_of: dt.date, *, wait: bool = False
) -> Shown:
    """The chance for *version* as of *as_of*; while it is computed (started here when
    nobody has yet), the plan's newest one. *wait* computes it in the caller's thread."""
    store = crm_folder / STORE
    if not store.exists():
        return Shown(None, True)
    plan_key = (*store_identity(store), version.plan_id)
    key = (*plan_key, version.pk, as_of)
    with _guard:
        if key in _done:
            _done.move_to_end(key)
            return Shown(_done[key], True)
        if not wait:
            latest = _latest.get(plan_key)
            recent = latest is not None and time.monotonic() - latest.finished < REFRESH
            if recent and key not in _running:
                # a simulation is seconds of CPU on a big store: a burst of saves
                # does not start one each; the newest stays on show, with its version
                return Shown(latest, False)
            if key not in _running:
                _wanted[plan_key] = (key, crm_folder, version.text, as_of, version.number)
                if not _worker:
                    _worker.append(threading.Thread(target=_work, name="goal-chance", daemon=True))
                    _worker[0].start()
            return Shown(latest, False, pending=True)
        _running.add(key)
    _run(key, crm_folder, version.text, as_of, version.number)
    return Shown(_done.get(key), True)
