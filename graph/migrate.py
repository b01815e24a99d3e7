"""Copy a whole graph from the embedded FalkorDB store to Neo4j (`aikg migrate --to neo4j`).

Nothing is re-extracted: documents, entities and every relationship with its provenance are read
from the embedded store in windows of internal ids and written to Neo4j in batches, nodes first
(relationships need both ends). Nodes merge on `id`, relationships on (doc_id, key), exactly as an
ingest does, so running the copy twice changes nothing and an interrupted copy can simply be rerun.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from graph.falkor_store import FalkorStore, NodeRow, RelationRow
from graph.model import DOCUMENT_LABEL, ENTITY_LABEL, Label, RelType
from graph.neo4j_store import Neo4jStore

DEFAULT_BATCH = 2_000

Progress = Callable[[int], None]


class MigrateResult(BaseModel):
    documents: int = 0
    entities: int = 0
    relationships: int = 0


def _write_nodes(target: Neo4jStore, window: list[NodeRow], result: MigrateResult) -> None:
    documents: list[dict[str, Any]] = []
    entities: dict[Label, list[dict[str, Any]]] = defaultdict(list)
    for labels, props in window:
        row = {"id": props["id"], "props": {k: v for k, v in props.items() if k != "id"}}
        if DOCUMENT_LABEL in labels:
            documents.append(row)
        else:
            kind = next(label for label in labels if label != ENTITY_LABEL)
            entities[Label(kind)].append(row)
    if documents:
        target.import_documents(documents)
    for label, rows in entities.items():
        target.import_entities(label, rows)
    result.documents += len(documents)
    result.entities += sum(len(rows) for rows in entities.values())


def _write_relations(target: Neo4jStore, window: list[RelationRow], batch: int, result: MigrateResult) -> None:
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for rel_type, src_is_doc, dst_is_doc, src, dst, props in window:
        ends = (DOCUMENT_LABEL if src_is_doc else ENTITY_LABEL, DOCUMENT_LABEL if dst_is_doc else ENTITY_LABEL)
        groups[(rel_type, *ends)].append({"src": src, "dst": dst, "key": props.get("key"), "props": props})
    for (rel_type, src_label, dst_label), rows in groups.items():
        for i in range(0, len(rows), batch):
            target.import_relations(RelType(rel_type), src_label, dst_label, rows[i:i + batch])
    result.relationships += len(window)


def migrate(source: FalkorStore, target: Neo4jStore, batch: int = DEFAULT_BATCH,
            progress: Progress | None = None) -> MigrateResult:
    """Copy everything in `source` to `target`; `progress(n)` is told how many items were copied."""
    target.ensure_schema()
    result = MigrateResult()
    for window in source.node_windows(batch):
        _write_nodes(target, window, result)
        if progress:
            progress(len(window))
    for rel_window in source.relation_windows(batch):
        _write_relations(target, rel_window, batch, result)
        if progress:
            progress(len(rel_window))
    return result
