// trending-entities: Methods, datasets and tasks by number of papers per date since a day
// @param since "" First date to count (YYYY-MM-DD); empty for all dates
// @param kind "" Only this label (Method, Dataset or Task); empty for all
// @param limit 20 How many entities to return
// @example kg query trending-entities -p since=2026-02-01 -p kind=Method
MATCH (e)
WHERE (e:Method OR e:Dataset OR e:Task) AND ($kind = '' OR $kind IN labels(e))
MATCH (e)<-[:USES|EVALUATES_ON|PROPOSES|ADDRESSES]-(p:Paper)
UNWIND p.dates AS date
WITH e, date
WHERE date >= $since
WITH e, date, count(*) AS n
ORDER BY date
WITH e, sum(n) AS papers, collect(date + ': ' + toString(n)) AS by_date
RETURN e.name AS entity, labels(e)[0] AS label, papers, by_date
ORDER BY papers DESC, entity
LIMIT $limit
