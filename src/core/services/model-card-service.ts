/**
 * Gathers what a model card says (core/cards/card-sources.ts) through repository reads, then
 * assembles it: the version (by number or alias), its model, its source run and that run's
 * ancestors, the text files of the model's folder, gate results (when the server keeps them),
 * promotion requests, the version's audit events and its alias moves. Nothing is written.
 * Absence is never an error: a run that is gone or a file that is not there leaves its part
 * of the card empty, and the technical-documentation template says what is missing.
 */
import { assembleModelCard } from '../cards/assemble-model-card.js';
import { CARD_ENVIRONMENT_FILES, MAX_CARD_FILE_CHARS, type CardFile, type CardGateSources, type CardParentRun, type CardSources, type CardTemplateName } from '../cards/card-sources.js';
import type { ModelCard } from '../cards/model-card.js';
import { joinArtifactPath } from '../artifact-path.js';
import type { AuditEvent } from '../entities.js';
import { invalidParameter } from '../errors.js';
import type { ArtifactStore } from '../ports/artifact-store.js';
import type { Clock } from '../ports/clock.js';
import type { GateRepository } from '../ports/gate-repository.js';
import { PARENT_RUN_TAG } from '../lineage/lineage-graph.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import type { ModelVersion } from '../registry-entities.js';
import { servedArtifactPath } from '../served-artifact-root.js';
import { ModelUriResolver } from './model-uri-resolver.js';
import { requireModel, requireVersion } from './registry-mutation.js';

/** How far up `mlflow.parentRunId` the card follows (a cycle stops it earlier). */
export const MAX_CARD_PARENT_RUNS = 20;
/** The newest audit events of a version a card lists. */
export const MAX_CARD_AUDIT_EVENTS = 1000;
/** Promotion requests of the model read to find this version's. */
export const MAX_CARD_PROMOTION_REQUESTS = 1000;
/** Gate results read per query (the version's, its run's, the model's) to find each gate's newest. */
export const MAX_CARD_GATE_RESULTS = 1000;

export interface ModelCardDeps {
  store: MetadataRepository;
  clock: Clock;
  /** Where model files are read from; absent: the environment comes from run tags and params only. */
  artifacts?: { store: ArtifactStore; destination: string };
  /** Gate results; absent: the card says the server records none. */
  gates?: Pick<GateRepository, 'listGateResults'>;
}

/** What the caller may read beyond the model (auth on); absent: everything. */
export interface CardVisibility {
  experiment(experimentId: string): boolean;
  dataset(name: string): boolean;
}

const SEE_ALL: CardVisibility = { experiment: () => true, dataset: () => true };

export interface ModelCardQuery {
  name: string;
  /** Exactly one of `version` and `alias`. */
  version?: number;
  alias?: string;
  template?: CardTemplateName;
  /** The source run, its ancestors and registered datasets the caller may not read are left out. */
  visibility?: CardVisibility;
}

export class ModelCardService {
  private readonly resolver = new ModelUriResolver();

  constructor(private readonly deps: ModelCardDeps) {}

  async card(query: ModelCardQuery): Promise<ModelCard> {
    const version = await this.resolveVersion(query);
    const { store } = this.deps;
    const model = await requireModel(store, version.name);
    const visibility = query.visibility ?? SEE_ALL;
    const found = version.runId ? await store.findRun(version.runId) : undefined;
    const runHidden = found !== undefined && !visibility.experiment(found.info.experimentId);
    const run = runHidden ? undefined : found;
    const [parentRuns, datasetVersions, files, gates, promotions, audit, history] = await Promise.all([
      this.parentRuns(run?.data.tags.find((tag) => tag.key === PARENT_RUN_TAG)?.value, visibility),
      this.datasetVersions(run?.inputs.datasetInputs.map((input) => input.dataset.digest) ?? [], visibility),
      this.modelFiles(version),
      this.gateResults(version),
      store.listPromotionRequests({ modelName: version.name, maxResults: MAX_CARD_PROMOTION_REQUESTS }),
      this.auditEvents(version),
      store.listRegistryHistory({ modelName: version.name }),
    ]);
    return assembleModelCard({
      template: query.template ?? 'model-card',
      generatedTime: this.deps.clock.now(),
      model,
      version,
      run,
      runHidden,
      parentRuns,
      datasetVersions,
      files,
      gates,
      promotions: promotions.filter((request) => request.version === version.version),
      audit,
      history: history.filter((event) => event.version === version.version || event.previousVersion === version.version),
    });
  }

