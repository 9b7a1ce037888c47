// papers-with-code: Papers with a code, model or data repository, and their repositories
// @param limit 50 How many papers to return
// @example kg query papers-with-code -p limit=20 --format csv
MATCH (p:Paper)-[:HAS_CODE]->(r:CodeRepo)
WITH p, r
ORDER BY r.url
RETURN p.key AS key, p.title AS paper, collect(r.url) AS repos
ORDER BY key
LIMIT $limit
