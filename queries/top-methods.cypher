// top-methods: Methods used or proposed by the most papers
// @param limit 20 How many methods to return
// @example kg query top-methods -p limit=10
MATCH (m:Method)<-[:USES|PROPOSES]-(p:Paper)
RETURN m.name AS method, m.key AS key, count(DISTINCT p) AS papers
ORDER BY papers DESC, method
LIMIT $limit
