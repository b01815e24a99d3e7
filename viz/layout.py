"""Node positions computed in Python: for static export, and for views too big for browser physics."""

from __future__ import annotations

import math
from functools import lru_cache

import networkx as nx
import numpy as np

from viz.subset import ViewGraph

# Up to this many nodes the all-pairs forces are one vectorised numpy step (n² pairs, ~40 MB at 1,500);
# networkx switches to a per-node scipy loop from 500 nodes, which took ~1.3 s for 500.
DENSE_MAX_NODES = 1500
ITERATIONS = 60
# A weak pull to the centre: without it isolated nodes and small components drift to the rim and the
# picture is mostly empty space.
GRAVITY = 0.06
# Layouts kept: the same subgraph is drawn again for its view, its PNG/SVG and every reader of a report,
# so each is computed once. An entry is a few kB per 100 nodes; least recently used ones go first.
LAYOUT_CACHE_SIZE = 128


def spring_positions(view: ViewGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Force-directed positions in roughly [-1, 1]², the same for the same graph (and computed once for it)."""
    # Nodes in id order, not row order: a query returning the same nodes in another order (after an
    # unrelated write, say) gets the same picture, and the cached one.
    ids = tuple(sorted({n.id for n in view.nodes}))
    if not ids:
        return {}
    if len(ids) == 1:
        return {ids[0]: (0.0, 0.0)}
    index = {nid: i for i, nid in enumerate(ids)}
    # Each linked pair once, whatever the direction or the number of edges between them: graphs that differ
    # only in edge types, ids or properties share a layout.
    pairs = tuple(sorted({(min(index[e.source], index[e.target]), max(index[e.source], index[e.target]))
                          for e in view.edges
                          if e.source != e.target and e.source in index and e.target in index}))
    xy = _cached_layout(ids, pairs, seed, len(ids) > DENSE_MAX_NODES)
    return dict(zip(ids, xy, strict=True))


@lru_cache(maxsize=LAYOUT_CACHE_SIZE)
def _cached_layout(ids: tuple[str, ...], pairs: tuple[tuple[int, int], ...], seed: int,
                   sparse: bool) -> tuple[tuple[float, float], ...]:
    """Positions in the order of `ids`; tuples, so a caller cannot change what the cache holds."""
    # k a bit above the Fruchterman-Reingold default spreads the picture so labels overlap less.
    k = 1.6 / math.sqrt(len(ids))
    xy = _networkx_layout(len(ids), pairs, k, seed) if sparse else force_layout(len(ids), list(pairs), k=k, seed=seed)
    return tuple((float(x), float(y)) for x, y in xy)


def clear_layout_cache() -> None:
    _cached_layout.cache_clear()


def force_layout(n: int, pairs: list[tuple[int, int]], *, k: float, seed: int = 7,
                 iterations: int = ITERATIONS, gravity: float = GRAVITY) -> np.ndarray:
    """Fruchterman-Reingold with all-pairs repulsion as whole-array numpy steps; an n×2 array in [-1, 1]²."""
    # float32 n×n planes for x and y (no n×n×2 temporaries): half the memory traffic, same picture.
    adj = np.zeros((n, n), dtype=np.float32)
    if pairs:
        a, b = np.array(pairs).T
        adj[a, b] = 1.0
        adj[b, a] = 1.0  # direction and duplicate statements do not pull harder
    adj_k = adj / np.float32(k)
    k2 = np.float32(k * k)
    pull = np.float32(gravity * n * k)
    pos = np.random.default_rng(seed).random((n, 2)).astype(np.float32)
    temperature = 0.1  # the largest step, shrinking linearly to ~0 (as networkx does)
    cooling = temperature / (iterations + 1)
    # Four n×n buffers reused by every step: a fresh 1 MB temporary is a new mapping, its pages faulted in
    # each time (that was a third of the layout's time at 500 nodes). The arithmetic is unchanged.
    dx, dy, d2, tmp = (np.empty((n, n), dtype=np.float32) for _ in range(4))
    for _ in range(iterations):
        x, y = pos[:, 0], pos[:, 1]
        np.subtract(x[:, None], x[None, :], out=dx)
        np.subtract(y[:, None], y[None, :], out=dy)
        np.multiply(dx, dx, out=d2)
        d2 += np.multiply(dy, dy, out=tmp)
        np.clip(d2, 1e-4, None, out=d2)
        attraction = np.multiply(adj_k, np.sqrt(d2, out=tmp), out=tmp)
        force = np.subtract(np.divide(k2, d2, out=d2), attraction, out=d2)  # k²/d² − adj·d/k
        disp = np.stack([np.multiply(dx, force, out=dx).sum(axis=1), np.multiply(dy, force, out=dy).sum(axis=1)],
                        axis=1)
        disp -= pull * (pos - pos.mean(axis=0))
        length = np.sqrt((disp * disp).sum(axis=1))
        np.clip(length, 0.01, None, out=length)
        pos += disp * (np.float32(temperature) / length)[:, None]
        temperature -= cooling
    out = pos.astype(np.float64)
    out -= out.mean(axis=0)
    extent = np.abs(out).max()
    return out / extent if extent > 0 else out


def _networkx_layout(n: int, pairs: tuple[tuple[int, int], ...], k: float, seed: int) -> list[np.ndarray]:
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(pairs)
    pos = nx.spring_layout(g, k=k, iterations=50, seed=seed, method="force")
    return [pos[i] for i in range(n)]
