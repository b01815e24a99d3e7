// name: enterprise-platforms
// title: 企业与平台
// description: Which enterprise or institution builds or runs which platform.
// description_zh: 哪家企业或院所建设、运营哪个平台。
// labels_zh: org = 建设单位名称（部分）; platform = 平台名称（部分）; limit = 最多条数
// params: org: str = "" (part of the builder's name; empty = all; ..100); platform: str = "" (part of the platform name; ..100)
// params: limit: int = 200 (1..2000)
// view: graph
// draws: builder -BUILDS-> platform
// Columns, not whole nodes: a client needs each end's id and name and the fact's sentence, and a store
// reads plain values several times faster than nodes with every property.
MATCH (e:Entity)-[r:BUILDS]->(p:Platform)
WHERE ($org = '' OR e.name CONTAINS $org) AND ($platform = '' OR p.name CONTAINS $platform)
RETURN e.id AS builder_id, e.name AS builder, p.id AS platform_id, p.name AS platform, r.evidence AS evidence,
       r.doc_id AS doc_id, r.key AS key
ORDER BY builder, platform
LIMIT $limit
