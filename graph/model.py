"""The graph model: node labels, relationship types and the extraction contract.

Every stage of the pipeline speaks these pydantic models. `loaders` produce an
`Extraction` per document, a store in `graph` writes it, `queries` read it back.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, field_validator


class Label(StrEnum):
    """Entity node labels. Every entity node also carries `Entity`."""

    PROVINCE = "Province"
    CITY = "City"
    DISTRICT = "District"
    AGENCY = "Agency"
    ENTERPRISE = "Enterprise"
    PLATFORM = "Platform"
    ALLIANCE = "Alliance"
    INSTITUTION = "Institution"
    PERSON = "Person"
    TASK = "Task"
    EVENT = "Event"
    DOMAIN = "Domain"


class RelType(StrEnum):
    RESPONSIBLE_FOR = "RESPONSIBLE_FOR"
    LEADS = "LEADS"
    WORKS_FOR = "WORKS_FOR"
    SUPPORTS = "SUPPORTS"
    LOCATED_IN = "LOCATED_IN"
    BUILDS = "BUILDS"
    MEMBER_OF = "MEMBER_OF"
    COOPERATES_WITH = "COOPERATES_WITH"
    ORGANIZES = "ORGANIZES"
    FOCUSES_ON = "FOCUSES_ON"
    ISSUED_BY = "ISSUED_BY"
    MENTIONS = "MENTIONS"
    DEFINES = "DEFINES"


class DocType(StrEnum):
    ACTION_PLAN = "action_plan"
    PROPOSAL_REPLY = "proposal_reply"
    NEWS = "news"
    WORK_REPORT = "work_report"
    NOTICE = "notice"
    OTHER = "other"


ENTITY_LABEL = "Entity"
# Values a read returns as they are, with nothing to convert (the list queries' columns).
PLAIN_TYPES = frozenset({str, int, bool, type(None)})
DOCUMENT_LABEL = "Document"

# Property values a store can hold: scalars and flat lists of scalars.
PropValue = str | int | float | bool | list[str] | list[int] | list[float] | None


def entity_id(label: Label | str, name: str) -> str:
    """Stable id: type + canonical name, e.g. `Agency:苏州市工业和信息化局`."""
    return f"{Label(label).value}:{name}"


def document_id(content: bytes) -> str:
    """Stable for the same content, whatever the file is called."""
    return "doc:" + hashlib.sha256(content).hexdigest()[:16]


def fact_anchor(key: str) -> str:
    """Where a fact (by `Relation.key()`, stored as the relationship's `key`) sits on its document's page."""
    return "f-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


class Document(BaseModel):
    id: str
    path: str = ""
    title: str = ""
    issuer: str = ""
    province: str = ""
    city: str = ""
    date: str = ""  # ISO yyyy-mm-dd when known
    doc_no: str = ""  # 文号
    type: DocType = DocType.OTHER
    sha256: str = ""
    chars: int = 0

    @classmethod
    def from_props(cls, props: dict[str, Any]) -> Document:
        """A Document from a stored node's properties (unknown and null ones ignored)."""
        return cls(**{k: v for k, v in props.items() if k in cls.model_fields and v is not None})


class Entity(BaseModel):
    id: str
    type: Label
    name: str
    aliases: list[str] = Field(default_factory=list)
    props: dict[str, PropValue] = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("entity name is empty")
        return v


class Relation(BaseModel):
    """A fact as stated by one document, with the sentence that states it."""

    type: RelType
    source: str  # entity id, or the document id for ISSUED_BY / MENTIONS / DEFINES
    target: str
    props: dict[str, PropValue] = Field(default_factory=dict)  # e.g. role
    evidence: str = ""
    span: tuple[int, int] = (0, 0)  # offsets into the normalised text
    rule: str = ""
    confidence: float = 1.0

    def key(self) -> str:
        """Identity of the fact within one document (same type, ends and role)."""
        role = self.props.get("role") or ""
        return f"{self.type.value}|{self.source}|{self.target}|{role}"


class Extraction(BaseModel):
    """Everything one document states: the unit the stores write atomically."""

    doc: Document
    entities: list[Entity] = Field(default_factory=list)  # what the text names
    relations: list[Relation] = Field(default_factory=list)
    # Regions the text does not name that a named one lies in (长春 → 吉林省, from the region table): the ends of
    # LOCATED_IN, stored as nodes but not as mentions of this document.
    places: list[Entity] = Field(default_factory=list)
    # The normalised text the spans point into; stored with the document (its `text` property), so every fact can
    # be shown in its sentence. Not part of the extract contract.
    text: str = ""

    def to_contract(self) -> dict[str, Any]:
        """The JSON Lines record of `aikg extract` (see DESIGN.md)."""
        return self.model_dump(mode="json", exclude={"text"})


class StoreStats(BaseModel):
    nodes: dict[str, int] = Field(default_factory=dict)
    relationships: dict[str, int] = Field(default_factory=dict)
    documents: int = 0


class WriteResult(BaseModel):
    doc_id: str
    entities: int
    relations: int
    replaced: bool = False  # the document was in the store before


class GraphNode(BaseModel):
    """A node as read back from any store."""

    id: str  # the entity or document id (the store's internal id only if it has none)
    labels: list[str]
    props: dict[str, Any] = Field(default_factory=dict)

    @property
    def label(self) -> str:
        """The most specific label (not `Entity`)."""
        specific = [x for x in self.labels if x != ENTITY_LABEL]
        return specific[0] if specific else (self.labels[0] if self.labels else "")


class GraphEdge(BaseModel):
    id: str
    type: str
    source: str  # GraphNode.id of each end
    target: str
    props: dict[str, Any] = Field(default_factory=dict)


class QueryResult(BaseModel):
    """Rows of a read query; nodes and edges in rows are GraphNode / GraphEdge."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False  # the row cap cut the result


class Subgraph(BaseModel):
    nodes: list[GraphNode] = Field(default_factory=list)
    edges: list[GraphEdge] = Field(default_factory=list)
