// top-authors: Authors ranked by their number of papers
// @param limit 20 How many authors to return
// @example kg query top-authors -p limit=10
MATCH (a:Author)-[:AUTHORED]->()
WITH a, count(*) AS papers
ORDER BY papers DESC, a.name
LIMIT $limit
RETURN a.name AS author, a.key AS key, papers
