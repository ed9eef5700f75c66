/**
 * The dataset registry: named datasets whose versions are content digests (a `strata
 * data` pointer's hash). Registering a digest a dataset already has returns that version
 * instead of adding one, so `strata data register` can be re-run safely. A version's
 * runs are the active runs that logged an input (runs/log-inputs) with its digest.
 * Every change commits with its audit event.
 */
import type {
  DatasetVersion,
  DatasetVersionRun,
  RegisteredDataset,
  RegisteredDatasetWithVersions,
} from '../dataset-registry-entities.js';
import {
  LIST_DATASETS_MAX_RESULTS_DEFAULT,
  validateCount,
  validateDatasetName,
  validateDescription,
  validateDigest,
  validateJsonObjectText,
  validateListMaxResults,
  validateSourceUri,
} from '../dataset-registry-validation.js';
import type { Page } from '../entities.js';
import { invalidParameter, notFound } from '../errors.js';
import type { DatasetRegistryRepository, NewDatasetVersion } from '../ports/dataset-registry-repository.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import { type Actor, displayName, type ServiceDeps } from './service-deps.js';
import { shortenForMessage } from '../shorten-for-message.js';

/** As the wire gives it; every field is checked here. */
export interface RegisterDatasetVersionInput {
  name: unknown;
  digest: unknown;
  size: unknown;
  fileCount: unknown;
  sourceUri: unknown;
  schema?: unknown;
  profile?: unknown;
  /** Sets the dataset's description (on creation, or replacing the current one). */
  description?: unknown;
}

export interface RegisterDatasetVersionResult {
  version: DatasetVersion;
  /** False when the dataset already had a version with this digest. */
  created: boolean;
}

export interface DatasetVersionWithRuns {
  version: DatasetVersion;
  runs: DatasetVersionRun[];
}

export interface DatasetWithRuns extends RegisteredDatasetWithVersions {
  /** Present when asked for: the runs of every version (match them by digest). */
  runs?: DatasetVersionRun[];
}

type Checked = Omit<NewDatasetVersion, 'createdBy' | 'createdAt'> & { description: string | undefined };

function checkRegistration(input: RegisterDatasetVersionInput): Checked {
  return {
    name: validateDatasetName(input.name),
    digest: validateDigest(input.digest),
    size: validateCount(input.size, 'size'),
    fileCount: validateCount(input.fileCount, 'file_count'),
    sourceUri: validateSourceUri(input.sourceUri),
    schema: validateJsonObjectText(input.schema, 'schema'),
    profile: validateJsonObjectText(input.profile, 'profile'),
    description: validateDescription(input.description),
  };
}

export function datasetNotFound(name: string): Error {
  return notFound(`Dataset '${shortenForMessage(name)}' not found`);
}

/** The same digest with another size or file count is not the same data: refuse rather than guess. */
function checkSameContent(existing: DatasetVersion, input: Checked): void {
  if (existing.size !== input.size || existing.fileCount !== input.fileCount) {
    throw invalidParameter(
      `Dataset '${shortenForMessage(input.name)}' version ${existing.version} has digest ${input.digest} with size ${existing.size} and ` +
        `${existing.fileCount} file(s); this request says size ${input.size} and ${input.fileCount} file(s).`,
    );
  }
}

const versionEntity = (v: DatasetVersion) => ({ entityType: 'dataset_version', entityId: `${v.name}/${v.version}` });
const datasetEntity = (v: DatasetVersion) => ({ entityType: 'dataset', entityId: v.name });

export class DatasetRegistryService {
  constructor(private readonly deps: ServiceDeps) {}

  async registerVersion(actor: Actor, input: RegisterDatasetVersionInput): Promise<RegisterDatasetVersionResult> {
    const checked = checkRegistration(input);
    return this.deps.store.transaction(async (tx) => {
      await tx.lockRegisteredDataset(checked.name);
      const time = this.deps.clock.now();
      const { datasetCreated, descriptionChanged } = await this.ensureDataset(tx, actor, checked, time);
      const existing = await tx.findDatasetVersionByDigest(checked.name, checked.digest);
      if (existing) checkSameContent(existing, checked);
      const created = existing === undefined;
      const version = existing ?? (await this.insertVersion(tx, actor, checked, time));
      const summary = { version: version.version, digest: version.digest, datasetCreated, descriptionChanged };
      if (created) await tx.appendAuditEvent({ actor, time, action: 'dataset.register_version', ...versionEntity(version), summary });
      else if (descriptionChanged) await tx.appendAuditEvent({ actor, time, action: 'dataset.update', ...datasetEntity(version), summary });
      return { version, created };
    });
  }

  listDatasets(input: { maxResults?: number; pageToken?: string; onlyNames?: readonly string[] } = {}): Promise<Page<RegisteredDataset>> {
    const maxResults = validateListMaxResults(input.maxResults ?? LIST_DATASETS_MAX_RESULTS_DEFAULT);
    return this.deps.store.listRegisteredDatasets({
      maxResults,
      pageToken: input.pageToken || undefined,
      ...(input.onlyNames === undefined ? {} : { onlyNames: input.onlyNames }),
    });
  }

  async getDataset(name: string, options: { includeRuns?: boolean } = {}): Promise<DatasetWithRuns> {
    const checked = validateDatasetName(name);
    const dataset = await this.deps.store.findRegisteredDataset(checked);
    if (!dataset) throw datasetNotFound(checked);
    const versions = await this.deps.store.listDatasetVersions(checked);
    if (!options.includeRuns) return { dataset, versions };
    return { dataset, versions, runs: await this.deps.store.listRunsUsingDigests(versions.map((v) => v.digest)) };
  }

  async getVersion(name: string, version: number): Promise<DatasetVersionWithRuns> {
    const checked = validateDatasetName(name);
    const found = await this.deps.store.findDatasetVersion(checked, version);
    if (!found) {
      if (!(await this.deps.store.findRegisteredDataset(checked))) throw datasetNotFound(checked);
      throw notFound(`Dataset '${shortenForMessage(checked)}' has no version ${version}`);
    }
    return { version: found, runs: await this.deps.store.listRunsUsingDigests([found.digest]) };
  }

  /** Every registered version with this digest, whichever dataset it belongs to (often none or one). */
  findVersionsByDigest(digest: string): Promise<DatasetVersion[]> {
    return this.deps.store.findDatasetVersionsByDigest(validateDigest(digest));
  }

  private async ensureDataset(
    tx: MetadataRepository,
    actor: Actor,
    input: Checked,
    time: number,
  ): Promise<{ datasetCreated: boolean; descriptionChanged: boolean }> {
    const dataset = await tx.findRegisteredDataset(input.name);
    const description = input.description === undefined ? null : input.description;
    if (!dataset) {
      await tx.createRegisteredDataset({ name: input.name, description, createdBy: displayName(actor), createdAt: time });
      return { datasetCreated: true, descriptionChanged: false };
    }
    if (input.description === undefined || dataset.description === description) {
      return { datasetCreated: false, descriptionChanged: false };
    }
    await tx.updateRegisteredDatasetDescription(input.name, description, time);
    return { datasetCreated: false, descriptionChanged: true };
  }

  private async insertVersion(tx: DatasetRegistryRepository, actor: Actor, input: Checked, time: number): Promise<DatasetVersion> {
    const { description: _description, ...version } = input;
    const number = await tx.createDatasetVersion({ ...version, createdBy: displayName(actor), createdAt: time });
    const stored = await tx.findDatasetVersion(input.name, number);
    if (!stored) throw new Error(`dataset version ${input.name}/${number} vanished inside its transaction`);
    return stored;
  }
}
