"""Who may use a workspace's CRM store at a time, within the app's process.

DuckDB lets one process hold a store read-only from many threads or read-write from
one, never both at once: an import that opens the store while a dashboard is reading
it fails ("a different configuration than existing connections"). So readers (the
dashboards' facts, the goal's chance, the calibration diff) share the store and an
import waits for them, and they for it. Writers are preferred: once an import waits,
new readers queue behind it, so a busy dashboard cannot starve an import.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["reading", "writing"]


class _ReadersWriter:
    def __init__(self) -> None:
        self._turn = threading.Condition()
        self._readers = 0
        self._writing = False
        self._waiting_writers = 0

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._turn:
            self._turn.wait_for(lambda: not self._writing and not self._waiting_writers)
            self._readers += 1
        try:
            yield
        finally:
            with self._turn:
                self._readers -= 1
                self._turn.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._turn:
            self._waiting_writers += 1
            self._turn.wait_for(lambda: not self._writing and not self._readers)
            self._waiting_writers -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._turn:
                self._writing = False
                self._turn.notify_all()


_locks: dict[str, _ReadersWriter] = {}
_guard = threading.Lock()


def _lock(store: Path) -> _ReadersWriter:
    key = str(store.resolve())
    with _guard:
        return _locks.setdefault(key, _ReadersWriter())


@contextmanager
def reading(store: Path) -> Iterator[None]:
    """Hold *store* (a workspace's ``store.duckdb``) for reading, with other readers."""
    with _lock(store).read():
        yield


@contextmanager
def writing(store: Path) -> Iterator[None]:
    """Hold *store* alone, for an import."""
    with _lock(store).write():
        yield
