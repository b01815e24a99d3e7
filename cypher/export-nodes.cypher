// name: export-nodes
// title: 导出：节点
// description: All entity and document nodes, one page at a time (used by GET /export).
// params: skip: int = 0 (0..); limit: int = 5000 (1..5000)
// view: table
MATCH (n)
WHERE n:Entity OR n:Document
RETURN n AS node
ORDER BY n.id
SKIP $skip
LIMIT $limit
