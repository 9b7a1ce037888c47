// paper: One paper with its authors (in order), categories, entities and repositories
// @param paper required Paper key (arxiv:…, doi:…)
// @example kg query paper -p paper=arxiv:2602.20205 --format json
MATCH (p:Paper {key: $paper})
OPTIONAL MATCH (a:Author)-[w:AUTHORED]->(p)
WITH p, a, w
ORDER BY w.position
WITH p, collect(a.name) AS authors
OPTIONAL MATCH (p)-[r:PROPOSES|USES|EVALUATES_ON|ADDRESSES|HAS_CODE]->(x)
RETURN p.key AS key, p.title AS title, p.dates AS dates, p.categories AS categories, authors,
       collect(type(r) + ' ' + coalesce(x.name, x.url)) AS links
