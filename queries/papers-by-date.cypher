// papers-by-date: Papers listed in the digest of one day
// @param date required Day as YYYY-MM-DD
// @param limit 100 How many papers to return
// @example kg query papers-by-date -p date=2026-02-24
MATCH (p:Paper)
WHERE $date IN p.dates
RETURN p.key AS key, p.title AS paper, p.primary_category AS category
ORDER BY key
LIMIT $limit
