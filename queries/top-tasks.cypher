// top-tasks: Tasks addressed by the most papers
// @param limit 20 How many tasks to return
// @example kg query top-tasks -p limit=10
MATCH (t:Task)<-[:ADDRESSES]-(p:Paper)
RETURN t.name AS task, t.key AS key, count(DISTINCT p) AS papers
ORDER BY papers DESC, task
LIMIT $limit
