// name: analysis-edges
// title: 分析：关系
// description: The facts (every relationship except MENTIONS) leaving nodes whose internal id lies in [from_id, to_id), with their provenance, as plain values (used by the analytics snapshot).
// description_zh: 供网络分析读取的事实（按内部编号分段，不含“提及”）。
// internal: true
// params: from_id: int = 0 (0..); to_id: int = 2000 (1..)
// view: table
MATCH (a)
WHERE id(a) >= $from_id AND id(a) < $to_id
MATCH (a)-[r]->(b)
WHERE type(r) <> 'MENTIONS'
RETURN a.id AS source, type(r) AS type, b.id AS target, r.role AS role, r.doc_id AS doc_id,
       r.evidence AS evidence, r.span_start AS span_start, r.span_end AS span_end
