"""A synthetic regional graph for benchmarks: >= 100,000 entities and >= 500,000 relationships.

Shaped like the real thing: provinces → cities → districts; each city has its
agencies, tasks, enterprises, platforms, alliances, institutions and people;
each synthetic document is one city's plan and states a few thousand facts
(mostly local, some with national bodies). Written through the store's own
batched writer (`store.write(Extraction)`), so MENTIONS, provenance and
indexes are exactly what real ingestion produces.

    .venv/bin/python -m bench.synthetic --data /tmp/aikg-synth   # build into its own data dir
"""

from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict

from pydantic import BaseModel

from graph.model import DocType, Document, Entity, Extraction, Label, Relation, RelType, entity_id
from graph.store import GraphStore

# Per city; 100 cities give ~102k entities and ~490k facts (bench uses 105 cities).
PER_CITY = {
    Label.DISTRICT: 8, Label.AGENCY: 110, Label.TASK: 300, Label.ENTERPRISE: 350, Label.PLATFORM: 80,
    Label.ALLIANCE: 20, Label.INSTITUTION: 40, Label.PERSON: 100, Label.EVENT: 10,
}
# Facts per document (two documents per city); duplicates within a document collapse.
PER_DOC = {
    RelType.RESPONSIBLE_FOR: 900, RelType.LOCATED_IN: 400, RelType.SUPPORTS: 300, RelType.BUILDS: 150,
    RelType.MEMBER_OF: 300, RelType.LEADS: 80, RelType.WORKS_FOR: 100, RelType.COOPERATES_WITH: 200,
    RelType.FOCUSES_ON: 40, RelType.ORGANIZES: 30,
}
AGENCY_KINDS = ["工业和信息化局", "科学技术局", "发展和改革委员会", "财政局", "商务局", "教育局",
                "人力资源和社会保障局", "数据局", "市场监督管理局", "自然资源和规划局"]
DOMAINS = ["智能芯片", "语音识别", "计算机视觉", "自然语言处理", "智能机器人", "智能网联汽车", "大模型", "智能制造",
           "智慧医疗", "智慧城市", "无人机", "知识图谱", "算力", "数据标注", "元宇宙", "工业互联网"]
SYLLABLES = list("华星云海智联创科数讯极光远瞻启明天枢青禾博睿恒信卓越鼎新汇通")


class Probe(BaseModel):
    """Names and ids that exist in the generated graph, for parameterising queries."""

    city: str
    district: str
    agency_kind: str
    agency_id: str
    enterprise_id: str
    person_id: str
    task_fragment: str
    enterprise_fragment: str
    alliance_fragment: str
    entities: int
    relations: int
    documents: int


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n))


def _city_entities(rng: random.Random, province: str, city: str) -> dict[Label, list[Entity]]:
    short = city[:-1]
    out: dict[Label, list[Entity]] = defaultdict(list)

    def add(label: Label, name: str, aliases: list[str] | None = None, **props: str) -> None:
        out[label].append(Entity(id=entity_id(label, name), type=label, name=name, aliases=aliases or [],
                                 props=props))

    add(Label.CITY, city, [short], province=province)
    for i in range(PER_CITY[Label.DISTRICT]):
        add(Label.DISTRICT, f"{short}{_word(rng, 2)}{i}区", city=city)
    for i in range(PER_CITY[Label.AGENCY]):
        kind = AGENCY_KINDS[i % len(AGENCY_KINDS)]
        suffix = "" if i < len(AGENCY_KINDS) else f"第{i}处"
        add(Label.AGENCY, f"{city}{kind}{suffix}", [f"市{kind[:2]}局{suffix}"], city=city)
    for i in range(PER_CITY[Label.TASK]):
        add(Label.TASK, f"{short}{rng.choice(DOMAINS)}{_word(rng, 2)}行动{i}")
    for i in range(PER_CITY[Label.ENTERPRISE]):
        brand = _word(rng, 2)
        add(Label.ENTERPRISE, f"{short}{brand}智能科技有限公司{i}", [f"{brand}智能{i}"])
    for i in range(PER_CITY[Label.PLATFORM]):
        add(Label.PLATFORM, f"{short}{rng.choice(DOMAINS)}开放创新平台{i}")
    for i in range(PER_CITY[Label.ALLIANCE]):
        add(Label.ALLIANCE, f"{short}{rng.choice(DOMAINS)}产业联盟{i}", ["联盟"])
    for i in range(PER_CITY[Label.INSTITUTION]):
        add(Label.INSTITUTION, f"{short}{_word(rng, 2)}研究院{i}")
    for i in range(PER_CITY[Label.PERSON]):
        add(Label.PERSON, f"{rng.choice('王李张刘陈杨赵黄周吴')}{_word(rng, 2)}{short}{i}")
    for i in range(PER_CITY[Label.EVENT]):
        add(Label.EVENT, f"{short}人工智能大会{i}")
    return out


