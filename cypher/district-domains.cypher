// name: district-domains
// title: 区县与产业方向
// description: Districts (and cities) and the domains they focus on, optionally within one city.
// params: city: str = "" (exact city name the districts lie in, e.g. 某某市; empty = all; ..50); domain: str = "" (part of a domain name; ..50)
// params: limit: int = 300 (1..2000)
// view: graph
// Start from the few Domain nodes: with (g:District OR g:City) first, FalkorDB scanned every Entity.
MATCH (x:Domain) WHERE $domain = '' OR x.name CONTAINS $domain
MATCH (g)-[r:FOCUSES_ON]->(x)
WHERE g:District OR g:City
OPTIONAL MATCH (g)-[:LOCATED_IN]->(c:City)
WITH g, r, x, collect(c.name) AS cities
WHERE $city = '' OR g.name = $city OR $city IN cities
RETURN g AS region, r AS focus, x AS domain, g.name AS region_name, x.name AS domain_name
ORDER BY region_name, domain_name
LIMIT $limit
