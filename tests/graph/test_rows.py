"""graph/rows.py: an Extraction becomes parameter rows grouped by label and relationship type."""

from __future__ import annotations

import pytest

from graph.model import Document, Entity, Extraction, Label, Relation, RelType
from graph.rows import build_batches

DOC = Document(id="doc:1", title="标题", city="示例市")


def agency(aliases: list[str] | None = None, **props: object) -> Entity:
    return Entity(id="Agency:示例局", type=Label.AGENCY, name="示例局", aliases=aliases or [], props=props)


TASK = Entity(id="Task:行动一", type=Label.TASK, name="行动一")
FIRM = Entity(id="Enterprise:甲公司", type=Label.ENTERPRISE, name="甲公司")


def test_entities_grouped_by_label_with_name_in_props() -> None:
    b = build_batches(Extraction(doc=DOC, entities=[agency(level="city"), TASK, FIRM]))
    by_label = {eb.label: eb.rows for eb in b.entities}
    assert set(by_label) == {Label.AGENCY, Label.TASK, Label.ENTERPRISE}
    expected = {"id": "Agency:示例局", "aliases": [], "props": {"level": "city", "name": "示例局"}}
    assert by_label[Label.AGENCY] == [expected]
    assert b.mentioned_ids == sorted(["Agency:示例局", "Task:行动一", "Enterprise:甲公司"])
    assert b.doc_id == "doc:1" and "id" not in b.document and b.document["title"] == "标题"
    assert b.document["type"] == "other", "enums are stored as their values"


def test_same_entity_twice_is_one_row_with_aliases_united() -> None:
    b = build_batches(Extraction(doc=DOC, entities=[agency(["市局", "示例"]), agency(["示例", "局"])]))
    assert len(b.entities) == 1 and len(b.entities[0].rows) == 1
    assert b.entities[0].rows[0]["aliases"] == sorted(["局", "示例", "市局"])


def test_props_are_flattened_for_the_store() -> None:
    b = build_batches(Extraction(doc=DOC, entities=[agency(none=None, tags=["x", "y"], n=3, ok=True)]))
    props = b.entities[0].rows[0]["props"]
    assert "none" not in props, "None would erase a property another document set"
    assert props == {"tags": ["x", "y"], "n": 3, "ok": True, "name": "示例局"}


def test_relations_grouped_by_type_and_end_labels_with_provenance() -> None:
    rels = [
        Relation(type=RelType.RESPONSIBLE_FOR, source="Agency:示例局", target="Task:行动一", props={"role": "lead"},
                 evidence="牵头单位：示例局", span=(3, 9), rule="duty-block", confidence=0.9),
        Relation(type=RelType.DEFINES, source="doc:1", target="Task:行动一"),
        Relation(type=RelType.SUPPORTS, source="Agency:示例局", target="Enterprise:甲公司"),
    ]
    b = build_batches(Extraction(doc=DOC, entities=[agency(), TASK, FIRM], relations=rels))
    groups = {(rb.type, rb.source_label, rb.target_label): rb.rows for rb in b.relations}
    assert set(groups) == {
        (RelType.RESPONSIBLE_FOR, "Entity", "Entity"),
        (RelType.DEFINES, "Document", "Entity"),
        (RelType.SUPPORTS, "Entity", "Entity"),
    }
    row = groups[(RelType.RESPONSIBLE_FOR, "Entity", "Entity")][0]
    assert row["src"] == "Agency:示例局" and row["dst"] == "Task:行动一"
    assert row["key"] == "RESPONSIBLE_FOR|Agency:示例局|Task:行动一|lead"
    assert row["props"] == {
        "role": "lead", "evidence": "牵头单位：示例局",
        "span_start": 3, "span_end": 9, "rule": "duty-block", "confidence": 0.9,
    }


def test_repeated_fact_keeps_the_first_evidence_and_roles_stay_apart() -> None:
    rels = [
        Relation(type=RelType.RESPONSIBLE_FOR, source="Agency:示例局", target="Task:行动一", props={"role": "lead"},
                 evidence="第一次"),
        Relation(type=RelType.RESPONSIBLE_FOR, source="Agency:示例局", target="Task:行动一", props={"role": "lead"},
                 evidence="第二次"),
        Relation(type=RelType.RESPONSIBLE_FOR, source="Agency:示例局", target="Task:行动一", props={"role": "co"},
                 evidence="配合"),
    ]
    b = build_batches(Extraction(doc=DOC, entities=[agency(), TASK], relations=rels))
    rows = b.relations[0].rows
    assert [r["props"]["evidence"] for r in rows] == ["第一次", "配合"]


@pytest.mark.parametrize("end", ["source", "target"])
def test_relation_to_unknown_entity_is_rejected(end: str) -> None:
    ends = {"source": "Agency:示例局", "target": "Task:行动一", end: "Person:无名氏"}
    rel = Relation(type=RelType.LEADS, **ends)
    with pytest.raises(ValueError, match="unknown entity 'Person:无名氏'"):
        build_batches(Extraction(doc=DOC, entities=[agency(), TASK], relations=[rel]))


def test_another_documents_id_is_not_an_end() -> None:
    rel = Relation(type=RelType.MENTIONS, source="doc:other", target="Task:行动一")
    with pytest.raises(ValueError, match="doc:other"):
        build_batches(Extraction(doc=DOC, entities=[TASK], relations=[rel]))
