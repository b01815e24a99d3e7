"""The Neo4j 5 store, through the official `neo4j` driver. All its Cypher lives here.

Same behaviour as the embedded FalkorDB store (graph/falkor_store.py): one document's
facts are written in ONE explicit write transaction, reads run in read transactions
with a timeout and a row cap. Labels and relationship types cannot be parameters, so
they are formatted into the statements from the `Label` / `RelType` enums only;
every value is a bound parameter.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import neo4j
from neo4j import Driver, GraphDatabase, ManagedTransaction, unit_of_work
from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired
from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point

from graph.falkor_server import StoreUnavailable
from graph.model import (
    DOCUMENT_LABEL,
    ENTITY_LABEL,
    Document,
    Extraction,
    GraphEdge,
    GraphNode,
    Label,
    QueryResult,
    RelType,
    StoreStats,
    WriteResult,
)
from graph.rows import WriteBatches, build_batches
from graph.store import DEFAULT_ROW_CAP, DEFAULT_TIMEOUT_MS, IdentityPlan, QueryRejected

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_DATABASE = "neo4j"
START_HINT = "start it (`make neo4j` or `docker compose up -d neo4j`) or point NEO4J_URI at a running Neo4j"

# -- DDL: Neo4j's named, idempotent forms ---------------------------------------------------------
# The uniqueness constraints also give MERGE its index on the merge key.
SCHEMA = [
    "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE",
    "CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
    # Chinese search (entity-search and the list queries' name filters, `// engine: neo4j` bodies): the
    # cjk analyzer indexes bigrams of Han characters. Consistent at commit, not eventually.
    "DROP INDEX entity_names IF EXISTS",  # the standard-analyzer index of earlier versions
    "CREATE FULLTEXT INDEX entity_names_cjk IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.alias_text] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: false}}",
    # A query right after the schema (e.g. after `aikg migrate`) must not meet an index still populating.
    "CALL db.awaitIndexes(300)",
]

# -- writes ---------------------------------------------------------------------------------------
Q_DOCUMENT_EXISTS = "MATCH (d:Document {id: $doc_id}) RETURN count(d) AS n"
Q_DOCUMENT_PATHS = "MATCH (d:Document {id: $doc_id}) RETURN d.path AS path, d.paths AS paths"
# Other documents (other content) stored from this source path: the versions a new one replaces.
Q_SAME_SOURCE = """MATCH (d:Document) WHERE d.id <> $doc_id AND $path IN coalesce(d.paths, [d.path])
RETURN d.id AS id, coalesce(d.paths, [d.path]) AS paths"""
# The same content stored from several paths (a copy) is one document; a path leaving it is dropped from its list.
Q_DROP_PATH = """MATCH (d:Document {id: $doc_id})
SET d.paths = [p IN coalesce(d.paths, [d.path]) WHERE p <> $path],
    d.path = head([p IN coalesce(d.paths, [d.path]) WHERE p <> $path])"""
# What a document put in the graph: the entities it mentions, and the places (unnamed regions) its
# LOCATED_IN facts end at, one hop from a mention. Orphan candidates when it is deleted or rewritten.
Q_MENTIONED = """MATCH (:Document {id: $doc_id})-[:MENTIONS]->(e:Entity) RETURN e.id AS id
UNION MATCH (:Document {id: $doc_id})-[:MENTIONS]->(:Entity)-[:LOCATED_IN {doc_id: $doc_id}]->(p:Entity)
RETURN p.id AS id"""
Q_DELETE_ENTITY_RELS = (
    "UNWIND $ids AS id MATCH (e:Entity {id: id})-[r]->() WHERE r.doc_id = $doc_id DELETE r"
)
Q_DELETE_DOCUMENT_RELS = "MATCH (d:Document {id: $doc_id})-[r]->() DELETE r"
Q_DELETE_DOCUMENT = "MATCH (d:Document {id: $doc_id}) DETACH DELETE d"
Q_DELETE_ORPHANS = "UNWIND $ids AS id MATCH (e:Entity {id: id}) WHERE NOT EXISTS { (e)--() } DELETE e"
Q_UPSERT_DOCUMENT = "MERGE (d:Document {id: $doc_id}) SET d += $props"
# Aliases accumulate across documents; alias_text feeds the full-text index.
Q_UPSERT_ENTITIES = """UNWIND $rows AS row
MERGE (n:Entity {{id: row.id}})
SET n:{label}, n += row.props,
    n.aliases = CASE WHEN n.aliases IS NULL THEN row.aliases
                ELSE n.aliases + [a IN row.aliases WHERE NOT a IN n.aliases] END
