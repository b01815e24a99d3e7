// name: district-domains
// title: 区县与产业方向
// description: Districts (and cities) and the domains they focus on, optionally within one city.
// description_zh: 各区县（及城市）重点发展的产业领域，可限定在一个城市内。
// labels_zh: city = 城市全称（如 苏州市）; domain = 领域名称（部分）; limit = 最多条数
// params: city: str = "" (exact city name the districts lie in, e.g. 某某市; empty = all; ..50); domain: str = "" (part of a domain name; ..50)
// params: limit: int = 300 (1..2000)
// view: graph
// draws: region -FOCUSES_ON-> domain
// Columns, not whole nodes: a client needs each end's id and name and the fact's sentence, and a store
// reads plain values several times faster than nodes with every property.
// Start from the few Domain nodes: with (g:District OR g:City) first, FalkorDB scanned every Entity.
// The regions inside the city are looked up once, not one LOCATED_IN expansion per focus row.
OPTIONAL MATCH (:City {name: $city})<-[:LOCATED_IN]-(inside)
WHERE inside:District OR inside:City
WITH collect(id(inside)) AS inside_ids
MATCH (x:Domain) WHERE $domain = '' OR x.name CONTAINS $domain
MATCH (g)-[r:FOCUSES_ON]->(x)
WHERE (g:District OR g:City) AND ($city = '' OR g.name = $city OR id(g) IN inside_ids)
RETURN g.id AS region_id, g.name AS region, x.id AS domain_id, x.name AS domain, r.evidence AS evidence,
       r.doc_id AS doc_id, r.key AS key
ORDER BY region, domain
LIMIT $limit
