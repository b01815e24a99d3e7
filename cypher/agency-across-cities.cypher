// name: agency-across-cities
// title: 同类部门的任务跨城市对比
// description: One kind of agency (e.g. 工业和信息化局) compared across cities: its tasks in each city.
// params: agency: str (required; part of an agency name, e.g. 工业和信息化局; 1..100); limit: int = 100 (1..1000)
// view: table
MATCH (a:Agency)-[r:RESPONSIBLE_FOR]->(t:Task)
WHERE a.name CONTAINS $agency OR any(x IN coalesce(a.aliases, []) WHERE x CONTAINS $agency)
OPTIONAL MATCH (d:Document {id: r.doc_id})
WITH coalesce(a.city, d.city, '') AS city, a, t, r
WITH city, a, collect(DISTINCT t.name) AS tasks, count(DISTINCT CASE WHEN r.role = 'lead' THEN t END) AS lead_tasks
RETURN city, a.id AS id, a.name AS agency, size(tasks) AS task_count, lead_tasks, tasks
ORDER BY city, task_count DESC
LIMIT $limit
