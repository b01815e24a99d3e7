"""Every saved query over one graph, in a form two stores can be compared in.

Used by the seeds comparison (tests/queries/test_registry.py) and the migration test
(tests/graph/test_migrate.py): the same graph on FalkorDB and on Neo4j must give the same
rows once engine-internal ids are dropped and the rows sorted.
"""

from __future__ import annotations

import json
from typing import Any

from graph.store import GraphStore
from queries import Registry

# Queries whose parameters are entity ids: given one well-connected entity of the graph.
_BY_ENTITY = ("entity-neighbourhood", "entity-documents", "entity-detail")
_INTERNAL = {"export-bounds", "export-nodes", "export-edges"}  # page by engine-internal node ids


def pick_entities(store: GraphStore) -> tuple[str, str, str, str]:
    """(id, name, id of a neighbour, a region name): the same choice on every store holding the graph.

    The neighbour has exactly one relationship from the entity and none back, so the shortest connection
    between them is unique (engines pick different ones among equally short paths).
    """
    busiest = store.read(
        "MATCH (e:Entity)-[r]->(b:Entity) WHERE NOT (b)-->(e) WITH e, b, count(r) AS k WHERE k = 1 "
        "WITH e, count(b) AS n RETURN e.id AS id, e.name AS name ORDER BY n DESC, id LIMIT 1"
    ).rows
    eid, name = busiest[0]
    other = store.read(
        "MATCH (e:Entity {id: $id})-[r]->(b:Entity) WHERE NOT (b)-->(e) WITH b, count(r) AS n WHERE n = 1 "
        "RETURN b.id AS other ORDER BY other LIMIT 1", {"id": eid}
    ).rows
    region = store.read(
        "MATCH (:Entity)-[:LOCATED_IN]->(g:Entity) WHERE g:City OR g:District OR g:Province "
        "WITH g, count(*) AS n RETURN g.name AS name ORDER BY n DESC, name LIMIT 1"
    ).rows
    return eid, name, other[0][0], region[0][0] if region else "苏州市"


def seed_params(store: GraphStore) -> dict[str, dict[str, Any]]:
    eid, name, other, region = pick_entities(store)
    params: dict[str, dict[str, Any]] = {q: {"id": eid} for q in _BY_ENTITY}
    params.update({
        "located-in": {"region": region},
        "shortest-connection": {"source": eid, "target": other},
        "relationship-evidence": {"source": eid, "target": other},
        "agency-across-cities": {"agency": "局"},
        "entity-search": {"q": name},
        "export-nodes": {"to_id": 10**9},
        "export-edges": {"to_id": 10**9},
    })
    documents = sorted(d.id for d in store.documents())
    if documents:
        params.update({"document-text": {"id": documents[0]}, "document-facts": {"id": documents[0]}})
    return params


def _comparable(value: Any) -> Any:
    """Drop relationship ids (engine-internal) and sort lists collected without an order."""
    if isinstance(value, dict):
        edge = {"type", "source", "target", "props"} <= value.keys()
        return {k: _comparable(v) for k, v in value.items() if not (edge and k == "id")}
    if isinstance(value, list):
        items = [_comparable(v) for v in value]
        # Lists of [node, relationship] pairs come from pattern comprehensions, whose order is the
        # engine's own (alliance-members); lists of names or path steps keep their order.
        if items and all(isinstance(v, list) for v in items):
            return sorted(items, key=_key)
        return items
    return value


def _key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def all_rows(registry: Registry, store: GraphStore, params: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """Each saved query's rows, comparable across stores, sorted."""
    out = {}
    for name in registry.names():
        result = registry.run(store, name, params.get(name, {}), row_cap=100_000)
        rows = [[_comparable(cell) for cell in row] for row in result.rows]
        if name == "export-bounds":
            rows = [[None, *row[1:]] for row in rows]  # the highest internal id differs by engine
        out[name] = sorted(_key(row) for row in rows)
    return out
