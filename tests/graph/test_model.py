"""graph/model.py: ids, validation and the extraction contract."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from graph.model import (
    DocType,
    Document,
    Entity,
    Extraction,
    GraphNode,
    Label,
    Relation,
    RelType,
    document_id,
    entity_id,
)


def test_entity_id_is_type_and_name() -> None:
    assert entity_id(Label.AGENCY, "示例市工业和信息化局") == "Agency:示例市工业和信息化局"
    assert entity_id("City", "示例市") == "City:示例市"
    with pytest.raises(ValueError):
        entity_id("Company", "x")


def test_document_id_depends_on_content_only() -> None:
    a = document_id("文件内容".encode())
    assert a == document_id("文件内容".encode()) and a.startswith("doc:") and len(a) == 4 + 16
    assert a != document_id("文件内容。".encode())


def test_entity_name_is_stripped_and_not_blank() -> None:
    assert Entity(id="Task:x", type=Label.TASK, name="  行动  ").name == "行动"
    with pytest.raises(ValidationError, match="entity name is empty"):
        Entity(id="Task:x", type=Label.TASK, name=" \n ")
    with pytest.raises(ValidationError):
        Entity(id="X:x", type="Company", name="x")


def test_relation_key_includes_role() -> None:
    lead = Relation(type=RelType.RESPONSIBLE_FOR, source="a", target="b", props={"role": "lead"})
    co = Relation(type=RelType.RESPONSIBLE_FOR, source="a", target="b", props={"role": "co"})
    plain = Relation(type=RelType.SUPPORTS, source="a", target="b")
    assert lead.key() == "RESPONSIBLE_FOR|a|b|lead" and lead.key() != co.key()
    assert plain.key() == "SUPPORTS|a|b|"


def test_contract_is_plain_json() -> None:
    ext = Extraction(
        doc=Document(id="doc:1", title="标题", type=DocType.ACTION_PLAN),
        entities=[Entity(id="Task:x", type=Label.TASK, name="x", aliases=["y"])],
        relations=[Relation(type=RelType.DEFINES, source="doc:1", target="Task:x", span=(1, 2))],
    )
    data = ext.to_contract()
    assert set(data) == {"doc", "entities", "places", "relations"}
    assert data["doc"]["type"] == "action_plan" and data["entities"][0]["type"] == "Task"
    assert data["relations"][0]["type"] == "DEFINES" and data["relations"][0]["span"] == [1, 2]
    text = json.dumps(data, ensure_ascii=False)
    assert Extraction.model_validate(json.loads(text)) == ext


def test_graph_node_label_is_the_specific_one() -> None:
    assert GraphNode(id="a", labels=["Entity", "Agency"]).label == "Agency"
    assert GraphNode(id="a", labels=["Agency", "Entity"]).label == "Agency"
    assert GraphNode(id="d", labels=["Document"]).label == "Document"
    assert GraphNode(id="e", labels=["Entity"]).label == "Entity"
    assert GraphNode(id="n", labels=[]).label == ""
