"""A small hand-made graph with every relationship type, in an invented region.

Two documents: a plan of 青石市 and one of 白沙市; one fact (青石市工信局 leads
the 算力 task) is stated by both, so queries must use DISTINCT where it matters.
"""

from __future__ import annotations

from graph.model import DocType, Document, Entity, Extraction, Label, Relation, RelType, entity_id

QS_DOC = "doc:00000000000000a1"
BS_DOC = "doc:00000000000000b2"

QS_AGENCY = entity_id(Label.AGENCY, "青石市工业和信息化局")
QS_SCIENCE = entity_id(Label.AGENCY, "青石市科学技术局")
BS_AGENCY = entity_id(Label.AGENCY, "白沙市工业和信息化局")
TASK_COMPUTE = entity_id(Label.TASK, "算力基础设施提升行动")
TASK_TALENT = entity_id(Label.TASK, "人才引育行动")
TASK_BS = entity_id(Label.TASK, "场景开放行动")
PROVINCE = entity_id(Label.PROVINCE, "云岭省")
QS_CITY = entity_id(Label.CITY, "青石市")
BS_CITY = entity_id(Label.CITY, "白沙市")
DISTRICT = entity_id(Label.DISTRICT, "东湖区")
ENTERPRISE = entity_id(Label.ENTERPRISE, "星河智能科技有限公司")
PARTNER = entity_id(Label.ENTERPRISE, "青禾数据有限公司")
PLATFORM = entity_id(Label.PLATFORM, "青石语音开放创新平台")
ALLIANCE = entity_id(Label.ALLIANCE, "青石市人工智能产业联盟")
UNIVERSITY = entity_id(Label.INSTITUTION, "青石大学")
PERSON = entity_id(Label.PERSON, "李明远")
EVENT = entity_id(Label.EVENT, "青石人工智能大会")
DOMAIN = entity_id(Label.DOMAIN, "智能语音")

# The 青石 plan's normalised text: every evidence sentence of that plan sits in it, so spans point at it.
_QS_TEXT = "\n".join([
    "青石市人工智能行动计划。星河智能科技有限公司建设青石语音开放创新平台。",
    "青石市工业和信息化局印发",
    "云岭省青石市",
    "青石市东湖区",
    "一、算力基础设施提升行动",
    "责任单位：市工信局（牵头）、市科技局",
    "二、人才引育行动",
    "责任单位：市科技局",
    "李明远当选联盟理事长",
    "星河智能董事长李明远",
    "星河智能为理事长单位",
    "青石大学为副理事长单位",
    "市工信局支持平台建设",
    "位于东湖区的星河智能",
    "平台落户东湖区",
    "星河智能与青禾数据合作",
    "联盟举办青石人工智能大会",
    "东湖区重点发展智能语音",
    "附：<script>alert(1)</script>",
])


def _e(eid: str, aliases: list[str] | None = None, **props: str) -> Entity:
    label, _, name = eid.partition(":")
    return Entity(id=eid, type=Label(label), name=name, aliases=aliases or [], props=props)


def _r(rtype: RelType, src: str, dst: str, evidence: str, role: str | None = None) -> Relation:
    start = max(_QS_TEXT.find(evidence), 0)
    return Relation(type=rtype, source=src, target=dst, props={"role": role} if role else {}, evidence=evidence,
                    span=(start, start + len(evidence)), rule="sample", confidence=0.9)


