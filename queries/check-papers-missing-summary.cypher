// check-papers-missing-summary: Data quality: papers whose digest entry lacked AI summary fields
// @param limit 100 How many papers to return
// @example kg query check-papers-missing-summary
MATCH (p:Paper)
WHERE size(p.ai_missing) > 0 OR p.tldr IS NULL
RETURN p.key AS key, p.title AS paper, p.ai_missing AS missing
ORDER BY key
LIMIT $limit
