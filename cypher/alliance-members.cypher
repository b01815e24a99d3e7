// name: alliance-members
// title: 联盟、负责人与成员
// description: Alliances, societies and associations with the people who lead them and their member organisations (with roles such as 理事长单位).
// params: alliance: str = "" (part of the alliance name; empty = all; ..100); limit: int = 100 (1..1000)
// view: graph
MATCH (al:Alliance)
WHERE $alliance = '' OR al.name CONTAINS $alliance
WITH al,
     [(p:Person)-[l:LEADS]->(al) | [p, l]] AS leaders,
     [(m:Entity)-[mo:MEMBER_OF]->(al) | [m, mo]] AS members
WHERE size(leaders) + size(members) > 0
RETURN al AS alliance, leaders, members, size(leaders) AS leader_count, size(members) AS member_count
ORDER BY member_count DESC, al.name
LIMIT $limit
