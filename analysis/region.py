"""A region's share of the graph: a city or province, everything located in it, and what its documents state."""

from __future__ import annotations

from pydantic import BaseModel, Field

from analysis.snapshot import Fact, Snapshot
from graph.model import Label

REGION_LABELS = (Label.PROVINCE.value, Label.CITY.value, Label.DISTRICT.value)


class UnknownRegion(LookupError):
    def __init__(self, name: str) -> None:
        self.name = name
        self.message = f"no region named {name!r} (a province, city or district in the graph or in a document)"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class Scope(BaseModel):
    """The entities and facts an analysis or profile covers; `region` is empty for the whole graph."""

    region: str = ""
    region_ids: list[str] = Field(default_factory=list)  # the region's own node(s)
    inside: set[str] = Field(default_factory=set)  # entities located in the region (any depth), and the region
    doc_ids: set[str] = Field(default_factory=set)  # documents of the region
    nodes: set[str] = Field(default_factory=set)
    facts: list[Fact] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.facts and not self.doc_ids


def whole_graph(snap: Snapshot) -> Scope:
    return Scope(nodes=set(snap.nodes), doc_ids=set(snap.docs), facts=list(snap.facts), inside=set(snap.nodes))


def region_scope(snap: Snapshot, name: str) -> Scope:
    """Entities located in `name` (through LOCATED_IN, or their own city/province), the facts between them, and every
    fact stated by a document of the region. Unknown names raise `UnknownRegion`."""
    name = name.strip()
    region_ids = [n.id for n in snap.nodes.values() if n.name == name and n.label in REGION_LABELS]
    doc_ids = {d.id for d in snap.docs.values() if name in (d.city, d.province)}
    if not region_ids and not doc_ids:
        raise UnknownRegion(name)
    located = snap.located_in()
    inside = set(region_ids)
    frontier = list(region_ids)
    while frontier:  # everything whose LOCATED_IN chain reaches the region
        nxt = [s for t in frontier for s in located.get(t, ()) if s not in inside]
        inside.update(nxt)
        frontier = nxt
    inside |= {n.id for n in snap.nodes.values() if name in (n.city, n.province)}
    # A district is inside a province through its city: cities of the province bring their entities along.
    city_names = {snap.nodes[i].name for i in inside if snap.nodes[i].label == Label.CITY.value}
    if city_names:
        inside |= {n.id for n in snap.nodes.values() if n.city in city_names}
        doc_ids |= {d.id for d in snap.docs.values() if d.city in city_names}
    facts = [f for f in snap.facts if f.doc_id in doc_ids or (f.source in inside and f.target in inside)]
    nodes = set(inside) | {x for f in facts for x in (f.source, f.target)}
    return Scope(region=name, region_ids=region_ids, inside=inside, doc_ids=doc_ids, nodes=nodes, facts=facts)


def scope_for(snap: Snapshot, region: str | None) -> Scope:
    return region_scope(snap, region) if region and region.strip() else whole_graph(snap)
