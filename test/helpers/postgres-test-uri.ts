/**
 * A backend store URI on a fresh PostgreSQL schema for tests: STRATA_TEST_POSTGRES_URL,
 * else postgres@127.0.0.1:5432/test when something answers there. When none is
 * reachable, `skip` says why (and STRATA_REQUIRE_POSTGRES=1 turns that into a failure).
 */
import pg from 'pg';

export type PostgresTestTarget = { uri: string; drop(): Promise<void> } | { skip: string };

const FALLBACK_URL = 'postgresql://postgres@127.0.0.1:5432/test';

function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

export async function postgresTestTarget(): Promise<PostgresTestTarget> {
  const url = process.env.STRATA_TEST_POSTGRES_URL || FALLBACK_URL;
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch (error) {
    const reason = `PostgreSQL not reachable at ${url.replace(/:[^:@/]*@/, ':***@')}: ${(error as Error).message}`;
    if (process.env.STRATA_REQUIRE_POSTGRES === '1') throw new Error(reason);
    return { skip: reason };
  }
  const schema = `strata_http_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  return {
    uri: withSearchPath(url, schema),
    drop: async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}