def qingshi_plan() -> Extraction:
    doc = Document(id=QS_DOC, path="qingshi_plan.txt", title="青石市人工智能产业发展行动计划", issuer="青石市人民政府",
                   province="云岭省", city="青石市", date="2024-03-01", type=DocType.ACTION_PLAN)
    entities = [
        _e(QS_AGENCY, ["市工信局"], city="青石市"), _e(QS_SCIENCE, ["市科技局"], city="青石市"),
        _e(TASK_COMPUTE), _e(TASK_TALENT), _e(PROVINCE, ["云岭"]), _e(QS_CITY, ["青石"]), _e(DISTRICT),
        _e(ENTERPRISE, ["星河智能"]), _e(PARTNER), _e(PLATFORM), _e(ALLIANCE, ["产业联盟"]), _e(UNIVERSITY),
        _e(PERSON), _e(EVENT), _e(DOMAIN),
    ]
    R = RelType
    relations = [
        _r(R.RESPONSIBLE_FOR, QS_AGENCY, TASK_COMPUTE, "责任单位：市工信局（牵头）、市科技局", "lead"),
        _r(R.RESPONSIBLE_FOR, QS_SCIENCE, TASK_COMPUTE, "责任单位：市工信局（牵头）、市科技局", "co"),
        _r(R.RESPONSIBLE_FOR, QS_SCIENCE, TASK_TALENT, "责任单位：市科技局", "lead"),
        _r(R.BUILDS, ENTERPRISE, PLATFORM, "星河智能科技有限公司建设青石语音开放创新平台。"),
        _r(R.LEADS, PERSON, ALLIANCE, "李明远当选联盟理事长", "理事长"),
        _r(R.WORKS_FOR, PERSON, ENTERPRISE, "星河智能董事长李明远"),
        _r(R.MEMBER_OF, ENTERPRISE, ALLIANCE, "星河智能为理事长单位", "理事长单位"),
        _r(R.MEMBER_OF, UNIVERSITY, ALLIANCE, "青石大学为副理事长单位", "副理事长单位"),
        _r(R.SUPPORTS, QS_AGENCY, PLATFORM, "市工信局支持平台建设"),
        _r(R.LOCATED_IN, ENTERPRISE, DISTRICT, "位于东湖区的星河智能"),
        _r(R.LOCATED_IN, PLATFORM, DISTRICT, "平台落户东湖区"),
        _r(R.LOCATED_IN, DISTRICT, QS_CITY, "青石市东湖区"),
        _r(R.LOCATED_IN, QS_CITY, PROVINCE, "云岭省青石市"),
        _r(R.COOPERATES_WITH, ENTERPRISE, PARTNER, "星河智能与青禾数据合作"),
        _r(R.ORGANIZES, ALLIANCE, EVENT, "联盟举办青石人工智能大会"),
        _r(R.FOCUSES_ON, DISTRICT, DOMAIN, "东湖区重点发展智能语音"),
        _r(R.ISSUED_BY, QS_DOC, QS_AGENCY, "青石市工业和信息化局印发"),
        _r(R.DEFINES, QS_DOC, TASK_COMPUTE, "一、算力基础设施提升行动"),
    ]
    return Extraction(doc=doc, entities=entities, relations=relations, text=_QS_TEXT)


def baisha_plan() -> Extraction:
    doc = Document(id=BS_DOC, path="baisha_plan.txt", title="白沙市人工智能创新发展方案", issuer="白沙市人民政府",
                   province="云岭省", city="白沙市", date="2024-05-10", type=DocType.ACTION_PLAN)
    entities = [_e(BS_AGENCY, ["市工信局"], city="白沙市"), _e(TASK_BS), _e(BS_CITY), _e(PROVINCE),
                _e(QS_AGENCY, ["青石市工信局"], city="青石市"), _e(TASK_COMPUTE)]
    R = RelType
    relations = [
        _r(R.RESPONSIBLE_FOR, BS_AGENCY, TASK_BS, "责任单位：市工信局", "lead"),
        _r(R.LOCATED_IN, BS_CITY, PROVINCE, "云岭省白沙市"),
        # The same fact as in the 青石 plan, stated a second time.
        _r(R.RESPONSIBLE_FOR, QS_AGENCY, TASK_COMPUTE, "借鉴青石市工信局牵头的算力行动", "lead"),
    ]
    return Extraction(doc=doc, entities=entities, relations=relations)


def sample_extractions() -> list[Extraction]:
    return [qingshi_plan(), baisha_plan()]


# Parameters that make every saved query hit the sample graph.
SAMPLE_PARAMS: dict[str, dict[str, object]] = {
    "agency-tasks": {"agency": "工业和信息化局", "city": "青石"},
    "task-agencies": {"task": "算力"},
    "enterprise-platforms": {"org": "星河"},
    "organisation-leaders": {"org": "联盟"},
    "located-in": {"region": "青石市"},
    "entity-neighbourhood": {"id": DISTRICT, "depth": 2},
    "shortest-connection": {"source": PERSON, "target": QS_CITY},
    "entity-documents": {"id": QS_AGENCY},
    "agency-ranking": {},
    "district-domains": {"city": "青石市"},
    "agency-across-cities": {"agency": "工业和信息化局"},
    "alliance-members": {},
    "relationship-evidence": {"source": ENTERPRISE, "target": PLATFORM},
    "entity-search": {"q": "工信局"},
    "entity-detail": {"id": ENTERPRISE},
    "export-nodes": {},
    "export-edges": {},
    "export-bounds": {},
    "analysis-nodes": {},
    "analysis-edges": {},
    "document-text": {"id": QS_DOC},
    "document-facts": {"id": QS_DOC},
    "region-list": {},
}
