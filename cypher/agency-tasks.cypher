// name: agency-tasks
// title: 部门与任务
// description: Which agency is responsible for which task (lead or co-responsible), filtered by agency name or city, with the stating document.
// description_zh: 哪个部门负责哪项任务（牵头或配合），可按部门名称或城市筛选，附出处文件。
// labels_zh: agency = 部门名称（部分）; city = 城市; limit = 最多条数
// params: agency: str = "" (part of an agency name; empty = all; ..100); city: str = "" (city named by the agency, its properties or the stating document; empty = all; ..50)
// params: limit: int = 200 (1..2000)
// view: graph
// The city's documents first, so the per-row Document lookup runs only for the rows returned.
// Agency-level tests run once per agency, before its relationships are expanded; both stores keep the
// aliases joined in alias_text, one string test instead of a list scan.
// Fast path without a city: when the first $limit agencies by name already hold $limit rows, no agency
// after them can be on the page, so only those are expanded (default parameters: ~170 → ~40 ms at 100k).
// With a city the first agencies by name are mostly elsewhere, so the pass is skipped.
OPTIONAL MATCH (cd:Document) WHERE $city <> '' AND cd.city CONTAINS $city
WITH collect(cd.id) AS city_docs
OPTIONAL MATCH (a:Agency)
WHERE $city = '' AND ($agency = '' OR a.name CONTAINS $agency OR a.alias_text CONTAINS $agency)
WITH city_docs, a ORDER BY a.name LIMIT $limit
OPTIONAL MATCH (a)-[r:RESPONSIBLE_FOR]->(:Task)
WITH city_docs, max(a.name) AS cutoff, count(r) AS found
MATCH (a:Agency)
WHERE (found < $limit OR a.name <= cutoff)
  AND ($agency = '' OR a.name CONTAINS $agency OR a.alias_text CONTAINS $agency)
WITH a, city_docs, $city = '' OR a.name CONTAINS $city OR coalesce(a.city, '') CONTAINS $city AS in_city
MATCH (a)-[r:RESPONSIBLE_FOR]->(t:Task)
WHERE in_city OR r.doc_id IN city_docs
WITH a, r, t
ORDER BY a.name, CASE r.role WHEN 'lead' THEN 0 ELSE 1 END, t.name
LIMIT $limit
OPTIONAL MATCH (d:Document {id: r.doc_id})
RETURN a AS agency, r AS responsibility, t AS task, r.role AS role, d.title AS document
// Sorted by the returned names: FalkorDB 4.16 evaluated `CASE r.role` here as null once r.role was also
// returned (the lead unit then no longer came first).
ORDER BY agency.name, CASE role WHEN 'lead' THEN 0 ELSE 1 END, task.name
// engine: falkordb
// With a city, only two kinds of agency can have rows: those in the city by their own name or properties
// (all their tasks), and those a city document mentions (the tasks that document states: a store writes a
// MENTIONS from a document to both ends of every relationship it states). Collecting the second kind from
// the city's documents keeps the RESPONSIBLE_FOR expansion to the candidates (~60 → ~10 ms at 100k) instead
// of testing every agency's relationships against the city's documents. Without a city, as the default body.
OPTIONAL MATCH (cd:Document) WHERE $city <> '' AND cd.city CONTAINS $city
OPTIONAL MATCH (cd)-[:MENTIONS]->(m:Agency)
WHERE $agency = '' OR m.name CONTAINS $agency OR m.alias_text CONTAINS $agency
WITH collect(DISTINCT cd.id) AS city_docs, collect(DISTINCT id(m)) AS mentioned
OPTIONAL MATCH (a:Agency)
WHERE $city = '' AND ($agency = '' OR a.name CONTAINS $agency OR a.alias_text CONTAINS $agency)
WITH city_docs, mentioned, a ORDER BY a.name LIMIT $limit
OPTIONAL MATCH (a)-[r:RESPONSIBLE_FOR]->(:Task)
WITH city_docs, mentioned, max(a.name) AS cutoff, count(r) AS found
MATCH (a:Agency)
WHERE (found < $limit OR a.name <= cutoff)
  AND ($agency = '' OR a.name CONTAINS $agency OR a.alias_text CONTAINS $agency)
WITH a, city_docs, mentioned, $city = '' OR a.name CONTAINS $city OR coalesce(a.city, '') CONTAINS $city AS in_city
WHERE in_city OR id(a) IN mentioned
MATCH (a)-[r:RESPONSIBLE_FOR]->(t:Task)
WHERE in_city OR r.doc_id IN city_docs
WITH a, r, t
ORDER BY a.name, CASE r.role WHEN 'lead' THEN 0 ELSE 1 END, t.name
LIMIT $limit
OPTIONAL MATCH (d:Document {id: r.doc_id})
RETURN a AS agency, r AS responsibility, t AS task, r.role AS role, d.title AS document
ORDER BY agency.name, CASE role WHEN 'lead' THEN 0 ELSE 1 END, task.name
