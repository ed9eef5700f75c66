/**
 * The approval race of issue 13, shared by its test and its benchmark: two server instances on
 * one database, `requests` promotion requests of one model's `production` alias (each to its
 * own version, each needing 2 approvals), then every approval (alice's and carol's for each
 * request, 2 × requests) sent at once, alternating between the two servers. Returns what a
 * user would check afterwards, and the timings.
 */
import { FAKE_AUTHENTICATOR, asAdmin, asUser } from './fake-authenticator.js';
import { startTestServer, toApiResponse, type ApiResponse, type TestServer } from './start-test-server.js';

export interface ApprovalRaceResult {
  /** Each request's state after the race. */
  states: string[];
  /** HTTP statuses of the approvals. */
  statuses: number[];
  /** The production alias's history rows, and how many name a request. */
  historyMoves: number;
  historyRequestIds: string[];
  requestIds: string[];
  setupMs: number;
  raceMs: number;
  /** Each approval's latency, sorted. */
  latenciesMs: number[];
}

const V1 = '/api/strata/v1';

async function send(server: TestServer, method: string, path: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<ApiResponse> {
  const url = new URL(`${server.url}${path.startsWith('/') ? path : `/api/2.0/mlflow/${path}`}`);
  if (method === 'GET') for (const [key, value] of Object.entries(body)) url.searchParams.set(key, String(value));
  const init: RequestInit = { method, headers: { ...headers, ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) } };
  if (method !== 'GET') init.body = JSON.stringify(body);
  return toApiResponse(await fetch(url, init));
}

async function must(response: Promise<ApiResponse>): Promise<ApiResponse['json']> {
  const answer = await response;
  if (answer.status !== 200) throw new Error(`${answer.status}: ${answer.text}`);
  return answer.json;
}

export async function runApprovalRace(backendStoreUri: string, requests = 50): Promise<ApprovalRaceResult> {
  const a = await startTestServer({ backendStoreUri, defaultPermission: 'editor' }, { authenticator: FAKE_AUTHENTICATOR });
  const b = await startTestServer({ backendStoreUri, defaultPermission: 'editor' }, { authenticator: FAKE_AUTHENTICATOR });
  try {
    const setupStart = performance.now();
    const name = `race-${Date.now()}`;
    await must(send(a, 'POST', 'registered-models/create', { name }));
    for (let i = 0; i < requests; i += 1) await must(send(i % 2 === 0 ? a : b, 'POST', 'model-versions/create', { name, source: `s3://models/${name}/${i}` }));
    await must(send(a, 'POST', `${V1}/models/policy`, { name, protected_aliases: { production: { approvals: 2, approvers: { users: ['alice'], groups: ['risk'] } } } }, asAdmin('root')));
    const requestIds: string[] = [];
    for (let i = 1; i <= requests; i += 1) {
      const created = await must(send(i % 2 === 0 ? a : b, 'POST', `${V1}/promotions`, { model: name, version: i, alias: 'production', reason: `race ${i}` }, asUser('bob')));
      requestIds.push(created.request.request_id as string);
    }
    const setupMs = performance.now() - setupStart;

    const approvals = requestIds.flatMap((id, i) => [
      { server: i % 2 === 0 ? a : b, id, who: asUser('alice') },
      { server: i % 2 === 0 ? b : a, id, who: asUser('carol@risk') },
    ]);
    const raceStart = performance.now();
    const answers = await Promise.all(
      approvals.map(async ({ server, id, who }) => {
        const start = performance.now();
        const answer = await send(server, 'POST', `${V1}/promotions/approve`, { request_id: id }, who);
        return { status: answer.status, ms: performance.now() - start };
      }),
    );
    const raceMs = performance.now() - raceStart;

    const states = await Promise.all(requestIds.map(async (id) => (await must(send(b, 'GET', `${V1}/promotions/get`, { request_id: id }))).request.state as string));
    const history = (await must(send(a, 'GET', `${V1}/registered-models/alias-history`, { name, alias: 'production' }))).events as Array<{ request_id?: string }>;
    return {
      states,
      statuses: answers.map((x) => x.status),
      historyMoves: history.length,
      historyRequestIds: history.map((e) => e.request_id ?? ''),
      requestIds,
      setupMs,
      raceMs,
      latenciesMs: answers.map((x) => x.ms).sort((x, y) => x - y),
    };
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
}
