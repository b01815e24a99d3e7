"""Node positions computed in Python: for static export, and for views too big for browser physics."""

from __future__ import annotations

import math

import networkx as nx

from viz.subset import ViewGraph


def spring_positions(view: ViewGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Force-directed positions in roughly [-1, 1]², deterministic for the same graph."""
    g = nx.Graph()
    g.add_nodes_from(n.id for n in view.nodes)
    g.add_edges_from((e.source, e.target) for e in view.edges if e.source != e.target)
    if g.number_of_nodes() == 0:
        return {}
    if g.number_of_nodes() == 1:
        return {next(iter(g.nodes)): (0.0, 0.0)}
    # k a bit above the default spreads disconnected pieces so labels overlap less.
    k = 1.6 / math.sqrt(g.number_of_nodes())
    # "force" (Fruchterman-Reingold) is faster than the "energy" method networkx picks from 500 nodes.
    pos = nx.spring_layout(g, k=k, iterations=50, seed=seed, method="force")
    return {node: (float(xy[0]), float(xy[1])) for node, xy in pos.items()}
