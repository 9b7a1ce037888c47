// papers-on-dataset: Papers evaluated on (or proposing) a dataset
// @param dataset required Dataset key (dataset:…) or name, any case
// @param limit 50 How many papers to return
// @example kg query papers-on-dataset -p dataset=KADID-10k
MATCH (d:Dataset)
WHERE d.key = $dataset OR toLower(d.name) = toLower($dataset)
MATCH (p:Paper)-[r:EVALUATES_ON|PROPOSES]->(d)
RETURN p.key AS key, p.title AS paper, type(r) AS role, p.dates AS dates
ORDER BY role, key
LIMIT $limit
