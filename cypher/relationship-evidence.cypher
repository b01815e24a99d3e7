// name: relationship-evidence
// title: 关系的证据
// description: Every statement of a relationship between two entities: the sentence, its offsets, the rule and the document.
// description_zh: 两个实体之间的每条关系及陈述它的原句和文件。
// labels_zh: source = 起点实体编号; target = 终点实体编号; type = 关系类型（如 BUILDS）
// params: source: str (required; entity id of the source; 1..1000); target: str (required; entity id of the target; 1..1000)
// params: type: str = "" (relationship type, e.g. RESPONSIBLE_FOR; empty = any; ..30)
// view: table
MATCH (a:Entity {id: $source})-[r]->(b:Entity {id: $target})
WHERE $type = '' OR type(r) = $type
OPTIONAL MATCH (d:Document {id: r.doc_id})
RETURN type(r) AS type, r.role AS role, r.evidence AS evidence, r.span_start AS span_start, r.span_end AS span_end,
       r.rule AS rule, r.confidence AS confidence, r.doc_id AS doc_id, d.title AS document
ORDER BY document, span_start
