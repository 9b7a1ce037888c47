// Lint Cypher as Neo4j 5 with Neo4j's own language tooling (@neo4j-cypher/language-support).
// Input (stdin): JSON {"queries": {"name": "cypher", ...}, "parameters": {...}, "labels": [...],
// "relationshipTypes": [...]}. Output (stdout): JSON {"name": [{"severity", "message", "line"}...], ...}
// listing every diagnostic (errors have severity 1, warnings 2).
import { lintCypherQuery } from '@neo4j-cypher/language-support';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const req = JSON.parse(input);
const schema = {
  defaultLanguage: 'CYPHER 5',
  parameters: req.parameters ?? {},
  labels: req.labels ?? [],
  relationshipTypes: req.relationshipTypes ?? [],
};
const out = {};
for (const [name, query] of Object.entries(req.queries)) {
  const { diagnostics } = lintCypherQuery(query, schema, { consoleCommandsEnabled: false });
  out[name] = diagnostics.map((d) => ({
    severity: d.severity,
    message: d.message,
    line: (d.range?.start?.line ?? 0) + 1,
  }));
}
process.stdout.write(JSON.stringify(out));
