// name: export-nodes
// title: 导出：节点
// description: Entity and document nodes whose internal id lies in [from_id, to_id) (used by GET /export, which walks the windows up to export-bounds' max_id). Windows instead of SKIP: FalkorDB seeks ids directly, so every page costs the same however deep.
// internal: true
// params: from_id: int = 0 (0..); to_id: int = 5000 (1..)
// view: table
MATCH (n)
WHERE id(n) >= $from_id AND id(n) < $to_id AND (n:Entity OR n:Document)
RETURN n AS node
