"""The embedded default store: FalkorDB over a unix socket. All its Cypher lives here."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import redis
from falkordb import Edge, FalkorDB, Node
from falkordb import Path as FalkorPath

from graph.falkor_server import FalkorServer, StoreUnavailable
from graph.model import (
    DOCUMENT_LABEL,
    ENTITY_LABEL,
    PLAIN_TYPES,
    Document,
    Extraction,
    GraphEdge,
    GraphNode,
    QueryResult,
    StoreStats,
    WriteResult,
)
from graph.rows import WriteBatches, build_batches
from graph.store import DEFAULT_ROW_CAP, DEFAULT_TIMEOUT_MS, IdentityPlan, QueryRejected, check_params

GRAPH_NAME = os.environ.get("AIKG_GRAPH", "aikg")

# DDL: FalkorDB's own forms. A unique constraint is not used: GRAPH.CONSTRAINT
# CREATE crashed FalkorDB 4.16 here, and MERGE on an indexed key is enough.
SCHEMA = [
    "CREATE INDEX FOR (n:Entity) ON (n.id)",
    "CREATE INDEX FOR (n:Entity) ON (n.name)",
    "CREATE INDEX FOR (d:Document) ON (d.id)",
]
FULLTEXT = "CALL db.idx.fulltext.createNodeIndex('Entity', 'name', 'alias_text')"

# What a document put in the graph: the entities it mentions, and the places (unnamed regions) its
# LOCATED_IN facts end at, one hop from a mention. Orphan candidates when it is deleted or rewritten.
Q_MENTIONED = """MATCH (:Document {id: $doc_id})-[:MENTIONS]->(e:Entity) RETURN e.id AS id
UNION MATCH (:Document {id: $doc_id})-[:MENTIONS]->(:Entity)-[:LOCATED_IN {doc_id: $doc_id}]->(p:Entity)
RETURN p.id AS id"""
Q_DOCUMENT_EXISTS = "MATCH (d:Document {id: $doc_id}) RETURN d.id"
Q_DOCUMENT_PATHS = "MATCH (d:Document {id: $doc_id}) RETURN d.path, d.paths"
# Other documents (other content) stored from this source path: the versions a new one replaces.
Q_SAME_SOURCE = """MATCH (d:Document) WHERE d.id <> $doc_id AND $path IN coalesce(d.paths, [d.path])
RETURN d.id, coalesce(d.paths, [d.path])"""

# A document's write (or delete) is ONE query built from these parts, chained by
# `WITH count(*) AS _n` (which yields one row even after an empty UNWIND). FalkorDB
# rolls a failing query back as a whole, so a failed rewrite leaves the previous
# version intact: that is the transaction.
P_DELETE_ENTITY_RELS = (
    "MATCH (:Document {id: $doc_id})-[:MENTIONS]->(e:Entity) MATCH (e)-[r]->() WHERE r.doc_id = $doc_id DELETE r"
)
P_DELETE_DOCUMENT_RELS = "MATCH (:Document {id: $doc_id})-[r]->() DELETE r"
P_DELETE_DOCUMENT = "MATCH (d:Document {id: $doc_id}) DELETE d"
# Entities this document mentioned before and that nothing refers to any more.
P_DELETE_ORPHANS = "UNWIND $old_ids AS id MATCH (e:Entity {id: id}) WHERE NOT (e)--() DELETE e"
# An older version from the same source path, removed in the same query as the new one is written.
P_DELETE_VERSION = [p.replace("{", "{{").replace("}", "}}").replace("$doc_id", "${param}") for p in
                    (P_DELETE_ENTITY_RELS, P_DELETE_DOCUMENT_RELS, P_DELETE_DOCUMENT)]
# The same content stored from several paths (a copy) is one document; a path leaving it is dropped from its list.
P_DROP_PATH = """MATCH (d:Document {{id: ${param}}})
SET d.paths = [p IN coalesce(d.paths, [d.path]) WHERE p <> $path], d.path = head([p IN coalesce(d.paths, [d.path])
WHERE p <> $path])"""
P_UPSERT_DOCUMENT = "MERGE (d:Document {id: $doc_id}) SET d += $doc_props"
# Aliases accumulate across documents; alias_text feeds the full-text index.
# A new entity is created with both labels at once: adding the type label to a node just created cost
# as much as the rest of the upsert (half the time on 10k new entities). A stored one gets the label (a no-op for
# the usual id, which names its type) and the merged aliases.
# The merged list is computed once: a second SET reading n.aliases saw the value from before
# the first SET in FalkorDB 4.16 (alias_text came out stale or null).
P_UPSERT_ENTITIES = """UNWIND ${param} AS row
OPTIONAL MATCH (old:Entity {{id: row.id}})
FOREACH (created IN CASE WHEN old IS NULL THEN [1] ELSE [] END |
  CREATE (n:Entity:{label} {{id: row.id}})
  SET n += row.props, n.aliases = row.aliases, n.alias_text = reduce(s = '', a IN row.aliases | s + ' ' + a))
