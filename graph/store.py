"""The one small interface both stores implement, and the factory that picks one.

`AIKG_STORE=falkordb` (default, embedded) or `AIKG_STORE=neo4j` (with NEO4J_URI,
NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Protocol

from graph.falkor_server import StoreUnavailable
from graph.model import Document, Extraction, QueryResult, StoreStats, WriteResult

__all__ = ["GraphStore", "IdentityPlan", "StoreUnavailable", "QueryRejected", "InvalidParameter", "check_params",
           "make_durable",
           "open_store"]

DEFAULT_TIMEOUT_MS = 5_000
DEFAULT_ROW_CAP = 5_000


class QueryRejected(ValueError):
    """A read query failed in the engine (syntax, timeout, attempted write)."""


class InvalidParameter(ValueError):
    """A parameter value no store should be sent (a NUL character): refused before the query runs."""


def check_params(params: Any, where: str = "parameter") -> None:
    """Refuse NUL anywhere in a parameter value: the FalkorDB client writes parameters into the query
    text, where a NUL ends it and the engine answers with a parse error about our own query."""
    if isinstance(params, str):
        if "\x00" in params:
            raise InvalidParameter(f"{where} contains a NUL character")
    elif isinstance(params, dict):
        for key, value in params.items():
            check_params(value, f"parameter {key!r}" if where == "parameter" else where)
    elif isinstance(params, list | tuple):
        for value in params:
            check_params(value, where)


class IdentityPlan:
    """What writing a document does to the documents already stored (README, "document identity"): a
    document is its source path plus its content. `replaces`: other content stored from this path, removed
    whole; `drops_path`: other content listing this path among others, which only loses it; `again`: this
    content from this path (or from no path) was stored before. Sets the new record's `path` / `paths`."""

    def __init__(self, document: dict[str, Any], stored: tuple[str, list[str]] | None,
                 same_source: list[tuple[str, list[str]]]) -> None:
        path = str(document.get("path") or "")
        self.replaces: list[str] = []
        self.drops_path: list[str] = []
        if path:
            for other, paths in same_source:
                (self.drops_path if [p for p in paths if p != path] else self.replaces).append(other)
        self.again = False
        if stored is not None:  # the same content again: keep its first path, add this one to its list
            first = stored[0] or ""
            paths = [p for p in (stored[1] or [first]) if p]
            self.again = not path or not paths or path in paths
            document["path"] = first or path
            document["paths"] = list(dict.fromkeys([*paths, path] if path else paths))
        elif path:
            document["paths"] = [path]

    @property
    def replaced(self) -> bool:
        return bool(self.replaces) or self.again


class GraphStore(Protocol):
    name: str

    def ensure_schema(self) -> None:
        """Create indexes / constraints (idempotent)."""

    def write(self, extraction: Extraction) -> WriteResult:
        """Replace one document's contribution, atomically."""

    def delete_document(self, doc_id: str) -> bool:
        """Remove what only this document stated; False when it was not stored."""

    def documents(self) -> list[Document]: ...

    def version(self) -> int:
        """A counter every write and delete advances (caches of derived results key on it)."""

    def stats(self) -> StoreStats: ...

    def read(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
        row_cap: int = DEFAULT_ROW_CAP,
    ) -> QueryResult:
        """Run a query read-only, with bound parameters."""

    def close(self) -> None: ...


def make_durable(store: GraphStore) -> None:
    """Return once the writes acknowledged so far survive a restart; RuntimeError (naming the disk) if not.

    FalkorDB acknowledges a write before its append-only file is fsynced (FalkorStore.sync waits for
    that); a Neo4j commit is durable already, so stores without `sync` have nothing to do."""
    sync = getattr(store, "sync", None)
    if sync is not None:
        sync()


def open_store(kind: str | None = None, data_dir: Path | str | None = None) -> GraphStore:
    """Open the configured store, starting the embedded server when needed."""
    kind = (kind or os.environ.get("AIKG_STORE") or "falkordb").lower()
    if kind in ("falkordb", "embedded"):
        from graph.falkor_store import FalkorStore

        return FalkorStore.open(data_dir)
    if kind == "neo4j":
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore.from_env()
    raise StoreUnavailable(f"unknown store {kind!r}: set AIKG_STORE to 'falkordb' or 'neo4j'")