_ENDS: dict[RelType, tuple[tuple[Label, ...], tuple[Label, ...]]] = {
    RelType.RESPONSIBLE_FOR: ((Label.AGENCY,), (Label.TASK,)),
    RelType.LOCATED_IN: ((Label.ENTERPRISE, Label.PLATFORM, Label.INSTITUTION, Label.AGENCY), (Label.DISTRICT,)),
    RelType.SUPPORTS: ((Label.AGENCY,), (Label.ENTERPRISE, Label.PLATFORM, Label.ALLIANCE)),
    RelType.BUILDS: ((Label.ENTERPRISE, Label.INSTITUTION), (Label.PLATFORM,)),
    RelType.MEMBER_OF: ((Label.ENTERPRISE, Label.INSTITUTION), (Label.ALLIANCE,)),
    RelType.LEADS: ((Label.PERSON,), (Label.ALLIANCE, Label.ENTERPRISE, Label.INSTITUTION)),
    RelType.WORKS_FOR: ((Label.PERSON,), (Label.ENTERPRISE, Label.INSTITUTION, Label.AGENCY)),
    RelType.COOPERATES_WITH: ((Label.ENTERPRISE, Label.INSTITUTION), (Label.ENTERPRISE, Label.INSTITUTION)),
    RelType.FOCUSES_ON: ((Label.DISTRICT, Label.CITY), (Label.DOMAIN,)),
    RelType.ORGANIZES: ((Label.ALLIANCE, Label.AGENCY), (Label.EVENT,)),
}
_ROLES = {RelType.RESPONSIBLE_FOR: ["lead", "co", "co"], RelType.LEADS: ["理事长", "董事长", "主任", "会长"],
          RelType.MEMBER_OF: ["理事长单位", "副理事长单位", "成员单位", "成员单位"]}


def _document(rng: random.Random, n: int, province_ent: Entity, city_ents: dict[Label, list[Entity]],
              national: list[Entity], domains: list[Entity]) -> Extraction:
    city = city_ents[Label.CITY][0]
    doc = Document(id=f"doc:synthetic{n:07d}", path=f"synthetic/{n}.txt", title=f"{city.name}人工智能行动计划（{n}）",
                   issuer=f"{city.name}人民政府", province=str(province_ent.name), city=city.name,
                   date=f"20{20 + n % 5}-0{1 + n % 9}-1{n % 9}", type=DocType.ACTION_PLAN)
    pool = dict(city_ents)
    pool[Label.DOMAIN] = domains
    pool[Label.AGENCY] = city_ents[Label.AGENCY] + national
    used: dict[str, Entity] = {city.id: city, province_ent.id: province_ent}
    relations: list[Relation] = []
    keys: set[str] = set()
    offset = 0
    for rtype, count in PER_DOC.items():
        sources, targets = _ENDS[rtype]
        made = 0
        while made < count:
            a = rng.choice(pool[rng.choice(sources)])
            b = rng.choice(pool[rng.choice(targets)])
            if a.id == b.id:
                continue
            role = rng.choice(_ROLES[rtype]) if rtype in _ROLES else None
            rel = Relation(type=rtype, source=a.id, target=b.id, props={"role": role} if role else {},
                           evidence=f"{a.name}与{b.name}相关的表述（第{made}条）", span=(offset, offset + 30),
                           rule="synthetic", confidence=0.8)
            made += 1
            if rel.key() in keys:
                continue
            keys.add(rel.key())
            relations.append(rel)
            used[a.id], used[b.id] = a, b
            offset += 31
    for district in city_ents[Label.DISTRICT]:  # the region hierarchy, stated by every document
        used[district.id] = district
        relations.append(Relation(type=RelType.LOCATED_IN, source=district.id, target=city.id,
                                  evidence=f"{city.name}{district.name}", rule="synthetic"))
    relations.append(Relation(type=RelType.LOCATED_IN, source=city.id, target=province_ent.id,
                              evidence=f"{province_ent.name}{city.name}", rule="synthetic"))
    return Extraction(doc=doc, entities=list(used.values()), relations=relations)


