"""Rows of a read query → JSON-able rows and a `Subgraph` for graph views."""

from __future__ import annotations

from typing import Any

from graph.model import ENTITY_LABEL, PLAIN_TYPES, GraphEdge, GraphNode, QueryResult, Subgraph
from graph.store import GraphStore
from queries.spec import DrawSpec

# Derived index text, not something a reader needs to see.
_HIDDEN_PROPS = {"alias_text"}
# Left out of lean rows (what API clients get; exports keep everything): the extractor's reason for a
# type, a document's whole text (a row naming a document would carry megabytes; document-text returns
# it), character offsets into that text (the document page's queries return them as columns), and the
# node's id a second time (it is the node's own `id`). doc_id and key stay: clients link each fact to its
# sentence by them.
_LEAN_NODE_HIDDEN = _HIDDEN_PROPS | {"type_reason", "text", "id"}
_LEAN_EDGE_HIDDEN = {"span_start", "span_end"}


def _node_json(node: GraphNode, lean: bool) -> dict[str, Any]:
    hidden = _LEAN_NODE_HIDDEN if lean else _HIDDEN_PROPS
    props = {k: v for k, v in node.props.items() if k not in hidden}
    return {"id": node.id, "labels": node.labels, "label": node.label, "props": props}


def _edge_json(edge: GraphEdge, lean: bool) -> dict[str, Any]:
    props = {k: v for k, v in edge.props.items() if k not in _LEAN_EDGE_HIDDEN} if lean else edge.props
    return {"id": edge.id, "type": edge.type, "source": edge.source, "target": edge.target, "props": props}


def to_json(value: Any, lean: bool = False) -> Any:
    """Nodes, edges and paths become plain dicts; everything else is already JSON-able.

    lean: without the properties only the store and the extractor use (API answers)."""
    if type(value) in PLAIN_TYPES:  # most values of most rows: checked first
        return value
    if isinstance(value, GraphNode):
        return _node_json(value, lean)
    if isinstance(value, GraphEdge):
        return _edge_json(value, lean)
    if isinstance(value, list | tuple):
        return [to_json(v, lean) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v, lean) for k, v in value.items()}
    if isinstance(value, float) and value != value:  # NaN is not JSON
        return None
    return value


def _walk(value: Any, nodes: dict[str, GraphNode], edges: dict[str, GraphEdge]) -> None:
    if isinstance(value, GraphNode):
        known = nodes.get(value.id)
        # Keep the richest copy: a row may carry a node with fewer labels.
        if known is None or len(value.labels) > len(known.labels):
            nodes[value.id] = GraphNode(id=value.id, labels=value.labels,
                                        props={k: v for k, v in value.props.items() if k not in _HIDDEN_PROPS})
    elif isinstance(value, GraphEdge):
        edges.setdefault(value.id, value)
    elif isinstance(value, list | tuple):
        for v in value:
            _walk(v, nodes, edges)
    elif isinstance(value, dict):
        for v in value.values():
            _walk(v, nodes, edges)


# The columns a drawn relationship carries, where the query returns them.
FACT_COLUMNS = ("role", "evidence", "doc_id", "key")


class DrawError(ValueError):
    """A query's `// draws:` names columns its rows do not have."""


def _labels(entity_id: str) -> list[str]:
    kind, _, name = entity_id.partition(":")
    return [ENTITY_LABEL, kind] if name and kind[:1].isupper() else []


def _draw(row: list[Any], at: dict[str, int], draw: DrawSpec, nodes: dict[str, GraphNode],
          edges: dict[str, GraphEdge]) -> None:
    src, dst = row[at[f"{draw.source}_id"]], row[at[f"{draw.target}_id"]]
    if src is None or dst is None:  # an OPTIONAL MATCH found nothing: nothing to draw
        return
    for eid, name in ((src, row[at[draw.source]]), (dst, row[at[draw.target]])):
        nodes.setdefault(eid, GraphNode.model_construct(id=eid, labels=_labels(eid), props={"name": name or eid}))
    props = {c: row[at[c]] for c in FACT_COLUMNS if c in at and row[at[c]] is not None}
    # One edge per fact and document stating it, as the store holds them.
    fact = props.get("key") or f"{draw.type}|{src}|{dst}|{props.get('role') or ''}"
    edge_id = f"{fact}@{props.get('doc_id') or ''}"
    edges.setdefault(edge_id, GraphEdge.model_construct(id=edge_id, type=draw.type, source=src, target=dst,
                                                        props=props))


def to_subgraph(result: QueryResult, draws: list[DrawSpec] | tuple[DrawSpec, ...] = ()) -> Subgraph:
    """Every node and relationship anywhere in the rows (also inside paths and lists), and the
    relationships `draws` makes of each row's columns.

    A relationship whose end is not among the nodes gets a placeholder node
    (labels from the id prefix, `Type:name`) so views never draw dangling edges.
    """
    nodes: dict[str, GraphNode] = {}
    edges: dict[str, GraphEdge] = {}
    at = {c: i for i, c in enumerate(result.columns)}
    for draw in draws:
        missing = [c for c in draw.columns() if c not in at]
        if missing:
            raise DrawError(f"draws {draw.source} -{draw.type}-> {draw.target}: the rows have no column(s) "
                            f"{', '.join(missing)}")
    for row in result.rows:
        for draw in draws:
            _draw(row, at, draw, nodes, edges)
        _walk(row, nodes, edges)
    for edge in edges.values():
        for end in (edge.source, edge.target):
            if end not in nodes:
                name = end.partition(":")[2]
                nodes[end] = GraphNode(id=end, labels=_labels(end), props={"id": end, "name": name or end})
    return Subgraph(nodes=list(nodes.values()), edges=list(edges.values()))


# The one read the query layer makes itself: a drawing made of columns (`// draws:`) has each entity's
# id and name; its view shows every property (aliases, city…), looked up by id for the nodes drawn.
ENTITIES_BY_ID = "UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n"


def with_entity_properties(store: GraphStore, sub: Subgraph, timeout_ms: int) -> Subgraph:
    """The subgraph with its nodes' stored properties (index text left out) in place of their names alone."""
    ids = [n.id for n in sub.nodes]
    found = store.read(ENTITIES_BY_ID, {"ids": ids}, timeout_ms=timeout_ms, row_cap=len(ids)).rows
    full = {row[0].id: row[0] for row in found if isinstance(row[0], GraphNode)}
    nodes = [
        GraphNode(id=n.id, labels=full[n.id].labels,
                  props={k: v for k, v in full[n.id].props.items() if k not in _HIDDEN_PROPS})
        if n.id in full else n
        for n in sub.nodes
    ]
    return Subgraph(nodes=nodes, edges=sub.edges)


def cell_text(value: Any) -> str:
    """A JSON row value as one line of text (command-line tables and CSV): nodes by name, edges by type and role."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        if "labels" in value and "props" in value:
            return str(value["props"].get("name") or value["props"].get("title") or value["id"])
        if "type" in value and "source" in value:
            role = (value.get("props") or {}).get("role")
            return f"{value['type']}（{role}）" if role else str(value["type"])
        if "nodes" in value:
            return " → ".join(cell_text(n) for n in value["nodes"])
    return str(value)
