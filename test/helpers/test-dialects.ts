/**
 * The metadata databases tests run on, one list for every suite: SQLite in memory always, and
 * PostgreSQL on fresh schemas when one answers (skipped with the reason otherwise, or failing
 * under STRATA_REQUIRE_POSTGRES=1; see postgres-test-uri.ts). `testDialects` gives an HTTP test
 * a backend store URI; `storeDialects` gives a store suite (a port's contract) a fresh store
 * per call.
 */
import type { MetadataStore } from '../../src/core/ports/metadata-store.js';
import { openStore } from '../../src/store/create-store.js';
import { postgresTestServer, postgresTestTarget } from './postgres-test-uri.js';

export interface TestDialect {
  name: 'SQLite' | 'PostgreSQL';
  /** The backend store URI; call it only when the suite is not skipped. */
  uri(): string;
  skip: string | false;
  /** Drops what the dialect created (PostgreSQL's schema); call once, after the suite. */
  drop(): Promise<void>;
}

export async function testDialects(what: string): Promise<TestDialect[]> {
  const target = await postgresTestTarget();
  const pgSkip = 'skip' in target ? target.skip : false;
  if (pgSkip) console.log(`# skipping PostgreSQL ${what}: ${pgSkip}`);
  return [
    { name: 'SQLite', uri: () => 'sqlite:///:memory:', skip: false, drop: async () => {} },
    {
      name: 'PostgreSQL',
      uri: () => ('uri' in target ? target.uri : ''),
      skip: pgSkip,
      drop: async () => {
        if ('drop' in target) await target.drop();
      },
    },
  ];
}

export interface StoreDialect {
  name: 'SQLite' | 'PostgreSQL';
  skip: string | false;
  /** A fresh, migrated, empty store: SQLite in memory, or on a new PostgreSQL schema. */
  openStore(): Promise<MetadataStore>;
  /** Drops the schemas made; call once, after the suites. */
  drop(): Promise<void>;
}

const STORE_OPTIONS = { defaultArtifactLocation: (id: string) => `mlflow-artifacts:/${id}` };

export async function storeDialects(): Promise<StoreDialect[]> {
  const server = await postgresTestServer();
  const sqlite: StoreDialect = { name: 'SQLite', skip: false, openStore: () => openStore('sqlite:///:memory:', STORE_OPTIONS), drop: async () => {} };
  if ('skip' in server) {
    return [sqlite, { name: 'PostgreSQL', skip: server.skip, openStore: () => Promise.reject(new Error(server.skip)), drop: async () => {} }];
  }
  const postgres: StoreDialect = {
    name: 'PostgreSQL',
    skip: false,
    // Several connections: some contract tests run transactions concurrently.
    openStore: async () => openStore(server.url, { ...STORE_OPTIONS, postgresSchema: await server.freshSchema(), maxConnections: 16 }),
    drop: () => server.close(),
  };
  return [sqlite, postgres];
}
