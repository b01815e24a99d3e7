"""The saved queries rewritten for speed (bounds first, lookups after LIMIT) give the answers their
plain definitions give, including the cases the shortcuts could get wrong."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from graph.model import DocType, Document, Entity, Extraction, Label, Relation, RelType, entity_id
from graph.store import GraphStore
from queries import QueryOutput, Registry


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


def _dicts(out: QueryOutput) -> list[dict[str, Any]]:
    return [dict(zip(out.columns, row, strict=True)) for row in out.rows]


def _doc(n: int, city: str) -> Document:
    return Document(id=f"doc:{n:016x}", path=f"plan{n}.txt", title=f"{city}行动计划{n}", issuer=f"{city}人民政府",
                    province="云岭省", city=city, date=f"2024-0{n}-01", type=DocType.ACTION_PLAN)


def _ent(label: Label, name: str, **props: str) -> Entity:
    return Entity(id=entity_id(label, name), type=label, name=name, props=props)


def _rel(rtype: RelType, src: Entity, dst: Entity, role: str | None = None) -> Relation:
    return Relation(type=rtype, source=src.id, target=dst.id, props={"role": role} if role else {},
                    evidence=f"{src.name}与{dst.name}", rule="test")


# Agencies whose relationship count (the ranking's bound) and distinct task count disagree:
# 甲局 states one task in three documents (bound 3, one task); 乙局 has two tasks; 丙局 one.
JIA = _ent(Label.AGENCY, "甲市甲局", city="甲市")
YI = _ent(Label.AGENCY, "甲市乙局", city="甲市")
BING = _ent(Label.AGENCY, "丙局")  # no city of its own: its city comes from the stating document
TASKS = [_ent(Label.TASK, f"任务{i}") for i in range(3)]
CITY_A, CITY_B = _ent(Label.CITY, "甲市"), _ent(Label.CITY, "乙市")
DISTRICT_A, DISTRICT_B = _ent(Label.DISTRICT, "东区"), _ent(Label.DISTRICT, "西区")
DOMAIN = _ent(Label.DOMAIN, "智能语音")
BIG, SMALL = _ent(Label.ALLIANCE, "大联盟"), _ent(Label.ALLIANCE, "小联盟")
FIRMS = [_ent(Label.ENTERPRISE, f"企业{i}") for i in range(3)]
CHAIR = _ent(Label.PERSON, "王某")
IDLE = _ent(Label.AGENCY, "一局")  # first by name, responsible for nothing: the fast paths must not stop at it


def extractions() -> list[Extraction]:
    R = RelType
    out = []
    for n in range(1, 4):
        rels = [_rel(R.RESPONSIBLE_FOR, JIA, TASKS[0], "lead")]
        ents = [JIA, TASKS[0]]
        if n == 1:
            ents += [YI, TASKS[1], TASKS[2], CITY_A, DISTRICT_A, DOMAIN, BIG, SMALL, *FIRMS, CHAIR, IDLE]
            rels += [_rel(R.RESPONSIBLE_FOR, YI, TASKS[1], "co"), _rel(R.RESPONSIBLE_FOR, YI, TASKS[2], "lead"),
                     _rel(R.LOCATED_IN, DISTRICT_A, CITY_A), _rel(R.FOCUSES_ON, DISTRICT_A, DOMAIN),
                     _rel(R.FOCUSES_ON, CITY_A, DOMAIN), _rel(R.LEADS, CHAIR, SMALL, "理事长"),
                     *[_rel(R.MEMBER_OF, f, BIG, "成员单位") for f in FIRMS], _rel(R.MEMBER_OF, FIRMS[0], SMALL),
                     _rel(R.SUPPORTS, IDLE, FIRMS[0])]
        if n == 2:  # a document of 乙市: 丙局 (no city) is responsible here
            ents += [BING, TASKS[1], CITY_B, DISTRICT_B, DOMAIN]
            rels += [_rel(R.RESPONSIBLE_FOR, BING, TASKS[1], "co"), _rel(R.LOCATED_IN, DISTRICT_B, CITY_B),
                     _rel(R.FOCUSES_ON, DISTRICT_B, DOMAIN)]
        out.append(Extraction(doc=_doc(n, "乙市" if n == 2 else "甲市"), entities=ents, relations=rels))
    return out


@pytest.fixture
def small_store(any_store: GraphStore) -> GraphStore:
    for extraction in extractions():
        any_store.write(extraction)
    return any_store


def _expected_ranking() -> list[tuple[str, int, int, int]]:
    """The ranking by its plain definition, computed here from the facts written."""
    tasks: dict[str, set[str]] = defaultdict(set)
    lead: dict[str, set[str]] = defaultdict(set)
    docs: dict[str, set[str]] = defaultdict(set)
    names = {}
    for ex in extractions():
        for r in ex.relations:
            if r.type == RelType.RESPONSIBLE_FOR:
                tasks[r.source].add(r.target)
                docs[r.source].add(ex.doc.id)
                if r.props.get("role") == "lead":
                    lead[r.source].add(r.target)
        names.update({e.id: e.name for e in ex.entities})
    rows = [(a, len(tasks[a]), len(lead[a]), len(docs[a])) for a in tasks]
    return sorted(rows, key=lambda r: (-r[1], -r[2], names[r[0]]))


@pytest.mark.parametrize("limit", [1, 2, 3, 10])
def test_ranking_with_a_bound_gives_the_exact_top(registry: Registry, small_store: GraphStore, limit: int) -> None:
    out = registry.run(small_store, "agency-ranking", {"limit": limit})
    got = [(r["id"], r["tasks"], r["lead_tasks"], r["documents"])
           for r in (dict(zip(out.columns, row, strict=True)) for row in out.rows)]
    assert got == _expected_ranking()[:limit]
    # 甲局 has the most relationships but not the most tasks: the bound must not put it first.
    assert got[0][0] == YI.id


def test_ranking_city_filter_and_no_match(registry: Registry, small_store: GraphStore) -> None:
    out = registry.run(small_store, "agency-ranking", {"city": "甲市", "limit": 5})
    assert [r[0] for r in out.rows] == [YI.id, JIA.id]
    assert registry.run(small_store, "agency-ranking", {"city": "不存在"}).rows == []


def test_across_cities_uses_the_document_city_only_when_the_agency_has_none(
    registry: Registry, small_store: GraphStore
) -> None:
    out = registry.run(small_store, "agency-across-cities", {"agency": "局"})
    rows = [dict(zip(out.columns, row, strict=True)) for row in out.rows]
    assert [(r["city"], r["id"]) for r in rows] == [("乙市", BING.id), ("甲市", YI.id), ("甲市", JIA.id)]
    jia = next(r for r in rows if r["id"] == JIA.id)
    assert jia["task_count"] == 1 and jia["lead_tasks"] == 1  # three statements, one task


def test_agency_tasks_city_through_the_agency_or_the_document(registry: Registry, small_store: GraphStore) -> None:
    out = registry.run(small_store, "agency-tasks", {"city": "乙市"})
    # 丙局 has no city but its fact is stated by the 乙市 document; 甲局's 乙市-document fact counts too.
    rows = _dicts(out)
    assert sorted((r["agency_id"], r["task_id"]) for r in rows) == [(BING.id, TASKS[1].id), (JIA.id, TASKS[0].id)]
    rows = _dicts(registry.run(small_store, "agency-tasks", {"city": "甲市", "agency": "乙局"}))
    assert [(r["task_id"], r["role"]) for r in rows] == [(TASKS[2].id, "lead"), (TASKS[1].id, "co")]  # lead first
    assert all(r["document"] == "甲市行动计划1" for r in rows)


def test_district_domains_within_a_city(registry: Registry, small_store: GraphStore) -> None:
    names = lambda out: sorted(r["region"] for r in _dicts(out))  # noqa: E731
    assert names(registry.run(small_store, "district-domains", {"city": "甲市"})) == ["东区", "甲市"]
    assert names(registry.run(small_store, "district-domains", {"city": "乙市"})) == ["西区"]
    assert names(registry.run(small_store, "district-domains", {})) == ["东区", "甲市", "西区"]
    assert _dicts(registry.run(small_store, "district-domains", {"city": "东区"}))[0]["region"] == "东区"


def test_alliance_members_limited_keeps_whole_lists(registry: Registry, small_store: GraphStore) -> None:
    out = registry.run(small_store, "alliance-members", {"limit": 1})
    assert len(out.rows) == 1
    row = dict(zip(out.columns, out.rows[0], strict=True))
    assert row["alliance"]["id"] == BIG.id and row["member_count"] == 3
    assert sorted(m[0]["id"] for m in row["members"]) == sorted(f.id for f in FIRMS)
    both = registry.run(small_store, "alliance-members", {})
    small = dict(zip(both.columns, both.rows[1], strict=True))
    assert small["alliance"]["id"] == SMALL.id and small["leader_count"] == 1
    assert small["leaders"][0][0]["id"] == CHAIR.id and small["leaders"][0][1]["props"]["role"] == "理事长"


def _responsibilities() -> list[tuple[str, str, str, str | None]]:
    """(agency name, task name, agency id, role) per RESPONSIBLE_FOR statement, as written."""
    names = {e.id: e.name for ex in extractions() for e in ex.entities}
    return [(names[r.source], names[r.target], r.source, r.props.get("role"))
            for ex in extractions() for r in ex.relations if r.type == RelType.RESPONSIBLE_FOR]


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 6, 10])
def test_agency_tasks_pages_match_the_plain_definition(
    registry: Registry, small_store: GraphStore, limit: int
) -> None:
    rows = sorted(_responsibilities(), key=lambda r: (r[0], 0 if r[3] == "lead" else 1, r[1]))
    out = registry.run(small_store, "agency-tasks", {"limit": limit})
    assert [(r["agency"], r["task"], r["role"]) for r in _dicts(out)] == \
        [(a, t, role) for a, t, _, role in rows][:limit]


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 6, 10])
def test_task_agencies_pages_match_the_plain_definition(
    registry: Registry, small_store: GraphStore, limit: int
) -> None:
    rows = sorted(_responsibilities(), key=lambda r: (r[1], 0 if r[3] == "lead" else 1, r[0]))
    out = registry.run(small_store, "task-agencies", {"limit": limit})
    assert [(r["task"], r["agency"], r["role"]) for r in _dicts(out)] == \
        [(t, a, role or "co") for a, t, _, role in rows][:limit]