WITH old AS n, row WHERE n IS NOT NULL
WITH n, row, CASE WHEN n.aliases IS NULL THEN row.aliases
                  ELSE n.aliases + [a IN row.aliases WHERE NOT a IN n.aliases] END AS merged
SET n:{label}, n += row.props, n.aliases = merged, n.alias_text = reduce(s = '', a IN merged | s + ' ' + a)"""
# Relationships are created, not merged: the statement's first parts deleted every relationship this document
# stated (a document mentions both ends of each of its relationships), and rows are unique per (type, key),
# so a MERGE could only ever create; its search for an existing one cost a quarter of a large write.
P_MENTIONS = """UNWIND $mention_ids AS id
MATCH (d:Document {id: $doc_id}), (e:Entity {id: id})
CREATE (d)-[r:MENTIONS {doc_id: $doc_id, key: 'MENTIONS|' + id}]->(e)"""
P_CREATE_RELATIONS = """UNWIND ${param} AS row
MATCH (a:{src} {{id: row.src}})
MATCH (b:{dst} {{id: row.dst}})
CREATE (a)-[r:{type} {{doc_id: $doc_id, key: row.key}}]->(b)
SET r += row.props"""
# Between entities (nearly every relationship): each distinct end is looked up once per type, not once per
# row, and rows name their ends by position in that list (`s`, `d`). An id lookup costs ~9 µs; a
# 100k-relationship write made 200k of them. The ends are checked to be the nodes asked for, in order:
# a store that held two nodes with one id would otherwise connect the wrong ones, so a mismatch is a
# division by zero, which fails the statement and leaves the graph as it was.
P_CREATE_ENTITY_RELATIONS = """UNWIND ${ends} AS id
MATCH (e:Entity {{id: id}})
WITH collect(e) AS nodes
WITH nodes, 1 / CASE WHEN [n IN nodes | n.id] = ${ends} THEN 1 ELSE 0 END AS _ends_found
UNWIND ${param} AS row
WITH nodes[row.s] AS a, nodes[row.d] AS b, row
CREATE (a)-[r:{type} {{doc_id: $doc_id, key: row.key}}]->(b)
SET r += row.props"""


def _disk_full(exc: Exception) -> bool:
    """redis refuses writes with MISCONF once it could not write its append-only file (ENOSPC, EIO...)."""
    text = str(exc)
    return "MISCONF" in text or "No space left" in text


def _by_position(rows: list[dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """The distinct ends of relationship rows, and the rows naming their ends by position in that list."""
    at: dict[str, int] = {}
    out = []
    for row in rows:
        s = at.setdefault(row["src"], len(at))
        d = at.setdefault(row["dst"], len(at))
        out.append({"s": s, "d": d, "key": row["key"], "props": row["props"]})
    return list(at), out


def chain(parts: list[str]) -> str:
    """Join query parts into one statement; each part's rows collapse to one."""
    return "\nWITH count(*) AS _\n".join(parts) + "\nRETURN count(*)"


Q_DOCUMENTS = "MATCH (d:Document) RETURN d ORDER BY d.title, d.id"
Q_NODE_COUNTS = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*)"
Q_REL_COUNTS = "MATCH ()-[r]->() RETURN type(r), count(r)"
Q_NODES_BY_INTERNAL_ID = "MATCH (n) WHERE id(n) IN $ids RETURN id(n), n"

# The whole graph in windows of internal node ids, for `aikg migrate` (graph/migrate.py).
Q_MAX_NODE_ID = "MATCH (n) RETURN coalesce(max(id(n)), -1)"
Q_WINDOW_NODES = (
    "MATCH (n) WHERE id(n) >= $lo AND id(n) < $hi AND (n:Entity OR n:Document) RETURN labels(n), properties(n)"
)
Q_WINDOW_RELATIONS = """MATCH (a)-[r]->(b) WHERE id(a) >= $lo AND id(a) < $hi
RETURN type(r), a:Document, b:Document, a.id, b.id, properties(r)"""

