"""The graph as plain Python values, read once per graph version through internal saved queries.

Analytics, region scopes and profiles are computed from this snapshot rather than by many small queries: every
algorithm here needs most of the graph anyway, and the store's version counter says when to read it again.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import Any

from pydantic import BaseModel, Field

from graph.model import DOCUMENT_LABEL, Label, RelType, fact_anchor
from graph.store import GraphStore
from queries import Registry

NODE_WINDOW = 5000
EDGE_WINDOW = 2000
ROW_CAP = 1_000_000  # a window is bounded by ids; the cap only guards against a runaway page
# Facts a document states about itself (it issued, it defines): provenance, not relations between actors.
DOCUMENT_RELS = {RelType.ISSUED_BY.value, RelType.DEFINES.value, RelType.MENTIONS.value}


class Node(BaseModel):
    id: str
    label: str
    name: str
    city: str = ""
    province: str = ""


class Doc(BaseModel):
    id: str
    title: str = ""
    date: str = ""
    type: str = ""
    issuer: str = ""
    city: str = ""
    province: str = ""


class Fact(BaseModel):
    """One relationship as stated by one document."""

    source: str
    type: str
    target: str
    role: str = ""
    doc_id: str = ""
    evidence: str = ""
    span: tuple[int, int] = (0, 0)

    @property
    def anchor(self) -> str:
        """The id of this fact's place on its document page (stable: type, ends and role)."""
        return fact_anchor(f"{self.type}|{self.source}|{self.target}|{self.role}")


class Snapshot(BaseModel):
    version: int
    nodes: dict[str, Node] = Field(default_factory=dict)
    docs: dict[str, Doc] = Field(default_factory=dict)
    facts: list[Fact] = Field(default_factory=list)  # between entities (document-level facts left out)

    def name(self, node_id: str) -> str:
        node = self.nodes.get(node_id)
        return node.name if node else node_id

    def located_in(self) -> dict[str, set[str]]:
        """Region id → the ids of what LOCATED_IN points to it directly."""
        inside: dict[str, set[str]] = defaultdict(set)
        for f in self.facts:
            if f.type == RelType.LOCATED_IN.value:
                inside[f.target].add(f.source)
        return inside

    def city_of(self) -> dict[str, str]:
        """Entity id → the name of its city: its own `city`, else the first City up its LOCATED_IN chain."""
        up: dict[str, list[str]] = defaultdict(list)
        for f in self.facts:
            if f.type == RelType.LOCATED_IN.value:
                up[f.source].append(f.target)
        out: dict[str, str] = {}
        for nid, node in self.nodes.items():
            if node.label == Label.CITY.value:
                out[nid] = node.name
                continue
            if node.city:
                out[nid] = node.city
                continue
            frontier, seen = list(up.get(nid, [])), {nid}
            for _ in range(3):
                city = next((t for t in frontier if self.nodes.get(t) and self.nodes[t].label == Label.CITY), None)
                if city:
                    out[nid] = self.nodes[city].name
                    break
                seen.update(frontier)
                frontier = [t for s in frontier for t in up.get(s, []) if t not in seen]
        return out


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def load_snapshot(registry: Registry, store: GraphStore, version: int) -> Snapshot:
    snap = Snapshot(version=version)
    max_id = registry.max_node_id(store)
    for nid, label, name, city, province, title, date, dtype, issuer in registry.windows(
            store, "analysis-nodes", NODE_WINDOW, max_id, ROW_CAP):
        if not nid:
            continue
        if label == DOCUMENT_LABEL:
            snap.docs[nid] = Doc(id=nid, title=_text(title), date=_text(date), type=_text(dtype),
                                 issuer=_text(issuer), city=_text(city), province=_text(province))
        else:
            snap.nodes[nid] = Node(id=nid, label=_text(label), name=_text(name) or nid, city=_text(city),
                                   province=_text(province))
    for src, rtype, dst, role, doc_id, evidence, start, end in registry.windows(
            store, "analysis-edges", EDGE_WINDOW, max_id, ROW_CAP):
        if rtype in DOCUMENT_RELS or src not in snap.nodes or dst not in snap.nodes:
            continue
        span = (int(start), int(end)) if isinstance(start, int) and isinstance(end, int) else (0, 0)
        snap.facts.append(Fact(source=src, type=rtype, target=dst, role=_text(role), doc_id=_text(doc_id),
                               evidence=_text(evidence), span=span))
    return snap


class SnapshotCache:
    """The latest snapshot per store, re-read when the store's version moves on; derived results cached beside it."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._lock = threading.Lock()
        self._snapshots: dict[int, Snapshot] = {}
        self._derived: dict[tuple[int, int, str], Any] = {}

    def get(self, store: GraphStore) -> Snapshot:
        version = store.version()
        with self._lock:  # one reader at a time: two requests must not both read 100k nodes
            snap = self._snapshots.get(id(store))
            if snap is None or snap.version != version:
                snap = load_snapshot(self.registry, store, version)
                self._snapshots[id(store)] = snap
                self._derived = {k: v for k, v in self._derived.items() if k[0] != id(store)}
            return snap

    def derived(self, store: GraphStore, key: str, compute: Any) -> Any:
        """`compute(snapshot)`, cached for this store's current version under `key`."""
        snap = self.get(store)
        slot = (id(store), snap.version, key)
        if slot not in self._derived:
            self._derived[slot] = compute(snap)
        return self._derived[slot]
