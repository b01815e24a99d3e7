// name: export-nodes
// title: 导出：节点
// description: All entity and document nodes, one page at a time (used by GET /export). No ORDER BY: sorting the whole graph for every page made a 700k-relationship export take minutes; the scan order of an unchanged graph is stable, so pages do not overlap.
// params: skip: int = 0 (0..); limit: int = 5000 (1..5000)
// view: table
MATCH (n)
WHERE n:Entity OR n:Document
RETURN n AS node
SKIP $skip
LIMIT $limit
