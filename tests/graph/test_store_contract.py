"""One behavioural suite for every store (the `any_store` fixture of tests/conftest.py).

`make test` runs it on the embedded FalkorDB and on a real Neo4j 5.26 (tools/neo4j-local).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.falkor_server import FalkorServer
from graph.falkor_store import FalkorStore
from graph.model import Document, Entity, Extraction, GraphEdge, GraphNode, Label, Relation, RelType, entity_id
from graph.store import GraphStore, QueryRejected


# -- small hand-written sample documents ----------------------------------------------------------
def ent(label: Label, name: str, *aliases: str) -> Entity:
    return Entity(id=entity_id(label, name), type=label, name=name, aliases=list(aliases))


AGENCY = ent(Label.AGENCY, "示例市工业和信息化局", "市工信局")
SCIENCE = ent(Label.AGENCY, "示例市科学技术局", "市科技局")
TASK_A = ent(Label.TASK, "算力基础设施提升行动")
TASK_B = ent(Label.TASK, "智能终端培育行动")
TASK_C = ent(Label.TASK, "数据要素流通行动")
FIRM = ent(Label.ENTERPRISE, "示例智能科技有限公司", "示例智能")
PLATFORM = ent(Label.PLATFORM, "示例语音开放创新平台")


def rel(t: RelType, src: Entity | str, dst: Entity | str, evidence: str = "", **props: Any) -> Relation:
    s = src if isinstance(src, str) else src.id
    d = dst if isinstance(dst, str) else dst.id
    return Relation(type=t, source=s, target=d, props=props, evidence=evidence or f"{s}→{d}", span=(0, 5))


def plan_v1() -> Extraction:
    doc = Document(id="doc:plan", title="示例市人工智能行动方案", city="示例市", type="action_plan")
    return Extraction(
        doc=doc,
        entities=[AGENCY, SCIENCE, TASK_A, TASK_B, FIRM, PLATFORM],
        relations=[
            rel(RelType.RESPONSIBLE_FOR, AGENCY, TASK_A, "牵头单位：市工信局", role="lead"),
            rel(RelType.RESPONSIBLE_FOR, SCIENCE, TASK_A, "责任单位：市科技局", role="co"),
            rel(RelType.RESPONSIBLE_FOR, SCIENCE, TASK_B, "责任单位：市科技局", role="lead"),
            rel(RelType.BUILDS, FIRM, PLATFORM, "示例智能建设语音开放创新平台"),
            rel(RelType.DEFINES, doc.id, TASK_A),
            rel(RelType.DEFINES, doc.id, TASK_B),
        ],
    )


def plan_v2() -> Extraction:
    """The same document, corrected: TASK_B is gone, TASK_C is new, one evidence changed."""
    doc = Document(id="doc:plan", title="示例市人工智能行动方案（修订）", city="示例市", type="action_plan")
    return Extraction(
        doc=doc,
        entities=[AGENCY, SCIENCE, TASK_A, TASK_C, FIRM, PLATFORM],
        relations=[
            rel(RelType.RESPONSIBLE_FOR, AGENCY, TASK_A, "牵头单位：市工信局（修订）", role="lead"),
            rel(RelType.RESPONSIBLE_FOR, SCIENCE, TASK_C, "责任单位：市科技局", role="lead"),
            rel(RelType.BUILDS, FIRM, PLATFORM, "示例智能建设语音开放创新平台"),
            rel(RelType.DEFINES, doc.id, TASK_A),
            rel(RelType.DEFINES, doc.id, TASK_C),
        ],
    )


def news() -> Extraction:
    """Another document restating one fact of the plan and adding its own."""
    other = ent(Label.ENTERPRISE, "另一家数据有限公司")
    return Extraction(
        doc=Document(id="doc:news", title="示例市召开人工智能大会", type="news"),
        entities=[FIRM, PLATFORM, other, AGENCY],
        relations=[
            rel(RelType.BUILDS, FIRM, PLATFORM, "会上，示例智能介绍了语音开放创新平台"),
            rel(RelType.SUPPORTS, AGENCY, other, "市工信局支持另一家数据有限公司"),
        ],
    )


# -- helpers reading the store through its own read() ---------------------------------------------
def rels_by_doc(s: GraphStore) -> dict[tuple[str, str], int]:
    res = s.read("MATCH ()-[r]->() RETURN r.doc_id AS doc, type(r) AS t, count(*) AS n")
    return {(d, t): n for d, t, n in res.rows}


def entity_ids(s: GraphStore) -> set[str]:
    return {r[0] for r in s.read("MATCH (e:Entity) RETURN e.id AS id").rows}


def mentioned_ids(s: GraphStore) -> set[str]:
    return {r[0] for r in s.read("MATCH (:Document)-[:MENTIONS]->(e:Entity) RETURN DISTINCT e.id AS id").rows}


def held_ids(s: GraphStore) -> set[str]:
    """What some document holds in the graph: its mentions, and the places its LOCATED_IN facts end at."""
    placed = s.read("MATCH (:Document)-[:MENTIONS]->(:Entity)-[:LOCATED_IN]->(p:Entity) RETURN DISTINCT p.id AS id")
    return mentioned_ids(s) | {r[0] for r in placed.rows}


def fact_evidence(s: GraphStore, doc_id: str) -> dict[tuple[str, str, str], str]:
    res = s.read(
        "MATCH (a)-[r]->(b) WHERE r.doc_id = $doc AND type(r) <> 'MENTIONS' "
        "RETURN type(r) AS t, a.id AS a, b.id AS b, r.evidence AS ev",
        {"doc": doc_id},
    )
    return {(t, a, b): ev for t, a, b, ev in res.rows}


# -- the contract -----------------------------------------------------------------------------------
def test_write_and_stats(any_store: GraphStore) -> None:
    result = any_store.write(plan_v1())
    assert (result.entities, result.relations, result.replaced) == (6, 6, False)
    st = any_store.stats()
    assert st.documents == 1
    assert st.nodes["Entity"] == 6 and st.nodes["Agency"] == 2 and st.nodes["Task"] == 2
    assert st.relationships == {"RESPONSIBLE_FOR": 3, "BUILDS": 1, "DEFINES": 2, "MENTIONS": 6}
    assert [d.title for d in any_store.documents()] == ["示例市人工智能行动方案"]
    assert any_store.documents()[0].type == "action_plan"


def test_writing_twice_changes_nothing(any_store: GraphStore) -> None:
    any_store.write(plan_v1())
    any_store.write(news())
    before = (any_store.stats(), rels_by_doc(any_store), entity_ids(any_store))
    again = any_store.write(plan_v1())
    assert again.replaced is True
    assert (any_store.stats(), rels_by_doc(any_store), entity_ids(any_store)) == before
    aliases = any_store.read("MATCH (e:Entity {id: $id}) RETURN e.aliases AS a", {"id": AGENCY.id}).rows
    assert aliases == [[["市工信局"]]]


def test_rewriting_a_changed_document_replaces_its_facts(any_store: GraphStore) -> None:
    any_store.write(plan_v1())
    any_store.write(plan_v2())
    facts = fact_evidence(any_store, "doc:plan")
    assert ("RESPONSIBLE_FOR", SCIENCE.id, TASK_B.id) not in facts
    assert ("RESPONSIBLE_FOR", SCIENCE.id, TASK_A.id) not in facts
    assert facts[("RESPONSIBLE_FOR", SCIENCE.id, TASK_C.id)] == "责任单位：市科技局"
    assert facts[("RESPONSIBLE_FOR", AGENCY.id, TASK_A.id)] == "牵头单位：市工信局（修订）"
    assert TASK_B.id not in entity_ids(any_store), "an entity no document mentions any more is removed"
    assert entity_ids(any_store) == mentioned_ids(any_store)
    assert [d.title for d in any_store.documents()] == ["示例市人工智能行动方案（修订）"]
    assert any_store.stats().relationships["RESPONSIBLE_FOR"] == 2


def test_delete_removes_exactly_the_documents_contribution(any_store: GraphStore) -> None:
    any_store.write(plan_v1())
    any_store.write(news())
    before = rels_by_doc(any_store)
    assert any_store.delete_document("doc:plan") is True
    after = rels_by_doc(any_store)
    assert not any(doc == "doc:plan" for doc, _ in after)
    assert after == {k: v for k, v in before.items() if k[0] != "doc:plan"}
    # The fact also stated by the news survives with the news' evidence; shared entities survive.
    news_facts = fact_evidence(any_store, "doc:news")
    assert news_facts[("BUILDS", FIRM.id, PLATFORM.id)] == "会上，示例智能介绍了语音开放创新平台"
    ids = entity_ids(any_store)
    assert {FIRM.id, PLATFORM.id, AGENCY.id} <= ids
    assert not ids & {SCIENCE.id, TASK_A.id, TASK_B.id}
    assert ids == mentioned_ids(any_store)
    assert [d.id for d in any_store.documents()] == ["doc:news"]
    assert any_store.delete_document("doc:plan") is False
    assert any_store.delete_document("doc:news") is True
    st = any_store.stats()
    assert st.documents == 0 and sum(st.nodes.values()) == 0 and sum(st.relationships.values()) == 0


def test_a_place_is_a_node_but_not_a_mention(any_store: GraphStore) -> None:
    # A named city's province from the region table: the end of LOCATED_IN, not something the text names.
    city = ent(Label.CITY, "示例市")
    province = ent(Label.PROVINCE, "示例省")
    placed = Extraction(doc=Document(id="doc:place", title="示例市举办论坛", type="news"), entities=[city, AGENCY],
                        places=[province],
                        relations=[rel(RelType.LOCATED_IN, city, province), rel(RelType.LOCATED_IN, AGENCY, city)])
    assert any_store.write(placed).entities == 2
    assert province.id in entity_ids(any_store) and province.id not in mentioned_ids(any_store)
    rows = any_store.read("MATCH (c:City)-[:LOCATED_IN]->(p:Province) RETURN c.id AS c, p.id AS p").rows
    assert rows == [[city.id, province.id]]
    any_store.write(news())
    assert any_store.delete_document("doc:place") is True
    assert province.id not in entity_ids(any_store), "a place nothing refers to any more goes with its document"
    assert entity_ids(any_store) == mentioned_ids(any_store)


def test_awkward_strings_round_trip(any_store: GraphStore) -> None:
    name = "O'Reilly \"智能\" \\ 科技\n有限公司 `x` $p {}"
    evidence = ("责任单位：市工信局、市科技局。'\"\\\n" * 1100)[:20_000]
    firm = ent(Label.ENTERPRISE, name, "别名'一", "别名\\二")
    ext = Extraction(
        doc=Document(id="doc:strings", title="标题 'quoted' \"double\" \\ back\nslash"),
        entities=[firm, PLATFORM],
        relations=[rel(RelType.BUILDS, firm, PLATFORM, evidence)],
    )
    any_store.write(ext)
    res = any_store.read(
        "MATCH (e:Entity {id: $id})-[r:BUILDS]->(p) RETURN e.name AS name, e.aliases AS aliases, r.evidence AS ev",
        {"id": firm.id},
    )
    assert res.rows == [[name, ["别名'一", "别名\\二"], evidence]]
    assert len(res.rows[0][2]) == 20_000
    assert any_store.documents()[0].title == ext.doc.title


def test_read_is_read_only(any_store: GraphStore) -> None:
    any_store.write(plan_v1())
    before = any_store.stats()
    with pytest.raises(QueryRejected):
        any_store.read("CREATE (n:Entity {id: 'intruder'}) RETURN n")
    with pytest.raises(QueryRejected):
        any_store.read("MATCH (n:Entity) DETACH DELETE n")
    assert any_store.stats() == before


def test_read_returns_graph_nodes_and_edges(any_store: GraphStore) -> None:
    any_store.write(plan_v1())
    res = any_store.read(
        "MATCH (a:Agency)-[r:RESPONSIBLE_FOR]->(t:Task) WHERE r.role = $role RETURN a, r, t ORDER BY a.id, t.id",
        {"role": "lead"},
    )
    assert res.columns == ["a", "r", "t"]
    assert len(res.rows) == 2
    a, r, t = res.rows[0]
    assert isinstance(a, GraphNode) and isinstance(r, GraphEdge) and isinstance(t, GraphNode)
    assert (a.id, a.label, a.props["name"]) == (AGENCY.id, "Agency", AGENCY.name)
    assert (r.type, r.source, r.target, r.props["role"]) == ("RESPONSIBLE_FOR", AGENCY.id, TASK_A.id, "lead")
    assert r.props["doc_id"] == "doc:plan"
    # An edge returned without its end nodes still names them by entity id.
    only_edges = any_store.read("MATCH (:Enterprise)-[r:BUILDS]->() RETURN r")
    edge = only_edges.rows[0][0]
    assert (edge.source, edge.target) == (FIRM.id, PLATFORM.id)


def test_read_row_cap(any_store: GraphStore) -> None:
    any_store.write(plan_v1())
    res = any_store.read("MATCH (e:Entity) RETURN e.id AS id ORDER BY id", row_cap=4)
    assert len(res.rows) == 4 and res.truncated is True
    assert any_store.read("MATCH (e:Entity) RETURN e.id AS id", row_cap=6).truncated is False


def test_bad_query_is_rejected(any_store: GraphStore) -> None:
    with pytest.raises(QueryRejected):
        any_store.read("MATCH (n RETURN n")


def test_unknown_entity_is_rejected_before_anything_is_written(any_store: GraphStore) -> None:
    any_store.write(news())
    before = (any_store.stats(), rels_by_doc(any_store))
    bad = plan_v1()
    bad.relations.append(rel(RelType.LEADS, "Person:不存在的人", AGENCY))
    with pytest.raises(ValueError, match="Person:不存在的人"):
        any_store.write(bad)
    assert (any_store.stats(), rels_by_doc(any_store)) == before


def test_falkordb_persists_across_a_server_restart(tmp_path: Path) -> None:
    data = tmp_path / "kg"
    server = FalkorServer(data)
    assert server.start() is True
    try:
        s = FalkorStore(server, graph_name="persist")
        s.ensure_schema()
        s.write(plan_v1())
        s.write(news())
        before = (s.stats(), rels_by_doc(s), entity_ids(s))
        s._db.connection.close()
    finally:
        server.stop()
    assert not server.running()

    server2 = FalkorServer(data)
    assert server2.start() is True
    try:
        s2 = FalkorStore(server2, graph_name="persist")
        assert (s2.stats(), rels_by_doc(s2), entity_ids(s2)) == before
        s2.close()
    finally:
        server2.stop()


# -- the seed documents, whatever the current extractor makes of them -------------------------------
@pytest.fixture(scope="module")
def seed_extractions(seeds_dir: Path) -> list[Extraction]:
    from loaders.pipeline import extract_file

    files = sorted(seeds_dir.glob("*.txt"))
    if not files:
        pytest.skip(f"no seed documents in {seeds_dir}")
    return [extract_file(f) for f in files]


def test_seeds_ingested_twice_give_identical_counts(any_store: GraphStore, seed_extractions: list[Extraction]) -> None:
    for ext in seed_extractions:
        any_store.write(ext)
    first = (any_store.stats(), rels_by_doc(any_store), entity_ids(any_store))
    assert first[0].documents == len({e.doc.id for e in seed_extractions})
    for ext in seed_extractions:
        assert any_store.write(ext).replaced is True
    assert (any_store.stats(), rels_by_doc(any_store), entity_ids(any_store)) == first


def test_deleting_one_seed_leaves_the_others_intact(any_store: GraphStore, seed_extractions: list[Extraction]) -> None:
    for ext in seed_extractions:
        any_store.write(ext)
    victim = seed_extractions[0].doc.id
    before = rels_by_doc(any_store)
    others_before = {d: fact_evidence(any_store, d) for d in {e.doc.id for e in seed_extractions} - {victim}}
    assert any_store.delete_document(victim) is True
    after = rels_by_doc(any_store)
    assert after == {k: v for k, v in before.items() if k[0] != victim}
    assert {d: fact_evidence(any_store, d) for d in others_before} == others_before
    assert entity_ids(any_store) == held_ids(any_store)
    assert victim not in {d.id for d in any_store.documents()}
