// name: export-edges
// title: 导出：关系
// description: All relationships, with their provenance, leaving nodes whose internal id lies in [from_id, to_id) (used by GET /export).
// internal: true
// params: from_id: int = 0 (0..); to_id: int = 2000 (1..)
// view: table
MATCH (a)
WHERE id(a) >= $from_id AND id(a) < $to_id
MATCH (a)-[r]->(b)
RETURN a.id AS source, type(r) AS type, b.id AS target, r AS relationship
