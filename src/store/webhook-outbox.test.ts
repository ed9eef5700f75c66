/** The webhook outbox contract on SQLite (in memory) and PostgreSQL (fresh schema each; skipped when unreachable). */
import { randomUUID } from 'node:crypto';
import { after } from 'node:test';
import pg from 'pg';
import { openStore } from './create-store.js';
import { runWebhookOutboxContract } from './webhook-outbox.contract.js';

const options = { defaultArtifactLocation: (id: string) => `mlflow-artifacts:/${id}` };
runWebhookOutboxContract('SQLite in memory', () => openStore('sqlite:///:memory:', options));

const url = process.env.STRATA_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const admin = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 3_000 });
const schemas: string[] = [];
const reason = await admin.query('select 1').then(
  () => undefined,
  (error: Error) => `PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')} is unreachable: ${error.message}`,
);
after(async () => {
  for (const schema of schemas) await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
});

runWebhookOutboxContract(
  'PostgreSQL',
  async () => {
    const schema = `strata_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    schemas.push(schema);
    await admin.query(`create schema ${schema}`);
    return openStore(url, { ...options, postgresSchema: schema, maxConnections: 8 });
  },
  reason ? { skip: reason } : {},
);
