// name: region-list
// title: 区域列表
// description: Provinces and cities with how many documents name them, for the region picker.
// description_zh: 省与市及提到它们的文件数，供区域画像选择。
// labels_zh: limit = 最多条数
// params: limit: int = 500 (1..5000)
// view: table
MATCH (g:Entity)
WHERE g:Province OR g:City
OPTIONAL MATCH (d:Document) WHERE d.city = g.name OR d.province = g.name
WITH g, count(d) AS documents
RETURN g.name AS name, [l IN labels(g) WHERE l <> 'Entity'][0] AS type, documents
ORDER BY documents DESC, name
LIMIT $limit
