// entity-origin: Who proposed a method or dataset, and who has used it since (oldest first)
// @param entity required Method/Dataset key or name, any case
// @param limit 50 How many papers to return
// @example kg query entity-origin -p entity=OTPrune
MATCH (e)
WHERE (e:Method OR e:Dataset) AND (e.key = $entity OR toLower(e.name) = toLower($entity))
MATCH (p:Paper)-[r:PROPOSES|USES|EVALUATES_ON]->(e)
WITH e, p, r, reduce(first = head(p.dates), d IN p.dates | CASE WHEN d < first THEN d ELSE first END) AS since
RETURN e.name AS entity, type(r) AS role, since, p.key AS key, p.title AS paper, p.authors[0..3] AS authors
ORDER BY CASE type(r) WHEN 'PROPOSES' THEN 0 ELSE 1 END, since, key
LIMIT $limit
