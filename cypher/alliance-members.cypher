// name: alliance-members
// title: 联盟、负责人与成员
// description: Alliances, societies and associations with the people who lead them and their member organisations (with roles such as 理事长单位).
// description_zh: 联盟、学会、协会及其负责人和成员单位（含理事长单位等角色）。
// labels_zh: alliance = 联盟名称（部分）; limit = 最多条数
// params: alliance: str = "" (part of the alliance name; empty = all; ..100); limit: int = 100 (1..1000)
// view: graph
MATCH (al:Alliance)
WHERE $alliance = '' OR al.name CONTAINS $alliance
// Counts first, ranked and limited; the node lists are built only for the alliances returned.
WITH al, size([(p:Person)-[:LEADS]->(al) | p]) AS leader_count,
     size([(m:Entity)-[:MEMBER_OF]->(al) | m]) AS member_count
WHERE leader_count + member_count > 0
WITH al, leader_count, member_count
ORDER BY member_count DESC, al.name
LIMIT $limit
RETURN al AS alliance, [(p:Person)-[l:LEADS]->(al) | [p, l]] AS leaders,
       [(m:Entity)-[mo:MEMBER_OF]->(al) | [m, mo]] AS members, leader_count, member_count
ORDER BY member_count DESC, al.name
