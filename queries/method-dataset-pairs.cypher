// method-dataset-pairs: Which methods are used together with which datasets, by number of papers
// @param limit 25 How many pairs to return
// @example kg query method-dataset-pairs -p limit=10
MATCH (m:Method)<-[:USES|PROPOSES]-(p:Paper)-[:EVALUATES_ON]->(d:Dataset)
RETURN m.name AS method, d.name AS dataset, count(DISTINCT p) AS papers
ORDER BY papers DESC, method, dataset
LIMIT $limit
