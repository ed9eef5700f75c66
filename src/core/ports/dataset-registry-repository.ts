/**
 * The dataset registry's part of the MetadataStore port. Storage only: the rules
 * (validation, "same digest = same version", audit) live in DatasetRegistryService,
 * which calls the mutations inside `transaction` after `lockRegisteredDataset`.
 */
import type { DatasetVersion, DatasetVersionRun, RegisteredDataset } from '../dataset-registry-entities.js';
import type { Page } from '../entities.js';

export interface NewRegisteredDataset {
  name: string;
  description: string | null;
  createdBy: string;
  createdAt: number;
}

/** A version as stored, before the store numbers it. */
export type NewDatasetVersion = Omit<DatasetVersion, 'version'>;

export interface RegisteredDatasetQuery {
  maxResults: number;
  /** Only these datasets (what the caller may read); absent: all. */
  onlyNames?: readonly string[];
  pageToken?: string;
}

export interface DatasetRegistryRepository {
  /**
   * Serialises writers of one dataset name until the surrounding transaction ends (an
   * advisory lock on PostgreSQL; SQLite's write lock already covers it). Call it first.
   */
  lockRegisteredDataset(name: string): Promise<void>;
  createRegisteredDataset(input: NewRegisteredDataset): Promise<void>;
  findRegisteredDataset(name: string): Promise<RegisteredDataset | undefined>;
  updateRegisteredDatasetDescription(name: string, description: string | null, time: number): Promise<void>;
  /** Ordered by name, keyset-paged. */
  listRegisteredDatasets(query: RegisteredDatasetQuery): Promise<Page<RegisteredDataset>>;

  /** Allocates the next version number of the dataset (which must exist) and inserts the version. */
  createDatasetVersion(input: NewDatasetVersion): Promise<number>;
  findDatasetVersion(name: string, version: number): Promise<DatasetVersion | undefined>;
  findDatasetVersionByDigest(name: string, digest: string): Promise<DatasetVersion | undefined>;
  /** Every version of the dataset, newest first. */
  listDatasetVersions(name: string): Promise<DatasetVersion[]>;
  /** Versions of any dataset with this digest, by dataset name. */
  findDatasetVersionsByDigest(digest: string): Promise<DatasetVersion[]>;
  /**
   * Active runs that logged an input (runs/log-inputs) with one of these digests, newest
   * run first; one row per run, digest and context.
   */
  listRunsUsingDigests(digests: readonly string[]): Promise<DatasetVersionRun[]>;
}
