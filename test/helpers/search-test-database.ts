/**
 * Test support: the tables of src/store/schema.ts created with plain DDL (so these
 * tests do not depend on the migrations), on SQLite in memory or on a throwaway
 * PostgreSQL schema, plus fixture helpers.
 */
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database as Schema } from '../../src/store/schema.js';
import { postgresSearchDialect, sqliteSearchDialect, type SearchDialect } from '../../src/store/search/search-dialect.js';
import { describeOrSkip } from './describe-or-skip.js';
import { postgresTestServer, withSearchPath } from './postgres-test-uri.js';

export interface TestDatabase {
  name: 'sqlite' | 'postgresql';
  db: Kysely<Schema>;
  dialect: SearchDialect;
  close(): Promise<void>;
}

/** The search indexes recommended to the store (see the report / README). */
export const SEARCH_INDEXES = [
  'CREATE INDEX runs_experiment_start ON runs (experiment_id, start_time, run_uuid)',
  'CREATE INDEX latest_metrics_experiment_key_value ON latest_metrics (experiment_id, key, is_nan, value)',
  'CREATE INDEX params_key_value ON params (key, value)',
  'CREATE INDEX run_tags_key_value ON run_tags (key, value)',
  'CREATE INDEX run_inputs_run ON run_inputs (run_uuid)',
  'CREATE INDEX experiment_tags_key_value ON experiment_tags (key, value)',
  ...['params', 'run_tags'].flatMap((table) => [
    `CREATE INDEX ${table}_sort ON ${table} (experiment_id, key, value, start_time DESC, run_uuid) WHERE octet_length(value) <= 1000`,
    `CREATE INDEX ${table}_long_value ON ${table} (experiment_id, key) WHERE octet_length(value) > 1000`,
  ]),
];

function ddl(serial: string): string[] {
  return [
    `CREATE TABLE experiments (experiment_id ${serial}, name TEXT NOT NULL UNIQUE, artifact_location TEXT NOT NULL,
      lifecycle_stage TEXT NOT NULL, creation_time BIGINT NOT NULL, last_update_time BIGINT NOT NULL, deleted_time BIGINT)`,
    `CREATE TABLE experiment_tags (experiment_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
      PRIMARY KEY (experiment_id, key))`,
    `CREATE TABLE runs (run_uuid TEXT PRIMARY KEY, seq INTEGER NOT NULL, experiment_id INTEGER NOT NULL, name TEXT NOT NULL,
      user_id TEXT NOT NULL, status TEXT NOT NULL, start_time BIGINT NOT NULL, end_time BIGINT, lifecycle_stage TEXT NOT NULL,
      artifact_uri TEXT NOT NULL, deleted_time BIGINT)`,
    `CREATE TABLE run_tags (run_uuid TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, experiment_id BIGINT, start_time BIGINT,
      PRIMARY KEY (run_uuid, key))`,
    `CREATE TABLE params (run_uuid TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, experiment_id BIGINT, start_time BIGINT,
      PRIMARY KEY (run_uuid, key))`,
    `CREATE TABLE metrics (run_uuid TEXT NOT NULL, key TEXT NOT NULL, step BIGINT NOT NULL, timestamp BIGINT NOT NULL,
      value DOUBLE PRECISION NOT NULL, is_nan INTEGER NOT NULL)`,
    `CREATE TABLE latest_metrics (run_uuid TEXT NOT NULL, key TEXT NOT NULL, step BIGINT NOT NULL, timestamp BIGINT NOT NULL,
      value DOUBLE PRECISION NOT NULL, is_nan INTEGER NOT NULL, experiment_id BIGINT, PRIMARY KEY (run_uuid, key))`,
    `CREATE TABLE datasets (dataset_uuid TEXT PRIMARY KEY, experiment_id INTEGER NOT NULL, name TEXT NOT NULL, digest TEXT NOT NULL,
      source_type TEXT NOT NULL, source TEXT NOT NULL, schema TEXT, profile TEXT)`,
    'CREATE TABLE run_inputs (run_uuid TEXT NOT NULL, dataset_uuid TEXT NOT NULL, tags TEXT NOT NULL, PRIMARY KEY (run_uuid, dataset_uuid))',
    ...SEARCH_INDEXES,
  ];
}

export function openSqliteTestDatabase(): TestDatabase {
  const sqlite = new Database(':memory:');
  // As the store opens it: LIKE case-sensitive, like PostgreSQL.
  sqlite.pragma('case_sensitive_like = ON');
  for (const statement of ddl('INTEGER PRIMARY KEY')) sqlite.exec(statement);
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { name: 'sqlite', db, dialect: sqliteSearchDialect, close: () => db.destroy() };
}

/**
 * A fresh schema on the tests' PostgreSQL (postgres-test-uri.ts), dropped on close, or why
 * there is none (it throws instead under STRATA_REQUIRE_POSTGRES=1).
 */
