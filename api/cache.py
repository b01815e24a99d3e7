"""A bounded response cache for saved-query answers and views, keyed by the graph version (issue 10, part 3).

An entry's key holds the store's graph version, read before the query runs: every write and delete
advances the version (from any process: it lives in the store), so a request after a write looks up a
new key and never sees an older answer. When a newer version is seen the older entries are dropped at
once, so the bytes held are those of answers still current. Bounded by entries and by bytes (LRU).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field

DEFAULT_ENTRIES = 512
DEFAULT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Cached:
    """One answer as sent: body, media type, the headers of its kind, and an ETag from its bytes."""

    body: bytes
    media_type: str
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""

    @classmethod
    def of(cls, body: bytes, media_type: str, headers: dict[str, str] | None = None) -> Cached:
        return cls(body, media_type, headers or {}, etag_of(body))


def etag_of(body: bytes) -> str:
    # From the bytes: equal answers share a tag across workers and restarts, a changed graph gives a new one.
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 If-None-Match: `*` or any listed tag, weak comparison (a W/ prefix is ignored)."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


class ResponseCache:
    def __init__(self, max_entries: int = DEFAULT_ENTRIES, max_bytes: int = DEFAULT_BYTES) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, Cached] = OrderedDict()
        self._bytes = 0
        self._version: int | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def get(self, version: int, key: Hashable) -> Cached | None:
        with self._lock:
            self._see(version)
            found = self._entries.get(key) if version == self._version else None
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found

    def put(self, version: int, key: Hashable, value: Cached) -> None:
        size = len(value.body)
        if size > self.max_bytes:
            return  # one answer larger than the whole cache: served, not kept
        with self._lock:
            self._see(version)
            if version != self._version:
                return  # computed under an older version than the one already seen: not kept
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._entries[key] = value
            self._bytes += size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self._bytes -= len(evicted.body)

    def _see(self, version: int) -> None:
        # A newer graph: every entry answers an older one. An older version (a request that read it just
        # before a write) neither finds nor keeps anything.
        if self._version is None or version > self._version:
            self._entries.clear()
            self._bytes = 0
            self._version = version
