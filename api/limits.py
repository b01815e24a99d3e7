"""Bounds on concurrent saved-query runs (issue 12, item 7).

Without them, a burst of expensive reads (16 `shortest-connection` at once) queued inside the store, each
waiting far longer than its timeout, and everything else (even /health) waited behind them. Here each
query name gets a few slots and all queries share a few more; the wait for a slot counts against the
query's timeout, and a request that cannot get one in time is refused as busy.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


def env_int(name: str, default: int) -> int:
    """A positive whole number from the environment, read when needed (an operator tightens it without a restart)."""
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else default


# The least time worth starting a query with after waiting for a slot.
MIN_RUN_MS = 100


class Busy(RuntimeError):
    """No slot came free within the request's timeout."""


class QueryLimiter:
    def __init__(self, per_query: int, total: int) -> None:
        self.per_query = per_query
        self._total = threading.BoundedSemaphore(total)
        self._by_name: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    def _slots(self, name: str) -> threading.BoundedSemaphore:
        with self._lock:
            return self._by_name.setdefault(name, threading.BoundedSemaphore(self.per_query))

    @contextmanager
    def slot(self, name: str, timeout_ms: int) -> Iterator[int]:
        """Hold a slot for `name`; yields the milliseconds of the timeout still left for the query itself."""
        deadline = time.monotonic() + timeout_ms / 1000
        own = self._slots(name)
        if not own.acquire(timeout=timeout_ms / 1000):
            raise Busy(f"query {name!r} is already running {self.per_query} time(s); try again shortly")
        try:
            if not self._total.acquire(timeout=max(deadline - time.monotonic(), 0)):
                raise Busy("the store is busy with other queries; try again shortly")
            try:
                left_ms = int((deadline - time.monotonic()) * 1000)
                # A slot that came free with almost no time left would only start a query bound to time out.
                if left_ms < min(MIN_RUN_MS, timeout_ms // 2):
                    raise Busy(f"query {name!r} waited its whole timeout for a slot; try again shortly")
                yield max(left_ms, 1)  # at least 1 ms: the engine treats 0 as none
            finally:
                self._total.release()
        finally:
            own.release()
