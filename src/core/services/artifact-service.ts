/**
 * Run-based artifact access (MLflow's `artifacts/list` and `get-artifact`): a run's
 * `artifact_uri` is resolved to its place in the server's artifact store. The proxied
 * API (`mlflow-artifacts/…`) reads the store directly; its writes go through `writes`,
 * which records them in the audit log.
 */
import { joinArtifactPath, normalizeArtifactPath } from '../artifact-path.js';
import type { ArtifactEntry, ArtifactStore } from '../ports/artifact-store.js';
import { invalidParameter, notFound } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { MetadataStore } from '../ports/metadata-store.js';
import { servedArtifactPath } from '../served-artifact-root.js';
import { ArtifactWriteService } from './artifact-write-service.js';
import { shortenForMessage } from '../shorten-for-message.js';

export interface ArtifactServiceDeps {
  store: MetadataStore;
  artifacts: ArtifactStore;
  /** The store's destination URI, to recognise runs whose artifact_uri names it directly. */
  artifactsDestination: string;
  clock: Clock;
}

export interface RunArtifactRoot {
  artifactUri: string;
  /** The run's artifact root inside the artifact store. */
  storePath: string;
}

export interface RunArtifactListing {
  rootUri: string;
  /** Paths relative to the run's artifact root, as MLflow lists them. */
  files: ArtifactEntry[];
}

export class ArtifactService {
  /** Stores, deletes and multipart completions, each recorded in the audit log. */
  readonly writes: ArtifactWriteService;

  constructor(private readonly deps: ArtifactServiceDeps) {
    this.writes = new ArtifactWriteService(deps);
  }

  get artifacts(): ArtifactStore {
    return this.deps.artifacts;
  }

  async runArtifactRoot(runId: string): Promise<RunArtifactRoot> {
    const info = await this.deps.store.findRunInfo(runId);
    if (!info) throw notFound(`Run with id=${shortenForMessage(runId)} not found`);
    const storePath = servedArtifactPath(info.artifactUri, this.deps.artifactsDestination);
    if (storePath === undefined) {
      throw invalidParameter(
        `The artifacts of run ${runId} live at '${info.artifactUri}', which this server does not serve; ` +
          'read them from that location directly.',
      );
    }
    return { artifactUri: info.artifactUri, storePath };
  }

  /**
   * The store path of `path` under a model version's download URI (MLflow's
   * `model-versions/get-artifact`); refuses a version whose files this server does not serve.
   */
  modelVersionArtifactPath(name: string, version: number, downloadUri: string, path: string): string {
    const storePath = servedArtifactPath(downloadUri, this.deps.artifactsDestination);
    if (storePath === undefined) {
      throw invalidParameter(
        `The files of model version (name=${name}, version=${version}) live at '${downloadUri}', ` +
          'which this server does not serve; read them from that location directly.',
      );
    }
    return joinArtifactPath(storePath, normalizeArtifactPath(path));
  }

  /** The store path of `path` (relative to the run's artifact root). */
  async runArtifactPath(runId: string, path: string): Promise<string> {
    const root = await this.runArtifactRoot(runId);
    return joinArtifactPath(root.storePath, normalizeArtifactPath(path));
  }

  async listRunArtifacts(runId: string, path = ''): Promise<RunArtifactListing> {
    const root = await this.runArtifactRoot(runId);
    const entries = await this.deps.artifacts.list(joinArtifactPath(root.storePath, normalizeArtifactPath(path)));
    const strip = root.storePath === '' ? 0 : root.storePath.length + 1;
    return { rootUri: root.artifactUri, files: entries.map((entry) => ({ ...entry, path: entry.path.slice(strip) })) };
  }
}
