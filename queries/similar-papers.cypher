// similar-papers: Papers sharing the most methods, datasets and tasks with a paper
// @param paper required Paper key (arxiv:…, doi:…)
// @param limit 10 How many papers to return
// @example kg query similar-papers -p paper=arxiv:2602.20205
MATCH (p:Paper {key: $paper})-[:USES|EVALUATES_ON|PROPOSES|ADDRESSES]->(e)
MATCH (e)<-[:USES|EVALUATES_ON|PROPOSES|ADDRESSES]-(q:Paper)
WHERE q <> p
RETURN q.key AS key, q.title AS paper, count(DISTINCT e) AS shared, collect(DISTINCT e.name) AS entities
ORDER BY shared DESC, key
LIMIT $limit
