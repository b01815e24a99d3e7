// name: agency-ranking
// title: 部门任务数量排行
// description: Agencies ranked by the number of distinct tasks they are responsible for, and how many of those they lead.
// params: city: str = "" (part of the agency name or its city; empty = all; ..50); limit: int = 50 (1..1000)
// view: table
MATCH (a:Agency)-[r:RESPONSIBLE_FOR]->(t:Task)
WHERE $city = '' OR a.name CONTAINS $city OR coalesce(a.city, '') CONTAINS $city
WITH a, count(DISTINCT t) AS tasks, count(DISTINCT CASE WHEN r.role = 'lead' THEN t END) AS lead_tasks,
     count(DISTINCT r.doc_id) AS documents
RETURN a.id AS id, a.name AS agency, tasks, lead_tasks, documents
ORDER BY tasks DESC, lead_tasks DESC, agency
LIMIT $limit
