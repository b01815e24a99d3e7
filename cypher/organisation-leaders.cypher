// name: organisation-leaders
// title: 组织负责人
// description: Who leads which organisation (alliance, society, enterprise, agency), with the role as stated (理事长, 董事长, 组长…).
// description_zh: 谁领导哪个组织（理事长、董事长等职务）。
// labels_zh: org = 组织名称（部分）; person = 人名（部分）; limit = 最多条数
// params: org: str = "" (part of the organisation name; empty = all; ..100); person: str = "" (part of the person's name; ..50)
// params: limit: int = 200 (1..2000)
// view: graph
// draws: person -LEADS-> organisation
// Columns, not whole nodes: a client needs each end's id and name and the fact's sentence, and a store
// reads plain values several times faster than nodes with every property.
MATCH (p:Person)-[r:LEADS]->(o:Entity)
WHERE ($org = '' OR o.name CONTAINS $org) AND ($person = '' OR p.name CONTAINS $person)
RETURN p.id AS person_id, p.name AS person, o.id AS organisation_id, o.name AS organisation, r.role AS role,
       r.evidence AS evidence, r.doc_id AS doc_id, r.key AS key
ORDER BY organisation, person
LIMIT $limit
