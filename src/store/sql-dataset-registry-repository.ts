/**
 * Tracking, the model registry and the dataset registry over a Kysely handle. Like the
 * classes it extends, the same code runs on the database or inside a
 * transaction; each method delegates to a query module.
 */
import type { DatasetVersion, DatasetVersionRun, RegisteredDataset } from '../core/dataset-registry-entities.js';
import type { Page } from '../core/entities.js';
import type {
  DatasetRegistryRepository,
  NewDatasetVersion,
  NewRegisteredDataset,
  RegisteredDatasetQuery,
} from '../core/ports/dataset-registry-repository.js';
import * as versions from './dataset-version-queries.js';
import * as datasets from './registered-dataset-queries.js';
import { SqlRegistryRepository } from './sql-registry-repository.js';

export class SqlDatasetRegistryRepository extends SqlRegistryRepository implements DatasetRegistryRepository {
  lockRegisteredDataset(name: string): Promise<void> {
    return this.quirks.lockInTransaction(this.db, datasets.datasetLockKey(name));
  }
  createRegisteredDataset(input: NewRegisteredDataset): Promise<void> {
    return datasets.insertRegisteredDataset(this.db, input);
  }
  findRegisteredDataset(name: string): Promise<RegisteredDataset | undefined> {
    return datasets.findRegisteredDataset(this.db, name);
  }
  updateRegisteredDatasetDescription(name: string, description: string | null, time: number): Promise<void> {
    return datasets.updateDescription(this.db, name, description, time);
  }
  listRegisteredDatasets(query: RegisteredDatasetQuery): Promise<Page<RegisteredDataset>> {
    return datasets.listRegisteredDatasets(this.db, query);
  }

  createDatasetVersion(input: NewDatasetVersion): Promise<number> {
    return versions.insertDatasetVersion(this.db, this.quirks, input);
  }
  findDatasetVersion(name: string, version: number): Promise<DatasetVersion | undefined> {
    return versions.findDatasetVersion(this.db, name, version);
  }
  findDatasetVersionByDigest(name: string, digest: string): Promise<DatasetVersion | undefined> {
    return versions.findDatasetVersionByDigest(this.db, name, digest);
  }
  listDatasetVersions(name: string): Promise<DatasetVersion[]> {
    return versions.listDatasetVersions(this.db, name);
  }
  findDatasetVersionsByDigest(digest: string): Promise<DatasetVersion[]> {
    return versions.findDatasetVersionsByDigest(this.db, digest);
  }
  listRunsUsingDigests(digests: readonly string[]): Promise<DatasetVersionRun[]> {
    return versions.listRunsUsingDigests(this.db, digests);
  }
}
