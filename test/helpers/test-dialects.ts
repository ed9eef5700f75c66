/**
 * The metadata databases an HTTP test runs on: SQLite in memory always, and PostgreSQL on a
 * fresh schema when one answers (skipped with the reason printed otherwise, or failing
 * under STRATA_REQUIRE_POSTGRES=1; see postgres-test-uri.ts).
 */
import { postgresTestTarget } from './postgres-test-uri.js';

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
