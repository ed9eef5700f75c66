/**
 * For the `strata serve` end-to-end tests and the switch bench: a tracking server (in this
 * process, SQLite file + artifacts in a temp dir so it can be stopped and started again on the
 * same port), models logged with the SDK's run.logModel and registered, and `strata serve` as
 * a real child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StrataClient } from '../../src/client/strata-client.js';
import { startServer, type RunningServer } from '../../src/server/main.js';
import { buildLogisticRegression, type LogisticRegressionModel } from '../support/onnx-models.js';

const BIN = fileURLToPath(new URL('../../bin/strata.js', import.meta.url));

export interface Tracking {
  url: string;
  port: number;
  dir: string;
  client: StrataClient;
  server: RunningServer | undefined;
  /** Stops the server (the serving process sees it unreachable). */
  stop(): Promise<void>;
  /** Starts it again on the same port, same database and artifacts. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

async function listen(dir: string, port: number): Promise<RunningServer> {
  return startServer(
    { host: '127.0.0.1', port, backendStoreUri: `sqlite:///${join(dir, 'strata.db')}`, artifactsDestination: join(dir, 'artifacts'), serveArtifacts: true },
    // The serving process's webhook listens on 127.0.0.1, which the destination guard refuses unless allowed.
    { webhooks: { pollIntervalMs: 50, allowedHosts: ['127.0.0.1'], log: () => undefined, policy: { baseDelayMs: 50, maxDelayMs: 200, timeoutMs: 2_000, maxAttempts: 3 } } },
  );
}

export async function startTracking(): Promise<Tracking> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-serve-e2e-'));
  let server: RunningServer | undefined = await listen(dir, 0);
  const url = server.url;
  const port = Number(new URL(url).port);
  const tracking: Tracking = {
    url,
    port,
    dir,
    client: new StrataClient({ trackingUri: url, retry: { maxAttempts: 2 } }),
    get server() {
      return server;
    },
    async stop() {
      await server?.close();
      server = undefined;
    },
    async restart() {
      server = await listen(dir, port);
    },
    async close() {
      await server?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return tracking;
}

/** Distinct weights per seed, so each version's predictions tell which version answered. */
export function modelVersion(seed: number): LogisticRegressionModel {
  return buildLogisticRegression({ features: 8, seed });
}

/** Logs `model` from a new run with run.logModel and registers it; returns the version. */
export async function logAndRegister(tracking: Tracking, name: string, model: LogisticRegressionModel, onnx: Uint8Array = model.bytes): Promise<{ version: string; runId: string }> {
  const run = await tracking.client.startRun({ experiment: 'serving', endOnExit: false });
  const logged = await run.logModel({
    onnx,
    signature: { inputs: model.features.map((f) => ({ name: f, type: 'double' })), outputs: [{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, 1] } }] },
    inputExample: model.inputExample as { columns: string[]; data: number[][] },
    registeredModelName: name,
  });
  await run.end();
  return { version: logged.registeredVersion!.version, runId: run.runId };
}

export async function setAlias(tracking: Tracking, name: string, alias: string, version: string): Promise<void> {
  await tracking.client.registry.setRegisteredModelAlias({ name, alias, version });
}

/**
 * Makes the stored SHA-256 of a version's model.onnx disagree with its bytes (as bit rot, or a
 * file replaced behind the server's back, would): the server then sends a hash the download
 * does not match.
 */
export async function corruptStoredHash(tracking: Tracking, runId: string): Promise<void> {
  const meta = await findFile(join(tracking.dir, 'artifacts'), (path) => path.includes(runId) && path.endsWith(join('model', 'model.onnx')) && path.includes(join('.strata', 'meta')));
  if (!meta) throw new Error(`no hash sidecar found for run ${runId}`);
  const record = JSON.parse(await readFile(meta, 'utf8')) as { sha256: string };
  await writeFile(meta, JSON.stringify({ ...record, sha256: '0'.repeat(64) }));
}

async function findFile(dir: string, match: (path: string) => boolean): Promise<string | undefined> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && match(path)) return path;
  }
  return undefined;
}

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** `strata serve ARGS` as a child process; resolves once it prints the URL it listens on. */
export async function spawnServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--log-level', 'info', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`strata serve did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`strata serve exited with ${code}:\n${output}`));
    });
  });
  return { url, child, output: () => output, exited };
}

/** Every number in a predictions answer, in order (however the scoring server nests them). */
export function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

/** Scores `rows` and answers which of `models` (by seed) gave the predictions, or undefined. */
export async function score(url: string, model: LogisticRegressionModel, rows: number[][]): Promise<{ status: number; predictions: number[]; body: string }> {
  const response = await fetch(`${url}/invocations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dataframe_split: { columns: model.features, data: rows } }),
  });
  const body = await response.text();
  const predictions = response.ok ? numbersIn((JSON.parse(body) as { predictions: unknown }).predictions) : [];
  return { status: response.status, predictions, body };
}

/** Which model's expected outputs `predictions` are (float32 tolerance). */
export function whichModel(predictions: number[], rows: number[][], models: Record<string, LogisticRegressionModel>): string | undefined {
  for (const [version, model] of Object.entries(models)) {
    const expected = model.expected(rows);
    if (expected.length === predictions.length && expected.every((p, i) => Math.abs(p - predictions[i]!) < 1e-4)) return version;
  }
  return undefined;
}

/** Polls `check` until it returns a value (the test's own timeout bounds the wait). */
export async function eventually<T>(check: () => Promise<T | undefined>, intervalMs = 100): Promise<T> {
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export const ROWS = [
  [0.5, -1, 2, 0.25, 1, -0.5, 0, 3],
  [1, 1, 1, 1, 1, 1, 1, 1],
];
