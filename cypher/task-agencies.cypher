// name: task-agencies
// title: 任务与责任单位
// description: For each task, the agencies responsible for it, the lead unit first.
// description_zh: 每项任务由哪些部门负责（牵头与配合）。
// labels_zh: task = 任务名称（部分）; limit = 最多条数
// params: task: str = "" (part of a task name; empty = all; ..100); limit: int = 200 (1..2000)
// view: graph
// draws: agency -RESPONSIBLE_FOR-> task
// Columns, not whole nodes: a client needs each end's id and name and the fact's sentence, and a store
// reads plain values several times faster than nodes with every property.
// Fast path for the unfiltered list: when the first $limit tasks by name already hold $limit rows, no task
// after them can be on the page (~190 → ~40 ms at 100k entities). Skipped for a task filter, where the
// plain query is fast and this pass would only add a second scan.
OPTIONAL MATCH (t:Task) WHERE $task = ''
WITH t ORDER BY t.name LIMIT $limit
OPTIONAL MATCH (t)<-[r:RESPONSIBLE_FOR]-(:Agency)
WITH max(t.name) AS cutoff, count(r) AS found
MATCH (t:Task)<-[r:RESPONSIBLE_FOR]-(a:Agency)
WHERE (found < $limit OR t.name <= cutoff) AND ($task = '' OR t.name CONTAINS $task)
RETURN t.id AS task_id, t.name AS task, a.id AS agency_id, a.name AS agency, coalesce(r.role, 'co') AS role,
       r.evidence AS evidence, r.doc_id AS doc_id, r.key AS key
ORDER BY task, CASE role WHEN 'lead' THEN 0 ELSE 1 END, agency
LIMIT $limit
// engine: neo4j
// The same fast path; a task filter of two or more Han characters takes its tasks from the cjk
// full-text index (see entity-search), anything else scans the tasks as the default body does.
OPTIONAL MATCH (t:Task) WHERE $task = ''
WITH t ORDER BY t.name LIMIT $limit
OPTIONAL MATCH (t)<-[r:RESPONSIBLE_FOR]-(:Agency)
WITH max(t.name) AS cutoff, count(r) AS found
CALL {
  UNWIND CASE WHEN $task =~ '\\p{IsHan}{2,}' THEN [$task] ELSE [] END AS han
  CALL db.index.fulltext.queryNodes('entity_names_cjk', '"' + han + '"') YIELD node
  RETURN node AS t
  UNION
  UNWIND CASE WHEN $task =~ '\\p{IsHan}{2,}' THEN [] ELSE [1] END AS scan
  MATCH (t:Task)
  RETURN t
}
WITH t, cutoff, found
WHERE t:Task AND (found < $limit OR t.name <= cutoff) AND ($task = '' OR t.name CONTAINS $task)
MATCH (t)<-[r:RESPONSIBLE_FOR]-(a:Agency)
RETURN t.id AS task_id, t.name AS task, a.id AS agency_id, a.name AS agency, coalesce(r.role, 'co') AS role,
       r.evidence AS evidence, r.doc_id AS doc_id, r.key AS key
ORDER BY task, CASE role WHEN 'lead' THEN 0 ELSE 1 END, agency
LIMIT $limit
