// builds-on: Papers that build on, cite, or use what a paper proposed
// @param paper required Paper key (arxiv:…, doi:…)
// @example kg query builds-on -p paper=arxiv:2602.20205
MATCH (q:Paper)-[r:BUILDS_ON|CITES]->(p:Paper {key: $paper})
RETURN q.key AS key, q.title AS paper, type(r) AS link
UNION
MATCH (p:Paper {key: $paper})-[:PROPOSES]->(e)<-[:USES|EVALUATES_ON]-(q:Paper)
WHERE q <> p
RETURN q.key AS key, q.title AS paper, 'USES ' + e.name AS link