SET n.alias_text = reduce(s = '', a IN n.aliases | s + ' ' + a)"""
Q_MENTIONS = """UNWIND $ids AS id
MATCH (d:Document {id: $doc_id})
MATCH (e:Entity {id: id})
MERGE (d)-[r:MENTIONS {doc_id: $doc_id, key: 'MENTIONS|' + id}]->(e)"""
# A document's rows leave its id out of each row's props (the statement has it once, as $doc_id); a copied
# graph's rows (`aikg migrate`) span documents and carry it.
Q_UPSERT_RELATIONS = """UNWIND $rows AS row
MATCH (a:{src} {{id: row.src}})
MATCH (b:{dst} {{id: row.dst}})
MERGE (a)-[r:{type} {{doc_id: {doc_id}, key: row.key}}]->(b)
SET r += row.props"""

# The graph version: one counter node, advanced in the same transaction as each write or delete.
Q_BUMP_VERSION = "MERGE (v:AikgVersion {id: 'graph'}) SET v.value = coalesce(v.value, 0) + 1"
Q_VERSION = "OPTIONAL MATCH (v:AikgVersion {id: 'graph'}) RETURN coalesce(v.value, 0) AS value"
# A copied graph (`aikg migrate`): nodes keep every property as stored, relationships merge on the
# same (doc_id, key) as an ingest, so copying twice changes nothing.
Q_IMPORT_DOCUMENTS = "UNWIND $rows AS row MERGE (d:Document {id: row.id}) SET d += row.props"
Q_IMPORT_ENTITIES = "UNWIND $rows AS row MERGE (n:Entity {{id: row.id}}) SET n:{label}, n += row.props"

# -- reads ----------------------------------------------------------------------------------------
Q_DOCUMENTS = "MATCH (d:Document) RETURN d ORDER BY d.title, d.id"
Q_NODE_COUNTS = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n"
Q_REL_COUNTS = "MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n"
# Relationship ends not returned by a query are fetched to give edges their entity ids.
Q_NODE_IDS_BY_ELEMENT_ID = "MATCH (n) WHERE elementId(n) IN $element_ids RETURN elementId(n) AS eid, n.id AS id"

_END_LABELS = (ENTITY_LABEL, DOCUMENT_LABEL)


def entity_upsert(label: Label) -> str:
    return Q_UPSERT_ENTITIES.format(label=Label(label).value)


def entity_import(label: Label) -> str:
    return Q_IMPORT_ENTITIES.format(label=Label(label).value)


def relation_upsert(rel_type: RelType, source_label: str, target_label: str, copied: bool = False) -> str:
    """The statement writing one document's relationships of a type ($doc_id, $rows), or with `copied`
    a copied graph's ($rows whose props hold each one's doc_id)."""
    if source_label not in _END_LABELS or target_label not in _END_LABELS:
        raise ValueError(f"relationship ends must be {' or '.join(_END_LABELS)}, got {source_label}/{target_label}")
    return Q_UPSERT_RELATIONS.format(src=source_label, dst=target_label, type=RelType(rel_type).value,
                                     doc_id="row.props.doc_id" if copied else "$doc_id")


def all_statements() -> list[str]:
    """Every statement this adapter can send (for linting): the fixed ones and each formatted variant."""
    fixed = [
        *SCHEMA, Q_DOCUMENT_EXISTS, Q_MENTIONED, Q_DELETE_ENTITY_RELS, Q_DELETE_DOCUMENT_RELS, Q_DELETE_DOCUMENT,
        Q_DELETE_ORPHANS, Q_UPSERT_DOCUMENT, Q_MENTIONS, Q_DOCUMENTS, Q_NODE_COUNTS, Q_REL_COUNTS,
        Q_NODE_IDS_BY_ELEMENT_ID, Q_BUMP_VERSION, Q_VERSION, Q_IMPORT_DOCUMENTS, Q_DOCUMENT_PATHS, Q_SAME_SOURCE,
        Q_DROP_PATH,
    ]
    entities = [entity_upsert(label) for label in Label] + [entity_import(label) for label in Label]
    relations = [relation_upsert(t, s, d, copied) for t in RelType for s in _END_LABELS for d in _END_LABELS
                 for copied in (False, True)]
    return fixed + entities + relations


Statement = tuple[str, dict[str, Any]]


class Neo4jStore:
    name = "neo4j"

    def __init__(self, driver: Driver, database: str = DEFAULT_DATABASE, uri: str = DEFAULT_URI) -> None:
        self._driver = driver
        self.database = database
        self.uri = uri

    @classmethod
    def from_env(cls, ensure_schema: bool = True) -> Neo4jStore:
        """Connect as NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE say; one clear line if not."""
        uri = os.environ.get("NEO4J_URI") or DEFAULT_URI
        user = os.environ.get("NEO4J_USER") or "neo4j"
        password = os.environ.get("NEO4J_PASSWORD") or ""
        database = os.environ.get("NEO4J_DATABASE") or DEFAULT_DATABASE
        try:
            # The export windows page by id(), deprecated in Neo4j 5 but kept there, and saved queries
            # name relationship types a young graph may not have yet: neither is worth a warning per query.
            driver = GraphDatabase.driver(
                uri, auth=(user, password), notifications_disabled_classifications=["DEPRECATION", "UNRECOGNIZED"]
            )
        except (ValueError, DriverError) as exc:
            raise StoreUnavailable(f"invalid NEO4J_URI {uri!r}: {exc}") from exc
        store = cls(driver, database=database, uri=uri)
        try:
            driver.verify_connectivity()
            if ensure_schema:
                store.ensure_schema()
            else:  # still name a missing NEO4J_DATABASE now, not at the first query
                driver.execute_query("RETURN 1", database_=database)
        except AuthError as exc:
            driver.close()
            raise StoreUnavailable(
                f"Neo4j at NEO4J_URI={uri} refused user {user!r}: check NEO4J_USER / NEO4J_PASSWORD"
            ) from exc
        except ClientError as exc:
            driver.close()
            if "DatabaseNotFound" in (exc.code or ""):
                raise StoreUnavailable(
                    f"Neo4j at NEO4J_URI={uri} has no database {database!r} (NEO4J_DATABASE): "
                    f"set NEO4J_DATABASE to an existing one ({DEFAULT_DATABASE!r} on Community Edition)"
                ) from exc
            raise StoreUnavailable(f"Neo4j at NEO4J_URI={uri} refused the connection: {exc.code}") from exc
        except (ServiceUnavailable, SessionExpired, OSError, DriverError, Neo4jError) as exc:
            driver.close()
            raise store._unavailable(exc) from exc
        return store

    # -- plumbing ---------------------------------------------------------------------------------
    def _session(self) -> neo4j.Session:
        return self._driver.session(database=self.database)

    def _unavailable(self, exc: Exception) -> StoreUnavailable:
        return StoreUnavailable(f"Neo4j is not reachable at NEO4J_URI={self.uri} ({type(exc).__name__}); {START_HINT}")

    def _execute_write(self, work: Callable[[ManagedTransaction], Any]) -> Any:
        try:
            with self._session() as session:
                return session.execute_write(work)
        except (ServiceUnavailable, SessionExpired) as exc:
            raise self._unavailable(exc) from exc

    def _execute_read(self, work: Callable[[ManagedTransaction], Any]) -> Any:
        try:
            with self._session() as session:
                return session.execute_read(work)
        except (ServiceUnavailable, SessionExpired) as exc:
            raise self._unavailable(exc) from exc

    def ensure_schema(self) -> None:
        # Schema commands cannot share a transaction with data writes: one auto-commit each.
        try:
            with self._session() as session:
                for ddl in SCHEMA:
                    session.run(ddl).consume()
        except (ServiceUnavailable, SessionExpired) as exc:
            raise self._unavailable(exc) from exc

    # -- writes -----------------------------------------------------------------------------------
    @staticmethod
    def _remove_statements(doc_id: str, old_ids: list[str]) -> list[Statement]:
        return [
            (Q_DELETE_ENTITY_RELS, {"ids": old_ids, "doc_id": doc_id}),
            (Q_DELETE_DOCUMENT_RELS, {"doc_id": doc_id}),
        ]

    @staticmethod
    def _write_statements(batches: WriteBatches) -> list[Statement]:
        out: list[Statement] = [(Q_UPSERT_DOCUMENT, {"doc_id": batches.doc_id, "props": batches.document})]
        for eb in batches.entities:
            out.append((entity_upsert(eb.label), {"rows": eb.rows}))
        out.append((Q_MENTIONS, {"ids": batches.mentioned_ids, "doc_id": batches.doc_id}))
        for rb in batches.relations:
            out.append((relation_upsert(rb.type, rb.source_label, rb.target_label),
                        {"rows": rb.rows, "doc_id": batches.doc_id}))
        return out

    @staticmethod
    def _read_state(tx: ManagedTransaction, doc_id: str) -> tuple[bool, list[str]]:
        exists = tx.run(Q_DOCUMENT_EXISTS, {"doc_id": doc_id}).single(strict=True)["n"] > 0
        old_ids = [rec["id"] for rec in tx.run(Q_MENTIONED, {"doc_id": doc_id})]
        return exists, old_ids

    def write(self, extraction: Extraction) -> WriteResult:
        batches = build_batches(extraction)  # validates before anything is sent
        doc_id = batches.doc_id

        path = str(batches.document.get("path") or "")

        def work(tx: ManagedTransaction) -> bool:
            # Identity (see the README): this path's other versions go, a copy keeps one record with its paths.
            _, old_ids = self._read_state(tx, doc_id)
            stored = next(iter(list(tx.run(Q_DOCUMENT_PATHS, {"doc_id": doc_id}))), None)
            same = [(r["id"], list(r["paths"] or [])) for r in tx.run(Q_SAME_SOURCE, {"doc_id": doc_id, "path": path})]
            plan = IdentityPlan(batches.document, (stored["path"], list(stored["paths"] or []))
                                if stored is not None else None, same if path else [])
            statements: list[Statement] = []
            for other in plan.replaces:
                _, other_ids = self._read_state(tx, other)
                old_ids = [*old_ids, *other_ids]
                statements += [*self._remove_statements(other, other_ids), (Q_DELETE_DOCUMENT, {"doc_id": other})]
            statements += [(Q_DROP_PATH, {"doc_id": other, "path": path}) for other in plan.drops_path]
            statements += self._remove_statements(doc_id, old_ids) + self._write_statements(batches)
            statements += [(Q_DELETE_ORPHANS, {"ids": sorted(set(old_ids))}), (Q_BUMP_VERSION, {})]
            for cypher, params in statements:
                tx.run(cypher, params).consume()
            return plan.replaced

        replaced = self._execute_write(work)
        return WriteResult(
            doc_id=doc_id,
            entities=len(batches.mentioned_ids),
            relations=sum(len(rb.rows) for rb in batches.relations),
            replaced=replaced,
        )

    def delete_document(self, doc_id: str) -> bool:
        def work(tx: ManagedTransaction) -> bool:
            existed, old_ids = self._read_state(tx, doc_id)
            if not existed:
                return False
            statements = self._remove_statements(doc_id, old_ids) + [
                (Q_DELETE_DOCUMENT, {"doc_id": doc_id}),
                (Q_DELETE_ORPHANS, {"ids": old_ids}),
                (Q_BUMP_VERSION, {}),
            ]
            for cypher, params in statements:
                tx.run(cypher, params).consume()
            return True

        return bool(self._execute_write(work))

    def _import(self, cypher: str, rows: list[dict[str, Any]]) -> None:
        # An import is a write too: the version advances with it (a running API's cache must not keep the old graph).
        def work(tx: ManagedTransaction) -> None:
            tx.run(cypher, {"rows": rows}).consume()
            tx.run(Q_BUMP_VERSION).consume()

        self._execute_write(work)

    def import_documents(self, rows: list[dict[str, Any]]) -> None:
        """Copy Document nodes as they are: rows of {id, props}."""
        self._import(Q_IMPORT_DOCUMENTS, rows)

    def import_entities(self, label: Label, rows: list[dict[str, Any]]) -> None:
        """Copy entities of one type as they are (aliases, alias_text included): rows of {id, props}."""
        self._import(entity_import(label), rows)

    def import_relations(self, rel_type: RelType, source_label: str, target_label: str,
                         rows: list[dict[str, Any]]) -> None:
        """Copy relationships with their provenance: rows of {src, dst, key, props} (props hold doc_id)."""
        self._import(relation_upsert(rel_type, source_label, target_label, copied=True), rows)

    # -- reads ------------------------------------------------------------------------------------
    def _rows(self, cypher: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        def work(tx: ManagedTransaction) -> list[list[Any]]:
            return [list(rec.values()) for rec in tx.run(cypher, params or {})]

        return self._execute_read(work)

    def documents(self) -> list[Document]:
        out = []
        for (node,) in self._rows(Q_DOCUMENTS):
            props = dict(node)
            out.append(Document.from_props(props))
        return out

    def stats(self) -> StoreStats:
        nodes = {label: int(n) for label, n in self._rows(Q_NODE_COUNTS) if label != "AikgVersion"}
        rels = {t: int(n) for t, n in self._rows(Q_REL_COUNTS)}
        return StoreStats(nodes=nodes, relationships=rels, documents=nodes.get(DOCUMENT_LABEL, 0))

    def version(self) -> int:
        return int(self._rows(Q_VERSION)[0][0])

    def read(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
        row_cap: int = DEFAULT_ROW_CAP,
    ) -> QueryResult:
        """Run `cypher` in a read transaction (the server refuses writes), bound parameters, capped rows."""

        @unit_of_work(timeout=max(timeout_ms, 1) / 1000)
        def work(tx: ManagedTransaction) -> tuple[list[str], list[list[Any]], bool, dict[str, str]]:
            result = tx.run(cypher, params or {})
            columns = list(result.keys())
            rows: list[list[Any]] = []
            truncated = False
            for rec in result:
                if len(rows) >= row_cap:
                    truncated = True
                    break
                rows.append(list(rec.values()))
            result.consume()  # stop streaming what the cap cut
            known: dict[str, str] = {}
            _collect_node_ids(rows, known)
            missing = sorted(_missing_endpoints(rows, known))
            if missing:
                for rec in tx.run(Q_NODE_IDS_BY_ELEMENT_ID, {"element_ids": missing}):
                    if rec["id"] is not None:
                        known[rec["eid"]] = rec["id"]
            return columns, rows, truncated, known

        try:
            columns, rows, truncated, known = self._execute_read(work)
        except ClientError as exc:  # syntax, timeout, a write in a read transaction
            raise QueryRejected(f"{exc.code}: {exc.message}") from exc
        converted = [[_convert(v, known) for v in row] for row in rows]
        return QueryResult(columns=columns, rows=converted, truncated=truncated)

    def close(self) -> None:
        self._driver.close()


# -- conversion of driver values into graph.model ------------------------------------------------
def _node_id(node: Node, known: dict[str, str]) -> str:
    return known.get(node.element_id) or str(node.get("id") or node.element_id)


def _collect_node_ids(value: Any, out: dict[str, str]) -> None:
    if isinstance(value, Node):
        if value.get("id") is not None:
            out[value.element_id] = str(value["id"])
    elif isinstance(value, Path):
        for n in value.nodes:
            _collect_node_ids(n, out)
    elif isinstance(value, list | tuple):
        for v in value:
            _collect_node_ids(v, out)
    elif isinstance(value, dict):
        for v in value.values():
            _collect_node_ids(v, out)


def _missing_endpoints(value: Any, known: dict[str, str]) -> set[str]:
    if isinstance(value, Relationship):
        ends = (value.start_node, value.end_node)
        return {n.element_id for n in ends if n is not None and n.element_id not in known}
    if isinstance(value, Path):
        return _missing_endpoints(list(value.relationships), known)
    if isinstance(value, list | tuple):
        return set().union(*(_missing_endpoints(v, known) for v in value))
    if isinstance(value, dict):
        return set().union(*(_missing_endpoints(v, known) for v in value.values()))
    return set()


def _plain(value: Any) -> Any:
    """Temporal and spatial driver values become text, so results serialise as JSON."""
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, Point):
        return list(value)
    return value


def _convert(value: Any, known: dict[str, str]) -> Any:
    if isinstance(value, Node):
        props = {k: _convert(v, known) for k, v in value.items()}
        # Neo4j's labels are a set: put Entity/Document first, as the embedded store returns them.
        labels = sorted(value.labels, key=lambda label: (label not in _END_LABELS, label))
        return GraphNode(id=_node_id(value, known), labels=labels, props=props)
    if isinstance(value, Relationship):
        start, end = value.start_node, value.end_node
        return GraphEdge(
            id=value.element_id,
            type=value.type,
            source=_node_id(start, known) if start is not None else "",
            target=_node_id(end, known) if end is not None else "",
            props={k: _convert(v, known) for k, v in value.items()},
        )
    if isinstance(value, Path):
        return {"nodes": [_convert(n, known) for n in value.nodes],
                "edges": [_convert(r, known) for r in value.relationships]}
    if isinstance(value, list | tuple):
        return [_convert(v, known) for v in value]
    if isinstance(value, dict):
        return {k: _convert(v, known) for k, v in value.items()}
    return _plain(value)
