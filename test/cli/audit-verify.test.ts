// `strata audit verify` and `strata audit export`, run as a user would, against a server on
// SQLite and on PostgreSQL: an intact log passes (exit 0); a row of audit_events edited or
// deleted directly with SQL is reported (exit 1) and named; an export verifies offline with
// only the public key, and a tampered line of it is caught; an unreachable server is exit 2.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';
import { captureCli } from './capture-cli.js';

const dialects = await testDialects('CLI audit verify tests');

for (const dialect of dialects) {
  describeOrSkip(`strata audit verify on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let env: NodeJS.ProcessEnv;
    let work: string;
    let db: Kysely<Database>;
    const cli = (...argv: string[]) => captureCli(['audit', ...argv], env, { cwd: work });

    before(async () => {
      work = await mkdtemp(join(tmpdir(), 'strata-audit-verify-'));
      server = await startTestServer({ backendStoreUri: dialect.uri(), auditSealIntervalMs: 20, auditCheckpointIntervalMs: 0 });
      env = { STRATA_TRACKING_URI: server.url };
      // The database as an administrator with SQL access sees it (the attacker of these tests).
      db = (server.store as unknown as { db: Kysely<Database> }).db;
      const experimentId = (await server.post('experiments/create', { name: 'audited' })).json.experiment_id;
      for (let i = 0; i < 6; i += 1) {
        await server.post('experiments/set-experiment-tag', { experiment_id: experimentId, key: `k${i}`, value: `v${i}` });
      }
      assert.equal((await cli('checkpoint')).code, 0);
      await server.post('experiments/set-experiment-tag', { experiment_id: experimentId, key: 'after', value: 'checkpoint' });
      const key = await cli('public-key');
      await writeFile(join(work, 'key.pem'), key.stdout);
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
      await rm(work, { recursive: true, force: true });
    });

    it('reports an intact log with its counts (exit 0)', async () => {
      const result = await cli('verify');
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /^OK: \d+ events verified \(sequences 1\.\.\d+\), 1 signed checkpoints matched/);
      const json = await cli('verify', '--json', '--public-key', 'key.pem');
      assert.equal(JSON.parse(json.stdout).ok, true);
    });

    it('exports the chain and verifies it offline with only the public key; a tampered line is caught', async () => {
      assert.equal((await cli('checkpoint')).code, 0);
      const exported = await cli('export', '--format', 'jsonl', '--output', 'audit.jsonl');
      assert.equal(exported.code, 0, exported.stderr);
      assert.match(exported.stderr, /exported \d+ events and 2 checkpoints to audit\.jsonl/);
      const ok = await cli('verify', '--file', 'audit.jsonl', '--public-key', 'key.pem');
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
      assert.match(ok.stdout, /^OK: \d+ events verified \(sequences 1\.\.\d+\), 2 signed checkpoints matched/);

      const lines = (await readFile(join(work, 'audit.jsonl'), 'utf8')).trimEnd().split('\n');
      const index = lines.findIndex((line) => line.includes('"k2"'));
      lines[index] = lines[index]!.replace('"k2"', '"forged"');
      await writeFile(join(work, 'tampered.jsonl'), `${lines.join('\n')}\n`);
      const tampered = await cli('verify', '--file', 'tampered.jsonl', '--public-key', 'key.pem');
      assert.equal(tampered.code, 1);
      assert.match(tampered.stdout, /^TAMPERED: edited: event at sequence \d+ \(event id \d+\) does not match its leaf hash/);

      const needsKey = await cli('verify', '--file', 'audit.jsonl');
      assert.equal(needsKey.code, 2);
      assert.match(needsKey.stderr, /--file needs --public-key/);
    });

    it('exports a time range that verifies on its own', async () => {
      const events = (await server.get('/api/strata/v1/audit/chain')).json.events as Array<{ sequence: number; time: number }>;
      const since = events[3]!.time;
      const exported = await cli('export', '--since', String(since), '--output', 'part.jsonl');
      assert.equal(exported.code, 0, exported.stderr);
      const result = await cli('verify', '--file', 'part.jsonl', '--public-key', 'key.pem');
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /OK: \d+ events verified \(sequences \d+\.\.\d+\)/);
    });

    // Two checkpoints by now (the first after 7 events, the second a tag later): --threads 2 cuts
    // the log at the first and checks the rest on a worker thread.
    it('checks stretches between checkpoints on worker threads, naming the first problem as one thread does', async () => {
      const both = async (...argv: string[]) => {
        const [one, two] = [await cli('verify', '--threads', '1', ...argv), await cli('verify', '--threads', '2', ...argv)];
        assert.deepEqual(two, one);
        return two;
      };
      const intact = await both('--json');
      assert.equal(intact.code, 0, intact.stdout + intact.stderr);
      assert.equal(JSON.parse(intact.stdout).checkpoints_verified, 2);
      const last = await db.selectFrom('audit_checkpoints').select(({ fn }) => fn.max('size').as('size')).executeTakeFirstOrThrow();
      const later = Number(last.size);
      const rows = await db.selectFrom('audit_events').select(['seq', 'event_id', 'actor', 'summary']).where('seq', 'in', [2, later]).orderBy('seq').execute();
      try {
        // A tamper in the later stretch while the earlier one is intact.
        await sql`UPDATE audit_events SET summary = ${'{"key":"rewritten"}'} WHERE seq = ${later}`.execute(db);
        const result = await both();
        assert.equal(result.code, 1, result.stdout + result.stderr);
        assert.match(result.stdout, new RegExp(`^TAMPERED: edited: event at sequence ${later} \\(event id ${rows[1]!.event_id}\\)`));
        // And one in each: the earlier stretch's is the log's first.
        await sql`UPDATE audit_events SET actor = ${'mallory'} WHERE seq = 2`.execute(db);
        const first = await both();
        assert.equal(first.code, 1);
        assert.match(first.stdout, new RegExp(`^TAMPERED: edited: event at sequence 2 \\(event id ${rows[0]!.event_id}\\)`));
      } finally {
        await sql`UPDATE audit_events SET actor = ${rows[0]!.actor} WHERE seq = 2`.execute(db);
        await sql`UPDATE audit_events SET summary = ${rows[1]!.summary} WHERE seq = ${later}`.execute(db);
      }
      assert.equal((await cli('verify', '--threads', '2')).code, 0);
      const bad = await cli('verify', '--threads', '0');
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--threads must be a whole number of 1 or more/);
    });

    it('reports a row edited directly with SQL (exit 1), naming its sequence and id', async () => {
      const row = await db.selectFrom('audit_events').select(['event_id', 'summary']).where('seq', '=', 3).executeTakeFirstOrThrow();
      await sql`UPDATE audit_events SET summary = ${'{"key":"rewritten"}'} WHERE seq = 3`.execute(db);
      try {
        const result = await cli('verify');
        assert.equal(result.code, 1, result.stdout + result.stderr);
        assert.match(result.stdout, new RegExp(`^TAMPERED: edited: event at sequence 3 \\(event id ${row.event_id}\\)`));
      } finally {
        await sql`UPDATE audit_events SET summary = ${row.summary} WHERE seq = 3`.execute(db);
      }
      assert.equal((await cli('verify')).code, 0);
    });

    it('reports a row whose summary was edited into text that is not JSON as tampered (exit 1), naming it', async () => {
      const row = await db.selectFrom('audit_events').select(['event_id', 'summary']).where('seq', '=', 4).executeTakeFirstOrThrow();
      await sql`UPDATE audit_events SET summary = ${'{"key": "cut off'} WHERE seq = 4`.execute(db);
      try {
        const result = await cli('verify', '--public-key', 'key.pem');
        assert.equal(result.code, 1, result.stdout + result.stderr);
        assert.match(result.stdout, new RegExp(`^TAMPERED: edited: event at sequence 4 \\(event id ${row.event_id}\\) has a stored summary that is not valid JSON`));
        // The server's own check and the export say the same.
        const own = await server.get('/api/strata/v1/audit/verify');
        assert.equal(own.status, 200);
        assert.deepEqual([own.json.ok, own.json.problem?.kind, own.json.problem?.sequence], [false, 'edited', 4]);
        assert.equal((await cli('export', '--output', 'bad-summary.jsonl')).code, 0);
        const offline = await cli('verify', '--file', 'bad-summary.jsonl', '--public-key', 'key.pem');
        assert.equal(offline.code, 1, offline.stdout + offline.stderr);
        assert.match(offline.stdout, /^TAMPERED: edited: event at sequence 4 /);
      } finally {
        await sql`UPDATE audit_events SET summary = ${row.summary} WHERE seq = 4`.execute(db);
      }
      assert.equal((await cli('verify')).code, 0);
    });

    it('reports a row deleted directly with SQL (exit 1)', async () => {
      await sql`DELETE FROM audit_events WHERE seq = 5`.execute(db);
      const result = await cli('verify');
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.match(result.stdout, /^TAMPERED: deleted: sequence 5 is missing \(the log jumps to sequence 6/);
    });

    it('exits 2 when it cannot reach the server', async () => {
      const result = await captureCli(['audit', 'verify'], { STRATA_TRACKING_URI: 'http://127.0.0.1:9' }, { cwd: work });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /^error: /);
    });
  });
}
