// category-papers: Papers in one arXiv category, newest first
// @param category required Category name, e.g. cs.CV
// @param limit 50 How many papers to return
// @example kg query category-papers -p category=cs.CV -p limit=10
MATCH (p:Paper)-[:IN_CATEGORY]->(c:Category {name: $category})
WITH p, reduce(last = head(p.dates), d IN p.dates | CASE WHEN d > last THEN d ELSE last END) AS latest
RETURN p.key AS key, p.title AS paper, latest
ORDER BY latest DESC, key
LIMIT $limit
