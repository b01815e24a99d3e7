// name: document-facts
// title: 文件陈述的事实
// description: Every fact one document states, with both ends, the evidence sentence and its span in the document's text.
// description_zh: 一份文件陈述的全部事实：两端实体、证据句及其在全文中的位置。
// labels_zh: id = 文件编号; limit = 最多条数
// params: id: str (required; a document id such as doc:0123456789abcdef; 1..100)
// params: limit: int = 2000 (at most this many facts between entities, and as many the document states about itself; 1..5000)
// view: table
// Facts between entities hang off the entities the document mentions (no index on relationship properties);
// the document's own facts (ISSUED_BY, DEFINES) leave the document node.
MATCH (d:Document {id: $id})-[:MENTIONS]->(e:Entity)
MATCH (e)-[r]->(b:Entity)
WHERE r.doc_id = $id
RETURN e.id AS source, e.name AS source_name, type(r) AS type, b.id AS target, b.name AS target_name,
       r.role AS role, r.evidence AS evidence, r.span_start AS span_start, r.span_end AS span_end
LIMIT $limit
UNION ALL
MATCH (d:Document {id: $id})-[r]->(b:Entity)
WHERE type(r) <> 'MENTIONS'
RETURN d.id AS source, d.title AS source_name, type(r) AS type, b.id AS target, b.name AS target_name,
       r.role AS role, r.evidence AS evidence, r.span_start AS span_start, r.span_end AS span_end
LIMIT $limit
