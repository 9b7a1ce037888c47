// check-papers-without-authors: Data quality: papers with no AUTHORED relationship
// @param limit 100 How many papers to return
// @example kg query check-papers-without-authors
MATCH (p:Paper)
WHERE NOT (p)<-[:AUTHORED]-()
RETURN p.key AS key, p.title AS paper, p.sources AS sources
ORDER BY key
LIMIT $limit
