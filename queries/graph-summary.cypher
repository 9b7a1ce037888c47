// graph-summary: How many nodes of each label the database holds
// @example kg query graph-summary
MATCH (n)
RETURN labels(n)[0] AS label, count(*) AS nodes
ORDER BY label