def generate(store: GraphStore, cities: int = 105, docs_per_city: int = 2, seed: int = 7,
             progress: bool = True) -> Probe:
    rng = random.Random(seed)
    provinces = [Entity(id=entity_id(Label.PROVINCE, f"合成{_word(rng, 1)}{i}省"), type=Label.PROVINCE,
                        name=f"合成{_word(rng, 1)}{i}省") for i in range(max(1, cities // 10))]
    national = [Entity(id=entity_id(Label.AGENCY, name), type=Label.AGENCY, name=name)
                for name in ["工业和信息化部", "科学技术部", "国家发展和改革委员会", "国家数据局"]]
    domains = [Entity(id=entity_id(Label.DOMAIN, d), type=Label.DOMAIN, name=d) for d in DOMAINS]
    entity_ids: set[str] = {e.id for e in provinces + national + domains}
    total_rel = 0
    n_doc = 0
    probe_city: dict[Label, list[Entity]] | None = None
    started = time.perf_counter()
    for c in range(cities):
        province = provinces[c % len(provinces)]
        city_name = f"{_word(rng, 2)}{c}市"
        ents = _city_entities(rng, province.name, city_name)
        entity_ids.update(e.id for group in ents.values() for e in group)
        probe_city = probe_city or ents
        for _ in range(docs_per_city):
            extraction = _document(rng, n_doc, province, ents, national, domains)
            result = store.write(extraction)
            total_rel += result.relations
            n_doc += 1
        if progress and (c + 1) % 10 == 0:
            print(f"  {c + 1}/{cities} cities, {len(entity_ids)} entities, {total_rel} facts, "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
    assert probe_city is not None
    agency = probe_city[Label.AGENCY][0]
    return Probe(
        city=probe_city[Label.CITY][0].name,
        district=probe_city[Label.DISTRICT][0].name,
        agency_kind=AGENCY_KINDS[0],
        agency_id=agency.id,
        enterprise_id=probe_city[Label.ENTERPRISE][0].id,
        person_id=probe_city[Label.PERSON][0].id,
        task_fragment=probe_city[Label.TASK][0].name[:6],
        enterprise_fragment=probe_city[Label.ENTERPRISE][0].name[:-1],
        alliance_fragment=probe_city[Label.ALLIANCE][0].name,
        entities=len(entity_ids),
        relations=total_rel,
        documents=n_doc,
    )


def main() -> None:
    from graph.store import open_store

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="data directory of a fresh embedded store")
    parser.add_argument("--cities", type=int, default=105)
    args = parser.parse_args()
    store = open_store("falkordb", args.data)
    try:
        probe = generate(store, cities=args.cities)
        print(probe.model_dump_json(indent=2))
        print(store.stats().model_dump_json(indent=2))
    finally:
        store.close()


if __name__ == "__main__":
    main()
