// name: entity-neighbourhood
// title: 实体关系网
// description: The entities around one entity, one or two steps away, with the sentence behind every relationship.
// description_zh: 一个实体一到两步之内的关系网络。
// labels_zh: id = 实体编号（如 Agency:苏州市工业和信息化局）; depth = 步数; limit = 最多条数
// params: id: str (required; an entity id such as Agency:某某市工业和信息化局; 1..1000); depth: int = 1 (1..2)
// params: limit: int = 300 (1..2000)
// view: graph
MATCH p = (e:Entity {id: $id})-[:RESPONSIBLE_FOR|LEADS|WORKS_FOR|SUPPORTS|LOCATED_IN|BUILDS|MEMBER_OF|COOPERATES_WITH|ORGANIZES|FOCUSES_ON*1..2]-(m:Entity)
WHERE length(p) <= $depth
RETURN p AS path, length(p) AS steps, m.name AS neighbour, [r IN relationships(p) | type(r)] AS relationships,
       [r IN relationships(p) | r.evidence] AS evidence
ORDER BY steps, neighbour
LIMIT $limit
