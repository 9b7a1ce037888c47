// top-datasets: Datasets evaluated on or proposed by the most papers
// @param limit 20 How many datasets to return
// @example kg query top-datasets -p limit=10
MATCH (d:Dataset)<-[:EVALUATES_ON|PROPOSES]-(p:Paper)
RETURN d.name AS dataset, d.key AS key, count(DISTINCT p) AS papers
ORDER BY papers DESC, dataset
LIMIT $limit
