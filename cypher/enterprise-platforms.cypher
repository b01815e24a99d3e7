// name: enterprise-platforms
// title: 企业与平台
// description: Which enterprise or institution builds or runs which platform.
// description_zh: 哪家企业或院所建设、运营哪个平台。
// labels_zh: org = 建设单位名称（部分）; platform = 平台名称（部分）; limit = 最多条数
// params: org: str = "" (part of the builder's name; empty = all; ..100); platform: str = "" (part of the platform name; ..100)
// params: limit: int = 200 (1..2000)
// view: graph
MATCH (e:Entity)-[r:BUILDS]->(p:Platform)
WHERE ($org = '' OR e.name CONTAINS $org) AND ($platform = '' OR p.name CONTAINS $platform)
RETURN e AS builder, r AS builds, p AS platform, r.evidence AS evidence
ORDER BY e.name, p.name
LIMIT $limit
