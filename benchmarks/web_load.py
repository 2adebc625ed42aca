"""Web load benchmark (issue 6): simulated users against ``salesplan serve`` on loopback.

    .venv/bin/python benchmarks/web_load.py                       # 50 users, 300 s
    .venv/bin/python benchmarks/web_load.py --users 10 --seconds 30
    .venv/bin/python benchmarks/web_load.py --store /tmp/bench-track-ws/store.duckdb

It prepares a data folder whose workspace "bench" holds the 1M-deal / 10M-activity
CRM store of ``track_speed.py`` (``--store`` links an existing one; without it the
store is generated), ``track_speed``'s Q4 2024 plan and ``--users`` people: a fifth
leaders (who edit the plan), a tenth managers (plan role SDR or AE) and the rest
reps (CRM owner ``repN`` of the store, plan role SDR for rep0-59, else AE). Then it
starts ``salesplan serve`` (waitress) on a free loopback port and runs one thread per
person for ``--seconds``:

- everyone logs in (GET /login/ for the CSRF cookie, POST);
- then loops: the dashboard (as of 2024-11-15, the day ``track_speed`` tracks; a
  leader cycles through the whole team's, ``?role=sdr|ae|manager`` and ``?rep=``
  views), the plan editor, and — leaders only, as reps and managers may not edit —
  1-3 recomputes with a random revenue goal, as if typing, and with ``--save-chance``
  a save with the version the editor showed. A 409 (someone saved in between) is the
  concurrency working, not an error: the person reloads the editor and saves again.
- between pages a person thinks for a random 0-2x ``--think`` seconds; between
  recomputes 0.3 s (the editor's debounce).

Every request's latency is recorded per page; an error is a 5xx, a timeout, a
connection failure, an unexpected status or a dashboard showing an error. Every
acknowledged save (a 302) is recorded with the version it became (the base + 1)
and the goal and message it sent; after the server stops, each is looked up in the
web database: it must be stored as that version, with that goal, message and author
(no lost edits). The client runs on the same machine as the server, so its threads
take some of the CPU too.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from track_speed import AS_OF, PLAN, make_store

HOST = "127.0.0.1"
SLUG = "bench"
PASSWORD = "bench-load-Passw0rd"
EXPECTED = {
    "login page": {200},
    "login": {302},
    "dashboard": {200},
    "editor": {200},
    "recompute": {200},
    "save": {302, 409},
}
LEADER_VIEWS = ("", "role=sdr", "role=ae", "role=manager", "rep=rep7", "rep=rep120")
BASE_VERSION = re.compile(r'name="base_version" value="(\d+)"')
INPUT = re.compile(r'<input name="([^"]+)" value="([^"]*)"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Person:
    username: str
    role: str  # leader | manager | rep
    plan_role: str
    crm_owner: str


@dataclass(frozen=True)
class Sample:
    page: str
    ms: float
    status: int  # 0: no response (timeout, connection failure)
    error: str  # "" when the answer was the expected one


@dataclass(frozen=True)
class Acknowledged:
    """A save the server answered with a 302: it must now be stored as *number*."""

    username: str
    number: int
    goal: int
    message: str


@dataclass
class Record:
    samples: list[Sample] = field(default_factory=list)
    saves: list[Acknowledged] = field(default_factory=list)
    conflicts: int = 0


# --- the data folder -------------------------------------------------------------


def people(count: int) -> list[Person]:
    """A fifth leaders, a tenth managers, the rest reps spread over the store's owners."""
    leaders = max(1, count // 5)
    managers = max(1, count // 10) if count > 2 else 0
    found = [Person(f"leader{i}", "leader", "", "") for i in range(leaders)]
    found += [Person(f"manager{i}", "manager", ("SDR", "AE")[i % 2], "") for i in range(managers)]
    for i in range(count - leaders - managers):
        rep = (i * 37) % 200  # spread over the 200 owners: SDRs are rep0-59
        found.append(Person(f"rep{i}", "rep", "SDR" if rep < 60 else "AE", f"rep{rep}"))
    return found


def prepare_data(data: Path, store: Path | None, persons: list[Person]) -> int:
    """The workspace, its CRM store, the plan and the people; returns the plan's id."""
    folder = data / "workspaces" / SLUG
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "store.duckdb"
    if store is not None and not store.exists():
        print(f"generating the 1M-deal store in {store.parent} (about 15 s) ...", flush=True)
        make_store(store.parent, 1.0)
    if store is not None:
        if target.is_symlink() or target.exists():
            target.unlink()
        target.symlink_to(store.resolve())
    elif not target.exists():
        print(f"generating the 1M-deal store in {folder} (about 15 s) ...", flush=True)
        make_store(folder, 1.0)

    from salesplan.web.server import prepare

    prepare(data)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from salesplan.web.accounts.models import Membership, Workspace
    from salesplan.web.plans.models import Plan, PlanVersion

    user_model = get_user_model()
    hashed = make_password(PASSWORD)  # once: hashing 50 passwords would take a minute
    with transaction.atomic():
        Workspace.objects.filter(slug=SLUG).delete()
        workspace = Workspace.objects.create(name="Load benchmark", slug=SLUG)
        for person in persons:
            user, _ = user_model.objects.get_or_create(username=person.username)
            user.password = hashed
            user.save()
            Membership.objects.create(
                user=user,
                workspace=workspace,
                role=person.role,
                plan_role=person.plan_role,
                crm_owner=person.crm_owner,
            )
        plan = Plan.objects.create(workspace=workspace, name="Q4 2024 at scale")
        PlanVersion.objects.create(plan=plan, number=1, text=PLAN, message="the benchmark plan")
    return int(plan.pk)


# --- the server ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def start_server(data: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    salesplan = Path(sys.executable).parent / "salesplan"
    command = [str(salesplan), "serve", str(data), "--port", str(port), "--host", HOST]
    env = {**os.environ, "SALESPLAN_DATA_DIR": str(data)}
    with log.open("wb") as out:
        server = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"salesplan serve exited with {server.returncode}; see {log}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/login/")
            if connection.getresponse().status == 200:
                connection.close()
                return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit(f"salesplan serve did not answer on port {port} within 60 s; see {log}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Ctrl-C, as a person would; then terminate, then kill."""
    for sig, wait in ((signal.SIGINT, 15), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        if server.poll() is not None:
            return
        server.send_signal(sig)
        try:
            server.wait(wait)
        except subprocess.TimeoutExpired:
            continue


# --- one simulated person --------------------------------------------------------


class Browser:
    """Cookies, CSRF and a timer: one new connection per request, no redirects followed."""

    def __init__(self, port: int, timeout: float, record: Record) -> None:
        self.port = port
        self.timeout = timeout
        self.record = record
        self.cookies: dict[str, str] = {}

    def request(
        self,
        page: str,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        *,
        check: str = "",
    ) -> tuple[int, str]:
        headers = {"Host": f"{HOST}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        if page == "recompute":
            headers["HX-Request"] = "true"
        started = time.perf_counter()
        status, text, error = 0, "", ""
        try:
            connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                status = response.status
                for header in response.headers.get_all("Set-Cookie") or []:
                    for name, morsel in SimpleCookie(header).items():
                        self.cookies[name] = morsel.value
            finally:
                connection.close()
        except TimeoutError:
            error = "timeout"
        except OSError as problem:
            error = f"connection: {type(problem).__name__}"
        elapsed = (time.perf_counter() - started) * 1000
        if not error and status not in EXPECTED[page]:
            error = f"status {status}"
        if not error and check and check in text:
            error = "page shows an error"
        self.record.samples.append(Sample(page, elapsed, status, error))
        return status, text


def run_person(
    person: Person,
    port: int,
    plan_id: int,
    stop_at: float,
    options: argparse.Namespace,
    record: Record,
    seed: int,
) -> None:
    chance = random.Random(seed)
    browser = Browser(port, options.timeout, record)
    base = f"/w/{SLUG}"
    editor = f"{base}/plans/{plan_id}/"

    def think(scale: float = 1.0) -> bool:
        pause = chance.uniform(0, 2 * options.think) * scale
        time.sleep(max(0.0, min(pause, stop_at - time.monotonic())))
        return time.monotonic() < stop_at

    time.sleep(chance.uniform(0, min(5.0, options.seconds / 10)))  # a gradual ramp-up
    status, _ = browser.request("login page", "GET", "/login/")
    status, _ = browser.request(
        "login",
        "POST",
        "/login/",
        {"username": person.username, "password": PASSWORD, "next": editor},
    )
    if status != 302:
        return
    views = itertools.cycle(LEADER_VIEWS)
    saves = itertools.count(1)
    while think():
        query = f"as_of={AS_OF.isoformat()}&plan={plan_id}"
        if person.role == "leader" and (view := next(views)):
            query += "&" + view
        browser.request("dashboard", "GET", f"{base}/dashboard/?{query}", check='role="alert"')
        if not think():
            break
        status, page = browser.request("editor", "GET", editor)
        if person.role != "leader" or status != 200:
            continue
        form = dict(INPUT.findall(page))
        csrf = CSRF_INPUT.search(page)
        found = BASE_VERSION.search(page)
        if not found or not csrf:
            record.samples.append(Sample("editor", 0.0, status, "no editor form"))
            continue
        form["csrfmiddlewaretoken"] = csrf.group(1)
        goal = 0
        for _ in range(chance.randint(1, 3)):
            goal = chance.randint(300, 500) * 1_000_000
            form["goals.revenue_goal"] = str(goal)
            browser.request("recompute", "POST", f"{editor}recompute/", form)
            if not think(0.15):  # 0-0.3 s: the editor's debounce
                break
        if time.monotonic() >= stop_at or chance.random() >= options.save_chance:
            continue
        message = f"{person.username} edit {next(saves)}"
        for _ in range(3):  # a conflict: reload to see theirs, then save again
            base_version = int(found.group(1))
            status, _ = browser.request(
                "save",
                "POST",
                f"{editor}save/",
                {**form, "base_version": str(base_version), "message": message},
            )
            if status == 302:
                record.saves.append(Acknowledged(person.username, base_version + 1, goal, message))
                break
            if status != 409:
                break
            record.conflicts += 1
            status, page = browser.request("editor", "GET", editor)
            found = BASE_VERSION.search(page)
            if status != 200 or not found or time.monotonic() >= stop_at:
                break


# --- after the run ---------------------------------------------------------------


def lost_edits(plan_id: int, saves: list[Acknowledged]) -> tuple[list[str], int, int]:
    """Problems with the acknowledged saves; the versions stored; those not acknowledged."""
    from salesplan.plan import loads
    from salesplan.web.plans.models import PlanVersion

    stored = {v.number: v for v in PlanVersion.objects.filter(plan_id=plan_id).select_related()}
    problems: list[str] = []
    seen: dict[int, Acknowledged] = {}
    for save in saves:
        if save.number in seen:
            problems.append(
                f"version {save.number} acknowledged twice: {seen[save.number]} and {save}"
            )
            continue
        seen[save.number] = save
        version = stored.get(save.number)
        if version is None:
            problems.append(f"version {save.number} missing ({save})")
            continue
        author = version.author.get_username() if version.author else ""
        goal = loads(version.text).goals.revenue_goal
        if (author, version.message, goal) != (save.username, save.message, save.goal):
            problems.append(
                f"version {save.number} is {author!r} {version.message!r} goal {goal:g},"
                f" expected {save}"
            )
    unacknowledged = len(set(stored) - set(seen) - {1})
    return problems, len(stored), unacknowledged


def percentile(values: list[float], share: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[share - 1]


def report(samples: list[Sample], seconds: float) -> None:
    print(
        f"\n{'page':<12} {'requests':>8} {'per s':>6} {'p50 ms':>8} {'p95 ms':>8}"
        f" {'p99 ms':>8} {'max ms':>8} {'errors':>6}"
    )
    for page in EXPECTED:
        mine = [s for s in samples if s.page == page]
        if not mine:
            continue
        answered = [s.ms for s in mine if s.status]
        errors = sum(1 for s in mine if s.error)
        figures = (
            [percentile(answered, p) for p in (50, 95, 99)] + [max(answered)]
            if answered
            else [float("nan")] * 4
        )
        print(
            f"{page:<12} {len(mine):>8} {len(mine) / seconds:>6.1f}"
            + "".join(f" {value:>8.0f}" for value in figures)
            + f" {errors:>6}"
        )
    kinds: dict[str, int] = {}
    for sample in samples:
        if sample.error:
            key = f"{sample.page}: {sample.error}"
            kinds[key] = kinds.get(key, 0) + 1
    for key, count in sorted(kinds.items()):
        print(f"  error {key} x{count}")


def warm(port: int, persons: list[Person], plan_id: int, options: argparse.Namespace) -> None:
    """One untimed dashboard before the run, as a server warms its cache when it starts
    (``salesplan serve`` warms every plan as of today; the benchmark's day is fixed)."""
    leader = next(person for person in persons if person.role == "leader")
    browser = Browser(port, options.timeout, Record())
    browser.request("login page", "GET", "/login/")
    browser.request("login", "POST", "/login/", {"username": leader.username, "password": PASSWORD})
    started = time.perf_counter()
    browser.request(
        "dashboard", "GET", f"/w/bench/dashboard/?as_of={AS_OF.isoformat()}&plan={plan_id}"
    )
    print(f"warmed the dashboard cache in {time.perf_counter() - started:.1f}s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50, help="simulated people (default 50)")
    parser.add_argument("--seconds", type=float, default=300, help="length of the run")
    parser.add_argument("--store", type=Path, help="an existing store.duckdb to link")
    parser.add_argument("--data", type=Path, help="the data folder (default: a temporary one)")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between pages, s")
    parser.add_argument("--save-chance", type=float, default=0.3, help="of a leader's edit")
    parser.add_argument("--timeout", type=float, default=60, help="per request, s")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--no-warm", dest="warm", action="store_false", help="start with a cold dashboard cache"
    )
    options = parser.parse_args()

    scratch = None
    if options.data is None:
        scratch = Path(tempfile.mkdtemp(prefix="salesplan-web-load-"))
    data = (options.data or scratch).absolute()
    try:
        persons = people(options.users)
        started = time.perf_counter()
        plan_id = prepare_data(data, options.store, persons)
        counts = {role: sum(p.role == role for p in persons) for role in ("leader", "manager")}
        print(
            f"data ready in {time.perf_counter() - started:.1f}s ({data}): {len(persons)} people"
            f" ({counts['leader']} leaders, {counts['manager']} managers,"
            f" {len(persons) - sum(counts.values())} reps)",
            flush=True,
        )
        port = options.port or free_port()
        server = start_server(data, port, data / "server.log")
        print(f"serving on http://{HOST}:{port}/ (pid {server.pid})", flush=True)
        if options.warm:
            warm(port, persons, plan_id, options)
        record = Record()
        try:
            began = time.monotonic()
            stop_at = began + options.seconds
            threads = [
                threading.Thread(
                    target=run_person,
                    args=(person, port, plan_id, stop_at, options, record, options.seed + i),
                    daemon=True,
                )
                for i, person in enumerate(persons)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(max(1.0, stop_at + options.timeout + 5 - time.monotonic()))
            elapsed = time.monotonic() - began
        finally:
            stop_server(server)
        print(
            f"{options.users} users for {elapsed:.0f}s, think {options.think:g}s;"
            f" server stopped (exit {server.returncode})"
        )
        report(list(record.samples), elapsed)
        problems, stored, unacknowledged = lost_edits(plan_id, list(record.saves))
        print(
            f"\nsaves acknowledged: {len(record.saves)}, conflicts (409, reloaded):"
            f" {record.conflicts}; versions stored: {stored} (v1 + {stored - 1});"
            f" stored but not acknowledged: {unacknowledged}"
        )
        if problems:
            print(f"LOST EDITS: {len(problems)}")
            for problem in problems[:20]:
                print("  " + problem)
        else:
            print("lost edits: 0 (every acknowledged save is stored as its version, value intact)")
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
