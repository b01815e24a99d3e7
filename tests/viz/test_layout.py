"""The force layout: deterministic, inside [-1, 1]², neighbours drawn near each other, nodes spread apart."""

from __future__ import annotations

import math
import random

import pytest

from graph.model import GraphEdge, GraphNode, Subgraph
from tests.viz.samples import sample_subgraph
from viz import layout
from viz.layout import spring_positions
from viz.subset import cap_subgraph


def clustered(n_clusters: int = 6, size: int = 20, seed: int = 3) -> Subgraph:
    """Dense groups joined by one edge each: a good layout keeps each group together."""
    rng = random.Random(seed)
    nodes = [GraphNode(id=f"Agency:c{c}n{i}", labels=["Entity", "Agency"], props={"name": f"机构{c}-{i}"})
             for c in range(n_clusters) for i in range(size)]
    edges = []
    for c in range(n_clusters):
        members = nodes[c * size:(c + 1) * size]
        for k in range(size * 2):
            a, b = rng.sample(members, 2)
            edges.append(GraphEdge(id=f"e{c}-{k}", type="SUPPORTS", source=a.id, target=b.id))
        edges.append(GraphEdge(id=f"bridge{c}", type="SUPPORTS", source=members[0].id,
                               target=nodes[((c + 1) % n_clusters) * size].id))
    return Subgraph(nodes=nodes, edges=edges)


def _dist(p: tuple[float, float], q: tuple[float, float]) -> float:
    return math.hypot(p[0] - q[0], p[1] - q[1])


def test_deterministic_and_inside_the_unit_square() -> None:
    view = cap_subgraph(clustered(), 500)
    first, second = spring_positions(view), spring_positions(view)
    assert first == second
    assert set(first) == {n.id for n in view.nodes}
    assert all(-1.0 <= v <= 1.0 for xy in first.values() for v in xy)
    assert max(abs(v) for xy in first.values() for v in xy) == pytest.approx(1.0)


def test_groups_stay_together_and_nodes_do_not_pile_up() -> None:
    pos = spring_positions(cap_subgraph(clustered(), 500))
    ids = list(pos)
    group = {nid: nid.rsplit("n", 1)[0] for nid in ids}
    same = [_dist(pos[a], pos[b]) for i, a in enumerate(ids) for b in ids[i + 1:] if group[a] == group[b]]
    other = [_dist(pos[a], pos[b]) for i, a in enumerate(ids) for b in ids[i + 1:] if group[a] != group[b]]
    assert sum(same) / len(same) < 0.5 * sum(other) / len(other)
    closest = min(_dist(pos[a], pos[b]) for i, a in enumerate(ids) for b in ids[i + 1:])
    assert closest > 1e-3  # repulsion keeps every pair apart


def test_tiny_graphs() -> None:
    assert spring_positions(cap_subgraph(Subgraph(), 10)) == {}
    one = GraphNode(id="City:甲市", labels=["Entity", "City"], props={"name": "甲市"})
    assert spring_positions(cap_subgraph(Subgraph(nodes=[one]), 10)) == {"City:甲市": (0.0, 0.0)}
    pos = spring_positions(cap_subgraph(sample_subgraph(), 50))
    assert len({(round(x, 3), round(y, 3)) for x, y in pos.values()}) == len(pos)


def test_big_graphs_fall_back_to_networkx(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "DENSE_MAX_NODES", 50)
    called = []
    original = layout._networkx_layout

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        called.append(True)
        return original(*args, **kwargs)

    monkeypatch.setattr(layout, "_networkx_layout", spy)
    pos = spring_positions(cap_subgraph(clustered(), 500))
    assert called and len(pos) == 120
    assert all(-1.0 <= v <= 1.0 for xy in pos.values() for v in xy)


def _counting_force_layout(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    original = layout.force_layout

    def counting(n, pairs, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(n)
        return original(n, pairs, **kwargs)

    monkeypatch.setattr(layout, "force_layout", counting)
    layout.clear_layout_cache()
    return calls


def test_layout_is_computed_once_per_subgraph(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting_force_layout(monkeypatch)
    graph = clustered()
    first = spring_positions(cap_subgraph(graph, 500))
    # The same nodes and links again, as a new object with other edge ids and types: the cached layout.
    renamed = Subgraph(nodes=graph.nodes, edges=[e.model_copy(update={"id": f"x{i}", "type": "LEADS"})
                                                 for i, e in enumerate(graph.edges)])
    again = spring_positions(cap_subgraph(renamed, 500))
    assert again == first and calls == [120]
    again["Agency:c0n0"] = (9.0, 9.0)  # a caller changing its copy does not change the cache
    assert spring_positions(cap_subgraph(graph, 500)) == first and calls == [120]


def test_other_links_or_nodes_get_their_own_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting_force_layout(monkeypatch)
    graph = clustered()
    first = spring_positions(cap_subgraph(graph, 500))
    fewer = spring_positions(cap_subgraph(Subgraph(nodes=graph.nodes, edges=graph.edges[:-1]), 500))
    smaller = spring_positions(cap_subgraph(Subgraph(nodes=graph.nodes[:-1], edges=graph.edges), 500))
    assert calls == [120, 120, 119]
    assert fewer != first and set(smaller) == set(first) - {graph.nodes[-1].id}


def test_layout_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting_force_layout(monkeypatch)
    graphs = [clustered(2, 5, seed=s) for s in range(layout.LAYOUT_CACHE_SIZE + 1)]
    for g in graphs:
        spring_positions(cap_subgraph(g, 500))
    assert layout._cached_layout.cache_info().currsize == layout.LAYOUT_CACHE_SIZE
    spring_positions(cap_subgraph(graphs[0], 500))  # the oldest was dropped: computed again
    assert len(calls) == layout.LAYOUT_CACHE_SIZE + 2


def test_row_order_does_not_change_the_picture(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting_force_layout(monkeypatch)
    graph = clustered()
    shuffled = Subgraph(nodes=random.Random(5).sample(graph.nodes, len(graph.nodes)), edges=graph.edges[::-1])
    assert spring_positions(cap_subgraph(shuffled, 500)) == spring_positions(cap_subgraph(graph, 500))
    assert calls == [120]
