// coauthors: An author's co-authors and the papers they share
// @param author required Author key (author:…) or exact name
// @param limit 25 How many co-authors to return
// @example kg query coauthors -p author="Xiwen Chen"
MATCH (a:Author)
WHERE a.key = $author OR a.name = $author
MATCH (a)-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(c:Author)
WHERE c <> a
RETURN c.name AS coauthor, c.key AS key, count(DISTINCT p) AS shared, collect(DISTINCT p.title) AS papers
ORDER BY shared DESC, coauthor
LIMIT $limit
