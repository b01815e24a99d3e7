"""The saved queries: they parse as Neo4j Cypher and run on the embedded store."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.falkor_store import FalkorStore
from graph.store import GraphStore, QueryRejected
from loaders import ExtractionError, collect_documents, extract_file
from queries import ParameterError, Registry, UnknownQuery
from queries.results import to_json
from queries.spec import SavedQuery
from tests.conftest import wipe_neo4j
from tests.cypherlint import LinterUnavailable, lint_cypher
from tests.queries import sample_graph as g
from tests.queries.seed_rows import all_rows, seed_params

REQUIRED_TOPICS = {
    "agency-tasks", "task-agencies", "enterprise-platforms", "organisation-leaders", "located-in",
    "entity-neighbourhood", "shortest-connection", "entity-documents", "agency-ranking", "district-domains",
    "agency-across-cities", "alliance-members", "relationship-evidence",
}


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


@pytest.fixture
def sample_store(any_store: GraphStore) -> GraphStore:
    for extraction in g.sample_extractions():
        any_store.write(extraction)
    return any_store


def test_registry_has_the_saved_queries(registry: Registry) -> None:
    assert REQUIRED_TOPICS <= set(registry.names())
    assert len(registry.names()) >= 12
    for q in registry.all():
        assert q.title and q.description, q.name
        assert q.view in ("graph", "table")


def test_every_saved_query_parses_as_neo4j_cypher(registry: Registry) -> None:
    texts = [(q.name, engine, text) for q in registry.all()
             for engine, text in [("default", q.cypher), *q.variants.items()]]
    try:
        errors = lint_cypher([t for _, _, t in texts])
    except LinterUnavailable as exc:
        pytest.skip(str(exc))
    bad = {f"{name} ({engine})": errs for (name, engine, _), errs in zip(texts, errors, strict=True) if errs}
    assert bad == {}


def test_linter_catches_falkordb_only_cypher() -> None:
    """The lint test can fail: a broken statement is reported."""
    try:
        errors = lint_cypher(["MATCH (n) RETURN n LIMT 5", "MATCH (n:Entity) RETURN n"])
    except LinterUnavailable as exc:
        pytest.skip(str(exc))
    assert errors[0] and not errors[1]


def test_every_query_has_sample_params_and_finds_rows(registry: Registry, sample_store: GraphStore) -> None:
    assert set(registry.names()) == set(g.SAMPLE_PARAMS)
    for name in registry.names():
        out = registry.run(sample_store, name, g.SAMPLE_PARAMS[name])
        assert out.rows, f"{name} returned no rows on the sample graph"
        assert len(out.columns) == len(out.rows[0])
        if registry.get(name).view == "graph":
            assert out.subgraph.nodes, f"{name} is a graph view without nodes"
            ids = {n.id for n in out.subgraph.nodes}
            assert all(e.source in ids and e.target in ids for e in out.subgraph.edges), name


def _col(out, column: str) -> list[object]:  # type: ignore[no-untyped-def]
    i = out.columns.index(column)
    return [row[i] for row in out.rows]


def test_agency_tasks_filters_by_agency_and_city(registry: Registry, sample_store: GraphStore) -> None:
    out = registry.run(sample_store, "agency-tasks", {"agency": "工业和信息化局", "city": "白沙"})
    agencies = set(_col(out, "agency_id"))
    # 青石's agency is kept: the 白沙 document states one of its tasks.
    assert agencies == {g.BS_AGENCY, g.QS_AGENCY}
    out = registry.run(sample_store, "agency-tasks", {"agency": "科学技术局"})
    assert set(_col(out, "task_id")) == {g.TASK_COMPUTE, g.TASK_TALENT}
    assert sorted(_col(out, "role")) == ["co", "lead"]
    assert registry.run(sample_store, "agency-tasks", {"agency": "不存在的部门"}).rows == []


def test_a_drawn_view_shows_the_stored_properties_of_its_entities(registry: Registry, sample_store: GraphStore) -> None:
    out = registry.run(sample_store, "agency-tasks", {"agency": "科学技术局"}, subgraph=True)
    science = next(n for n in out.subgraph.nodes if n.id == g.QS_SCIENCE)
    assert science.label == "Agency" and science.props["city"] == "青石市" and "市科技局" in science.props["aliases"]
    assert "alias_text" not in science.props
    # The rows stay plain columns: the lookup is for the drawing only.
    assert all(not isinstance(v, dict) for row in out.rows for v in row)


def test_task_agencies_lists_the_lead_first(registry: Registry, sample_store: GraphStore) -> None:
    out = registry.run(sample_store, "task-agencies", {"task": "算力"})
    roles = _col(out, "role")
    assert roles[0] == "lead" and "co" in roles
    assert _col(out, "agency_id")[0] == g.QS_AGENCY


def test_ranking_counts_a_fact_from_two_documents_once(registry: Registry, sample_store: GraphStore) -> None:
    out = registry.run(sample_store, "agency-ranking", {})
    by_id = {row[0]: dict(zip(out.columns, row, strict=True)) for row in out.rows}
    assert by_id[g.QS_SCIENCE]["tasks"] == 2 and by_id[g.QS_SCIENCE]["lead_tasks"] == 1
    assert by_id[g.QS_AGENCY]["tasks"] == 1 and by_id[g.QS_AGENCY]["documents"] == 2
    assert out.rows[0][0] == g.QS_SCIENCE


def test_located_in_is_transitive(registry: Registry, sample_store: GraphStore) -> None:
    out = registry.run(sample_store, "located-in", {"region": "云岭省"})
    names = set(_col(out, "name"))
    assert {"青石市", "白沙市", "东湖区", "星河智能科技有限公司", "青石语音开放创新平台"} <= names
    only = registry.run(sample_store, "located-in", {"region": "云岭省", "type": "Enterprise"})
    assert _col(only, "name") == ["星河智能科技有限公司"] and _col(only, "steps") == [3]


def test_neighbourhood_depth(registry: Registry, sample_store: GraphStore) -> None:
    one = registry.run(sample_store, "entity-neighbourhood", {"id": g.DISTRICT, "depth": 1})
    two = registry.run(sample_store, "entity-neighbourhood", {"id": g.DISTRICT, "depth": 2})
    assert set(_col(one, "steps")) == {1} and set(_col(two, "steps")) == {1, 2}
    assert "青石市" in _col(one, "neighbour") and "云岭省" not in _col(one, "neighbour")
    assert "云岭省" in _col(two, "neighbour")
    assert any("东湖区" in (ev or "") for evs in _col(one, "evidence") for ev in evs)


def test_shortest_connection(registry: Registry, sample_store: GraphStore) -> None:
    out = registry.run(sample_store, "shortest-connection", {"source": g.PERSON, "target": g.QS_CITY})
    assert _col(out, "steps") == [3]
    assert _col(out, "names")[0] == ["李明远", "星河智能科技有限公司", "东湖区", "青石市"]
    none = registry.run(sample_store, "shortest-connection", {"source": g.PERSON, "target": g.TASK_BS})
    assert none.rows == []


def test_alliance_members_and_leaders(registry: Registry, sample_store: GraphStore) -> None:
    out = registry.run(sample_store, "alliance-members", {})
    row = dict(zip(out.columns, out.rows[0], strict=True))
    assert row["alliance"]["id"] == g.ALLIANCE
    assert (row["leader_count"], row["member_count"]) == (1, 2)
    roles = sorted(edge["props"]["role"] for _, edge in row["members"])
    assert roles == ["副理事长单位", "理事长单位"]
    assert row["leaders"][0][1]["props"]["role"] == "理事长"


def test_evidence_and_documents(registry: Registry, sample_store: GraphStore) -> None:
    out = registry.run(sample_store, "relationship-evidence", {"source": g.QS_AGENCY, "target": g.TASK_COMPUTE})
    assert sorted(_col(out, "doc_id")) == [g.QS_DOC, g.BS_DOC]  # one statement per document
    assert set(_col(out, "document")) == {"青石市人工智能产业发展行动计划", "白沙市人工智能创新发展方案"}
    ev = registry.run(sample_store, "relationship-evidence",
                      {"source": g.ENTERPRISE, "target": g.PLATFORM, "type": "BUILDS"})
    row = dict(zip(ev.columns, ev.rows[0], strict=True))
    assert "青石语音开放创新平台" in row["evidence"] and row["span_end"] > row["span_start"]
    docs = registry.run(sample_store, "entity-documents", {"id": g.QS_AGENCY})
    assert set(_col(docs, "doc_id")) == {g.QS_DOC, g.BS_DOC}


def test_across_cities_and_districts(registry: Registry, sample_store: GraphStore) -> None:
    out = registry.run(sample_store, "agency-across-cities", {"agency": "工业和信息化局"})
    assert sorted(_col(out, "city")) == ["白沙市", "青石市"]
    dd = registry.run(sample_store, "district-domains", {"city": "白沙市"})
    assert dd.rows == []
    dd = registry.run(sample_store, "district-domains", {"city": "青石市"})
    assert _col(dd, "domain") == ["智能语音"]


def test_search_matches_aliases_and_binds_hostile_text(registry: Registry, sample_store: GraphStore) -> None:
    out = registry.run(sample_store, "entity-search", {"q": "星河智能"})
    assert _col(out, "id")[0] == g.ENTERPRISE  # exact alias match first
    by_alias = registry.run(sample_store, "entity-search", {"q": "市科技局"})
    assert _col(by_alias, "id") == [g.QS_SCIENCE]
    # An alias only the second document gives: aliases accumulate and stay searchable.
    assert _col(registry.run(sample_store, "entity-search", {"q": "青石市工信"}), "id") == [g.QS_AGENCY]
    typed = registry.run(sample_store, "entity-search", {"q": "青石", "type": "City"})
    assert _col(typed, "id") == [g.QS_CITY]
    for hostile in ["' OR 1=1 //", "\"}) MATCH (n) DETACH DELETE n //", "\\'", "青石\n"]:
        assert registry.run(sample_store, "entity-search", {"q": hostile}).rows == []
    assert sample_store.stats().documents == 2


# Whole names, parts, aliases, one character (no bigram: a scan), Latin and digits, a Traditional
# spelling converted as the API converts it, and nothing.
SEARCHES = ["青石市工业和信息化局", "工业和信息化局", "信息化", "市科技局", "青石市工信", "星河智能", "局", "青",
            "AI", "2024", "青石 市", "不存在的名字"]


def test_search_whole_and_part_names(registry: Registry, sample_store: GraphStore) -> None:
    ids = lambda q: _col(registry.run(sample_store, "entity-search", {"q": q}), "id")  # noqa: E731
    assert ids("青石市工业和信息化局") == [g.QS_AGENCY]
    assert set(ids("工业和信息化局")) == {g.QS_AGENCY, g.BS_AGENCY}
    assert ids("信息化") == ids("工业和信息化局")
    from api.app import _converter

    assert ids(_converter().convert("青石市工業和資訊化局")) == [g.QS_AGENCY]  # Traditional input
    assert g.QS_SCIENCE in ids("局") and ids("不存在的名字") == []
    across = registry.run(sample_store, "agency-across-cities", {"agency": "工业和信息化局"})
    assert sorted(_col(across, "id")) == sorted([g.QS_AGENCY, g.BS_AGENCY])
    tasks = registry.run(sample_store, "task-agencies", {"task": "算力"})
    assert set(_col(tasks, "task_id")) == {g.TASK_COMPUTE}


@pytest.mark.parametrize(("name", "param"), [("entity-search", "q"), ("agency-across-cities", "agency"),
                                             ("task-agencies", "task")])
def test_neo4j_full_text_bodies_answer_as_the_scans_do(
    registry: Registry, neo4j_server_store: GraphStore, name: str, param: str
) -> None:
    wipe_neo4j(neo4j_server_store)
    try:
        for extraction in g.sample_extractions():
            neo4j_server_store.write(extraction)
        query = registry.get(name)
        assert "entity_names_cjk" in query.cypher_for("neo4j") and "entity_names_cjk" not in query.cypher
        hits = neo4j_server_store.read(
            "CALL db.index.fulltext.queryNodes('entity_names_cjk', $p) YIELD node RETURN node.id", {"p": '"信息化"'}
        ).rows
        assert sorted(r[0] for r in hits) == sorted([g.QS_AGENCY, g.BS_AGENCY])  # the cjk index finds parts
        for text in SEARCHES:
            params = registry.validate(name, {param: text})
            with_index = registry.run(neo4j_server_store, name, {param: text}).rows
            scan = neo4j_server_store.read(query.cypher, params).rows
            assert with_index == [[to_json(v) for v in row] for row in scan], text
    finally:
        wipe_neo4j(neo4j_server_store)


def test_row_cap_truncates(registry: Registry, sample_store: GraphStore) -> None:
    out = registry.run(sample_store, "export-nodes", {}, row_cap=3)
    assert len(out.rows) == 3 and out.truncated
    full = registry.run(sample_store, "export-nodes", {})
    assert not full.truncated and len(full.rows) == 20  # 18 entities + 2 documents


def test_export_windows_cover_the_graph_once(registry: Registry, sample_store: GraphStore) -> None:
    max_id, n_nodes = registry.run(sample_store, "export-bounds", {}).rows[0]
    assert n_nodes == 20 and max_id >= 19
    seen: list[str] = []
    edges: list[str] = []
    for start in range(0, max_id + 1, 3):  # tiny windows: pages must neither overlap nor skip
        window = {"from_id": start, "to_id": start + 3}
        seen += [row[0]["id"] for row in registry.run(sample_store, "export-nodes", window).rows]
        edges += [row[3]["id"] for row in registry.run(sample_store, "export-edges", window).rows]
    assert len(seen) == len(set(seen)) == 20
    stats = sample_store.stats()
    assert len(edges) == len(set(edges)) == sum(stats.relationships.values())


def test_errors(registry: Registry, sample_store: GraphStore) -> None:
    with pytest.raises(UnknownQuery, match="no saved query 'nope'"):
        registry.run(sample_store, "nope")
    with pytest.raises(ParameterError, match="'limit'"):
        registry.run(sample_store, "agency-tasks", {"limit": 0})
    with pytest.raises(ParameterError, match="'id'.*required"):
        registry.run(sample_store, "entity-detail", {})
    with pytest.raises(QueryRejected):  # the store's read path refuses writes whatever the text
        sample_store.read("CREATE (n:Entity {id: 'x'}) RETURN n")
    # A saved query that slipped past the file checks still runs in a read transaction: refused.
    sneaky = SavedQuery(name="sneaky", title="x", cypher="MATCH (n:Entity) SET n.name = 'x' RETURN n")
    with pytest.raises(QueryRejected):
        Registry([sneaky]).run(sample_store, "sneaky")
    assert "x" not in _col(registry.run(sample_store, "entity-search", {"q": "x"}), "name")


@pytest.fixture(scope="module")
def seed_extractions(seeds_dir: Path) -> list:  # type: ignore[type-arg]
    files, _ = collect_documents([seeds_dir])
    out = []
    for path in files:
        try:
            out.append(extract_file(path))
        except ExtractionError:
            continue
    if not out:
        pytest.skip("no seed document could be extracted")
    return out


def _ingest(store: GraphStore, extractions: list) -> None:  # type: ignore[type-arg]
    for extraction in extractions:
        store.write(extraction)


def test_every_query_runs_on_the_seeds(registry: Registry, any_store: GraphStore, seed_extractions: list) -> None:  # type: ignore[type-arg]
    _ingest(any_store, seed_extractions)
    stats = any_store.stats()
    params = seed_params(any_store)
    for name in registry.names():
        out = registry.run(any_store, name, params.get(name, {}))
        assert len(out.rows) <= 5000
    # Non-empty wherever the seeds' extraction provides the data.
    for name in ("entity-search", "entity-documents", "entity-detail", "entity-neighbourhood", "relationship-evidence",
                 "shortest-connection"):
        assert registry.run(any_store, name, params[name]).rows, name
    nonempty_when = {
        "agency-tasks": "RESPONSIBLE_FOR", "task-agencies": "RESPONSIBLE_FOR", "agency-ranking": "RESPONSIBLE_FOR",
        "enterprise-platforms": "BUILDS", "organisation-leaders": "LEADS", "alliance-members": "MEMBER_OF",
        "located-in": "LOCATED_IN",
    }
    for name, rel in nonempty_when.items():
        if stats.relationships.get(rel):
            rows = registry.run(any_store, name, params.get(name, {})).rows
            assert rows, f"{name} is empty although the seeds have {rel}"
    # A query that returns columns draws the relationships its header names, between its rows' entities.
    for query in (q for q in registry.all() if q.draws):
        out = registry.run(any_store, query.name, params.get(query.name, {}), subgraph=True)
        drawn = {d.type for d in query.draws}
        if any(stats.relationships.get(t) for t in drawn):
            assert out.rows and out.subgraph.edges, query.name
            assert {e.type for e in out.subgraph.edges} <= drawn, query.name
            ids = {n.id for n in out.subgraph.nodes}
            assert all(e.source in ids and e.target in ids for e in out.subgraph.edges), query.name
            assert all(n.props.get("name") for n in out.subgraph.nodes), query.name
    max_id = registry.run(any_store, "export-bounds", {}).rows[0][0]
    export = registry.run(any_store, "export-nodes", {"to_id": max_id + 1}, row_cap=100_000)
    assert len(export.rows) == sum(n for label, n in stats.nodes.items() if label in ("Entity", "Document"))


def test_seeds_give_the_same_rows_on_both_stores(
    registry: Registry, store: FalkorStore, neo4j_server_store: GraphStore, seed_extractions: list  # type: ignore[type-arg]
) -> None:
    wipe_neo4j(neo4j_server_store)
    try:
        _ingest(store, seed_extractions)
        _ingest(neo4j_server_store, seed_extractions)
        params = seed_params(store)
        assert seed_params(neo4j_server_store) == params
        falkor, neo = all_rows(registry, store, params), all_rows(registry, neo4j_server_store, params)
    finally:
        wipe_neo4j(neo4j_server_store)
    assert set(falkor) == set(neo) == set(registry.names())
    empty_on_one = [name for name in registry.names() if bool(neo[name]) != bool(falkor[name])]
    assert empty_on_one == []
    differ = {name: (falkor[name][:3], neo[name][:3]) for name in registry.names() if neo[name] != falkor[name]}
    assert differ == {}
    assert sum(1 for rows in falkor.values() if rows) >= len(falkor) - 1, "the seeds should feed nearly every query"


class _RecordingStore:
    """Only records what the registry sends: checks engine variant selection."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.sent: list[str] = []

    def read(self, cypher: str, params: dict, timeout_ms: int, row_cap: int):  # type: ignore[no-untyped-def,type-arg]
        from graph.model import QueryResult

        self.sent.append(cypher)
        return QueryResult(columns=[], rows=[])


def test_engine_variants_are_chosen_by_store_name(registry: Registry) -> None:
    query = registry.get("shortest-connection")
    assert "neo4j" in query.variants
    neo, falkor = _RecordingStore("neo4j"), _RecordingStore("falkordb")
    for s in (neo, falkor):
        registry.run(s, "shortest-connection", {"source": "a", "target": "b"})  # type: ignore[arg-type]
    assert "shortestPath" in neo.sent[0] and "shortestPath" not in falkor.sent[0]
    assert falkor.sent[0] == query.cypher
