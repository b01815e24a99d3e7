"""Whole-graph export (GET /export): JSON, GraphML and CSV, read page by page through saved queries."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import networkx as nx

from graph.store import GraphStore
from queries import Registry

PAGE = 5000
# Spreadsheets run cells starting with these as formulas; document text must not.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _pages(registry: Registry, store: GraphStore, name: str) -> Iterator[list[Any]]:
    skip = 0
    while True:
        out = registry.run(store, name, {"skip": skip, "limit": PAGE}, row_cap=PAGE)
        yield from out.rows
        if len(out.rows) < PAGE:
            return
        skip += PAGE


def collect(registry: Registry, store: GraphStore) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    nodes = [row[0] for row in _pages(registry, store, "export-nodes")]
    edges = [row[3] for row in _pages(registry, store, "export-edges")]
    return nodes, edges


def _scalar(value: Any) -> str | int | float | bool:
    """GraphML and CSV hold scalars: lists and other values become JSON text."""
    if isinstance(value, str | int | float | bool):
        return value
    return json.dumps(value, ensure_ascii=False)


def to_json(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> bytes:
    return json.dumps({"nodes": nodes, "edges": edges}, ensure_ascii=False).encode("utf-8")


def to_graphml(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> bytes:
    g = nx.MultiDiGraph()
    for n in nodes:
        attrs = {k: _scalar(v) for k, v in n["props"].items() if v is not None and k != "id"}
        g.add_node(n["id"], labels=":".join(n["labels"]), **attrs)
    for e in edges:
        # `key` is networkx's own edge-key argument: the fact key travels as fact_key.
        attrs = {("fact_key" if k == "key" else k): _scalar(v) for k, v in e["props"].items() if v is not None}
        g.add_edge(e["source"], e["target"], key=e["id"], type=e["type"], **attrs)
    return "\n".join(nx.generate_graphml(g, encoding="utf-8", prettyprint=True)).encode("utf-8")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    text = _scalar(value)
    if isinstance(text, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def to_csv(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], part: str) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    if part == "nodes":
        writer.writerow(["id", "label", "name", "aliases", "props"])
        for n in nodes:
            props = {k: v for k, v in n["props"].items() if k not in ("id", "name", "aliases")}
            writer.writerow([_cell(n["id"]), n.get("label", ""), _cell(n["props"].get("name")),
                             _cell(n["props"].get("aliases") or []), _cell(props)])
    else:
        cols = ["doc_id", "role", "evidence", "span_start", "span_end", "rule", "confidence"]
        writer.writerow(["source", "type", "target", *cols])
        for e in edges:
            provenance = [_cell(e["props"].get(c)) for c in cols]
            writer.writerow([_cell(e["source"]), e["type"], _cell(e["target"]), *provenance])
    # A BOM so spreadsheet programs read the Chinese text as UTF-8.
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
