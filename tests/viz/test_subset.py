from __future__ import annotations

import pytest

from graph.model import GraphEdge, Subgraph
from tests.viz.samples import edge, node, sample_subgraph, star_subgraph
from viz.subset import cap_subgraph
from viz.text import edge_label, legend_items, node_name


def test_cap_keeps_the_best_connected_nodes_and_only_their_edges() -> None:
    sg = star_subgraph(30, hubs=2)  # two hubs of degree 30, 60 leaves of degree 1
    view = cap_subgraph(sg, max_nodes=10)
    ids = {n.id for n in view.nodes}
    assert len(view.nodes) == 10
    assert {"Agency:中心机构00", "Agency:中心机构01"} <= ids
    assert all(e.source in ids and e.target in ids for e in view.edges)
    assert len(view.edges) == 8  # each kept leaf keeps its one edge to its hub
    assert view.total_nodes == 62
    assert view.degree["Agency:中心机构00"] + view.degree["Agency:中心机构01"] == 8
    assert set(view.degree) == ids  # isolated kept nodes have degree 0, not a missing key


def test_cap_is_stable_on_ties() -> None:
    sg = star_subgraph(30)
    first = [n.id for n in cap_subgraph(sg, 5).nodes]
    reordered = Subgraph(nodes=list(reversed(sg.nodes)), edges=sg.edges)
    assert [n.id for n in cap_subgraph(reordered, 5).nodes] == first


def test_duplicates_and_dangling_edges_are_dropped() -> None:
    sg = sample_subgraph()
    a, b = sg.nodes[0], sg.nodes[1]
    dangling = GraphEdge(id="x1", type="SUPPORTS", source=a.id, target="Agency:不在结果里")
    doubled = Subgraph(nodes=[*sg.nodes, a, b], edges=[*sg.edges, sg.edges[0], dangling])
    view = cap_subgraph(doubled, 500)
    assert len(view.nodes) == len(sg.nodes)
    assert len(view.edges) == len(sg.edges)
    assert view.total_nodes == len(sg.nodes)


def test_total_nodes_from_the_caller_wins_when_larger() -> None:
    assert cap_subgraph(sample_subgraph(), 500, total_nodes=1234).total_nodes == 1234


def test_bad_cap_is_refused_with_the_parameter_named() -> None:
    with pytest.raises(ValueError, match="max_nodes"):
        cap_subgraph(sample_subgraph(), 0)


def test_texts() -> None:
    bureau, task = node("Agency", "某局"), node("Task", "某行动")
    assert edge_label(edge(1, "RESPONSIBLE_FOR", bureau, task, role="lead")) == "负责·牵头"
    assert edge_label(edge(2, "LEADS", bureau, task, role="理事长")) == "领导·理事长"
    assert edge_label(edge(3, "COOPERATES_WITH", bureau, task)) == "合作"
    assert edge_label(edge(4, "NEW_TYPE", bureau, task)) == "NEW_TYPE"
    doc = node("Document", "ignored")
    doc.props = {"title": "某某行动计划"}
    assert node_name(doc) == "某某行动计划"
    doc.props = {}
    assert node_name(doc) == doc.id
    items = legend_items(sample_subgraph().nodes)
    assert [(i.label, i.count) for i in items][:2] == [("City", 1), ("Agency", 2)]
    assert {i.name for i in items} >= {"机构", "企业", "任务"}
