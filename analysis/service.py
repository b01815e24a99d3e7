"""What the API and the command line ask of the analysis stage; every answer cached per graph version."""

from __future__ import annotations

from typing import Any

from analysis import metrics
from analysis.profile import build_profile, comparison
from analysis.region import Scope, scope_for
from analysis.snapshot import Snapshot, SnapshotCache
from graph.model import ENTITY_LABEL, GraphEdge, GraphNode, Subgraph
from graph.store import GraphStore
from queries import Registry

# Tableau-20-like palette, one colour per community (largest first); the rest grey.
COMMUNITY_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                    "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94",
                    "#f7b6d2", "#dbdb8d", "#9edae5", "#393b79"]
OTHER_COLOR = "#d0d0d0"
VIEW_MAX_NODES = 500  # as viz.style.MAX_NODES: what a view draws


def community_color(community: int | None) -> str:
    if community is None or community < 1 or community > len(COMMUNITY_COLORS):
        return OTHER_COLOR
    return COMMUNITY_COLORS[community - 1]


class Analysis:
    def __init__(self, registry: Registry) -> None:
        self.cache = SnapshotCache(registry)

    def snapshot(self, store: GraphStore) -> Snapshot:
        return self.cache.get(store)

    def scope(self, store: GraphStore, region: str | None) -> Scope:
        return self.cache.derived(store, f"scope:{region or ''}", lambda snap: scope_for(snap, region))

    def _cached(self, store: GraphStore, what: str, region: str | None, compute: Any) -> Any:
        scope = self.scope(store, region)  # raises UnknownRegion before anything is computed
        return self.cache.derived(store, f"{what}:{region or ''}", lambda snap: compute(snap, scope))

    def key_players(self, store: GraphStore, region: str | None = None, top: int = 10) -> dict[str, Any]:
        # Computed once for every entity (betweenness is the costly part); each caller takes its top rows.
        full = self._cached(store, "players", region, metrics.key_players)
        return full | {"types": {t: rows[:top] for t, rows in full["types"].items()}}

    def communities(self, store: GraphStore, region: str | None = None) -> dict[str, Any]:
        return self._cached(store, "communities", region, metrics.communities)

    def co_responsibility(self, store: GraphStore, region: str | None = None, top: int = 50) -> dict[str, Any]:
        return self._cached(store, f"coresp{top}", region, lambda s, sc: metrics.co_responsibility(s, sc, top))

    def summary(self, store: GraphStore, region: str | None = None, top: int = 10) -> dict[str, Any]:
        comm = self.communities(store, region)
        return {
            "region": region or "", "version": self.snapshot(store).version,
            "key_players": self.key_players(store, region, top),
            "communities": {k: v for k, v in comm.items() if k != "membership"},
            "co_responsibility": self.co_responsibility(store, region),
        }

    def profile(self, store: GraphStore, region: str, top: int = 5) -> dict[str, Any]:
        scope = self.scope(store, region)
        comm = self.communities(store, region)
        analytics = {"key_players": self.key_players(store, region, top),
                     "communities": {k: v for k, v in comm.items() if k != "membership"}}
        return self.cache.derived(store, f"profile:{region}", lambda snap: build_profile(snap, scope, analytics))

    def compare(self, store: GraphStore, a: str, b: str) -> dict[str, Any]:
        left, right = self.scope(store, a), self.scope(store, b)
        return self.cache.derived(store, f"compare:{a}|{b}", lambda snap: comparison(snap, left, right))

    # -- views ----------------------------------------------------------------------------------
    def community_subgraph(self, store: GraphStore, region: str | None = None,
                           max_nodes: int = VIEW_MAX_NODES) -> tuple[Subgraph, dict[str, str]]:
        """The organisation network as a drawable subgraph, and each node's community colour."""
        snap = self.snapshot(store)
        scope = self.scope(store, region)
        membership = self.communities(store, region)["membership"]
        g = self.cache.derived(store, f"orgnet:{region or ''}", lambda s: metrics.organisation_network(s, scope))
        if g.number_of_nodes() > max_nodes:  # a picture shows a few hundred: the best-linked, before any model is built
            strength = dict(g.degree(weight="weight"))
            g = g.subgraph(sorted(g.nodes, key=lambda n: (-strength[n], n))[:max_nodes])
        nodes = [_node(snap, n, community=membership.get(n)) for n in g.nodes]
        edges = [GraphEdge(id=f"_l{i}", type="LINKED", source=a, target=b,
                           props={"role": "、".join(f"{metrics.LINK_NAMES[k]}{v}" for k, v in d["reasons"].items())})
                 for i, (a, b, d) in enumerate(g.edges(data=True))]
        return Subgraph(nodes=nodes, edges=edges), {n.id: community_color(membership.get(n.id)) for n in nodes}

    def co_responsibility_subgraph(self, store: GraphStore, region: str | None = None) -> Subgraph:
        snap = self.snapshot(store)
        result = self.co_responsibility(store, region, top=500)
        ids = {x for e in result["edges"] for x in (e["source"], e["target"])}
        edges = [GraphEdge(id=f"_c{i}", type="SHARES_TASKS", source=e["source"], target=e["target"],
                           props={"role": f"{e['shared_tasks']}项"}) for i, e in enumerate(result["edges"])]
        return Subgraph(nodes=[_node(snap, n) for n in sorted(ids)], edges=edges)


def _node(snap: Snapshot, node_id: str, community: int | None = None) -> GraphNode:
    n = snap.nodes[node_id]
    props: dict[str, Any] = {"id": n.id, "name": n.name}
    if n.city:
        props["city"] = n.city
    if community is not None:
        props["community"] = community
    return GraphNode(id=n.id, labels=[ENTITY_LABEL, n.label], props=props)
