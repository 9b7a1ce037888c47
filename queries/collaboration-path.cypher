// collaboration-path: The shortest chain of co-authored papers linking two authors
// @param from_author required First author (key or exact name)
// @param to_author required Second author (key or exact name)
// @example kg query collaboration-path -p from_author="Xiwen Chen" -p to_author="Gen Li"
MATCH (a:Author)
WHERE a.key = $from_author OR a.name = $from_author
MATCH (b:Author)
WHERE b.key = $to_author OR b.name = $to_author
MATCH p = shortestPath((a)-[:AUTHORED*..12]-(b))
RETURN length(p) / 2 AS hops, [n IN nodes(p) | coalesce(n.name, n.title)] AS chain
