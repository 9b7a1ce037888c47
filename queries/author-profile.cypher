// author-profile: The methods, datasets and tasks in an author's papers
// @param author required Author key (author:…) or exact name
// @param limit 50 How many entities to return
// @example kg query author-profile -p author="Xiwen Chen"
MATCH (a:Author)
WHERE a.key = $author OR a.name = $author
MATCH (a)-[:AUTHORED]->(p:Paper)-[r:USES|EVALUATES_ON|PROPOSES|ADDRESSES]->(e)
RETURN labels(e)[0] AS label, e.name AS entity, count(DISTINCT p) AS papers, collect(DISTINCT type(r)) AS roles
ORDER BY papers DESC, label, entity
LIMIT $limit
