// name: export-edges
// title: 导出：关系
// description: All relationships with their provenance, one page at a time (used by GET /export).
// params: skip: int = 0 (0..); limit: int = 5000 (1..5000)
// view: table
MATCH (a)-[r]->(b)
RETURN a.id AS source, type(r) AS type, b.id AS target, r AS relationship
ORDER BY source, type, target, r.doc_id
SKIP $skip
LIMIT $limit
