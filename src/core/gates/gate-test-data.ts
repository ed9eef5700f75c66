/**
 * In-memory GateData for the evaluator's tests and the gate bench: runs as plain records,
 * artifacts as a map of texts.
 */
import { notFound } from '../errors.js';
import type { GateChampion, GateData, GateSubject } from './gate-entities.js';

export interface SubjectRecord {
  runId: string;
  metrics?: Record<string, number>;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  datasets?: { name: string; digest: string; context?: string | null }[];
  version?: { name: string; version: number };
}

export function subject(record: SubjectRecord): GateSubject {
  return {
    runId: record.runId,
    modelVersion: record.version ?? null,
    metrics: new Map(Object.entries(record.metrics ?? {})),
    params: new Map(Object.entries(record.params ?? {})),
    tags: new Map(Object.entries(record.tags ?? {})),
    datasets: (record.datasets ?? []).map((d) => ({ name: d.name, digest: d.digest, context: d.context ?? null })),
  };
}

/** `artifacts` keys are `runId/path`. */
export function gateData(candidate: SubjectRecord, champion: SubjectRecord | null, artifacts: Record<string, string> = {}): GateData {
  const championRef: GateChampion | null = champion === null
    ? null
    : { modelName: champion.version?.name ?? 'fraud', alias: 'production', version: champion.version?.version ?? 1, runId: champion.runId };
  return {
    candidate: subject(candidate),
    champion: champion === null ? null : subject(champion),
    championRef,
    artifactExists: (runId, path) => Promise.resolve(Object.hasOwn(artifacts, `${runId}/${path}`)),
    readArtifactText: (runId, path) => {
      const text = artifacts[`${runId}/${path}`];
      return text === undefined ? Promise.reject(notFound(`artifact ${path} does not exist in run ${runId}`)) : Promise.resolve(text);
    },
  };
}
