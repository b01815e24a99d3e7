"""What is specific to the embedded store: a document's write is one atomic query."""

from __future__ import annotations

import pytest

import graph.falkor_store as falkor_store
from graph.falkor_store import FalkorStore, chain
from tests.graph.test_store_contract import fact_evidence, plan_v1, plan_v2, rels_by_doc


def test_chain_keeps_one_row_between_parts() -> None:
    text = chain(["UNWIND [] AS x RETURN x", "RETURN 1"])
    assert text.count("WITH count(*) AS _") == 1 and text.endswith("RETURN count(*)")


def test_a_failed_rewrite_leaves_the_previous_version_intact(
    store: FalkorStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    v1 = plan_v1()
    store.write(v1)
    before_rels, before_evidence = rels_by_doc(store), fact_evidence(store, v1.doc.id)
    before_stats = store.stats()
    # Make the very last part of the write fail at run time, after every other part ran.
    failing = falkor_store.P_DELETE_ORPHANS + " WITH count(*) AS z RETURN 1/0"
    monkeypatch.setattr(falkor_store, "P_DELETE_ORPHANS", failing)
    with pytest.raises(RuntimeError, match="nothing was changed"):
        store.write(plan_v2())
    assert rels_by_doc(store) == before_rels
    assert fact_evidence(store, v1.doc.id) == before_evidence
    assert store.stats() == before_stats


def test_write_sends_a_single_statement(store: FalkorStore, monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[str] = []
    original = store._write

    def spy(cypher: str, params: dict | None = None):  # type: ignore[no-untyped-def]
        sent.append(cypher)
        return original(cypher, params)

    monkeypatch.setattr(store, "_write", spy)
    store.write(plan_v1())
    assert len(sent) == 1
    assert "UNWIND $relations_0 AS row" in sent[0] and "$old_ids" in sent[0]


def test_a_nul_in_a_written_value_is_refused_by_name(store: FalkorStore) -> None:
    from graph.store import InvalidParameter

    with pytest.raises(InvalidParameter, match="'rows'"):
        store._write("UNWIND $rows AS r RETURN r", {"rows": [{"x": "a\x00b"}]})


def test_relationships_connect_the_ends_they_name(store: FalkorStore) -> None:
    # Rows name their ends by position in a per-type list of ids: every stored relationship must still join
    # the entities its fact names, whatever order the rows and ends come in.
    v1 = plan_v1()
    store.write(v1)
    rows = store.read("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id, type(r), b.id, r.key, r.doc_id").rows
    assert sorted(tuple(r[:3]) for r in rows) == sorted(
        (rel.source, rel.type.value, rel.target) for rel in v1.relations if rel.source != v1.doc.id)
    assert all(key == f"{t}|{a}|{b}|{key.rsplit('|', 1)[1]}" and doc == v1.doc.id for a, t, b, key, doc in rows)


def test_two_nodes_with_one_id_fail_the_write_not_connect_the_wrong_ones(store: FalkorStore) -> None:
    v1 = plan_v1()
    store.write(v1)
    before = store.stats()
    agency = next(e for e in v1.entities if e.type.value == "Agency")
    store._write("CREATE (:Entity:Agency {id: $id, name: 'copy'})", {"id": agency.id})  # a damaged store
    with pytest.raises(RuntimeError, match="nothing was changed"):
        store.write(plan_v2())
    assert store.stats().relationships == before.relationships
