"""Turn an `Extraction` into the parameter rows a store writes in batches.

Labels and relationship types cannot be Cypher parameters, so rows are grouped
by them; each group becomes one `UNWIND $rows AS row MERGE …` statement.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pydantic import BaseModel, Field

from graph.model import DOCUMENT_LABEL, ENTITY_LABEL, Extraction, Label, RelType


class EntityBatch(BaseModel):
    label: Label
    rows: list[dict[str, Any]]


class RelationBatch(BaseModel):
    type: RelType
    source_label: str  # Entity or Document: the label whose id index the MATCH uses
    target_label: str
    rows: list[dict[str, Any]]


class WriteBatches(BaseModel):
    doc_id: str
    document: dict[str, Any]
    entities: list[EntityBatch] = Field(default_factory=list)
    relations: list[RelationBatch] = Field(default_factory=list)
    mentioned_ids: list[str] = Field(default_factory=list)


_SCALARS = (str, int, float, bool)
_SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})


def _flat(value: Any) -> Any:
    """Stores hold scalars and lists of scalars; anything else becomes text."""
    if type(value) in _SCALAR_TYPES or isinstance(value, _SCALARS):  # exact types first: the common case
        return value
    if isinstance(value, list | tuple) and all(isinstance(v, _SCALARS) for v in value):
        return list(value)
    return str(value)


def _props(values: dict[str, Any]) -> dict[str, Any]:
    return {k: _flat(v) for k, v in values.items() if v is not None}


def build_batches(extraction: Extraction) -> WriteBatches:
    doc = extraction.doc
    doc_props = {k: _flat(v) for k, v in doc.model_dump(mode="json").items() if k != "id"}
    doc_props["text"] = extraction.text  # deleted with the document node

    by_label: dict[Label, dict[str, dict[str, Any]]] = defaultdict(dict)
    # Places are nodes like any entity, but not mentions: no MENTIONS edge, not counted as the document's entities.
    for ent in [*extraction.entities, *extraction.places]:
        row = by_label[ent.type].get(ent.id)
        if row is None:
            props = _props(ent.props)
            props["name"] = ent.name
            by_label[ent.type][ent.id] = {"id": ent.id, "aliases": sorted(set(ent.aliases)), "props": props}
        else:  # the same entity listed twice: keep one row, union the aliases
            row["aliases"] = sorted(set(row["aliases"]) | set(ent.aliases))
    entity_ids = {eid for rows in by_label.values() for eid in rows}
    mentioned = {ent.id for ent in extraction.entities}

    groups: dict[tuple[RelType, str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
    doc_id = doc.id
    for rel in extraction.relations:
        src_label = DOCUMENT_LABEL if rel.source == doc_id else ENTITY_LABEL
        dst_label = DOCUMENT_LABEL if rel.target == doc_id else ENTITY_LABEL
        for end, label in ((rel.source, src_label), (rel.target, dst_label)):
            if label == ENTITY_LABEL and end not in entity_ids:
                raise ValueError(f"relation {rel.type.value} refers to unknown entity {end!r}")
        key = rel.key()
        group = groups[(rel.type, src_label, dst_label)]
        if key in group:  # the first statement of a fact in a document is its evidence
            continue
        # doc_id and key are not repeated here: a store sets them from the statement's document and the
        # row's key (on a 100k-relationship write they were a quarter of the text sent).
        props = _props(rel.props) if rel.props else {}
        props.update(
            evidence=rel.evidence,
            span_start=rel.span[0],
            span_end=rel.span[1],
            rule=rel.rule,
            confidence=float(rel.confidence),
        )
        group[key] = {"src": rel.source, "dst": rel.target, "key": key, "props": props}

    # Built from validated models above: constructed without a second validation pass over every row.
    return WriteBatches.model_construct(
        doc_id=doc_id,
        document=doc_props,
        entities=[EntityBatch.model_construct(label=label, rows=list(rows.values()))
                  for label, rows in by_label.items()],
        relations=[
            RelationBatch.model_construct(type=t, source_label=s, target_label=d, rows=list(rows.values()))
            for (t, s, d), rows in groups.items()
        ],
        mentioned_ids=sorted(mentioned),
    )
