/**
 * Two server replicas on one PostgreSQL database (and, for completeness, two on one SQLite
 * file): 50 promotion requests needing 2 approvals each, 100 approvals sent at once across
 * both — every request is applied exactly once and the alias history has exactly 50 moves,
 * each naming its request. The benchmark (bench/approvals-concurrency.ts) runs the same race.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { runApprovalRace } from '../helpers/approval-race.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('approval race');
const postgres = dialects.find((d) => d.name === 'PostgreSQL')!;
after(() => postgres.drop());

function assertAppliedOnce(result: Awaited<ReturnType<typeof runApprovalRace>>): void {
  assert.deepEqual(result.statuses.filter((s) => s !== 200), [], 'every approval answered 200');
  assert.deepEqual(result.states, result.requestIds.map(() => 'approved'));
  assert.equal(result.historyMoves, 50);
  assert.deepEqual([...result.historyRequestIds].sort(), [...result.requestIds].sort(), 'each request moved the alias once');
}

describeOrSkip('approvals racing on two replicas', postgres.skip, () => {
  it('applies each of 50 requests exactly once when 100 approvals arrive at once on two servers sharing PostgreSQL', async () => {
    assertAppliedOnce(await runApprovalRace(postgres.uri()));
  });
});

describeOrSkip('approvals racing on two servers sharing one SQLite file', false, () => {
  it('applies each of 50 requests exactly once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-race-'));
    try {
      assertAppliedOnce(await runApprovalRace(`sqlite:///${join(dir, 'race.db')}`));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
