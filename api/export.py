"""Whole-graph export (GET /export): JSON, GraphML and CSV, read page by page through saved queries."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import networkx as nx

from graph.store import GraphStore
from queries import Registry

# Internal-id windows per page: nodes are cheap; a window of sources can carry many relationships.
NODE_WINDOW = 5000
EDGE_WINDOW = 2000
# A window is bounded by ids, not rows; the cap only guards against a runaway page.
ROW_CAP = 1_000_000
CHUNK_ITEMS = 1000
CHUNK_BYTES = 256 * 1024
# Spreadsheets run cells starting with these as formulas; document text must not.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _windows(registry: Registry, store: GraphStore, name: str, column: int, window: int,
             max_id: int) -> Iterator[Any]:
    for row in registry.windows(store, name, window, max_id, ROW_CAP):
        yield row[column]


def _max_id(registry: Registry, store: GraphStore) -> int:
    return registry.max_node_id(store)


def iter_nodes(registry: Registry, store: GraphStore, max_id: int) -> Iterator[dict[str, Any]]:
    yield from _windows(registry, store, "export-nodes", 0, NODE_WINDOW, max_id)


def iter_edges(registry: Registry, store: GraphStore, max_id: int) -> Iterator[dict[str, Any]]:
    yield from _windows(registry, store, "export-edges", 3, EDGE_WINDOW, max_id)


def collect(registry: Registry, store: GraphStore) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    max_id = _max_id(registry, store)
    return list(iter_nodes(registry, store, max_id)), list(iter_edges(registry, store, max_id))


def _scalar(value: Any) -> str | int | float | bool:
    """GraphML and CSV hold scalars: lists and other values become JSON text."""
    if isinstance(value, str | int | float | bool):
        return value
    return json.dumps(value, ensure_ascii=False)


def stream_json(registry: Registry, store: GraphStore) -> Iterator[bytes]:
    """{"nodes": [...], "edges": [...]} written page by page: memory stays at one page."""
    max_id = _max_id(registry, store)
    for key, items in (("nodes", iter_nodes(registry, store, max_id)), ("edges", iter_edges(registry, store, max_id))):
        parts = ['{"nodes": [' if key == "nodes" else '], "edges": [']
        for i, item in enumerate(items):
            parts.append((", " if i else "") + json.dumps(item, ensure_ascii=False))
            if len(parts) >= CHUNK_ITEMS:  # one chunk per item made the ASGI plumbing the bottleneck
                yield "".join(parts).encode("utf-8")
                parts = []
        yield "".join(parts).encode("utf-8")
    yield b"]}"


# Characters XML 1.0 cannot hold at all, not even as a character reference (most C0 controls,
# lone surrogates, U+FFFE/U+FFFF). A document path or name may hold one; GraphML shows U+FFFD instead.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(value: Any) -> Any:
    value = _scalar(value)
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def to_graphml(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> bytes:
    g = nx.MultiDiGraph()
    for n in nodes:
        attrs = {k: _xml_safe(v) for k, v in n["props"].items() if v is not None and k != "id"}
        g.add_node(_xml_safe(n["id"]), labels=":".join(n["labels"]), **attrs)
    for e in edges:
        # `key` is networkx's own edge-key argument: the fact key travels as fact_key.
        attrs = {("fact_key" if k == "key" else k): _xml_safe(v) for k, v in e["props"].items() if v is not None}
        g.add_edge(_xml_safe(e["source"]), _xml_safe(e["target"]), key=e["id"], type=e["type"], **attrs)
    return "\n".join(nx.generate_graphml(g, encoding="utf-8", prettyprint=True)).encode("utf-8")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    text = _scalar(value)
    if isinstance(text, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def stream_csv(registry: Registry, store: GraphStore, part: str) -> Iterator[bytes]:
    buf = io.StringIO()
    writer = csv.writer(buf)

    def flush() -> bytes:
        data = buf.getvalue().encode("utf-8")
        buf.seek(0)
        buf.truncate()
        return data

    max_id = _max_id(registry, store)  # before the first chunk: a failing store fails the request cleanly
    yield "\ufeff".encode()  # a BOM so spreadsheet programs read the Chinese text as UTF-8
    if part == "nodes":
        writer.writerow(["id", "label", "name", "aliases", "props"])
        for n in iter_nodes(registry, store, max_id):
            props = {k: v for k, v in n["props"].items() if k not in ("id", "name", "aliases")}
            writer.writerow([_cell(n["id"]), n.get("label", ""), _cell(n["props"].get("name")),
                             _cell(n["props"].get("aliases") or []), _cell(props)])
            if buf.tell() > CHUNK_BYTES:
                yield flush()
        yield flush()
        return
    cols = ["doc_id", "role", "evidence", "span_start", "span_end", "rule", "confidence"]
    writer.writerow(["source", "type", "target", *cols])
    for e in iter_edges(registry, store, max_id):
        provenance = [_cell(e["props"].get(c)) for c in cols]
        writer.writerow([_cell(e["source"]), e["type"], _cell(e["target"]), *provenance])
        if buf.tell() > CHUNK_BYTES:
            yield flush()
    yield flush()
