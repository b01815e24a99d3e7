// name: entity-search
// title: 实体搜索
// description: Entities whose name or an alias contains the text (Simplified script), exact matches first.
// description_zh: 按名称或别名查找实体。
// labels_zh: q = 名称或简称; type = 实体类型（如 Agency）; limit = 最多条数
// params: q: str (required; text to look for; 1..100); type: str = "" (only this entity type, e.g. Agency; ..20)
// params: limit: int = 50 (1..500)
// view: table
MATCH (e:Entity)
WHERE (e.name CONTAINS $q OR any(x IN coalesce(e.aliases, []) WHERE x CONTAINS $q))
  AND ($type = '' OR $type IN labels(e))
RETURN e.id AS id, e.name AS name, [l IN labels(e) WHERE l <> 'Entity'][0] AS type, e.aliases AS aliases
ORDER BY CASE WHEN e.name = $q OR $q IN coalesce(e.aliases, []) THEN 0 ELSE 1 END, size(e.name), e.name
LIMIT $limit
// engine: falkordb
// The FalkorDB store keeps the aliases joined in alias_text: one string test instead of a list scan (4x faster).
MATCH (e:Entity)
WHERE (e.name CONTAINS $q OR e.alias_text CONTAINS $q) AND ($type = '' OR $type IN labels(e))
RETURN e.id AS id, e.name AS name, [l IN labels(e) WHERE l <> 'Entity'][0] AS type, e.aliases AS aliases
ORDER BY CASE WHEN e.name = $q OR $q IN coalesce(e.aliases, []) THEN 0 ELSE 1 END, size(e.name), e.name
LIMIT $limit
// engine: neo4j
// Two or more Han characters: candidates from the cjk full-text index (a phrase of bigrams), then the
// default body's CONTAINS test, so the answer is exactly the scan's. One character, or text with Latin
// letters, digits or punctuation, has no bigram phrase to look up: that scans, as the default body does.
CALL {
  UNWIND CASE WHEN $q =~ '\\p{IsHan}{2,}' THEN [$q] ELSE [] END AS han
  CALL db.index.fulltext.queryNodes('entity_names_cjk', '"' + han + '"') YIELD node
  RETURN node AS e
  UNION
  UNWIND CASE WHEN $q =~ '\\p{IsHan}{2,}' THEN [] ELSE [1] END AS scan
  MATCH (e:Entity)
  RETURN e
}
WITH e
WHERE (e.name CONTAINS $q OR any(x IN coalesce(e.aliases, []) WHERE x CONTAINS $q))
  AND ($type = '' OR $type IN labels(e))
RETURN e.id AS id, e.name AS name, [l IN labels(e) WHERE l <> 'Entity'][0] AS type, e.aliases AS aliases
ORDER BY CASE WHEN e.name = $q OR $q IN coalesce(e.aliases, []) THEN 0 ELSE 1 END, size(e.name), e.name
LIMIT $limit
