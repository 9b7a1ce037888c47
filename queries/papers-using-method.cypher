// papers-using-method: Papers that use (or propose) a method
// @param method required Method key (method:…) or name, any case
// @param limit 50 How many papers to return
// @example kg query papers-using-method -p method="optimal transport"
MATCH (m:Method)
WHERE m.key = $method OR toLower(m.name) = toLower($method)
MATCH (p:Paper)-[r:USES|PROPOSES]->(m)
RETURN p.key AS key, p.title AS paper, type(r) AS role, p.dates AS dates
ORDER BY role, key
LIMIT $limit
