// search-papers: Full-text search over paper titles and abstracts
// @param text required Words to look for
// @param limit 20 How many papers to return
// @example kg query search-papers -p text=pruning
CALL db.index.fulltext.queryNodes('paper_text', $text) YIELD node, score
RETURN node.key AS key, node.title AS paper, score
ORDER BY score DESC, key
LIMIT $limit