  private async resolveVersion(query: ModelCardQuery): Promise<ModelVersion> {
    if (!query.name) throw invalidParameter("Missing value for required parameter 'name'.");
    const hasVersion = query.version !== undefined;
    const hasAlias = query.alias !== undefined && query.alias !== '';
    if (hasVersion === hasAlias) throw invalidParameter("Give exactly one of 'version' and 'alias'.");
    if (hasAlias) return this.resolver.byAlias(this.deps.store, query.name, query.alias!);
    if (!Number.isInteger(query.version) || query.version! < 1) throw invalidParameter(`Invalid version ${query.version}: expected a whole number from 1.`);
    return requireVersion(this.deps.store, query.name, query.version!);
  }

  /**
   * The source run's ancestors, nearest first; a parent that is gone is listed as missing and
   * ends the walk, one the caller may not read ends it unlisted.
   */
  private async parentRuns(first: string | undefined, visibility: CardVisibility): Promise<CardParentRun[]> {
    const parents: CardParentRun[] = [];
    const seen = new Set<string>();
    for (let runId = first; runId && !seen.has(runId) && parents.length < MAX_CARD_PARENT_RUNS; ) {
      seen.add(runId);
      const run = await this.deps.store.findRun(runId);
      if (run && !visibility.experiment(run.info.experimentId)) break;
      parents.push({ runId, runName: run?.info.runName ?? '', missing: run === undefined });
      runId = run?.data.tags.find((tag) => tag.key === PARENT_RUN_TAG)?.value;
    }
    return parents;
  }

  /** The dataset registry's versions of each logged digest (a run logs a handful of inputs). */
  private async datasetVersions(digests: readonly string[], visibility: CardVisibility): Promise<CardSources['datasetVersions']> {
    const unique = [...new Set(digests)];
    const found = await Promise.all(unique.map((digest) => this.deps.store.findDatasetVersionsByDigest(digest)));
    return found.flat().filter((version) => visibility.dataset(version.name)).map((version) => ({ digest: version.digest, name: version.name, version: version.version }));
  }

  /** The version's results, its source run's, and the model's newest (for the current spec of each gate). */
  private async gateResults(version: ModelVersion): Promise<CardGateSources | undefined> {
    const gates = this.deps.gates;
    if (!gates) return undefined;
    const maxResults = MAX_CARD_GATE_RESULTS;
    const [ofVersion, ofRun, ofModel] = await Promise.all([
      gates.listGateResults({ modelName: version.name, version: version.version, maxResults }),
      version.runId ? gates.listGateResults({ runId: version.runId, maxResults }) : Promise.resolve([]),
      gates.listGateResults({ modelName: version.name, maxResults }),
    ]);
    return { version: ofVersion, run: ofRun, model: ofModel };
  }

  /** Oldest first. */
  private async auditEvents(version: ModelVersion): Promise<AuditEvent[]> {
    const page = await this.deps.store.listAuditEvents({
      entityType: 'model_version', entityId: `${version.name}/${version.version}`, maxResults: MAX_CARD_AUDIT_EVENTS,
    });
    return [...page.items].reverse();
  }

  /** The environment files the model's folder holds, when this server stores it. */
  private async modelFiles(version: ModelVersion): Promise<CardFile[]> {
    const artifacts = this.deps.artifacts;
    if (!artifacts) return [];
    let folder: string | undefined;
    try {
      folder = servedArtifactPath(version.storageLocation, artifacts.destination);
    } catch {
      return [];
    }
    if (folder === undefined) return [];
    const files: CardFile[] = [];
    for (const path of CARD_ENVIRONMENT_FILES) {
      const file = await readTextFile(artifacts.store, joinArtifactPath(folder, path), path);
      if (file) files.push(file);
    }
    return files;
  }
}

/** The first MAX_CARD_FILE_CHARS bytes of a text file; undefined when it is not there or cannot be read. */
async function readTextFile(store: ArtifactStore, storePath: string, path: string): Promise<CardFile | undefined> {
  try {
    const stat = await store.stat(storePath);
    if (!stat || stat.isDir) return undefined;
    const truncated = (stat.size ?? 0) > MAX_CARD_FILE_CHARS;
    const content = await store.get(storePath, truncated ? { start: 0, end: MAX_CARD_FILE_CHARS - 1 } : undefined);
    const decoder = new TextDecoder('utf-8', { fatal: false });
    let text = '';
    for await (const chunk of content.stream) text += decoder.decode(chunk, { stream: true });
    return { path, content: text + decoder.decode(), truncated };
  } catch {
    return undefined;
  }
}
