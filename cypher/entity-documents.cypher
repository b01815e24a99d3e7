// name: entity-documents
// title: 提及某实体的文件
// description: The documents that mention an entity, with how many relationships about it each one states.
// description_zh: 提及某个实体的文件，以及每份文件陈述了多少条与它有关的事实。
// labels_zh: id = 实体编号; limit = 最多条数
// params: id: str (required; an entity id; 1..1000); limit: int = 200 (1..2000)
// view: table
MATCH (d:Document)-[:MENTIONS]->(e:Entity {id: $id})
RETURN d.id AS doc_id, d.title AS title, d.date AS date, d.issuer AS issuer, d.city AS city,
       size([(e)-[r]-(:Entity) WHERE r.doc_id = d.id | r]) AS facts
ORDER BY facts DESC, date DESC, title
LIMIT $limit