# (labels, properties) of a node; (type, source is a Document, target is a Document, source id, target id,
# properties) of a relationship.
NodeRow = tuple[list[str], dict[str, Any]]
RelationRow = tuple[str, bool, bool, str, str, dict[str, Any]]


class FalkorStore:
    name = "falkordb"

    def __init__(self, server: FalkorServer, graph_name: str = GRAPH_NAME, socket_timeout: float = 30.0):
        self.server = server
        try:
            self._db = FalkorDB(unix_socket_path=str(server.socket_path), socket_timeout=socket_timeout)
            self._graph = self._db.select_graph(graph_name)
        except redis.RedisError as exc:  # pragma: no cover - connect is lazy
            raise StoreUnavailable(f"cannot reach FalkorDB on {server.socket_path}: {exc}") from exc
        self.graph_name = graph_name

    @classmethod
    def open(cls, data_dir: Path | str | None = None) -> FalkorStore:
        server = FalkorServer(data_dir)
        server.start()  # registers this process as a user (FalkorServer.acquire)
        try:
            store = cls(server)
            store.ensure_schema()
        except BaseException:
            server.release()
            raise
        return store

    # -- plumbing -----------------------------------------------------------
    def _write(self, cypher: str, params: dict[str, Any] | None = None) -> Any:
        # The client writes parameters into the query text; one test on that text for a NUL instead of a
        # walk over every value first (half a second on a 100k-relationship write).
        header = self._graph._build_params_header(params) if params else ""
        if "\x00" in header:
            check_params(params)  # raises, naming the parameter
        try:
            return self._graph.query(header + cypher)
        except redis.ConnectionError as exc:
            raise StoreUnavailable(f"FalkorDB on {self.server.socket_path} is unreachable: {exc}") from exc

    def _ro(self, cypher: str, params: dict[str, Any] | None = None, timeout_ms: int | None = None) -> Any:
        check_params(params)
        try:
            return self._graph.ro_query(cypher, params, timeout=timeout_ms)
        except redis.ConnectionError as exc:
            raise StoreUnavailable(f"FalkorDB on {self.server.socket_path} is unreachable: {exc}") from exc
        except redis.ResponseError as exc:
            raise QueryRejected(str(exc)) from exc

    def ensure_schema(self) -> None:
        # Creating an index also creates the graph key, so read-only queries
        # on a fresh store do not fail with "empty key".
        for ddl in [*SCHEMA, FULLTEXT]:
            try:
                self._write(ddl)
            except redis.ResponseError as exc:
                if _disk_full(exc) and self._graph_exists():
                    return  # a full disk refuses even a no-op DDL; reads must still work
                if "already" not in str(exc).lower():
                    raise

    def _graph_exists(self) -> bool:
        return bool(self._db.connection.exists(self.graph_name))

    def sync(self, timeout_ms: int = 5_000) -> None:
        """Wait until every write acknowledged so far is fsynced to the append-only file.

        Raises RuntimeError naming the disk when it is not (a full disk: the write may be lost on restart).
        A caller reports a document as ingested only after this returns."""
        try:
            local, _replicas = self._db.connection.execute_command("WAITAOF", 1, 0, timeout_ms)
        except redis.ConnectionError as exc:
            raise StoreUnavailable(f"FalkorDB on {self.server.socket_path} is unreachable: {exc}") from exc
        if int(local) < 1:
            raise RuntimeError(self._disk_message("was not saved to disk"))

    def _disk_message(self, what: str) -> str:
        return (f"{what}: FalkorDB cannot write its append-only file in {self.server.data_dir.resolve()} "
                "(is the disk full? see falkordb.log there); reads still work, free space and ingest again")

    def ping(self) -> bool:
        """True when the server answers (redis answers PING between graph queries: not on their queue)."""
        try:
            return bool(self._db.connection.ping())
        except redis.RedisError:
            return False

    # -- writes -------------------------------------------------------------
    def _previously_mentioned(self, doc_id: str) -> list[str]:
        return [row[0] for row in self._ro(Q_MENTIONED, {"doc_id": doc_id}).result_set]

    def _document_exists(self, doc_id: str) -> bool:
        return bool(self._ro(Q_DOCUMENT_EXISTS, {"doc_id": doc_id}).result_set)

    @staticmethod
    def write_statement(batches: WriteBatches, old_ids: list[str], replaces: list[str] | None = None,
                        drops_path: list[str] | None = None) -> tuple[str, dict[str, Any]]:
        """The single query that replaces one document's contribution.

        replaces: older versions from the same source path, removed whole; drops_path: documents that
        keep other paths and only lose this one. old_ids: entities that may be orphaned afterwards."""
        parts = [P_DELETE_ENTITY_RELS, P_DELETE_DOCUMENT_RELS]
        params: dict[str, Any] = {"doc_id": batches.doc_id, "doc_props": batches.document,
                                  "mention_ids": batches.mentioned_ids, "old_ids": old_ids,
                                  "path": batches.document.get("path", "")}
        for i, old in enumerate(replaces or []):
            parts += [p.format(param=f"replaced_{i}") for p in P_DELETE_VERSION]
            params[f"replaced_{i}"] = old
        for i, other in enumerate(drops_path or []):
            parts.append(P_DROP_PATH.format(param=f"dropped_{i}"))
            params[f"dropped_{i}"] = other
        parts.append(P_UPSERT_DOCUMENT)
        for i, eb in enumerate(batches.entities):
            parts.append(P_UPSERT_ENTITIES.format(param=f"entities_{i}", label=eb.label.value))
            params[f"entities_{i}"] = eb.rows
        parts.append(P_MENTIONS)
        for i, rb in enumerate(batches.relations):
            if rb.source_label == ENTITY_LABEL and rb.target_label == ENTITY_LABEL:
                parts.append(P_CREATE_ENTITY_RELATIONS.format(param=f"relations_{i}", ends=f"ends_{i}",
                                                              type=rb.type.value))
                params[f"ends_{i}"], params[f"relations_{i}"] = _by_position(rb.rows)
            else:
                parts.append(P_CREATE_RELATIONS.format(param=f"relations_{i}", src=rb.source_label,
                                                       dst=rb.target_label, type=rb.type.value))
                params[f"relations_{i}"] = rb.rows
        parts.append(P_DELETE_ORPHANS)
        return chain(parts), params

    def write(self, extraction: Extraction) -> WriteResult:
        """Write one document. Its identity is its source path and its content (see the README):
        new content from a path already stored replaces that path's older version; the same content
        from another path (a copy, or a rename) stays one document that lists both paths."""
        batches = build_batches(extraction)  # validates before anything is sent
        doc_id = batches.doc_id
        path = str(batches.document.get("path") or "")
        # Orphan candidates: the old version's entities. The orphan test itself is
        # structural (no relationship left), so a stale list cannot delete too much.
        old_ids = self._previously_mentioned(doc_id)
        stored = self._ro(Q_DOCUMENT_PATHS, {"doc_id": doc_id}).result_set
        same = self._ro(Q_SAME_SOURCE, {"doc_id": doc_id, "path": path}).result_set if path else []
        plan = IdentityPlan(batches.document, (stored[0][0], stored[0][1]) if stored else None,
                            [(other, paths) for other, paths in same])
        for other in plan.replaces:
            old_ids += self._previously_mentioned(other)
        self._run_write(*self.write_statement(batches, sorted(set(old_ids)), plan.replaces, plan.drops_path))
        return WriteResult(
            doc_id=doc_id,
            entities=len(batches.mentioned_ids),
            relations=sum(len(rb.rows) for rb in batches.relations),
            replaced=plan.replaced,
        )

    def delete_document(self, doc_id: str) -> bool:
        if not self._document_exists(doc_id):
            return False
        cypher = chain([P_DELETE_ENTITY_RELS, P_DELETE_DOCUMENT_RELS, P_DELETE_DOCUMENT, P_DELETE_ORPHANS])
        self._run_write(cypher, {"doc_id": doc_id, "old_ids": self._previously_mentioned(doc_id)})
        return True

    def _run_write(self, cypher: str, params: dict[str, Any]) -> None:
        try:
            self._write(cypher, params)
        except redis.ResponseError as exc:
            if _disk_full(exc):
                raise RuntimeError(self._disk_message("write refused, nothing was changed")) from exc
            raise RuntimeError(f"write failed, nothing was changed: {exc}") from exc
        try:
            self._db.connection.incr(self._version_key)  # caches keyed by the version are stale from here
        except redis.ResponseError as exc:
            if _disk_full(exc):  # the write went in but cannot be made durable: it is not acknowledged
                raise RuntimeError(self._disk_message("write not made durable")) from exc
            raise

    @property
    def _version_key(self) -> str:
        # A plain key beside the graph (not a node): stats, exports and queries never see it.
        return f"aikg:version:{self.graph_name}"

    def version(self) -> int:
        try:
            return int(self._db.connection.get(self._version_key) or 0)
        except redis.ConnectionError as exc:
            raise StoreUnavailable(f"FalkorDB on {self.server.socket_path} is unreachable: {exc}") from exc

    # -- reads --------------------------------------------------------------
    def documents(self) -> list[Document]:
        rows = self._ro(Q_DOCUMENTS).result_set
        return [Document.from_props(r[0].properties) for r in rows]

    def stats(self) -> StoreStats:
        nodes = {label: int(n) for label, n in self._ro(Q_NODE_COUNTS).result_set}
        rels = {t: int(n) for t, n in self._ro(Q_REL_COUNTS).result_set}
        return StoreStats(nodes=nodes, relationships=rels, documents=nodes.get(DOCUMENT_LABEL, 0))

    def read(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
        row_cap: int = DEFAULT_ROW_CAP,
    ) -> QueryResult:
        res = self._ro(cypher, params or {}, timeout_ms)
        columns = [h[1] if isinstance(h, list | tuple) else str(h) for h in res.header]
        raw_rows = res.result_set[:row_cap]
        truncated = len(res.result_set) > row_cap
        if all(type(v) in PLAIN_TYPES for row in raw_rows for v in row):
            return QueryResult.model_construct(columns=columns, rows=[list(r) for r in raw_rows], truncated=truncated)
        internal: dict[int, str] = {}
        self._collect_node_ids(raw_rows, internal)
        missing = self._missing_endpoints(raw_rows, internal)
        if missing:
            for iid, node in self._ro(Q_NODES_BY_INTERNAL_ID, {"ids": sorted(missing)}).result_set:
                internal[int(iid)] = node.properties.get("id", f"_n{iid}")
        rows = [[self._convert(v, internal) for v in row] for row in raw_rows]
        return QueryResult(columns=columns, rows=rows, truncated=truncated)

    def _collect_node_ids(self, value: Any, out: dict[int, str]) -> None:
        if isinstance(value, Node):
            out[value.id] = value.properties.get("id", f"_n{value.id}")
        elif isinstance(value, FalkorPath):
            for n in value.nodes():
                self._collect_node_ids(n, out)
        elif isinstance(value, list | tuple):
            for v in value:
                self._collect_node_ids(v, out)

    def _missing_endpoints(self, value: Any, known: dict[int, str]) -> set[int]:
        if isinstance(value, Edge):
            return {e for e in (value.src_node, value.dest_node) if isinstance(e, int) and e not in known}
        if isinstance(value, FalkorPath):
            return set().union(*(self._missing_endpoints(e, known) for e in value.edges())) if value.edges() \
                else set()
        if isinstance(value, list | tuple):
            return set().union(*(self._missing_endpoints(v, known) for v in value)) if value else set()
        return set()

    def _convert(self, value: Any, internal: dict[int, str]) -> Any:
        if isinstance(value, Node):
            return GraphNode(id=internal[value.id], labels=list(value.labels or []), props=dict(value.properties))
        if isinstance(value, Edge):
            src = value.src_node.id if isinstance(value.src_node, Node) else value.src_node
            dst = value.dest_node.id if isinstance(value.dest_node, Node) else value.dest_node
            return GraphEdge(id=f"_e{value.id}", type=value.relation, source=internal.get(src, f"_n{src}"),
                             target=internal.get(dst, f"_n{dst}"), props=dict(value.properties))
        if isinstance(value, FalkorPath):
            return {"nodes": [self._convert(n, internal) for n in value.nodes()],
                    "edges": [self._convert(e, internal) for e in value.edges()]}
        if isinstance(value, list | tuple):
            return [self._convert(v, internal) for v in value]
        if isinstance(value, dict):
            return {k: self._convert(v, internal) for k, v in value.items()}
        return value

    def node_windows(self, size: int) -> Iterator[list[NodeRow]]:
        """Every Entity and Document node, `size` internal ids at a time."""
        for lo in range(0, self._max_node_id() + 1, size):
            rows = self._ro(Q_WINDOW_NODES, {"lo": lo, "hi": lo + size}).result_set
            yield [(labels, props) for labels, props in rows]

    def relation_windows(self, size: int) -> Iterator[list[RelationRow]]:
        """Every relationship with its properties, by the internal ids of their source nodes."""
        for lo in range(0, self._max_node_id() + 1, size):
            yield [tuple(row) for row in self._ro(Q_WINDOW_RELATIONS, {"lo": lo, "hi": lo + size}).result_set]

    def _max_node_id(self) -> int:
        return int(self._ro(Q_MAX_NODE_ID).result_set[0][0])

    def close(self) -> None:
        try:
            self._db.connection.close()
        finally:
            self.server.release()  # the last user of the server stops it
