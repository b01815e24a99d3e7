"""Shrink a subgraph to what a picture can show: drop dangling edges, keep the best-connected nodes."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from graph.model import GraphEdge, GraphNode, Subgraph


class ViewGraph(BaseModel):
    """The nodes and edges actually drawn, with each node's degree among them."""

    nodes: list[GraphNode]
    edges: list[GraphEdge]
    degree: dict[str, int]
    total_nodes: int  # how many nodes the full result had


def _dedupe_nodes(nodes: list[GraphNode]) -> list[GraphNode]:
    seen: dict[str, GraphNode] = {}
    for n in nodes:
        seen.setdefault(n.id, n)  # a query may return the same node on many rows
    return list(seen.values())


def _dedupe_edges(edges: list[GraphEdge], node_ids: set[str]) -> list[GraphEdge]:
    seen: dict[str, GraphEdge] = {}
    for e in edges:
        if e.source in node_ids and e.target in node_ids:
            seen.setdefault(e.id, e)
    return list(seen.values())


def cap_subgraph(subgraph: Subgraph, max_nodes: int, total_nodes: int | None = None) -> ViewGraph:
    """Keep at most `max_nodes` nodes, highest degree first (ties by id, so the cut is stable)."""
    if max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1, got {max_nodes}")
    nodes = _dedupe_nodes(subgraph.nodes)
    edges = _dedupe_edges(subgraph.edges, {n.id for n in nodes})
    full_degree = _degrees(edges)
    if len(nodes) > max_nodes:
        nodes = sorted(nodes, key=lambda n: (-full_degree[n.id], n.id))[:max_nodes]
        kept = {n.id for n in nodes}
        edges = [e for e in edges if e.source in kept and e.target in kept]
    total = max(total_nodes or 0, len(_dedupe_nodes(subgraph.nodes)))
    degree = _degrees(edges)
    return ViewGraph(nodes=nodes, edges=edges, degree={n.id: degree[n.id] for n in nodes}, total_nodes=total)


def _degrees(edges: list[GraphEdge]) -> Counter[str]:
    deg: Counter[str] = Counter()
    for e in edges:
        deg[e.source] += 1
        deg[e.target] += 1
    return deg
