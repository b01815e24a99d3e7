// name: export-bounds
// title: 导出：范围
// description: The highest internal node id and the node and relationship counts, so an export knows how far to page.
// internal: true
// view: table
MATCH (n) WHERE n:Entity OR n:Document
WITH max(id(n)) AS max_id, count(n) AS nodes
RETURN coalesce(max_id, -1) AS max_id, nodes
