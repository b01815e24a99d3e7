// name: agency-tasks
// title: 部门与任务
// description: Which agency is responsible for which task (lead or co-responsible), filtered by agency name or city, with the stating document.
// description_zh: 哪个部门负责哪项任务（牵头或配合），可按部门名称或城市筛选，附出处文件。
// labels_zh: agency = 部门名称（部分）; city = 城市; limit = 最多条数
// params: agency: str = "" (part of an agency name; empty = all; ..100); city: str = "" (city named by the agency, its properties or the stating document; empty = all; ..50)
// params: limit: int = 200 (1..2000)
// view: graph
// draws: agency -RESPONSIBLE_FOR-> task
// Columns, not whole nodes: a client needs each end's id and name and the fact's sentence, and a store
// reads plain values several times faster than nodes with every property.
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
RETURN a.id AS agency_id, a.name AS agency, t.id AS task_id, t.name AS task, r.role AS role,
       r.evidence AS evidence, r.doc_id AS doc_id, r.key AS key, d.title AS document
// Sorted by the returned names: FalkorDB 4.16 evaluated `CASE r.role` here as null once r.role was also
// returned (the lead unit then no longer came first).
ORDER BY agency, CASE role WHEN 'lead' THEN 0 ELSE 1 END, task
// engine: falkordb
// With a city, only two kinds of agency can have rows: those in the city by their own name or properties
// (all their tasks), and those a city document mentions (the tasks that document states: a store writes a
// MENTIONS from a document to both ends of every relationship it states). Collecting the second kind from
// the city's documents keeps the RESPONSIBLE_FOR expansion to the candidates (~60 → ~10 ms at 100k) instead
// of testing every agency's relationships against the city's documents.
// Without a city, the fast path of the default body; its first agencies are carried on rather than found
// again by a second scan (a test FalkorDB places before the scan when it names only earlier values, so the
// scan is skipped when the fast path holds: ~11 → ~5 ms at 100k).
UNWIND CASE WHEN $city = '' THEN [1] ELSE [] END AS no_city
MATCH (a:Agency)
WHERE $agency = '' OR a.name CONTAINS $agency OR a.alias_text CONTAINS $agency
WITH a ORDER BY a.name LIMIT $limit
OPTIONAL MATCH (a)-[r:RESPONSIBLE_FOR]->(:Task)
WITH collect(DISTINCT a) AS first, count(r) AS found
OPTIONAL MATCH (cd:Document) WHERE $city <> '' AND cd.city CONTAINS $city
OPTIONAL MATCH (cd)-[:MENTIONS]->(m:Agency)
WHERE $agency = '' OR m.name CONTAINS $agency OR m.alias_text CONTAINS $agency
WITH first, found, collect(DISTINCT cd.id) AS city_docs, collect(DISTINCT id(m)) AS mentioned
UNWIND CASE WHEN found >= $limit THEN first ELSE [null] END AS fast
OPTIONAL MATCH (b:Agency)
WHERE fast IS NULL AND ($agency = '' OR b.name CONTAINS $agency OR b.alias_text CONTAINS $agency)
  AND ($city = '' OR b.name CONTAINS $city OR coalesce(b.city, '') CONTAINS $city OR id(b) IN mentioned)
WITH coalesce(fast, b) AS a, city_docs
WITH a, city_docs, $city = '' OR a.name CONTAINS $city OR coalesce(a.city, '') CONTAINS $city AS in_city
MATCH (a)-[r:RESPONSIBLE_FOR]->(t:Task)
WHERE in_city OR r.doc_id IN city_docs
WITH a, r, t
ORDER BY a.name, CASE r.role WHEN 'lead' THEN 0 ELSE 1 END, t.name
LIMIT $limit
OPTIONAL MATCH (d:Document {id: r.doc_id})
RETURN a.id AS agency_id, a.name AS agency, t.id AS task_id, t.name AS task, r.role AS role,
       r.evidence AS evidence, r.doc_id AS doc_id, r.key AS key, d.title AS document
ORDER BY agency, CASE role WHEN 'lead' THEN 0 ELSE 1 END, task
