// top-coauthor-pairs: The pairs of authors who wrote the most papers together (big collaborations left out)
// @param min_papers 3 Only pairs with at least this many shared papers
// @param max_team 50 Leave out papers with more authors than this
// @param limit 20 How many pairs to return
// @example kg query top-coauthor-pairs -p min_papers=3
MATCH (a:Author)-[:AUTHORED]->(:Paper)
WITH a, count(*) AS n
WHERE n >= $min_papers
MATCH (a)-[:AUTHORED]->(p:Paper)
WHERE size(p.authors) <= $max_team
WITH p, collect(a) AS team
WHERE size(team) > 1
UNWIND team AS a
UNWIND team AS b
WITH a, b
WHERE a.key < b.key
WITH a, b, count(*) AS papers
WHERE papers >= $min_papers
RETURN a.name AS author, b.name AS coauthor, papers
ORDER BY papers DESC, author, coauthor
LIMIT $limit
