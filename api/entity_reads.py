"""Entity search (Traditional input converted to Simplified) and one entity's page data, from saved queries."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from api.errors import ApiError
from api.reads import Reads
from graph.store import GraphStore


@lru_cache(maxsize=1)
def converter():  # type: ignore[no-untyped-def]
    import opencc

    # tw2sp also maps Taiwan vocabulary (人工智慧 → 人工智能, 資訊 → 信息).
    return opencc.OpenCC("tw2sp")


def search(reads: Reads, st: GraphStore, q: str, type_: str, limit: int) -> dict[str, Any]:
    simplified = converter().convert(q.strip())
    found: dict[str, dict[str, Any]] = {}
    for text in dict.fromkeys([simplified, q.strip()]):  # converted first, the original as typed second
        if not text or len(found) >= limit:
            continue
        out = reads.run(st, "entity-search", {"q": text, "type": type_, "limit": limit})
        for row in out.rows:
            item = dict(zip(out.columns, row, strict=True))
            found.setdefault(item["id"], item)
    return {"query": q, "searched": simplified, "results": list(found.values())[:limit]}


def detail(reads: Reads, st: GraphStore, entity_id: str) -> dict[str, Any]:
    """The entity, each relationship with its neighbour and evidence, and the documents naming it."""
    found = reads.run(st, "entity-detail", {"id": entity_id})
    if not found.rows:
        raise ApiError(404, f"no entity with id {entity_id!r}")
    relationships = []
    for row in found.rows:
        item = dict(zip(found.columns, row, strict=True))
        rel, other = item["relationship"], item["neighbour"]
        if rel is None or other is None:
            continue
        relationships.append({
            "type": rel["type"],
            "direction": "out" if rel["source"] == entity_id else "in",
            "role": rel["props"].get("role"),
            "neighbour": {"id": other["id"], "name": other["props"].get("name"), "type": other["label"]},
            "evidence": rel["props"].get("evidence", ""),
            "doc_id": item["doc_id"] or rel["props"].get("doc_id"),
            "document": item["document"],
            "date": item.get("date"),
            "key": rel["props"].get("key"),
        })
    docs = reads.run(st, "entity-documents", {"id": entity_id})
    return {
        "entity": found.rows[0][0],
        "relationships": relationships,
        "documents": [dict(zip(docs.columns, row, strict=True)) for row in docs.rows],
        "truncated": found.truncated,
    }
