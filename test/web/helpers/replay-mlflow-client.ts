/**
 * Replays, against a fresh server, the HTTP requests that MLflow's own Python client (2.17.2)
 * sent while logging a realistic session (test/web/fixtures/mlflow-client/, see its README).
 * Run ids are random, so each recorded run id is mapped to the one the new server hands out and
 * replaced in later paths and bodies; experiment ids are sequential and must come out the same.
 * Every answer must have the status the recording got, or the replay throws with the list.
 */
import { readFile } from 'node:fs/promises';

export const MLFLOW_CLIENT_FIXTURE = new URL('../fixtures/mlflow-client/requests.jsonl', import.meta.url);

/** One recorded request: a JSON, text or binary (base64) body, the status it got. */
interface RecordedRequest {
  method: string;
  path: string;
  contentType?: string;
  json?: unknown;
  text?: string;
  base64?: string;
  status: number;
  /** Kept for runs/create and experiments/create, to learn the ids they handed out. */
  response?: { run?: { info: { run_id: string; run_name: string } }; experiment_id?: string };
}

export interface ReplayedSession {
  /** Run name -> run id on the new server. */
  runIds: Map<string, string>;
  /** Experiment name -> id. */
  experimentIds: Map<string, string>;
  requestCount: number;
}

export async function loadMlflowClientRecording(): Promise<RecordedRequest[]> {
  const text = await readFile(MLFLOW_CLIENT_FIXTURE, 'utf8');
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as RecordedRequest);
}

export async function replayMlflowClient(baseUrl: string): Promise<ReplayedSession> {
  const recorded = await loadMlflowClientRecording();
  const ids = new Map<string, string>();
  const runIds = new Map<string, string>();
  const experimentIds = new Map<string, string>();
  const mismatches: string[] = [];
  const mapIds = (text: string) => text.replace(/\b[0-9a-f]{32}\b/g, (id) => ids.get(id) ?? id);
  for (const request of recorded) {
    const path = mapIds(request.path);
    const response = await fetch(`${baseUrl}${path}`, { method: request.method, headers: headersOf(request), body: bodyOf(request, mapIds) });
    const answer = await response.text();
    if (response.status !== request.status) mismatches.push(`${request.method} ${path}: ${response.status} (recorded ${request.status}) ${answer.slice(0, 200)}`);
    if (request.response === undefined || !response.ok) continue;
    const fresh = JSON.parse(answer) as NonNullable<RecordedRequest['response']>;
    if (request.response.run && fresh.run) {
      ids.set(request.response.run.info.run_id, fresh.run.info.run_id);
      runIds.set(fresh.run.info.run_name, fresh.run.info.run_id);
    }
    if (request.response.experiment_id !== undefined) {
      if (fresh.experiment_id !== request.response.experiment_id) throw new Error(`experiment id ${fresh.experiment_id}, recorded ${request.response.experiment_id}: replay onto a fresh server`);
      experimentIds.set(String((request.json as { name: string }).name), fresh.experiment_id);
    }
  }
  if (mismatches.length > 0) throw new Error(`the server answered MLflow's client differently:\n${mismatches.join('\n')}`);
  return { runIds, experimentIds, requestCount: recorded.length };
}

function headersOf(request: RecordedRequest): Record<string, string> {
  return request.contentType === undefined ? {} : { 'content-type': request.contentType };
}

function bodyOf(request: RecordedRequest, mapIds: (text: string) => string): string | Buffer | undefined {
  if (request.json !== undefined) return mapIds(JSON.stringify(request.json));
  // Text artifacts may name the run (an MLmodel's run_id), so ids are mapped in them too.
  if (request.text !== undefined) return mapIds(request.text);
  if (request.base64 !== undefined) return Buffer.from(request.base64, 'base64');
  return undefined;
}
