// check-duplicate-entities: Data quality: methods, datasets or tasks whose names differ only in case, spaces, hyphens or underscores
// @param limit 100 How many groups to return
// @example kg query check-duplicate-entities
MATCH (e)
WHERE e:Method OR e:Dataset OR e:Task
WITH labels(e)[0] AS label, toLower(replace(replace(replace(e.name, '-', ''), ' ', ''), '_', '')) AS norm, e
ORDER BY e.key
WITH label, norm, collect(e.key) AS keys, collect(e.name) AS names
WHERE size(keys) > 1
RETURN label, norm, names, keys
ORDER BY label, norm
LIMIT $limit
