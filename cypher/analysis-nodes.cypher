// name: analysis-nodes
// title: 分析：节点
// description: Entity and document nodes whose internal id lies in [from_id, to_id), as plain values (used by the analytics snapshot; document text is left out).
// description_zh: 供网络分析读取的节点（按内部编号分段）。
// internal: true
// params: from_id: int = 0 (0..); to_id: int = 5000 (1..)
// view: table
MATCH (n)
WHERE id(n) >= $from_id AND id(n) < $to_id AND (n:Entity OR n:Document)
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.name AS name, n.city AS city,
       n.province AS province, n.title AS title, n.date AS date, n.type AS type, n.issuer AS issuer
