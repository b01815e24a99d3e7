// name: task-agencies
// title: 任务与责任单位
// description: For each task, the agencies responsible for it, the lead unit first.
// params: task: str = "" (part of a task name; empty = all; ..100); limit: int = 200 (1..2000)
// view: graph
MATCH (t:Task)<-[r:RESPONSIBLE_FOR]-(a:Agency)
WHERE $task = '' OR t.name CONTAINS $task
RETURN t AS task, r AS responsibility, a AS agency, coalesce(r.role, 'co') AS role, r.doc_id AS doc_id
ORDER BY t.name, CASE r.role WHEN 'lead' THEN 0 ELSE 1 END, a.name
LIMIT $limit
