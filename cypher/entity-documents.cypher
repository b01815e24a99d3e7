// name: entity-documents
// title: 提及某实体的文件
// description: The documents that mention an entity, with how many relationships about it each one states.
// params: id: str (required; an entity id; 1..1000); limit: int = 200 (1..2000)
// view: table
MATCH (d:Document)-[:MENTIONS]->(e:Entity {id: $id})
RETURN d.id AS doc_id, d.title AS title, d.date AS date, d.issuer AS issuer, d.city AS city,
       size([(e)-[r]-(:Entity) WHERE r.doc_id = d.id | r]) AS facts
ORDER BY facts DESC, date DESC, title
LIMIT $limit
