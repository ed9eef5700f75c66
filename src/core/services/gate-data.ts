/**
 * GateData from what the server recorded: the candidate's and the champion's runs (latest
 * metrics, params, tags, dataset inputs) and lazy artifact reads under those two runs' artifact
 * roots only — a spec cannot make the server read another run's files. Reading text is capped
 * (MAX_GATE_ARTIFACT_BYTES) so one rule cannot hold the server's memory.
 */
import { joinArtifactPath, normalizeArtifactPath } from '../artifact-path.js';
import type { Run } from '../entities.js';
import { invalidParameter, notFound } from '../errors.js';
import type { GateChampion, GateData, GateSubject } from '../gates/gate-entities.js';
import type { ArtifactStore } from '../ports/artifact-store.js';
import { servedArtifactPath } from '../served-artifact-root.js';
import { shortenForMessage } from '../shorten-for-message.js';

export const MAX_GATE_ARTIFACT_BYTES = 64 * 1024 * 1024;
const DATA_CONTEXT_TAG = 'mlflow.data.context';

export interface GateArtifacts {
  store: ArtifactStore;
  /** The server's artifacts destination (runs whose artifact_uri lies elsewhere are not readable). */
  destination: string;
}

export function gateSubject(run: Run, modelVersion: { name: string; version: number } | null): GateSubject {
  return {
    runId: run.info.runId,
    modelVersion,
    metrics: new Map(run.data.metrics.map((m) => [m.key, m.value])),
    params: new Map(run.data.params.map((p) => [p.key, p.value])),
    tags: new Map(run.data.tags.map((t) => [t.key, t.value])),
    datasets: run.inputs.datasetInputs.map((input) => ({
      name: input.dataset.name,
      digest: input.dataset.digest,
      context: input.tags.find((tag) => tag.key === DATA_CONTEXT_TAG)?.value ?? null,
    })),
  };
}

async function readCapped(stream: AsyncIterable<Uint8Array>, path: string): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > MAX_GATE_ARTIFACT_BYTES) throw tooLarge(path);
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

const tooLarge = (path: string) =>
  invalidParameter(`Artifact '${shortenForMessage(path)}' is larger than the ${MAX_GATE_ARTIFACT_BYTES / 1024 / 1024} MiB a gate may read.`);

/** GateData over the candidate's run and the champion's (when there is one). */
export function gateData(
  artifacts: GateArtifacts,
  candidate: { run: Run; subject: GateSubject },
  champion: { run: Run | null; subject: GateSubject | null; ref: GateChampion | null },
): GateData {
  const roots = new Map<string, string>([[candidate.run.info.runId, candidate.run.info.artifactUri]]);
  if (champion.run) roots.set(champion.run.info.runId, champion.run.info.artifactUri);
  const storePath = (runId: string, path: string): string => {
    const uri = roots.get(runId);
    if (uri === undefined) throw invalidParameter(`A gate reads artifacts of the candidate's and the champion's runs only, not of run ${shortenForMessage(runId)}.`);
    const root = servedArtifactPath(uri, artifacts.destination);
    if (root === undefined) throw invalidParameter(`The artifacts of run ${runId} live at '${shortenForMessage(uri)}', which this server does not serve.`);
    return joinArtifactPath(root, normalizeArtifactPath(path));
  };
  return {
    candidate: candidate.subject,
    champion: champion.subject,
    championRef: champion.ref,
    async artifactExists(runId, path) {
      const stat = await artifacts.store.stat(storePath(runId, path));
      return stat !== undefined && !stat.isDir;
    },
    async readArtifactText(runId, path) {
      const at = storePath(runId, path);
      const stat = await artifacts.store.stat(at);
      if (stat === undefined || stat.isDir) throw notFound(`Run ${runId} has no artifact '${shortenForMessage(path)}'.`);
      if (stat.size !== undefined && stat.size > MAX_GATE_ARTIFACT_BYTES) throw tooLarge(path);
      const content = await artifacts.store.get(at);
      // for-await closes the stream when the cap stops it early.
      return readCapped(content.stream, path);
    },
  };
}
