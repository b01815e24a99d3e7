// name: entity-detail
// title: 实体详情
// description: One entity with its relationships to other entities, each with the evidence sentence and the stating document's title.
// description_zh: 一个实体及其与其他实体的全部关系，每条附证据句和出处文件。
// labels_zh: id = 实体编号; limit = 最多条数
// params: id: str (required; an entity id; 1..1000); limit: int = 500 (1..2000)
// view: graph
MATCH (e:Entity {id: $id})
OPTIONAL MATCH (e)-[r]-(m:Entity)
// FalkorDB needs the WITH when r is null (an entity without relationships).
WITH e, r, m
OPTIONAL MATCH (d:Document {id: r.doc_id})
RETURN e AS entity, r AS relationship, m AS neighbour, type(r) AS type, m.name AS neighbour_name,
       d.id AS doc_id, d.title AS document, d.date AS date
ORDER BY type, neighbour_name
LIMIT $limit