export async function openPostgresTestDatabase(): Promise<TestDatabase | { skip: string }> {
  pg.types.setTypeParser(20, (v: string) => Number(v));
  pg.types.setTypeParser(1700, (v: string) => Number(v));
  const server = await postgresTestServer();
  if ('skip' in server) return server;
  // A statement that runs away (a plan gone wrong) fails its test instead of hanging the run.
  const pool = new pg.Pool({ connectionString: withSearchPath(server.url, await server.freshSchema()), max: 4, statement_timeout: 30_000 });
  for (const statement of ddl('SERIAL PRIMARY KEY')) await pool.query(statement);
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  const close = async () => {
    await db.destroy();
    await server.close();
  };
  return { name: 'postgresql', db, dialect: postgresSearchDialect, close };
}

/**
 * The databases a search suite runs on: SQLite in memory, and PostgreSQL when one answers. A
 * missing PostgreSQL is reported as the skipped test `<suite> on postgresql`, so the summary
 * counts it.
 */
export async function openTestDatabases(suite: string): Promise<TestDatabase[]> {
  const postgres = await openPostgresTestDatabase();
  if (!('skip' in postgres)) return [openSqliteTestDatabase(), postgres];
  describeOrSkip(`${suite} on postgresql`, postgres.skip, () => {});
  return [openSqliteTestDatabase()];
}

export interface RunFixture {
  id: string;
  experimentId?: number;
  name?: string;
  user?: string;
  status?: string;
  start: number;
  end?: number | null;
  stage?: 'active' | 'deleted';
  metrics?: Record<string, number>;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  inputs?: Array<{ name: string; digest: string; context?: string }>;
}

let seq = 0;

export async function insertRun(db: Kysely<Schema>, run: RunFixture): Promise<void> {
  seq += 1;
  await db
    .insertInto('runs')
    .values({
      run_uuid: run.id,
      seq,
      experiment_id: run.experimentId ?? 1,
      name: run.name ?? run.id,
      user_id: run.user ?? 'alice',
      status: run.status ?? 'FINISHED',
      start_time: run.start,
      end_time: run.end === undefined ? run.start + 10 : run.end,
      lifecycle_stage: run.stage ?? 'active',
      artifact_uri: `file:///artifacts/${run.id}`,
      deleted_time: null,
    })
    .execute();
  for (const [key, value] of Object.entries(run.metrics ?? {})) {
    const isNan = Number.isNaN(value);
    const row = { run_uuid: run.id, key, step: 0, timestamp: run.start, value: isNan ? 0 : value, is_nan: isNan ? 1 : 0 };
    await db.insertInto('latest_metrics').values({ ...row, experiment_id: run.experimentId ?? 1 }).execute();
    await db.insertInto('metrics').values(row).execute();
  }
  for (const [key, value] of Object.entries(run.params ?? {})) {
    await db.insertInto('params').values({ run_uuid: run.id, key, value, experiment_id: run.experimentId ?? 1, start_time: run.start }).execute();
  }
  for (const [key, value] of Object.entries(run.tags ?? {})) {
    await db.insertInto('run_tags').values({ run_uuid: run.id, key, value, experiment_id: run.experimentId ?? 1, start_time: run.start }).execute();
  }
  for (const input of run.inputs ?? []) await insertInput(db, run, input);
}

async function insertInput(db: Kysely<Schema>, run: RunFixture, input: { name: string; digest: string; context?: string }) {
  const datasetUuid = `${input.name}-${input.digest}`;
  const existing = await db.selectFrom('datasets').select('dataset_uuid').where('dataset_uuid', '=', datasetUuid).executeTakeFirst();
  if (!existing) {
    await db
      .insertInto('datasets')
      .values({ dataset_uuid: datasetUuid, experiment_id: run.experimentId ?? 1, name: input.name, digest: input.digest, source_type: 'local', source: '{}', schema: null, profile: null })
      .execute();
  }
  const tags = input.context === undefined ? [] : [{ key: 'mlflow.data.context', value: input.context }];
  await db.insertInto('run_inputs').values({ run_uuid: run.id, dataset_uuid: datasetUuid, tags: JSON.stringify(tags) }).execute();
}

export async function insertExperiment(
  db: Kysely<Schema>,
  exp: { name: string; created: number; updated?: number; stage?: 'active' | 'deleted'; tags?: Record<string, string> },
): Promise<string> {
  const row = await db
    .insertInto('experiments')
    .values({
      name: exp.name,
      artifact_location: `file:///artifacts/${exp.name}`,
      lifecycle_stage: exp.stage ?? 'active',
      creation_time: exp.created,
      last_update_time: exp.updated ?? exp.created,
      deleted_time: null,
    })
    .returning('experiment_id')
    .executeTakeFirstOrThrow();
  for (const [key, value] of Object.entries(exp.tags ?? {})) {
    await db.insertInto('experiment_tags').values({ experiment_id: row.experiment_id, key, value }).execute();
  }
  return String(row.experiment_id);
}
