/**
 * The PostgreSQL server tests use: STRATA_TEST_POSTGRES_URL, else postgres@127.0.0.1:5432/test
 * when something answers there. Tests get fresh schemas on it, dropped afterwards. When none is
 * reachable, `skip` says why, and STRATA_REQUIRE_POSTGRES=1 turns that into a thrown error (the
 * test file fails instead of skipping).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export type PostgresTestServer = { url: string; freshSchema(): Promise<string>; close(): Promise<void> } | { skip: string };

export type PostgresTestTarget = { uri: string; drop(): Promise<void> } | { skip: string };

const FALLBACK_URL = 'postgresql://postgres@127.0.0.1:5432/test';

/** The server's URL with every connection's search_path set to `schema`. */
export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

/** One admin connection to the test server; `close` drops every schema it made. */
export async function postgresTestServer(): Promise<PostgresTestServer> {
  const url = process.env.STRATA_TEST_POSTGRES_URL || FALLBACK_URL;
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch (error) {
    const reason = `PostgreSQL not reachable at ${url.replace(/:[^:@/]*@/, ':***@')}: ${(error as Error).message}`;
    if (process.env.STRATA_REQUIRE_POSTGRES === '1') throw new Error(`${reason} (STRATA_REQUIRE_POSTGRES=1)`);
    return { skip: reason };
  }
  const schemas: string[] = [];
  return {
    url,
    freshSchema: async () => {
      const schema = `strata_test_${process.pid}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
      await admin.query(`CREATE SCHEMA ${schema}`);
      schemas.push(schema);
      return schema;
    },
    close: async () => {
      for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}

/** A backend store URI on one fresh schema (search_path set in the URI). */
export async function postgresTestTarget(): Promise<PostgresTestTarget> {
  const server = await postgresTestServer();
  if ('skip' in server) return server;
  const schema = await server.freshSchema();
  return { uri: withSearchPath(server.url, schema), drop: () => server.close() };
}
