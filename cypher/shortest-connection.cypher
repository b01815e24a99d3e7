// name: shortest-connection
// title: 两个实体之间的最短联系
// description: The shortest chain of relationships (either direction, at most 4 steps) linking two entities; documents are not counted as links.
// description_zh: 两个实体之间的最短关联路径。
// labels_zh: source = 一端实体编号; target = 另一端实体编号
// params: source: str (required; entity id of one end; 1..200); target: str (required; entity id of the other end; 1..200)
// view: graph
MATCH (a:Entity {id: $source}), (b:Entity {id: $target})
MATCH p = (a)-[:RESPONSIBLE_FOR|LEADS|WORKS_FOR|SUPPORTS|LOCATED_IN|BUILDS|MEMBER_OF|COOPERATES_WITH|ORGANIZES|FOCUSES_ON*1..4]-(b)
RETURN p AS path, length(p) AS steps, [n IN nodes(p) | n.name] AS names
ORDER BY steps
LIMIT 1
// engine: neo4j
MATCH (a:Entity {id: $source}), (b:Entity {id: $target})
MATCH p = shortestPath((a)-[:RESPONSIBLE_FOR|LEADS|WORKS_FOR|SUPPORTS|LOCATED_IN|BUILDS|MEMBER_OF|COOPERATES_WITH|ORGANIZES|FOCUSES_ON*1..4]-(b))
RETURN p AS path, length(p) AS steps, [n IN nodes(p) | n.name] AS names
