"""The Neo4j adapter, with the driver stubbed at the session boundary.

What is checked: the statements and parameters sent (database always named, values
always bound), the transaction use, the conversion of driver values, and that every
statement the adapter can send parses under Neo4j's own parser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from neo4j import Record
from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable
from neo4j.graph import Graph, Node, Path, Relationship

import graph.neo4j_store as ns
from graph.model import Document, Entity, Extraction, GraphEdge, GraphNode, Label, Relation, RelType
from graph.neo4j_store import Neo4jStore, all_statements
from graph.store import QueryRejected, StoreUnavailable
from tests.cypherlint import LinterUnavailable, lint_cypher

DB = "kg_test"
Responder = Callable[[str, dict[str, Any]], list[dict[str, Any]]]


class FakeResult:
    def __init__(self, rows: list[dict[str, Any]], keys: list[str] | None = None) -> None:
        self._records = [Record(r) for r in rows]
        self._keys = keys if keys is not None else (list(rows[0]) if rows else [])
        self.consumed = False
        self.fetched = 0

    def keys(self) -> list[str]:
        return self._keys

    def __iter__(self):
        for rec in self._records:
            self.fetched += 1
            yield rec

    def single(self, strict: bool = False) -> Record:
        assert len(self._records) == 1
        return self._records[0]

    def consume(self) -> None:
        self.consumed = True


class FakeTx:
    def __init__(self, log: list[tuple[str, str, dict[str, Any]]], mode: str, respond: Responder) -> None:
        self.log, self.mode, self.respond = log, mode, respond

    def run(self, query: str, parameters: dict[str, Any] | None = None, **kw: Any) -> FakeResult:
        assert not kw, "parameters go in the dict, not as keyword arguments"
        params = dict(parameters or {})
        self.log.append((self.mode, query, params))
        return FakeResult(self.respond(query, params))


class FakeSession:
    def __init__(self, driver: FakeDriver) -> None:
        self.driver = driver

    def __enter__(self) -> FakeSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.driver.closed_sessions += 1

    def execute_write(self, fn: Callable[..., Any]) -> Any:
        self.driver.transactions.append(("write", getattr(fn, "timeout", None)))
        return fn(FakeTx(self.driver.log, "write", self.driver.respond))

    def execute_read(self, fn: Callable[..., Any]) -> Any:
        self.driver.transactions.append(("read", getattr(fn, "timeout", None)))
        if self.driver.read_error is not None:
            raise self.driver.read_error
        return fn(FakeTx(self.driver.log, "read", self.driver.respond))

    def run(self, query: str, parameters: dict[str, Any] | None = None) -> FakeResult:
        self.driver.log.append(("auto", query, dict(parameters or {})))
        return FakeResult([])


class FakeDriver:
    def __init__(self, respond: Responder | None = None) -> None:
        self.log: list[tuple[str, str, dict[str, Any]]] = []
        self.databases: list[str | None] = []
        self.transactions: list[tuple[str, float | None]] = []
        self.respond: Responder = respond or (lambda q, p: [])
        self.read_error: Exception | None = None
        self.closed_sessions = 0
        self.closed = False

    def session(self, database: str | None = None, **kw: Any) -> FakeSession:
        self.databases.append(database)
        return FakeSession(self)

    def close(self) -> None:
        self.closed = True


def make_store(respond: Responder | None = None) -> tuple[Neo4jStore, FakeDriver]:
    driver = FakeDriver(respond)
    return Neo4jStore(driver, database=DB, uri="bolt://example:7687"), driver  # type: ignore[arg-type]


TRICKY = "O'Brien \"科技\" \\ 公司\n}) DETACH DELETE n //"


def sample_extraction() -> Extraction:
    doc = Document(id="doc:abc", title="关于推进人工智能产业发展的行动方案")
    agency = Entity(id="Agency:某市工业和信息化局", type=Label.AGENCY, name="某市工业和信息化局", aliases=["市工信局"])
    company = Entity(id=f"Enterprise:{TRICKY}", type=Label.ENTERPRISE, name=TRICKY)
    task = Entity(id="Task:算力提升行动", type=Label.TASK, name="算力提升行动")
    rels = [
        Relation(type=RelType.RESPONSIBLE_FOR, source=agency.id, target=task.id, props={"role": "lead"},
                 evidence="责任单位：市工信局", span=(10, 19)),
        Relation(type=RelType.SUPPORTS, source=agency.id, target=company.id, evidence=TRICKY),
        Relation(type=RelType.DEFINES, source=doc.id, target=task.id),
    ]
    return Extraction(doc=doc, entities=[agency, company, task], relations=rels)


def state_responder(exists: bool, mentioned: list[str]) -> Responder:
    def respond(query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        if query == ns.Q_DOCUMENT_EXISTS:
            return [{"n": 1 if exists else 0}]
        if query == ns.Q_MENTIONED:
            return [{"id": i} for i in mentioned]
        if query == ns.Q_DOCUMENT_PATHS:  # a stored document from no known path
            return [{"path": "", "paths": []}] if exists else []
        return []

    return respond


# -- statements ------------------------------------------------------------------------------------
def test_every_statement_parses_as_neo4j_cypher() -> None:
    statements = all_statements()
    try:
        errors = lint_cypher(statements)
    except LinterUnavailable as exc:
        pytest.skip(str(exc))
    bad = {s: e for s, e in zip(statements, errors, strict=True) if e}
    assert not bad


def test_all_statements_cover_every_label_and_type() -> None:
    text = "\n".join(all_statements())
    for label in Label:
        assert f"SET n:{label.value}," in text
    for rel in RelType:
        assert f"[r:{rel.value} " in text


def test_formatting_refuses_non_enum_names() -> None:
    with pytest.raises(ValueError):
        ns.entity_upsert("Agency) DETACH DELETE (x")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        ns.relation_upsert(RelType.LEADS, "Entity {id: 1}) MATCH (x", "Entity")
    with pytest.raises(ValueError):
        ns.relation_upsert("LEADS]->() DELETE r //", "Entity", "Entity")  # type: ignore[arg-type]


def test_ensure_schema_sends_named_ddl_to_the_configured_database() -> None:
    store, driver = make_store()
    store.ensure_schema()
    assert [q for _, q, _ in driver.log] == ns.SCHEMA
    assert all(mode == "auto" for mode, _, _ in driver.log)
    assert driver.databases == [DB]
    assert any("CREATE FULLTEXT INDEX entity_names_cjk IF NOT EXISTS" in q and "'cjk'" in q for q in ns.SCHEMA)


# -- writes ------------------------------------------------------------------------------------------
def test_write_is_one_write_transaction_with_bound_parameters() -> None:
    store, driver = make_store(state_responder(exists=False, mentioned=[]))
    result = store.write(sample_extraction())

    assert driver.transactions == [("write", None)]
    assert driver.databases == [DB]
    assert all(mode == "write" for mode, _, _ in driver.log)
    queries = [q for _, q, _ in driver.log]
    # State is read inside the same transaction before anything changes.
    assert queries[:2] == [ns.Q_DOCUMENT_EXISTS, ns.Q_MENTIONED]
    assert queries[-2:] == [ns.Q_DELETE_ORPHANS, ns.Q_BUMP_VERSION]  # the version moves in the same transaction
    allowed = set(all_statements())
    assert all(q in allowed for q in queries), "only the adapter's own statements are sent"
    # The tricky name travels as a parameter only.
    assert not any("O'Brien" in q or "科技" in q for q in queries)
    entity_rows = [row for _, q, p in driver.log if q.startswith("UNWIND $rows") and "SET n:" in q
                   for row in p["rows"]]
    assert any(row["props"]["name"] == TRICKY for row in entity_rows)
    rel_sends = [(q, p) for _, q, p in driver.log if "MERGE (a)-[r:SUPPORTS" in q]
    rel_rows = [row for _, p in rel_sends for row in p["rows"]]
    assert rel_rows and rel_rows[0]["props"]["evidence"] == TRICKY
    # The document's id is bound once per statement, not repeated in every row.
    assert all(p["doc_id"] == "doc:abc" and "doc_id: $doc_id" in q for q, p in rel_sends)
    assert "doc_id" not in rel_rows[0]["props"]
    # Entities batched by label, relations by type: one statement each here.
    assert sum("SET n:" in q for q in queries) == 3
    assert sum("MERGE (a)-[r:" in q for q in queries) == 3
    assert any(q == ns.relation_upsert(RelType.DEFINES, "Document", "Entity") for q in queries)
    assert result.entities == 3 and result.relations == 3 and result.replaced is False


def test_rewrite_removes_the_old_facts_first_and_reports_replaced() -> None:
    old = ["Agency:某市工业和信息化局", "Person:张三"]
    store, driver = make_store(state_responder(exists=True, mentioned=old))
    result = store.write(sample_extraction())
    assert result.replaced is True
    queries = [q for _, q, _ in driver.log]
    i_del = queries.index(ns.Q_DELETE_ENTITY_RELS)
    assert i_del < queries.index(ns.Q_UPSERT_DOCUMENT)
    assert driver.log[i_del][2] == {"ids": old, "doc_id": "doc:abc"}
    assert driver.log[-2][2] == {"ids": old}  # orphans among the previously mentioned entities


def test_unknown_entity_is_rejected_before_any_session() -> None:
    ext = sample_extraction()
    ext.relations.append(Relation(type=RelType.LEADS, source="Person:不存在", target=ext.entities[0].id))
    store, driver = make_store()
    with pytest.raises(ValueError, match="unknown entity"):
        store.write(ext)
    assert driver.databases == [] and driver.log == []


def test_delete_document() -> None:
    store, driver = make_store(state_responder(exists=False, mentioned=[]))
    assert store.delete_document("doc:none") is False
    assert [q for _, q, _ in driver.log] == [ns.Q_DOCUMENT_EXISTS, ns.Q_MENTIONED]

    store, driver = make_store(state_responder(exists=True, mentioned=["Task:x"]))
    assert store.delete_document("doc:abc") is True
    queries = [q for _, q, _ in driver.log]
    assert queries[2:] == [ns.Q_DELETE_ENTITY_RELS, ns.Q_DELETE_DOCUMENT_RELS, ns.Q_DELETE_DOCUMENT,
                           ns.Q_DELETE_ORPHANS, ns.Q_BUMP_VERSION]
    assert driver.transactions == [("write", None)] and driver.databases == [DB]


# -- reads -------------------------------------------------------------------------------------------
def graph_values() -> tuple[Node, Node, Relationship, Relationship]:
    g = Graph()
    a = Node(g, "4:x:1", 1, ["Entity", "Agency"], {"id": "Agency:甲", "name": "甲"})
    t = Node(g, "4:x:2", 2, ["Entity", "Task"], {"id": "Task:乙", "name": "乙"})
    r = g.relationship_type("RESPONSIBLE_FOR")(g, "5:x:9", 9, {"role": "lead", "doc_id": "doc:1"})
    r._start_node, r._end_node = a, t
    # An edge whose end nodes were not returned: the driver knows only their element ids.
    bare_a, bare_b = Node(g, "4:x:7", 7), Node(g, "4:x:8", 8)
    r2 = g.relationship_type("LEADS")(g, "5:x:10", 10, {})
    r2._start_node, r2._end_node = bare_a, bare_b
    return a, t, r, r2


def test_read_uses_a_read_transaction_with_timeout_and_converts_values() -> None:
    a, t, r, r2 = graph_values()

    def respond(query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        if query == ns.Q_NODE_IDS_BY_ELEMENT_ID:
            return [{"eid": "4:x:7", "id": "Person:丙"}, {"eid": "4:x:8", "id": "Alliance:丁"}]
        return [{"a": a, "r": r, "t": t, "p": Path(a, r), "r2": r2, "n": 3}]

    store, driver = make_store(respond)
    res = store.read("MATCH (a)-[r]->(t) RETURN a, r, t", {"name": "O'Brien"}, timeout_ms=2500)

    assert driver.transactions == [("read", 2.5)]
    assert driver.databases == [DB]
    assert driver.log[0] == ("read", "MATCH (a)-[r]->(t) RETURN a, r, t", {"name": "O'Brien"})
    assert driver.log[1][1] == ns.Q_NODE_IDS_BY_ELEMENT_ID
    assert sorted(driver.log[1][2]["element_ids"]) == ["4:x:7", "4:x:8"]
    assert res.columns == ["a", "r", "t", "p", "r2", "n"]
    node, edge, task, path, edge2, n = res.rows[0]
    assert isinstance(node, GraphNode) and node.id == "Agency:甲" and node.label == "Agency"
    assert isinstance(edge, GraphEdge)
    assert (edge.type, edge.source, edge.target) == ("RESPONSIBLE_FOR", "Agency:甲", "Task:乙")
    assert edge.props["role"] == "lead"
    assert task.id == "Task:乙"
    assert [x.id for x in path["nodes"]] == ["Agency:甲", "Task:乙"] and path["edges"][0].type == "RESPONSIBLE_FOR"
    assert (edge2.source, edge2.target) == ("Person:丙", "Alliance:丁")
    assert n == 3 and res.truncated is False


def test_read_row_cap_truncates() -> None:
    store, driver = make_store(lambda q, p: [{"i": i} for i in range(10)])
    res = store.read("UNWIND range(0, 9) AS i RETURN i", row_cap=4)
    assert res.rows == [[0], [1], [2], [3]] and res.truncated is True
    res = store.read("UNWIND range(0, 9) AS i RETURN i", row_cap=10)
    assert len(res.rows) == 10 and res.truncated is False


def test_read_engine_error_becomes_query_rejected() -> None:
    store, driver = make_store()
    # What the server answers to a write in a read transaction (built the way the driver builds it).
    error = Neo4jError._hydrate_neo4j(code="Neo.ClientError.Statement.AccessMode",
                                      message="Writing in read access mode not allowed.")
    assert isinstance(error, ClientError)
    driver.read_error = error
    with pytest.raises(QueryRejected, match="AccessMode"):
        store.read("CREATE (n:Entity {id: 'x'})")


def test_unreachable_during_work_is_store_unavailable() -> None:
    store, driver = make_store()
    driver.read_error = ServiceUnavailable("connection refused")
    with pytest.raises(StoreUnavailable, match=r"bolt://example:7687.*docker compose up -d neo4j"):
        store.stats()


def test_documents_and_stats_convert_rows() -> None:
    g = Graph()
    d = Node(g, "4:x:3", 3, ["Document"], {"id": "doc:1", "title": "标题", "type": "news", "chars": 5})

    def respond(query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        if query == ns.Q_DOCUMENTS:
            return [{"d": d}]
        if query == ns.Q_NODE_COUNTS:
            return [{"label": "Document", "n": 1}, {"label": "Entity", "n": 4}]
        if query == ns.Q_REL_COUNTS:
            return [{"type": "MENTIONS", "n": 4}]
        return []

    store, driver = make_store(respond)
    assert store.documents() == [Document(id="doc:1", title="标题", type="news", chars=5)]
    stats = store.stats()
    assert stats.documents == 1 and stats.nodes["Entity"] == 4 and stats.relationships == {"MENTIONS": 4}
    assert set(driver.databases) == {DB} and all(m == "read" for m, _ in driver.transactions)


# -- from_env ----------------------------------------------------------------------------------------
class EnvDriver(FakeDriver):
    def __init__(self, error: Exception | None) -> None:
        super().__init__()
        self.error = error
        self.verified = False

    def verify_connectivity(self, **config: object) -> None:
        self.verified = True
        if self.error is not None:
            raise self.error


def test_from_env_reads_settings_and_creates_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    made: dict[str, Any] = {}

    def fake_driver(uri: str, auth: tuple[str, str], **config: object) -> EnvDriver:
        made.update(uri=uri, auth=auth, driver=EnvDriver(None))
        return made["driver"]

    monkeypatch.setattr(ns.GraphDatabase, "driver", fake_driver)
    monkeypatch.setenv("NEO4J_URI", "neo4j://db.example:7687")
    monkeypatch.setenv("NEO4J_USER", "alice")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret")
    monkeypatch.setenv("NEO4J_DATABASE", "aikg")
    store = Neo4jStore.from_env()
    assert (made["uri"], made["auth"]) == ("neo4j://db.example:7687", ("alice", "s3cret"))
    assert store.database == "aikg" and made["driver"].verified
    assert [q for _, q, _ in made["driver"].log] == ns.SCHEMA
    store.close()
    assert made["driver"].closed


def test_from_env_unreachable_names_uri_and_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    drv = EnvDriver(ServiceUnavailable("Couldn't connect to localhost:7687"))
    monkeypatch.setattr(ns.GraphDatabase, "driver", lambda uri, auth, **config: drv)
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    with pytest.raises(StoreUnavailable) as info:
        Neo4jStore.from_env()
    msg = str(info.value)
    assert "bolt://localhost:7687" in msg and "docker compose up -d neo4j" in msg and "\n" not in msg
    assert drv.closed and drv.verified


def test_from_env_with_the_real_driver_and_nothing_listening(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{port}")
    with pytest.raises(StoreUnavailable, match=rf"bolt://127.0.0.1:{port}.*docker compose up -d neo4j"):
        Neo4jStore.from_env()


def test_from_env_bad_uri_scheme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "mysql://localhost:7687")
    with pytest.raises(StoreUnavailable, match="invalid NEO4J_URI 'mysql://localhost:7687'"):
        Neo4jStore.from_env()


def test_open_store_picks_neo4j_and_reports_it_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.store import open_store

    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")  # discard port: nothing answers Bolt there
    with pytest.raises(StoreUnavailable, match="Neo4j is not reachable at NEO4J_URI=bolt://127.0.0.1:9"):
        open_store("neo4j")


def test_same_interface_as_the_falkordb_store() -> None:
    import inspect

    from graph.falkor_store import FalkorStore
    from graph.store import GraphStore

    for name in ("ensure_schema", "write", "delete_document", "documents", "stats", "read", "close"):
        assert hasattr(GraphStore, name)
        mine, theirs = inspect.signature(getattr(Neo4jStore, name)), inspect.signature(getattr(FalkorStore, name))
        assert list(mine.parameters) == list(theirs.parameters), name
    assert Neo4jStore.name == "neo4j"
