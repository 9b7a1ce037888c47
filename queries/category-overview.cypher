// category-overview: Categories with their number of papers (all and as primary category)
// @param limit 50 How many categories to return
// @example kg query category-overview
MATCH (c:Category)<-[r:IN_CATEGORY]-(p:Paper)
RETURN c.name AS category, count(p) AS papers, sum(CASE WHEN r.primary THEN 1 ELSE 0 END) AS as_primary
ORDER BY papers DESC, category
LIMIT $limit
