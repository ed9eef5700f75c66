// Seeds one store for bench/auth-overhead.ts, straight through the MetadataStore so both
// stores hold the same data: experiments of runs with the params, metrics and system tags
// MLflow's client logs, and runs kept empty for log-batch to write into. With `auth`, also
// users (so the server turns auth on), other users' grants, and the benchmarked user: no admin,
// an editor grant on the benchmarked experiment, a write token.
import { systemClock } from '../../src/core/ports/clock.js';
import type { MetadataStore } from '../../src/core/ports/metadata-store.js';
import { createIdentity } from '../../src/server/auth/wire-identity.js';
import { openStore } from '../../src/store/create-store.js';

export interface SeedPlan {
  /** Experiments besides the benchmarked one (the user holds grants on a few). */
  otherExperiments: number;
  /** Runs of the benchmarked experiment that runs/search reads. */
  searchRuns: number;
  /** Empty runs log-batch writes into, in turn. */
  batchRuns: number;
  /** Experiments without runs, each granted to one of the other users: a server's worth of grants. */
  grantedExperiments: number;
  /** Users holding grants on the other experiments (auth on only). */
  otherUsers: number;
}

export interface Seeded {
  experimentId: string;
  batchRunIds: string[];
  /** `Bearer …` of the benchmarked user (auth on only). */
  authorization?: string;
}

const OPEN = { kind: 'open', claimed: 'bench-seed' } as const;
const OPTIMIZERS = ['adam', 'sgd', 'adamw', 'rmsprop'];

/** Deterministic ids, so both stores hold the very same rows. */
const runIdOf = (experiment: number, i: number) => `${experiment.toString(16).padStart(8, '0')}${i.toString(16).padStart(24, '0')}`;

async function seedExperiment(store: MetadataStore, name: string, index: number, runs: number, emptyRuns: number): Promise<{ experimentId: string; emptyRunIds: string[] }> {
  const experimentId = await store.createExperiment({ name, artifactLocation: (id) => `mlflow-artifacts:/${id}`, tags: [], creationTime: 1_700_000_000_000 });
  const emptyRunIds: string[] = [];
  const total = runs + emptyRuns;
  for (let start = 0; start < total; start += 500) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(total, start + 500); i++) {
        const runId = runIdOf(index, i);
        const time = 1_700_000_000_000 + i * 1000;
        await tx.createRun({
          runId, experimentId, runName: `run-${i}`, userId: 'bench', status: 'FINISHED', startTime: time,
          artifactUri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
          tags: [
            { key: 'mlflow.runName', value: `run-${i}` },
            { key: 'mlflow.user', value: 'bench' },
            { key: 'mlflow.source.name', value: 'train.py' },
            { key: 'mlflow.source.type', value: 'LOCAL' },
            { key: 'mlflow.source.git.commit', value: '0123456789abcdef0123456789abcdef01234567' },
          ],
        });
        if (i >= runs) {
          emptyRunIds.push(runId);
          continue;
        }
        await tx.insertParams(runId, [
          { key: 'optimizer', value: OPTIMIZERS[i % OPTIMIZERS.length]! },
          { key: 'lr', value: String(10 ** -(1 + (i % 4))) },
          { key: 'batch_size', value: String(32 << (i % 3)) },
          { key: 'epochs', value: '20' },
        ]);
        const accuracy = ((i * 7919) % 1000) / 1000;
        await tx.logMetrics(runId, [
          { key: 'accuracy', value: accuracy, timestamp: time, step: 19 },
          { key: 'loss', value: 1 - accuracy, timestamp: time, step: 19 },
          { key: 'val_loss', value: 1.1 - accuracy, timestamp: time, step: 19 },
        ]);
      }
    });
  }
  return { experimentId, emptyRunIds };
}

async function seedIdentity(store: MetadataStore, experimentId: string, others: string[], plan: SeedPlan): Promise<string> {
  const identity = createIdentity(store, systemClock, { argon2Cost: { memoryCost: 1024, timeCost: 1 } });
  await identity.users.createUnchecked(OPEN, { username: 'admin', password: 'bench-admin-password', isAdmin: true });
  for (let u = 0; u < plan.otherUsers; u++) await identity.users.createUnchecked(OPEN, { username: `user${u}`, password: 'bench-user-password' });
  await store.transaction(async (tx) => {
    for (const [i, key] of others.entries()) {
      await tx.putGrant({ resource: { type: 'experiment', key }, grantee: { type: 'user', name: `user${i % plan.otherUsers}` }, role: 'editor', grantedBy: 'admin', grantedTime: 1 });
    }
  });
  const bench = await identity.users.createUnchecked(OPEN, { username: 'bench', password: 'bench-user-password' });
  const grant = (key: string, role: 'editor' | 'viewer') =>
    store.putGrant({ resource: { type: 'experiment', key }, grantee: { type: 'user', name: 'bench' }, role, grantedBy: 'admin', grantedTime: 1 });
  await grant(experimentId, 'editor');
  for (const key of others.slice(0, 3)) await grant(key, 'viewer');
  const principal = { kind: 'user', userId: bench.userId, username: 'bench', admin: false, serviceAccount: false, groups: [], via: 'password' } as const;
  const { secret } = await identity.tokens.create(principal, { name: 'training', scope: 'write' });
  return `Bearer ${secret}`;
}

export async function seedAuthBench(backendUri: string, plan: SeedPlan, auth: boolean): Promise<Seeded> {
  const store = await openStore(backendUri, { defaultArtifactLocation: (id) => `mlflow-artifacts:/${id}` });
  try {
    const others: string[] = [];
    for (let e = 0; e < plan.otherExperiments; e++) others.push((await seedExperiment(store, `other-${e}`, e + 1, 50, 0)).experimentId);
    await store.transaction(async (tx) => {
      for (let e = 0; e < plan.grantedExperiments; e++) {
        others.push(await tx.createExperiment({ name: `team-${e}`, artifactLocation: (id) => `mlflow-artifacts:/${id}`, tags: [], creationTime: 1_700_000_000_000 }));
      }
    });
    const { experimentId, emptyRunIds } = await seedExperiment(store, 'training', 0, plan.searchRuns, plan.batchRuns);
    const authorization = auth ? await seedIdentity(store, experimentId, others, plan) : undefined;
    return { experimentId, batchRunIds: emptyRunIds, ...(authorization === undefined ? {} : { authorization }) };
  } finally {
    await store.close();
  }
}
