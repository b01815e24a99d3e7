"""Network analytics with networkx: key players, communities of organisations, bridges, co-responsibility.

All results are plain JSON-able dicts and reproducible: Louvain and sampled betweenness use a fixed seed.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from itertools import combinations
from typing import Any

import networkx as nx

from analysis.region import Scope
from analysis.snapshot import Snapshot
from graph.model import Label, RelType

SEED = 42
# Exact betweenness up to this many nodes; above, sampled from k sources (networkx's `k`, fixed seed): as many as
# fit in a budget of edge visits (one BFS per source), at least MIN and at most MAX.
EXACT_BETWEENNESS_MAX = 500
BETWEENNESS_SAMPLES = 64
MIN_BETWEENNESS_SAMPLES = 8
BETWEENNESS_BUDGET = 5_000_000
PLAYER_TYPES = [Label.AGENCY, Label.ENTERPRISE, Label.PLATFORM, Label.ALLIANCE, Label.INSTITUTION, Label.PERSON]
ORG_TYPES = {Label.AGENCY.value, Label.ENTERPRISE.value, Label.PLATFORM.value, Label.ALLIANCE.value,
             Label.INSTITUTION.value}
# A task owned by more units than this is a catch-all ("all departments"): it would link everyone to everyone.
MAX_TASK_UNITS = 30
# Why two organisations are linked in the organisation network (Chinese names for pages).
LINK_NAMES = {"task": "共同任务", "member": "成员", "cooperation": "合作", "leader": "共同负责人", "build": "建设"}


def _betweenness(g: nx.Graph) -> tuple[dict[str, float], int | None]:
    if g.number_of_nodes() <= EXACT_BETWEENNESS_MAX:
        return nx.betweenness_centrality(g), None
    by_budget = BETWEENNESS_BUDGET // max(g.number_of_edges(), 1)
    k = min(max(MIN_BETWEENNESS_SAMPLES, by_budget), BETWEENNESS_SAMPLES, g.number_of_nodes())
    return nx.betweenness_centrality(g, k=k, seed=SEED), k


def fact_graph(snap: Snapshot, scope: Scope) -> nx.Graph:
    """Entities linked by any fact; weight = distinct facts between the pair."""
    g = nx.Graph()
    for f in scope.facts:
        if f.source == f.target:
            continue
        if g.has_edge(f.source, f.target):
            g[f.source][f.target]["weight"] += 1
        else:
            g.add_edge(f.source, f.target, weight=1)
    return g


def key_players(snap: Snapshot, scope: Scope, top: int | None = None) -> dict[str, Any]:
    """Per type, the top entities by degree, PageRank and betweenness, with the counts behind each score."""
    started = time.perf_counter()
    g = fact_graph(snap, scope)
    if g.number_of_nodes() == 0:
        return {"nodes": 0, "edges": 0, "betweenness_samples": None, "types": {}, "seconds": 0.0}
    pagerank = nx.pagerank(g, weight="weight")
    betweenness, samples = _betweenness(g)
    rel_counts: dict[str, Counter[str]] = defaultdict(Counter)
    docs: dict[str, set[str]] = defaultdict(set)
    for f in scope.facts:
        for end in (f.source, f.target):
            rel_counts[end][f.type] += 1
            docs[end].add(f.doc_id)
    types: dict[str, list[dict[str, Any]]] = {}
    for label in PLAYER_TYPES:
        ids = [n for n in g.nodes if snap.nodes[n].label == label.value]
        rows = [{
            "id": n, "name": snap.nodes[n].name, "type": label.value,
            "degree": g.degree(n), "pagerank": round(pagerank[n], 6), "betweenness": round(betweenness[n], 6),
            "facts": sum(rel_counts[n].values()), "by_relation": dict(rel_counts[n].most_common()),
            "documents": len(docs[n]),
        } for n in ids]
        rows.sort(key=lambda r: (-r["pagerank"], -r["degree"], r["name"]))
        types[label.value] = rows[:top] if top is not None else rows
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "betweenness_samples": samples,
            "types": types, "seconds": round(time.perf_counter() - started, 3)}


def _link(g: nx.Graph, a: str, b: str, why: str) -> None:
    if a == b:
        return
    if g.has_edge(a, b):
        g[a][b]["weight"] += 1
        g[a][b]["reasons"][why] += 1
    else:
        g.add_edge(a, b, weight=1, reasons=Counter({why: 1}))


def organisation_network(snap: Snapshot, scope: Scope) -> nx.Graph:
    """Organisations linked by a shared task, a membership, a cooperation, a shared leader or a build."""
    g = nx.Graph()
    task_units: dict[str, set[str]] = defaultdict(set)
    person_orgs: dict[str, set[str]] = defaultdict(set)
    for f in scope.facts:
        src, dst = snap.nodes[f.source].label, snap.nodes[f.target].label
        if f.type == RelType.RESPONSIBLE_FOR.value and src in ORG_TYPES:
            task_units[f.target].add(f.source)
        elif src in ORG_TYPES and dst in ORG_TYPES:
            why = {RelType.MEMBER_OF.value: "member", RelType.COOPERATES_WITH.value: "cooperation",
                   RelType.BUILDS.value: "build"}.get(f.type)
            if why:
                _link(g, f.source, f.target, why)
        elif src == Label.PERSON.value and dst in ORG_TYPES and f.type in (RelType.LEADS.value,
                                                                          RelType.WORKS_FOR.value):
            person_orgs[f.source].add(f.target)
    for units in task_units.values():
        if len(units) <= MAX_TASK_UNITS:
            for a, b in combinations(sorted(units), 2):
                _link(g, a, b, "task")
    for orgs in person_orgs.values():
        for a, b in combinations(sorted(orgs), 2):
            _link(g, a, b, "leader")
    g.graph["person_orgs"] = person_orgs
    return g


def communities(snap: Snapshot, scope: Scope, members_shown: int = 12) -> dict[str, Any]:
    """Louvain communities of the organisation network (fixed seed), largest first, and the bridges between them."""
    started = time.perf_counter()
    g = organisation_network(snap, scope)
    if g.number_of_nodes() == 0:
        return {"nodes": 0, "edges": 0, "communities": [], "membership": {}, "bridges": [], "seconds": 0.0}
    found = nx.community.louvain_communities(g, weight="weight", seed=SEED)
    found = sorted(found, key=lambda c: (-len(c), min(c)))
    membership = {n: i + 1 for i, c in enumerate(found) for n in c}
    city = snap.city_of()
    wdeg = dict(g.degree(weight="weight"))
    out = []
    for i, members in enumerate(found, start=1):
        ranked = sorted(members, key=lambda n: (-wdeg[n], snap.nodes[n].name))
        reasons: Counter[str] = Counter()
        for _, _, data in g.subgraph(members).edges(data=True):
            reasons.update(data["reasons"])
        out.append({
            "id": i, "size": len(members), "label": snap.nodes[ranked[0]].name,
            "types": dict(Counter(snap.nodes[n].label for n in members).most_common()),
            "cities": dict(Counter(city[n] for n in members if n in city).most_common(5)),
            "links": dict(reasons.most_common()),
            "members": [{"id": n, "name": snap.nodes[n].name, "type": snap.nodes[n].label, "links": wdeg[n]}
                        for n in ranked[:members_shown]],
        })
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "seed": SEED, "communities": out,
            "modularity": round(nx.community.modularity(g, found, weight="weight"), 4),
            "membership": membership, "bridges": bridges(snap, g, membership, city),
            "seconds": round(time.perf_counter() - started, 3)}


def bridges(snap: Snapshot, g: nx.Graph, membership: dict[str, int], city: dict[str, str],
            top: int = 20) -> list[dict[str, Any]]:
    """Organisations and people whose links reach several communities or several cities."""
    reach: dict[str, list[str]] = {n: list(g.neighbors(n)) for n in g.nodes}
    reach.update({p: sorted(orgs) for p, orgs in g.graph.get("person_orgs", {}).items()})
    rows = []
    for n, neighbours in reach.items():
        comms = {membership[m] for m in neighbours if m in membership} | ({membership[n]} if n in membership else set())
        cities = {city[m] for m in neighbours if m in city} | ({city[n]} if n in city else set())
        if len(comms) < 2 and len(cities) < 2:
            continue
        rows.append({"id": n, "name": snap.nodes[n].name, "type": snap.nodes[n].label,
                     "community": membership.get(n), "communities": sorted(comms), "cities": sorted(cities),
                     "links": len(neighbours)})
    rows.sort(key=lambda r: (-len(r["communities"]), -len(r["cities"]), -r["links"], r["name"]))
    return rows[:top]


def co_responsibility(snap: Snapshot, scope: Scope, top: int = 50) -> dict[str, Any]:
    """Agencies linked by the tasks they share, weighted by how many (with a few of the task names)."""
    started = time.perf_counter()
    units: dict[str, set[str]] = defaultdict(set)
    for f in scope.facts:
        if f.type == RelType.RESPONSIBLE_FOR.value and snap.nodes[f.source].label == Label.AGENCY.value:
            units[f.target].add(f.source)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for task, agencies in units.items():
        if len(agencies) <= MAX_TASK_UNITS:
            for a, b in combinations(sorted(agencies), 2):
                shared[(a, b)].append(task)
    g = nx.Graph()
    for (a, b), tasks in shared.items():
        g.add_edge(a, b, weight=len(tasks))
    pairs = sorted(shared.items(), key=lambda kv: (-len(kv[1]), snap.name(kv[0][0]), snap.name(kv[0][1])))
    strength = dict(g.degree(weight="weight"))
    agencies = sorted(g.nodes, key=lambda n: (-strength[n], snap.name(n)))
    return {
        "agencies": g.number_of_nodes(), "pairs": g.number_of_edges(),
        "edges": [{"source": a, "source_name": snap.name(a), "target": b, "target_name": snap.name(b),
                   "shared_tasks": len(tasks), "tasks": [snap.name(t) for t in sorted(tasks)[:5]]}
                  for (a, b), tasks in pairs[:top]],
        "ranking": [{"id": n, "name": snap.name(n), "partners": g.degree(n), "shared_tasks": strength[n]}
                    for n in agencies[:top]],
        "seconds": round(time.perf_counter() - started, 3),
    }
