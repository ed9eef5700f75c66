/**
 * `strata artifacts log|download` report what they moved: a file downloaded by its own
 * path counts its bytes (it printed "0 B" because a listing of one file gives no size),
 * and both draw a progress bar when stderr is a terminal. SQLite only: transfers and their
 * reports are under test, not the database.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { PROGRESS_MIN_BYTES } from '../../src/cli/progress-bar.js';
import { captureCli } from './capture-cli.js';

const BIG = PROGRESS_MIN_BYTES + 12_345;

describe('strata artifacts transfers', () => {
  let server: TestServer;
  let work: string;
  let bigFile: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    server = await startTestServer();
    env = { STRATA_TRACKING_URI: server.url };
    work = await mkdtemp(join(tmpdir(), 'strata-cli-transfer-'));
    bigFile = join(work, 'big.bin');
    await writeFile(bigFile, randomBytes(BIG));
  });
  after(async () => {
    await server.close();
    await rm(work, { recursive: true, force: true });
  });

  it('counts the bytes of a file downloaded by its path, and draws progress on a terminal', async () => {
    const { runId } = await createExperimentAndRun(server);
    const logged = await captureCli(['artifacts', 'log', runId, bigFile], env, { stderrIsTTY: true });
    assert.equal(logged.code, 0, logged.stderr);
    assert.match(logged.stdout, /^logged 1 file\(s\), 4\.0 MiB, to run /);
    assert.match(logged.stderr, /\ruploading \[#+\] +100% +4\.0 MiB \/ 4\.0 MiB/);

    const dest = join(work, 'down');
    const downloaded = await captureCli(['artifacts', 'download', runId, 'big.bin', '--dest', dest], env, { stderrIsTTY: true });
    assert.equal(downloaded.code, 0, downloaded.stderr);
    assert.equal(downloaded.stdout, `downloaded 1 file(s), 4.0 MiB, to ${join(dest, 'big.bin')}\n`);
    assert.match(downloaded.stderr, /\rdownloading \[#+\] +100% +4\.0 MiB \/ 4\.0 MiB/);
    assert.ok(downloaded.stderr.endsWith('\n'), 'the bar ends its line');
    assert.ok((await readFile(join(dest, 'big.bin'))).equals(await readFile(bigFile)));

    const json = await captureCli(['artifacts', 'download', runId, 'big.bin', '--dest', join(work, 'again'), '--json'], env);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), { run_id: runId, path: 'big.bin', local_path: join(work, 'again', 'big.bin'), files: 1, bytes: BIG });
    assert.equal(json.stderr, '', 'no bar when stderr is not a terminal');
  });
});
