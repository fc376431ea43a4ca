// Runs the graphql-http audit suite against a running jobbro and fails on any MUST (error) or
// SHOULD (warning) audit that does not pass. MAY audits are printed as notices.
//
//   node audit.mjs http://127.0.0.1:8080/graphql
import { auditServer } from 'graphql-http';

const url = process.argv[2] ?? 'http://127.0.0.1:8080/graphql';
const results = await auditServer({ url });
const counts = { ok: 0, warn: 0, error: 0, notice: 0 };
for (const result of results) {
  counts[result.status] += 1;
  if (result.status === 'ok') continue;
  const kind = { error: 'MUST', warn: 'SHOULD', notice: 'MAY' }[result.status];
  console.log(`${kind} not met: ${result.name}\n  ${result.reason}`);
}
console.log(
  `graphql-http audit of ${url}: ${counts.ok} passed, ${counts.error} MUST and ` +
    `${counts.warn} SHOULD not met, ${counts.notice} MAY notices`,
);
process.exit(counts.error + counts.warn > 0 ? 1 : 0);
