"""The saved-query registry: load `cypher/*.cypher`, validate parameters, run read-only."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from graph.model import Subgraph
from graph.store import GraphStore
from queries.params import validate_params
from queries.results import to_json, to_subgraph, with_entity_properties
from queries.spec import QuerySpecError, SavedQuery, load_file

# The repository's cypher/ folder; AIKG_CYPHER_DIR points elsewhere (e.g. a site-specific query set).
CYPHER_DIR = Path(os.environ.get("AIKG_CYPHER_DIR") or Path(__file__).resolve().parent.parent / "cypher")
DEFAULT_TIMEOUT_MS = int(os.environ.get("AIKG_QUERY_TIMEOUT_MS", "5000"))
DEFAULT_ROW_CAP = int(os.environ.get("AIKG_ROW_CAP", "5000"))


class UnknownQuery(KeyError):
    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        self.message = f"no saved query {name!r}; known: {', '.join(known)}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class QueryOutput(BaseModel):
    query: str
    params: dict[str, Any]
    columns: list[str]
    rows: list[list[Any]]  # JSON-able: nodes/edges as dicts
    truncated: bool = False
    subgraph: Subgraph = Field(default_factory=Subgraph)  # every node/edge in the rows (graph views)


class Registry:
    def __init__(self, queries: list[SavedQuery]) -> None:
        self._queries: dict[str, SavedQuery] = {}
        for q in queries:
            if q.name in self._queries:
                raise QuerySpecError(f"{q.path}: query name {q.name!r} already used by {self._queries[q.name].path}")
            self._queries[q.name] = q

    @classmethod
    def load(cls, directory: Path | str = CYPHER_DIR) -> Registry:
        directory = Path(directory)
        if not directory.is_dir():
            raise QuerySpecError(f"saved-query folder {directory} does not exist")
        return cls([load_file(p) for p in sorted(directory.glob("*.cypher"))])

    def names(self) -> list[str]:
        return sorted(self._queries)

    def all(self) -> list[SavedQuery]:
        return [self._queries[n] for n in self.names()]

    def get(self, name: str) -> SavedQuery:
        try:
            return self._queries[name]
        except KeyError:
            raise UnknownQuery(name, self.names()) from None

    def validate(self, name: str, given: Mapping[str, Any]) -> dict[str, Any]:
        return validate_params(self.get(name), given)

    def run(
        self,
        store: GraphStore,
        name: str,
        given: Mapping[str, Any] | None = None,
        *,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
        row_cap: int = DEFAULT_ROW_CAP,
        subgraph: bool | None = None,
        lean: bool = False,
    ) -> QueryOutput:
        """Validate, then run read-only with bound parameters, a timeout and a row cap.

        The subgraph is built for graph views (or when `subgraph=True`); table views skip the work.
        lean: rows without the properties only the store and the extractor use (API answers; exports
        and analysis keep them).
        """
        query = self.get(name)
        params = validate_params(query, given or {})
        result = store.read(query.cypher_for(store.name), params, timeout_ms=timeout_ms, row_cap=row_cap)
        drawn = query.view == "graph" if subgraph is None else subgraph
        sub = to_subgraph(result, query.draws) if drawn else Subgraph()
        if query.draws and sub.nodes:
            sub = with_entity_properties(store, sub, timeout_ms)
        return QueryOutput(
            query=name,
            params=params,
            columns=result.columns,
            rows=[[to_json(v, lean) for v in row] for row in result.rows],
            truncated=result.truncated,
            subgraph=sub,
        )

    def windows(self, store: GraphStore, name: str, window: int, max_id: int, row_cap: int) -> Iterator[list[Any]]:
        """Rows of a query paged by internal-id windows `[from_id, to_id)` up to `max_id` (exports, snapshots)."""
        for start in range(0, max_id + 1, window):
            out = self.run(store, name, {"from_id": start, "to_id": start + window}, row_cap=row_cap)
            if out.truncated:
                raise RuntimeError(f"page {name} [{start}, {start + window}) exceeded {row_cap} rows")
            yield from out.rows

    def max_node_id(self, store: GraphStore) -> int:
        """The highest internal node id (-1 on an empty graph): how far `windows` must page."""
        bounds = self.run(store, "export-bounds", {})
        return int(bounds.rows[0][0]) if bounds.rows else -1
