// name: agency-tasks
// title: 部门与任务
// description: Which agency is responsible for which task (lead or co-responsible), filtered by agency name or city, with the stating document.
// params: agency: str = "" (part of an agency name; empty = all; ..100); city: str = "" (city named by the agency, its properties or the stating document; empty = all; ..50)
// params: limit: int = 200 (1..2000)
// view: graph
// The city's documents first, so the per-row Document lookup runs only for the rows returned.
OPTIONAL MATCH (cd:Document) WHERE $city <> '' AND cd.city CONTAINS $city
WITH collect(cd.id) AS city_docs
MATCH (a:Agency)-[r:RESPONSIBLE_FOR]->(t:Task)
WHERE ($agency = '' OR a.name CONTAINS $agency OR any(x IN coalesce(a.aliases, []) WHERE x CONTAINS $agency))
  AND ($city = '' OR a.name CONTAINS $city OR coalesce(a.city, '') CONTAINS $city OR r.doc_id IN city_docs)
WITH a, r, t
ORDER BY a.name, CASE r.role WHEN 'lead' THEN 0 ELSE 1 END, t.name
LIMIT $limit
OPTIONAL MATCH (d:Document {id: r.doc_id})
RETURN a AS agency, r AS responsibility, t AS task, r.role AS role, d.title AS document
ORDER BY a.name, CASE r.role WHEN 'lead' THEN 0 ELSE 1 END, t.name
