/**
 * The databases webhook suites run on: SQLite (a file per test, so two servers can share
 * it) and PostgreSQL (a fresh schema per test), skipped when no PostgreSQL is reachable
 * unless STRATA_REQUIRE_POSTGRES=1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { postgresTestTarget } from '../helpers/postgres-test-uri.js';

export interface Dialect {
  name: string;
  skip: string | false;
  /** A fresh database that two servers can share (a file on SQLite, a schema on PostgreSQL). */
  fresh(): Promise<{ uri: string; drop(): Promise<void> }>;
}

/** Call at the top level of a test file: SQLite files go in a folder removed after the file's tests. */
export async function webhookDialects(): Promise<Dialect[]> {
  const tempDir = mkdtempSync(path.join(tmpdir(), 'strata-webhook-db-'));
  after(() => rmSync(tempDir, { recursive: true, force: true }));
  let fileCounter = 0;
  const probe = await postgresTestTarget();
  const pgSkip = 'skip' in probe ? probe.skip : false;
  if ('drop' in probe) await probe.drop();
  if (pgSkip) console.log(`# skipping PostgreSQL webhook tests: ${pgSkip}`);
  return [
    {
      name: 'SQLite',
      skip: false,
      fresh: async () => ({ uri: `sqlite:///${path.join(tempDir, `hooks-${++fileCounter}.db`)}`, drop: async () => {} }),
    },
    {
      name: 'PostgreSQL',
      skip: pgSkip,
      fresh: async () => {
        const target = await postgresTestTarget();
        if ('skip' in target) throw new Error(target.skip);
        return target;
      },
    },
  ];
}
