// name: located-in
// title: 区域内的主体
// description: Everything located in a city or district, directly or through up to three LOCATED_IN steps.
// description_zh: 位于某省、市或区县内的全部主体（经一至三级“位于”关系）。
// labels_zh: region = 地区全称（如 苏州市）; type = 实体类型（如 Enterprise）; limit = 最多条数
// params: region: str (required; the exact name of a province, city or district, e.g. 某某市; 1..50)
// params: type: str = "" (only entities of this type, e.g. Enterprise; empty = all; ..20); limit: int = 500 (1..5000)
// view: graph
MATCH (g:Entity {name: $region})
WHERE g:City OR g:District OR g:Province
MATCH p = (n:Entity)-[:LOCATED_IN*1..3]->(g)
WHERE $type = '' OR $type IN labels(n)
RETURN p AS path, n.name AS name, [l IN labels(n) WHERE l <> 'Entity'][0] AS type, length(p) AS steps
ORDER BY steps, name
LIMIT $limit
