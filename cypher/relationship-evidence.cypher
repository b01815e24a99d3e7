// name: relationship-evidence
// title: 关系的证据
// description: Every statement of a relationship between two entities: the sentence, its offsets, the rule and the document.
// params: source: str (required; entity id of the source; 1..1000); target: str (required; entity id of the target; 1..1000)
// params: type: str = "" (relationship type, e.g. RESPONSIBLE_FOR; empty = any; ..30)
// view: table
MATCH (a:Entity {id: $source})-[r]->(b:Entity {id: $target})
WHERE $type = '' OR type(r) = $type
OPTIONAL MATCH (d:Document {id: r.doc_id})
RETURN type(r) AS type, r.role AS role, r.evidence AS evidence, r.span_start AS span_start, r.span_end AS span_end,
       r.rule AS rule, r.confidence AS confidence, r.doc_id AS doc_id, d.title AS document
ORDER BY document, span_start
