"""Rows → JSON and subgraph."""

from __future__ import annotations

import json

import pytest

from graph.model import GraphEdge, GraphNode, QueryResult
from queries.results import DrawError, to_json, to_subgraph
from queries.spec import DrawSpec

A = GraphNode(id="Agency:甲局", labels=["Entity", "Agency"], props={"id": "Agency:甲局", "name": "甲局",
                                                                  "alias_text": " 甲"})
T = GraphNode(id="Task:乙行动", labels=["Entity", "Task"], props={"name": "乙行动"})
R = GraphEdge(id="_e1", type="RESPONSIBLE_FOR", source=A.id, target=T.id, props={"role": "lead"})
DANGLING = GraphEdge(id="_e2", type="LOCATED_IN", source=A.id, target="District:丙区", props={})


def test_nodes_edges_and_paths_become_json() -> None:
    row = [A, R, {"nodes": [A, T], "edges": [R]}, [[T, R]], float("nan"), 3]
    out = to_json(row)
    json.dumps(out)  # JSON-able
    assert out[0] == {"id": A.id, "labels": A.labels, "label": "Agency", "props": {"id": A.id, "name": "甲局"}}
    assert out[1]["source"] == A.id and out[1]["props"] == {"role": "lead"}
    assert out[2]["nodes"][1]["id"] == T.id and out[3][0][1]["type"] == "RESPONSIBLE_FOR"
    assert out[4] is None and out[5] == 3


def test_subgraph_collects_everything_once_and_fills_missing_ends() -> None:
    rows = [[A, {"nodes": [A, T], "edges": [R]}, [DANGLING]], [A, None, []]]
    result = QueryResult(columns=["a", "p", "x"], rows=rows)
    sub = to_subgraph(result)
    ids = [n.id for n in sub.nodes]
    assert sorted(ids) == sorted([A.id, T.id, "District:丙区"])
    assert [e.id for e in sub.edges] == ["_e1", "_e2"]
    placeholder = next(n for n in sub.nodes if n.id == "District:丙区")
    assert placeholder.label == "District" and placeholder.props["name"] == "丙区"
    assert "alias_text" not in next(n for n in sub.nodes if n.id == A.id).props


DRAW = DrawSpec(source="agency", type="RESPONSIBLE_FOR", target="task")
COLUMNS = ["agency_id", "agency", "task_id", "task", "role", "evidence", "doc_id", "key"]


def test_draws_make_nodes_and_facts_of_plain_columns() -> None:
    rows = [
        [A.id, "甲局", T.id, "乙行动", "lead", "甲局牵头乙行动。", "doc:1", f"RESPONSIBLE_FOR|{A.id}|{T.id}|lead"],
        [A.id, "甲局", T.id, "乙行动", "lead", "甲局牵头乙行动。", "doc:2", f"RESPONSIBLE_FOR|{A.id}|{T.id}|lead"],
        [None, None, T.id, "乙行动", None, None, None, None],  # an OPTIONAL MATCH that found no agency
    ]
    sub = to_subgraph(QueryResult(columns=COLUMNS, rows=rows), [DRAW])
    by_id = {n.id: n for n in sub.nodes}
    assert set(by_id) == {A.id, T.id}
    assert (by_id[A.id].label, by_id[A.id].props) == ("Agency", {"name": "甲局"})
    assert by_id[T.id].label == "Task"
    # The same fact stated by two documents: two statements, as the store holds them.
    assert [(e.type, e.source, e.target, e.props["doc_id"]) for e in sub.edges] == [
        ("RESPONSIBLE_FOR", A.id, T.id, "doc:1"), ("RESPONSIBLE_FOR", A.id, T.id, "doc:2")]
    assert sub.edges[0].props == {"role": "lead", "evidence": "甲局牵头乙行动。", "doc_id": "doc:1",
                                  "key": f"RESPONSIBLE_FOR|{A.id}|{T.id}|lead"}


def test_draws_naming_a_missing_column_is_an_error() -> None:
    with pytest.raises(DrawError, match="task_id"):
        to_subgraph(QueryResult(columns=["agency_id", "agency", "task"], rows=[]), [DRAW])
