// Syntax-checks Cypher statements with Neo4j's own parser (@neo4j-cypher/language-support), offline.
// Input (stdin): a JSON array of statement strings. Output (stdout): a JSON array with, per statement,
// the list of error messages ("line:column: message"); an empty list means the statement parses.
// Undefined-parameter diagnostics are dropped (statements are linted without parameter values), and only
// errors are reported, not warnings such as deprecations.
import { isNotParamError, lintCypherQuery } from '@neo4j-cypher/language-support';

const ERROR = 1;
const schema = { defaultLanguage: 'CYPHER 5' };

function lintOne(statement) {
  const { diagnostics } = lintCypherQuery(statement, schema);
  return diagnostics
    .filter((d) => d.severity === ERROR && isNotParamError(d))
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`);
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const statements = JSON.parse(Buffer.concat(chunks).toString('utf8'));
if (!Array.isArray(statements) || !statements.every((s) => typeof s === 'string')) {
  process.stderr.write('lint.mjs: expected a JSON array of strings on stdin\n');
  process.exit(2);
}
process.stdout.write(JSON.stringify(statements.map(lintOne)));
