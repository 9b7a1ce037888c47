// check-orphan-entities: Data quality: methods, datasets, tasks and repositories no paper points to
// @param limit 100 How many nodes to return
// @example kg query check-orphan-entities
MATCH (e)
WHERE (e:Method OR e:Dataset OR e:Task OR e:CodeRepo) AND NOT (e)<--(:Paper)
RETURN labels(e)[0] AS label, e.key AS key
ORDER BY label, key
LIMIT $limit
