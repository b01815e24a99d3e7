// name: export-edges
// title: 导出：关系
// description: All relationships with their provenance, one page at a time (used by GET /export). No ORDER BY: sorting the whole graph for every page made a 700k-relationship export take minutes; the scan order of an unchanged graph is stable, so pages do not overlap.
// params: skip: int = 0 (0..); limit: int = 5000 (1..5000)
// view: table
MATCH (a)-[r]->(b)
RETURN a.id AS source, type(r) AS type, b.id AS target, r AS relationship
SKIP $skip
LIMIT $limit
