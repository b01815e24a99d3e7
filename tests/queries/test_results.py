"""Rows → JSON and subgraph."""

from __future__ import annotations

import json

from graph.model import GraphEdge, GraphNode, QueryResult
from queries.results import to_json, to_subgraph

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
