// Approval race benchmark (issue 13): two in-process server replicas on one PostgreSQL database,
// N promotion requests needing 2 approvals each, 2N approvals sent at once across both. Prints
// setup time, the race's wall time, approval latency percentiles, and whether every request was
// applied exactly once (alias history: exactly N moves, one per request).
//
//   STRATA_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/test node --import tsx bench/approvals-concurrency.ts [--requests 50]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { runApprovalRace } from '../test/helpers/approval-race.js';
import { postgresTestTarget } from '../test/helpers/postgres-test-uri.js';

const { values: opts } = parseArgs({ options: { requests: { type: 'string', default: '50' } } });
const requests = Number(opts.requests);

const target = await postgresTestTarget();
if ('skip' in target) {
  console.error(target.skip);
  process.exit(1);
}
try {
  const result = await runApprovalRace(target.uri, requests);
  const pct = (p: number) => result.latenciesMs[Math.min(result.latenciesMs.length - 1, Math.floor((p / 100) * result.latenciesMs.length))]!.toFixed(1);
  const applied = result.states.filter((s) => s === 'approved').length;
  const exactlyOnce = applied === requests && result.historyMoves === requests && new Set(result.historyRequestIds).size === requests;
  console.log(`load average (1/5/15 min): ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`setup (${requests} versions + ${requests} requests): ${result.setupMs.toFixed(0)} ms`);
  console.log(`race: ${2 * requests} approvals over 2 replicas in ${result.raceMs.toFixed(0)} ms (${((2 * requests) / (result.raceMs / 1000)).toFixed(0)} approvals/s)`);
  console.log(`approval latency ms: p50 ${pct(50)}, p90 ${pct(90)}, p99 ${pct(99)}, max ${result.latenciesMs.at(-1)!.toFixed(1)}`);
  console.log(`non-200 answers: ${result.statuses.filter((s) => s !== 200).length}`);
  console.log(`applied ${applied}/${requests}; alias history moves ${result.historyMoves}; exactly once: ${exactlyOnce ? 'yes' : 'NO'}`);
  if (!exactlyOnce) process.exitCode = 1;
} finally {
  await target.drop();
}
