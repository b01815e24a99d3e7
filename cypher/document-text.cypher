// name: document-text
// title: 文件全文
// description: One document's metadata and its normalised text (the text every fact's span points into).
// description_zh: 一份文件的元数据与规范化全文（各条事实的位置均指向此文本）。
// labels_zh: id = 文件编号
// params: id: str (required; a document id such as doc:0123456789abcdef; 1..100)
// view: table
MATCH (d:Document {id: $id})
RETURN d.id AS id, d.title AS title, d.date AS date, d.type AS type, d.issuer AS issuer, d.doc_no AS doc_no,
       d.province AS province, d.city AS city, d.path AS path, d.chars AS chars, d.text AS text
